package infer

import (
	"mime"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

// newWordDecoder returns a decoder for RFC 2047 encoded words in any charset
// go-message knows (UTF-8, ISO-8859-*, Windows-125x, KOI8, GB2312, Big5,
// Shift_JIS, ISO-2022-JP, EUC-*...), without touching go-message's
// package-level CharsetReader.
func newWordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: charset.Reader}
}

// validUTF8 returns s unchanged when it is valid UTF-8; otherwise it reads s
// as Windows-1252, the usual charset of raw 8-bit header bytes.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return string([]rune(s))
	}
	return out
}
