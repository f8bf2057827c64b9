package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/store"
)

func userdataCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "userdata",
		Short: "Export or import your own data: tiers, snoozes, notes, ignores, merges",
		Long: `Everything you told tend (tiers, snoozes, notes, ignored people and
domains, merges and splits) lives in the index, keyed by address. Export it
to a JSON file to keep it safe or move it; import it into a new or rebuilt
index and it applies again once the mail is synced.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{fmt.Errorf("userdata: say export or import")}
		},
	}
	cmd.AddCommand(userdataExportCmd(g), userdataImportCmd(g))
	return cmd
}

func userdataExportCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export [-o FILE]",
		Short: "Write your own data as JSON (to stdout, or FILE)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return g.withControl(ctx, "", func(ctl control) error {
				d, err := ctl.st.ExportUserData(ctx)
				if err != nil {
					return err
				}
				b, err := json.MarshalIndent(d, "", "  ")
				if err != nil {
					return fmt.Errorf("encoding user data: %w", err)
				}
				b = append(b, '\n')
				if out == "" || out == "-" {
					_, err = g.stdout.Write(b)
					return err
				}
				if err := writeFileAtomic(out, b); err != nil {
					return err
				}
				fmt.Fprintf(g.stderr, "wrote %d people, %d ignored domains, %d identity rules to %s\n",
					len(d.People), len(d.Domains), len(d.Rules), out)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of stdout")
	return cmd
}

func userdataImportCmd(g *globals) *cobra.Command {
	var nowFlag string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Apply your own data from a JSON export (idempotent)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var r io.Reader = os.Stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("reading user data: %w", err)
				}
				defer f.Close()
				r = f
			}
			var d store.UserData
			dec := json.NewDecoder(r)
			dec.DisallowUnknownFields()
			if err := dec.Decode(&d); err != nil {
				return fmt.Errorf("reading user data from %s: %w", args[0], err)
			}
			return g.withControl(ctx, nowFlag, func(ctl control) error {
				n, err := ctl.st.ImportUserData(ctx, d)
				if err != nil {
					return err
				}
				if err := ctl.resolve(ctx, newLogger(g.stderr, ctl.c.Log)); err != nil {
					return err
				}
				fmt.Fprintf(g.stdout, "applied %d person fields, %d ignored domains, %d identity rules (%d, %d and %d in the file)\n",
					n.Fields, n.Domains, n.Rules, len(d.People), len(d.Domains), len(d.Rules))
				return nil
			})
		},
	}
	nowFlagVar(cmd, &nowFlag)
	return cmd
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory, mode 0600 (notes are private).
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tend-userdata-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
