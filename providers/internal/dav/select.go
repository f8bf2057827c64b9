package dav

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tend-dev/tend/model"
)

// Select keeps the collections named in want (by display name, any case,
// or by path with or without the trailing slash, or by its last segment);
// empty want keeps all. A name that matches nothing is an error listing
// what exists.
func Select(all []model.Collection, want []string) ([]model.Collection, error) {
	if len(want) == 0 {
		return all, nil
	}
	var out []model.Collection
	for _, w := range want {
		w = strings.TrimSpace(w)
		n := len(out)
		for _, c := range all {
			if matches(c, w) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		if len(out) == n {
			var names []string
			for _, c := range all {
				names = append(names, fmt.Sprintf("%q (%s)", c.Name, c.ID))
			}
			return nil, fmt.Errorf("no collection named %q; the server has: %s", w, strings.Join(names, ", "))
		}
	}
	return out, nil
}

func matches(c model.Collection, w string) bool {
	if strings.EqualFold(c.Name, w) {
		return true
	}
	p, q := strings.Trim(c.ID, "/"), strings.Trim(w, "/")
	if p == q {
		return true
	}
	if i := strings.LastIndex(p, "/"); i >= 0 && p[i+1:] == q {
		return true
	}
	return false
}
