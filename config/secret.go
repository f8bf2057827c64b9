package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Password returns the account's password from password_cmd or password_env.
// Neither the password nor the command's output ever appears in the error.
func (a Account) Password(ctx context.Context) (string, error) {
	if a.PasswordEnv != "" {
		v, ok := os.LookupEnv(a.PasswordEnv)
		if !ok || v == "" {
			return "", fmt.Errorf("account %q: environment variable %s (password_env) is not set", a.Name, a.PasswordEnv)
		}
		return v, nil
	}
	if a.PasswordCmd == "" {
		return "", fmt.Errorf("account %q: no password_cmd or password_env", a.Name)
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", a.PasswordCmd)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("account %q: password_cmd exited with status %d", a.Name, ee.ExitCode())
		}
		return "", fmt.Errorf("account %q: running password_cmd: %w", a.Name, err)
	}
	pw := strings.TrimRight(out.String(), "\r\n")
	if pw == "" {
		return "", fmt.Errorf("account %q: password_cmd printed nothing", a.Name)
	}
	return pw, nil
}
