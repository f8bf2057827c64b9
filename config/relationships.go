package config

// Relationships configures tiers, tier rules and identity merging.
type Relationships struct{}

func (c *Config) defaultRelationships() {}

func (c *Config) validateRelationships() error { return nil }
