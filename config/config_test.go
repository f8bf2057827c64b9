package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const minimal = `
[[accounts]]
name = "work"
kind = "imap"
host = "imap.example.com"
username = "me@example.com"
password_env = "X"
`

func TestDefaults(t *testing.T) {
	c, err := Parse("c.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	a := c.Accounts[0]
	if a.Port != 993 || a.Security != "tls" || a.Timeout.Seconds() != 60 || a.Connections != 2 {
		t.Errorf("account defaults: %+v", a)
	}
	if !reflect.DeepEqual(a.Addresses, []string{"me@example.com"}) {
		t.Errorf("username not added to addresses: %v", a.Addresses)
	}
	if c.Inference.MaxRecipients != 15 || c.Scoring.HalfLifeDays != 90 || !c.Index.KeepSubjects() {
		t.Errorf("defaults: %+v %+v", c.Inference, c.Scoring)
	}
	if strings.HasPrefix(c.Index.Path, "~") {
		t.Errorf("index path not expanded: %s", c.Index.Path)
	}
}

func TestErrorsNameKeyAndFile(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", minimal + "hots = \"x\"\n", `c.toml: accounts.hots: unknown key`},
		{"unknown top", "[index]\npaht = \"x\"\n", `c.toml: index.paht: unknown key`},
		{"missing host", strings.Replace(minimal, `host = "imap.example.com"`, "", 1), `c.toml: accounts[0].host: required`},
		{"bad port", minimal + "port = 70000\n", `c.toml: accounts[0].port: must be between 1 and 65535`},
		{"bad security", minimal + "security = \"ssl\"\n", `c.toml: accounts[0].security: must be "tls"`},
		{"none remote", minimal + "security = \"none\"\n", `c.toml: accounts[0].security: "none" sends your password`},
		{"no password", strings.Replace(minimal, `password_env = "X"`, "", 1), `c.toml: accounts[0].password_cmd: required`},
		{"bad kind", strings.Replace(minimal, `"imap"`, `"pop3"`, 1), `c.toml: accounts[0].kind: unknown kind "pop3"`},
		{"bad address", minimal + "addresses = [\"not-an-address\"]\n", `c.toml: accounts[0].addresses[0]: not an email address`},
		{"bad duration", minimal + "timeout = \"soon\"\n", `c.toml:`},
		{"syntax", "[index\n", `c.toml: line 2: expected`},
		{"duplicate", minimal + strings.Replace(minimal, "[[accounts]]", "[[accounts]]", 1), `c.toml: accounts[1].name: duplicate account name "work"`},
		{"bad level", "[log]\nlevel = \"loud\"\n", `c.toml: log.level: must be`},
		{"wrong type", "[inference]\nmax_recipients = \"many\"\n", `c.toml:`},
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
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestNoneAllowedOnLoopback(t *testing.T) {
	text := strings.Replace(minimal, "imap.example.com", "127.0.0.1", 1) + "security = \"none\"\n"
	c, err := Parse("c.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if c.Accounts[0].Port != 143 {
		t.Errorf("port = %d, want 143", c.Accounts[0].Port)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

// TestExampleComplete keeps config.example.toml parseable and documenting
// every key the schema knows.
func TestExampleComplete(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The example's password_cmd is real; Parse needs tls_ca_file to exist, so
	// check decoding and key coverage here, validation below.
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("example has unknown keys: %v", und)
	}
	have := map[string]bool{}
	for _, k := range md.Keys() {
		have[k.String()] = true
	}
	// Commented-out alternatives count as documented.
	for _, line := range strings.Split(string(data), "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "# ") && strings.Contains(l, " = ") {
			have["accounts."+strings.Fields(strings.TrimPrefix(l, "# "))[0]] = true
		}
	}
	var missing []string
	for _, k := range schemaKeys(reflect.TypeOf(Config{}), "") {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("config.example.toml does not document: %v", missing)
	}
	c.File = "config.example.toml"
	c.Accounts[0].TLSCAFile = ""
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		t.Errorf("example does not validate: %v", err)
	}
}

func schemaKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(Duration{}) {
			keys = append(keys, schemaKeys(ft, prefix+tag+".")...)
			continue
		}
		keys = append(keys, prefix+tag)
	}
	return keys
}

func TestPasswordNeverInErrors(t *testing.T) {
	a := Account{Name: "w", PasswordCmd: "echo hunter2; exit 3"}
	_, err := a.Password(context.Background())
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v", err)
	}
	a = Account{Name: "w", PasswordCmd: "printf 's3cret\\n'"}
	pw, err := a.Password(context.Background())
	if err != nil || pw != "s3cret" {
		t.Fatalf("pw=%q err=%v", pw, err)
	}
	t.Setenv("TEND_TEST_PW", "envpw")
	a = Account{Name: "w", PasswordEnv: "TEND_TEST_PW"}
	if pw, err := a.Password(context.Background()); err != nil || pw != "envpw" {
		t.Fatalf("pw=%q err=%v", pw, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("[index]\npath = 3\n"))
	f.Add([]byte("[[accounts]]\nport = -1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.toml", data)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.toml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
