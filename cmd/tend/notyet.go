package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// notYet is a placeholder for a command still being built.
func notYet(use, short string) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, Hidden: true,
		RunE: func(*cobra.Command, []string) error { return fmt.Errorf("%s: not available yet", use) }}
}
