package main

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// usageError marks a mistake on the command line (exit status 2).
type usageError struct{ error }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// globals are the flags every subcommand shares.
type globals struct {
	configPath string
	stdout     io.Writer
	stderr     io.Writer
}

// run parses args and runs one subcommand. It is main without os.Exit.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	g := &globals{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "tend",
		Short: "Keep your network fresh: who to reach out to, and why",
		Long: `tend reads your mailbox headers (never bodies, never changing anything),
infers when you were last in touch with each person, keeps a local SQLite
index, and tells you whose relationship is going cold.

Start with "tend demo" to see it on a generated mailbox, then write a config
(see config.example.toml) and run "tend sync" and "tend contacts".`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/tend/config.toml)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		demoCmd(g),
		syncCmd(g),
		contactsCmd(g),
		exportCmd(g),
		statusCmd(g),
		showCmd(g),
		runCmd(g),
		digestCmd(g),
		authCmd(g),
	)
	root.AddCommand(controlCmds(g)...)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && cmd != nil && isUsage(err) {
		return usageError{err}
	}
	return err
}

// isUsage recognises cobra's own argument errors.
func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.Contains(msg, "arg(s)") || strings.HasPrefix(msg, "invalid argument")
}
