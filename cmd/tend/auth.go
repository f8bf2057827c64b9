package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tend-dev/tend/config"
	"github.com/tend-dev/tend/internal/oauth"
)

func authCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Sign an account in with OAuth2 (Google, Microsoft 365), or import a token",
		Long: `auth signs a gmail, google-calendar or auth = "oauth2" IMAP account in.
tend asks only for read-only access. The token is kept in the account's
token_file (0600; default under the index directory).

On a server without a browser, either forward the loopback port
(tend auth google --account NAME --port 8765 on the server, then
ssh -L 8765:127.0.0.1:8765 server and open the URL on your machine), or sign
in on a machine with a browser and copy the token file over with
tend auth import --account NAME FILE.`,
	}
	cmd.AddCommand(loginCmd(g, "google"), loginCmd(g, "microsoft"), importCmd(g))
	return cmd
}

func loginCmd(g *globals, provider string) *cobra.Command {
	var name string
	var port int
	var noBrowser bool
	cmd := &cobra.Command{
		Use:   provider,
		Short: "Sign in with " + provider + " in a browser (loopback redirect, PKCE)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, a, err := authAccount(g, name, provider)
			if err != nil {
				return err
			}
			oa, err := oauthAccount(a, newLogger(g.stderr, c.Log))
			if err != nil {
				return err
			}
			fo := oauth.FlowOptions{Out: g.stderr, Port: port}
			if !noBrowser {
				fo.Open = openBrowser
			}
			tok, err := oauth.Login(cmd.Context(), oa, fo)
			if err != nil {
				return fmt.Errorf("signing in account %q: %w", a.Name, err)
			}
			fmt.Fprintf(g.stdout, "account %s signed in as %s; token saved to %s\n  scopes: %s\n",
				a.Name, orUnknown(tok.Email), tokenWhere(a), strings.Join(tok.Scopes, " "))
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "account", "", "the account to sign in (required)")
	cmd.Flags().IntVar(&port, "port", 0, "loopback port to listen on (default: any free port; fix it to forward it over SSH)")
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "only print the URL")
	return cmd
}

func importCmd(g *globals) *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "import --account NAME FILE",
		Short: "Save a token file made on another machine as the account's sign-in",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, a, err := authAccount(g, name, "")
			if err != nil {
				return err
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("reading token: %w", err)
			}
			tok, err := oauth.ParseToken(data)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if a.TokenCmd != "" {
				return usageError{fmt.Errorf("account %q reads its token from token_cmd; store the file where that command reads it", a.Name)}
			}
			if err := (oauth.FileStore{Path: a.TokenFile}).Save(cmd.Context(), tok); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "account %s: token for %s saved to %s\n", a.Name, orUnknown(tok.Email), a.TokenFile)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "account", "", "the account the token is for (required)")
	return cmd
}

// authAccount finds the OAuth account called name; provider "" accepts any.
func authAccount(g *globals, name, provider string) (*config.Config, config.Account, error) {
	if name == "" {
		return nil, config.Account{}, usageError{fmt.Errorf("--account is required")}
	}
	c, err := g.loadConfig()
	if err != nil {
		return nil, config.Account{}, err
	}
	for _, a := range c.Accounts {
		if a.Name != name {
			continue
		}
		if !a.UsesOAuth() {
			return nil, a, usageError{fmt.Errorf("account %q signs in with a password, not OAuth2 (set kind = \"gmail\" or \"google-calendar\", or auth = \"oauth2\")", name)}
		}
		got := "google"
		if a.Kind == "imap" {
			got = a.OAuthProvider
		}
		if provider != "" && provider != got {
			return nil, a, usageError{fmt.Errorf("account %q signs in with %s: run tend auth %s --account %s", name, got, got, name)}
		}
		return c, a, nil
	}
	return nil, config.Account{}, usageError{fmt.Errorf("--account: no account named %q in %s", name, c.File)}
}

// imapSecret is the login secret of an IMAP account: its password, or an
// access token from its OAuth2 sign-in (refreshed and saved as needed).
func imapSecret(a config.Account, log *slog.Logger) func(context.Context) (string, error) {
	if a.Auth != "oauth2" {
		return a.Password
	}
	return oauthToken(a, log, false)
}

// openBrowser opens url with xdg-open or open when one is installed.
func openBrowser(url string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return err
	}
	return exec.Command(path, url).Start()
}

func tokenWhere(a config.Account) string {
	if a.TokenCmd != "" {
		return "nowhere (token_cmd is read-only)"
	}
	return a.TokenFile
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown address"
	}
	return s
}
