package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/export"
	"github.com/tend-dev/tend/scoring"
)

func exportCmd(g *globals) *cobra.Command {
	var (
		nowFlag, format, out string
		lapsed, bom          bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every known person (or only lapsed ones) as CSV or JSON",
		Long: `Export writes one row per person, ranked by who most needs a reach-out:
name,email,company,last_contact,days_since,last_channel,last_direction,
sent,received,meetings,score,status,cadence_days,overdue_days,reason.
CSV is RFC 4180, UTF-8, with a header row; cells that a spreadsheet would
run as a formula are neutralised.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			if format != "csv" && format != "json" {
				return usageError{fmt.Errorf("--format must be csv or json, got %q", format)}
			}
			rs, err := g.rankFromConfig(cmd.Context(), now)
			if err != nil {
				return err
			}
			if lapsed {
				rs = filter(rs, func(r scoring.Result) bool { return r.Status == "lapsed" })
			}
			return writeExport(g.stdout, out, format, bom, rs)
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "judge time as of this RFC 3339 date or time (default: now)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().BoolVar(&lapsed, "lapsed", false, "only people whose relationship has lapsed")
	cmd.Flags().BoolVar(&bom, "bom", false, "start the CSV with a UTF-8 byte order mark (for Excel)")
	return cmd
}

// writeExport writes rs to path (atomically, via a temp file) or to stdout.
func writeExport(stdout io.Writer, path, format string, bom bool, rs []scoring.Result) error {
	write := func(w io.Writer) error {
		if format == "json" {
			return export.WriteJSON(w, rs)
		}
		return export.WriteCSV(w, rs, export.CSVOptions{BOM: bom})
	}
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tend-export-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
