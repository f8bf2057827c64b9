package imapmail

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
)

// startTLS reads the greeting, asks for STARTTLS and upgrades c.conn to
// TLS, before imapclient sees the connection. Nothing the server sent in
// plaintext is kept: after its OK to STARTTLS the server must wait for the
// handshake, and bytes already sent are refused, since an attacker on the
// path may have injected them to be read as if they came over TLS.
func (c *Client) startTLS(ctx context.Context) error {
	br := bufio.NewReaderSize(c.conn, 4096)
	greeting, err := readPlainLine(br)
	if err != nil {
		return fmt.Errorf("reading the greeting: %w", err)
	}
	switch {
	case hasPrefixFold(greeting, "* OK"):
	case hasPrefixFold(greeting, "* PREAUTH"):
		return errors.New("the server logged the connection in before TLS, so STARTTLS is impossible")
	default:
		return fmt.Errorf("unexpected greeting %q", clip(greeting))
	}
	const tag = "tend0"
	if _, err := c.conn.Write([]byte(tag + " STARTTLS\r\n")); err != nil {
		return err
	}
	for {
		line, err := readPlainLine(br)
		if err != nil {
			return err
		}
		if strings.HasPrefix(line, "* ") {
			continue // e.g. a CAPABILITY: what counts is asked again over TLS
		}
		rest, ok := strings.CutPrefix(line, tag+" ")
		if !ok {
			return fmt.Errorf("unexpected answer to STARTTLS %q", clip(line))
		}
		if !hasPrefixFold(rest, "OK") {
			return fmt.Errorf("the server refused STARTTLS: %s", clip(rest))
		}
		break
	}
	if br.Buffered() > 0 {
		return errors.New("the server sent data after agreeing to STARTTLS; refusing it (possible injection)")
	}
	tc := tls.Client(c.conn.Conn, c.opts.TLSConfig)
	hctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		return fmt.Errorf("tls handshake: %w", err)
	}
	c.conn.Conn = tc // no one else reads or writes the connection yet
	return nil
}

// readPlainLine reads one CRLF-ended line of at most 4 KiB.
func readPlainLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return "", errors.New("line longer than 4 KiB")
	}
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(line), "\r\n"), nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
