package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/digest"
	"github.com/tend-dev/tend/store"
)

func digestCmd(g *globals) *cobra.Command {
	var (
		nowFlag, htmlPath   string
		dryRun, send, force bool
	)
	cmd := &cobra.Command{
		Use:   "digest",
		Short: "Print, write or send the reminder digest",
		Long: `Digest composes the digest of the current period (the latest slot of the
[digest] schedule at or before now): the people to reach out to and why,
job changes, upcoming birthdays, accounts at risk, this week's pick and a
summary. --dry-run (the default) prints the text; --html FILE writes the
HTML version; --send sends it to [digest] to over [smtp], once per period
(--force sends again a period already sent, or one whose delivery is
uncertain).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now, err := parseNow(nowFlag)
			if err != nil {
				return err
			}
			if force && !send {
				return usageError{errors.New("--force only goes with --send")}
			}
			c, err := g.loadConfig()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := openStore(ctx, c)
			if err != nil {
				return err
			}
			defer st.Close()
			if send {
				if len(c.Digest.To) == 0 {
					return fmt.Errorf("%s: digest.to: required to send the digest", c.File)
				}
				log := newLogger(g.stderr, c.Log)
				res, err := deliverDigest(ctx, st, c, now, force, log)
				if err != nil {
					return err
				}
				fmt.Fprintln(g.stdout, res)
				return nil
			}
			d, err := buildDigest(ctx, st, c, now)
			if err != nil {
				return err
			}
			if htmlPath != "" {
				html, err := digest.RenderHTML(d)
				if err != nil {
					return err
				}
				if err := os.WriteFile(htmlPath, []byte(html), 0o600); err != nil {
					return fmt.Errorf("writing %s: %w", htmlPath, err)
				}
				if !dryRun {
					return nil
				}
			}
			fmt.Fprint(g.stdout, digest.RenderText(d))
			return nil
		},
	}
	cmd.Flags().StringVar(&nowFlag, "now", "", "compose as of this RFC 3339 date or time (default: now)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the text digest (the default unless --html or --send)")
	cmd.Flags().StringVar(&htmlPath, "html", "", "write the HTML digest to this file")
	cmd.Flags().BoolVar(&send, "send", false, "send the digest (once per period)")
	cmd.Flags().BoolVar(&force, "force", false, "with --send: send even if this period's digest went out or may have")
	return cmd
}

// deliverDigest sends the current period's digest unless it was sent,
// skipped or may have been delivered. The state is recorded as "sending"
// before the message is handed over, so a crash mid-send never leads to a
// second copy. A failure before the server could accept the message is
// recorded and returned (the daemon retries it with backoff); a failure
// after (the connection broke once the data was under way) is recorded as
// unknown and logged, not returned: it is never retried automatically.
// It returns one line saying what happened.
func deliverDigest(ctx context.Context, st *store.Store, c *config.Config, now time.Time, force bool, log *slog.Logger) (string, error) {
	sched, err := c.Digest.ParsedSchedule()
	if err != nil {
		return "", err
	}
	period, _ := sched.Latest(now)
	rec, err := st.Digest(ctx, period)
	if err != nil {
		return "", err
	}
	if rec.Done() && !force {
		log.Debug("digest already handled", "period", period, "state", rec.State)
		return (&store.DigestDoneError{Record: rec}).Error(), nil
	}
	d, err := buildDigest(ctx, st, c, now)
	if err != nil {
		return "", err
	}
	if d.Empty() && !c.Digest.SendEmpty {
		if err := st.SkipDigest(ctx, period, now); err != nil {
			return "", err
		}
		log.Info("digest not sent: nothing due", "period", period)
		return fmt.Sprintf("digest for %s not sent: nothing due (set [digest] send_empty to send it anyway)", period), nil
	}
	msg, err := digest.Message(d, c.SMTP.From, "")
	if err != nil {
		return "", err
	}
	opts, err := smtpOptions(c)
	if err != nil {
		return "", err
	}
	if _, err := st.BeginDigest(ctx, period, now, force); err != nil {
		return "", err
	}
	pick := ""
	if d.Pick != nil {
		pick = strings.ToLower(d.Pick.Result.Email)
	}
	serr := digest.Send(ctx, opts, c.SMTP.From, c.Digest.To, msg)
	state := store.DigestSent
	switch {
	case serr == nil:
	case errors.Is(serr, digest.ErrOutcomeUnknown):
		state = store.DigestUnknown
	default:
		state = store.DigestPending
	}
	if err := st.FinishDigest(context.WithoutCancel(ctx), period, state, now, pick, serr); err != nil {
		return "", err
	}
	switch state {
	case store.DigestSent:
		log.Info("digest sent", "period", period, "to", strings.Join(c.Digest.To, ","),
			"reach_out", len(d.ReachOut), "subject", digest.Subject(d))
		return fmt.Sprintf("digest for %s sent to %s: %s", period, strings.Join(c.Digest.To, ", "), digest.Subject(d)), nil
	case store.DigestUnknown:
		log.Error("digest may or may not have been delivered; not retrying (tend digest --send --force sends it again)",
			"period", period, "err", oneLine(serr.Error()))
		return fmt.Sprintf("digest for %s may or may not have been delivered: %s; check your inbox, and send it again with --force", period, oneLine(serr.Error())), nil
	}
	return "", fmt.Errorf("sending digest for %s: %w", period, serr)
}

// smtpOptions maps [smtp] to the digest's SMTP options.
func smtpOptions(c *config.Config) (digest.SMTPOptions, error) {
	s := c.SMTP
	o := digest.SMTPOptions{Host: s.Host, Port: s.Port, Security: s.Security, Username: s.Username,
		Timeout: s.Timeout.Duration}
	if s.Username != "" {
		o.Password = s.Password
	}
	for _, a := range c.Accounts {
		if s.OAuthAccount != "" && a.Name == s.OAuthAccount {
			o.Password, o.Token = nil, oauthToken(a, nil, false) // google.go: refreshed and saved
		}
	}
	if s.TLSCAFile != "" {
		pem, err := os.ReadFile(s.TLSCAFile)
		if err != nil {
			return o, fmt.Errorf("%s: smtp.tls_ca_file: %w", c.File, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return o, fmt.Errorf("%s: smtp.tls_ca_file: no PEM certificate in %s", c.File, s.TLSCAFile)
		}
		o.TLSConfig = &tls.Config{RootCAs: pool, ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	return o, nil
}
