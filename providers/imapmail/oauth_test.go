package imapmail

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/tend-dev/tend/internal/oauthimap"
)

const (
	goodToken = "ya29.good-token-0123456789"
	badToken  = "ya29.revoked-token-9876543210"
)

// oauthServer starts an OAuth2-only IMAP server offering mechs (nil: both)
// that accepts goodToken for testUser.
func oauthServer(t *testing.T, mechs []string) *oauthimap.Server {
	t.Helper()
	u := imapmemserver.NewUser(testUser, testPass)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := u.Append("INBOX", bytes.NewReader(raw("INBOX", 1)), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := oauthimap.Start(oauthimap.Options{User: u, Username: testUser, Password: testPass, Mechanisms: mechs,
		Check: func(user, tok string) bool { return user == testUser && tok == goodToken }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// tokens hands out a fixed sequence of tokens and counts the calls.
type tokens struct {
	mu    sync.Mutex
	first string
	fresh []string
	calls int
	refs  int
}

func (tk *tokens) password(context.Context) (string, error) {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	tk.calls++
	return tk.first, nil
}

func (tk *tokens) refresh(context.Context) (string, error) {
	tk.mu.Lock()
	defer tk.mu.Unlock()
	tk.refs++
	if len(tk.fresh) == 0 {
		return "", errors.New("refresh refused")
	}
	t := tk.fresh[0]
	tk.fresh = tk.fresh[1:]
	return t, nil
}

func TestDialOAuth2(t *testing.T) {
	const hint = `run "tend auth google --account work" again`
	cases := []struct {
		name       string
		mechs      []string
		first      string
		fresh      []string
		wantErr    bool
		wantRefs   int
		wantOpened int // server sessions: 2 means one redial
	}{
		{name: "oauthbearer", mechs: []string{"OAUTHBEARER"}, first: goodToken, wantOpened: 1},
		{name: "xoauth2 only (Microsoft 365)", mechs: []string{"XOAUTH2"}, first: goodToken, wantOpened: 1},
		{name: "both offered", first: goodToken, wantOpened: 1},
		{name: "refused, refreshed, redialed", first: badToken, fresh: []string{goodToken}, wantRefs: 1, wantOpened: 2},
		{name: "xoauth2 refused, refreshed, redialed", mechs: []string{"XOAUTH2"}, first: badToken,
			fresh: []string{goodToken}, wantRefs: 1, wantOpened: 2},
		{name: "refused twice", first: badToken, fresh: []string{badToken}, wantErr: true, wantRefs: 1, wantOpened: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := oauthServer(t, tc.mechs)
			host, port, _ := net.SplitHostPort(s.Addr)
			p, _ := strconv.Atoi(port)
			tk := &tokens{first: tc.first, fresh: tc.fresh}
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			c, err := Dial(ctx, Options{Host: host, Port: p, Security: SecurityNone, Username: testUser,
				Password: tk.password, Refresh: tk.refresh, OAuth2: true, ReauthHint: hint,
				HeaderFields: testFields, Timeout: 5 * time.Second})
			if tc.wantErr {
				if err == nil {
					c.Close()
					t.Fatal("dial succeeded with a refused token")
				}
				if !errors.Is(err, ErrTokenRefused) || !errors.Is(err, ErrAuth) {
					t.Errorf("err = %v, want ErrTokenRefused and ErrAuth", err)
				}
				if !strings.Contains(err.Error(), hint) {
					t.Errorf("err = %v, want the re-auth hint", err)
				}
				if strings.Contains(err.Error(), badToken) || strings.Contains(err.Error(), "ya29") {
					t.Errorf("err leaks the token: %v", err)
				}
			} else {
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				folders, err := c.Folders(ctx)
				if err != nil || len(folders) != 1 || folders[0].Name != "INBOX" {
					t.Errorf("folders = %v, %v; want INBOX", folders, err)
				}
				c.Close()
			}
			if tk.refs != tc.wantRefs {
				t.Errorf("refreshes = %d, want %d", tk.refs, tc.wantRefs)
			}
			// Every refused connection is closed, not left wedged.
			deadline := time.Now().Add(5 * time.Second)
			for {
				_, refused, opened, closed := s.Counts()
				if opened != tc.wantOpened {
					t.Fatalf("server sessions = %d, want %d", opened, tc.wantOpened)
				}
				if closed == opened {
					if tc.wantRefs > 0 && refused == 0 {
						t.Error("the server never saw the refused token")
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d of %d connections still open", opened-closed, opened)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// A server offering no OAuth2 mechanism is an auth error at once, with no
// redial.
func TestDialOAuth2NoMechanism(t *testing.T) {
	s := oauthServer(t, []string{"PLAIN"})
	host, port, _ := net.SplitHostPort(s.Addr)
	p, _ := strconv.Atoi(port)
	tk := &tokens{first: goodToken, fresh: []string{goodToken}}
	_, err := Dial(t.Context(), Options{Host: host, Port: p, Security: SecurityNone, Username: testUser,
		Password: tk.password, Refresh: tk.refresh, OAuth2: true, HeaderFields: testFields, Timeout: 5 * time.Second})
	if !errors.Is(err, ErrAuth) || errors.Is(err, ErrTokenRefused) || !strings.Contains(err.Error(), "neither OAUTHBEARER nor XOAUTH2") {
		t.Fatalf("err = %v", err)
	}
	if tk.refs != 0 {
		t.Errorf("refreshed %d times for a server without OAuth2", tk.refs)
	}
}
