package main

import (
	"strconv"
	"strings"
	"testing"
)

// Helpers of the SIGKILL test (faults_kill_test.go): what `tend status` says
// the index holds.

// messagesSeen reads the messages count from status output.
func messagesSeen(t *testing.T, status string) int {
	t.Helper()
	f := strings.Fields(countsLine(status))
	for i := 1; i < len(f); i++ {
		if f[i] == "messages" {
			n, err := strconv.Atoi(f[i-1])
			if err != nil {
				t.Fatalf("bad status line %q", countsLine(status))
			}
			return n
		}
	}
	t.Fatalf("no messages count in status:\n%s", status)
	return 0
}

// countsLine is status's line of people, messages and interactions.
func countsLine(status string) string {
	for _, l := range strings.Split(status, "\n") {
		if strings.Contains(l, "people known") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
