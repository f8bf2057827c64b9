package config

// Daemon configures `tend run`.
type Daemon struct{}

// Digest configures the reminder digest.
type Digest struct{}

// SMTP configures how the digest is sent.
type SMTP struct{}

func (c *Config) defaultDaemon() {}

func (c *Config) validateDaemon() error { return nil }
