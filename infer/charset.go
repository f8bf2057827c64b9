package infer

import (
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

// newWordDecoder returns a decoder for RFC 2047 encoded words in any charset
// go-message knows (UTF-8, ISO-8859-*, Windows-125x, KOI8, GB2312, Big5,
// Shift_JIS, ISO-2022-JP, EUC-*...), without touching go-message's
// package-level CharsetReader. The common single-byte charsets are decoded
// by table, the way go-message decodes them (TestSingleByteCharsets), but
// without its streaming reader's 8 KiB of buffers and the 32 KiB io.Copy
// buffer per encoded word.
func newWordDecoder() *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(name string, input io.Reader) (io.Reader, error) {
		if cm := singleByteCharset(name); cm != nil {
			return decodeSingleByte(cm, input)
		}
		return charset.Reader(name, input)
	}}
}

// singleByteCharset returns the table of a common single-byte charset,
// named in lower case as mime.WordDecoder passes it, or nil.
func singleByteCharset(name string) *charmap.Charmap {
	switch name {
	case "windows-1252", "cp1252":
		return charmap.Windows1252
	case "iso-8859-15":
		return charmap.ISO8859_15
	case "iso-8859-2":
		return charmap.ISO8859_2
	case "windows-1250":
		return charmap.Windows1250
	case "windows-1251":
		return charmap.Windows1251
	case "koi8-r":
		return charmap.KOI8R
	case "koi8-u":
		return charmap.KOI8U
	}
	return nil
}

// decodeSingleByte reads input, an encoded word's bytes, through cm.
func decodeSingleByte(cm *charmap.Charmap, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(input)
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(cm.DecodeByte(c))
	}
	return strings.NewReader(sb.String()), nil // a WriterTo: io.Copy needs no buffer
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
