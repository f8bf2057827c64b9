package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/tend-dev/tend/scoring"
)

// CSVOptions tune WriteCSV; the zero value writes plain UTF-8.
type CSVOptions struct {
	BOM bool // write a UTF-8 byte order mark first, so Excel reads the file as UTF-8
}

// WriteCSV writes a header row (Columns) and one row per result, RFC 4180
// with CRLF line ends, UTF-8. last_contact is RFC 3339 in UTC, empty for
// nobody contacted (as are days_since and overdue_days); score has two
// decimals; overdue_days = max(0, days_since - cadence_days). Text cells that
// a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
// leading apostrophe.
func WriteCSV(w io.Writer, rs []scoring.Result, opts CSVOptions) error {
	bw := bufio.NewWriter(w)
	if opts.BOM {
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return fmt.Errorf("writing csv byte order mark: %w", err)
		}
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(Columns()); err != nil {
		return fmt.Errorf("writing csv header: %w", err)
	}
	for i, r := range rs {
		cells := newRow(r).cells()
		for j, c := range cells {
			cells[j] = neutralise(c)
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("writing csv row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing csv: %w", err)
	}
	return nil
}

// neutralise defuses a cell that a spreadsheet would evaluate as a formula.
// All numbers WriteCSV produces are non-negative, so no number is touched.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
