package digest

import (
	"context"
	"errors"
	"testing"
)

// TestSendOutcome tells "not sent" (safe to retry) from "may have been
// delivered" (never retry automatically).
func TestSendOutcome(t *testing.T) {
	tests := []struct {
		name        string
		drop, rejct bool
		unknown     bool
	}{
		{"connection dropped after the data", true, false, true},
		{"data rejected with 554", false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := startServer(t, nil, false, true, nil)
			m.dropAfterData, m.rejectData = tt.drop, tt.rejct
			err := Send(context.Background(), SMTPOptions{Host: "127.0.0.1", Port: m.Port, Security: SecurityNone},
				"me@example.com", []string{"me@example.com"}, []byte("Subject: x\r\n\r\nhi\r\n"))
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tt.unknown {
				t.Errorf("errors.Is(%v, ErrOutcomeUnknown) = %v, want %v", err, got, tt.unknown)
			}
		})
	}
	// Refused before anything was said: not sent.
	err := Send(context.Background(), SMTPOptions{Host: "127.0.0.1", Port: 1, Security: SecurityNone},
		"me@example.com", []string{"me@example.com"}, []byte("x"))
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("connection refused: %v", err)
	}
}
