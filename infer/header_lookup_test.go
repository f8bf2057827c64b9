package infer

// Lookups by name: the oracle the tests compare fieldIndex and
// textproto.Header against. Classify looks fields up by id (known.go).

// get returns the value of the first field named name, or "".
func (h header) get(name string) string {
	for i := range h.fields {
		if sameField(h.fields[i].name, name) {
			return h.fields[i].value
		}
	}
	return ""
}

// has reports whether a field named name exists.
func (h header) has(name string) bool {
	for i := range h.fields {
		if sameField(h.fields[i].name, name) {
			return true
		}
	}
	return false
}

// values returns the values of every field named name, in order.
func (h header) values(name string) []string {
	var vs []string
	for i := range h.fields {
		if sameField(h.fields[i].name, name) {
			vs = append(vs, h.fields[i].value)
		}
	}
	return vs
}
