package infer

// field identifies a header field Classify reads: its position in
// HeaderFields(). The fixed fields come first, in HeaderFields' order;
// the list fields and then the bulk-sender fields follow.
type field uint8

const (
	fMessageID field = iota
	fDate
	fSubject
	fReferences
	fInReplyTo
	fFrom
	fSender
	fReplyTo
	fTo
	fCc
	fBcc
	fReturnPath
	fContentType
	fAutoSubmitted
	fXAutoreply
	fXAutorespond
	fXFailedRecipients
	fPrecedence
	numFixed // the first list field
)

// maxFields bounds len(HeaderFields()) (TestFieldIDs), so a set of fields
// fits in a uint64.
const maxFields = 64

// fieldNames maps header field names to the fields Classify reads.
type fieldNames struct {
	names []string  // HeaderFields(), indexed by field
	byLen [][]field // the fields whose names have each length
}

// newFieldNames indexes HeaderFields() by name length.
func newFieldNames() fieldNames {
	fn := fieldNames{names: HeaderFields()}
	for id, name := range fn.names {
		for len(fn.byLen) <= len(name) {
			fn.byLen = append(fn.byLen, nil)
		}
		fn.byLen[len(name)] = append(fn.byLen[len(name)], field(id))
	}
	return fn
}

// fieldIndex answers lookups of the fields Classify reads from one header
// after one pass over its fields; get and has answer what header.get and
// header.has answer for the field's name (TestFieldIndex, FuzzHeaderReader).
type fieldIndex struct {
	h       header
	present uint64           // bit id set: a field named names[id] exists
	first   [maxFields]int32 // 1 + the position of the first such field
}

// index builds the fieldIndex of h. A header field's name matches a known
// name as sameField decides; only names of the same length are compared.
func (fn *fieldNames) index(h header) fieldIndex {
	x := fieldIndex{h: h}
	for i := range h.fields {
		name := h.fields[i].name
		if len(name) >= len(fn.byLen) {
			continue
		}
		for _, id := range fn.byLen[len(name)] {
			if x.present&(1<<id) == 0 && sameField(name, fn.names[id]) {
				x.present |= 1 << id
				x.first[id] = int32(i + 1)
				break
			}
		}
	}
	return x
}

// get returns the value of the first field id, or "".
func (x *fieldIndex) get(id field) string {
	if p := x.first[id]; p > 0 {
		return x.h.fields[p-1].value
	}
	return ""
}

// has reports whether field id exists.
func (x *fieldIndex) has(id field) bool { return x.present&(1<<id) != 0 }
