package config

import (
	"strings"
	"testing"
	"time"
)

const withDigest = minimal + `
[digest]
to = ["me@example.com"]

[smtp]
host = "smtp.example.com"
username = "me@example.com"
password_env = "SMTP_PW"
`

func TestDaemonDefaults(t *testing.T) {
	c, err := Parse("c.toml", []byte(withDigest))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Accounts[0].Interval.Duration; got != 15*time.Minute {
		t.Errorf("interval = %s, want 15m", got)
	}
	if c.Daemon.MaxBackoff.Duration != time.Hour || !c.Daemon.UseIdle() {
		t.Errorf("daemon defaults: %+v", c.Daemon)
	}
	if c.Digest.Schedule != "weekly mon 08:00" || c.Digest.Top != 5 || c.Digest.SendEmpty {
		t.Errorf("digest defaults: %+v", c.Digest)
	}
	if c.SMTP.Port != 465 || c.SMTP.Security != "tls" || c.SMTP.From != "me@example.com" {
		t.Errorf("smtp defaults: %+v", c.SMTP)
	}
	if _, err := c.Digest.ParsedSchedule(); err != nil {
		t.Errorf("default schedule: %v", err)
	}
}

func TestDaemonErrorsNameKeyAndFile(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"short interval", minimal + "interval = \"10ms\"\n", `c.toml: accounts[0].interval: must be at least 100ms`},
		{"schedule", strings.Replace(withDigest, `to = [`, `schedule = "monthly 08:00"`+"\nto = [", 1), `c.toml: digest.schedule: schedule "monthly 08:00": unknown frequency`},
		{"timezone", strings.Replace(withDigest, `to = [`, `timezone = "Mars/Olympus"`+"\nto = [", 1), `c.toml: digest.timezone: unknown time zone "Mars/Olympus"`},
		{"top", strings.Replace(withDigest, `to = [`, "top = -1\nto = [", 1), `c.toml: digest.top: must be between 1 and 50`},
		{"bad to", strings.Replace(withDigest, `"me@example.com"]`, `"me"]`, 1), `c.toml: digest.to[0]: not an email address`},
		{"no host", strings.Replace(withDigest, `host = "smtp.example.com"`, "", 1), `c.toml: smtp.host: required`},
		{"plain remote", withDigest + "security = \"none\"\n", `c.toml: smtp.security: "none" sends mail and password in clear text`},
		{"no password", strings.Replace(withDigest, `password_env = "SMTP_PW"`, "", 1), `c.toml: smtp.password_cmd: required with smtp.username`},
		{"no from", minimal + "[digest]\nto = [\"me@example.com\"]\n[smtp]\nhost = \"smtp.example.com\"\nusername = \"me\"\npassword_env = \"X\"\n", `c.toml: smtp.from: required`},
		{"max backoff", minimal + "[daemon]\nmax_backoff = \"10ms\"\n", `c.toml: daemon.max_backoff: must be at least 1s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.text))
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q does not start with %q", err, tt.want)
			}
		})
	}
}

func TestNoDigestNeedsNoSMTP(t *testing.T) {
	if _, err := Parse("c.toml", []byte(minimal+"[smtp]\nport = 587\n")); err != nil {
		t.Fatalf("[smtp] without [digest] to: %v", err)
	}
}
