package imapmail

import "testing"

func TestXOAuth2Client(t *testing.T) {
	c := NewXOAuth2Client("me@example.com", "ya29.tok")
	mech, ir, err := c.Start()
	if err != nil || mech != "XOAUTH2" || string(ir) != "user=me@example.com\x01auth=Bearer ya29.tok\x01\x01" {
		t.Fatalf("start: %q %q %v", mech, ir, err)
	}
	// The server's error challenge is answered empty so it ends with NO.
	resp, err := c.Next([]byte(`{"status":"401"}`))
	if err != nil || resp == nil || len(resp) != 0 {
		t.Fatalf("next: %q %v", resp, err)
	}
}
