package imapmail

import (
	"fmt"
	"strings"

	"github.com/tend-dev/tend/model"
)

// SelectFolders applies tend's folder policy to a server's folder list:
//
//   - include non-empty: exactly those folders, in that order (names match
//     exactly, else case-insensitively); an error names every folder that
//     does not exist or cannot be selected;
//   - else a selectable folder with \All (Gmail's All Mail): that one only,
//     since labels repeat its messages;
//   - else every selectable folder except \Trash, \Junk and \Drafts. When no
//     folder carries a SPECIAL-USE attribute, folders are excluded by name
//     instead (Trash, Deleted Items, Junk, Spam, Drafts, Outbox, ...),
//     matching the whole name or its last path component, ignoring case.
func SelectFolders(all []model.Folder, include []string) ([]model.Folder, error) {
	if len(include) > 0 {
		return includeFolders(all, include)
	}
	anySpecial := false
	for _, f := range all {
		if len(f.SpecialUse) > 0 {
			anySpecial = true
		}
		if f.Selectable && hasAttr(f, `\All`) {
			return []model.Folder{f}, nil
		}
	}
	var out []model.Folder
	for _, f := range all {
		if !f.Selectable {
			continue
		}
		if anySpecial && (hasAttr(f, `\Trash`) || hasAttr(f, `\Junk`) || hasAttr(f, `\Drafts`)) {
			continue
		}
		if !anySpecial && excludedByName(f) {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

func includeFolders(all []model.Folder, include []string) ([]model.Folder, error) {
	var out []model.Folder
	var missing, unselectable []string
	seen := map[string]bool{}
	for _, name := range include {
		f, ok := findFolder(all, name)
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("%q", name))
		case !f.Selectable:
			unselectable = append(unselectable, fmt.Sprintf("%q", name))
		case !seen[f.Name]:
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("included folders not on the server: %s", strings.Join(missing, ", "))
	}
	if len(unselectable) > 0 {
		return nil, fmt.Errorf("included folders cannot be selected: %s", strings.Join(unselectable, ", "))
	}
	return out, nil
}

// findFolder matches name exactly, else case-insensitively when that is
// unambiguous.
func findFolder(all []model.Folder, name string) (model.Folder, bool) {
	var fold []model.Folder
	for _, f := range all {
		if f.Name == name {
			return f, true
		}
		if strings.EqualFold(f.Name, name) {
			fold = append(fold, f)
		}
	}
	if len(fold) == 1 {
		return fold[0], true
	}
	return model.Folder{}, false
}

func hasAttr(f model.Folder, attr string) bool {
	for _, a := range f.SpecialUse {
		if strings.EqualFold(a, attr) {
			return true
		}
	}
	return false
}

// excludedByName reports whether a folder is trash, junk or drafts by its
// name, for servers without SPECIAL-USE.
func excludedByName(f model.Folder) bool {
	name := strings.ToLower(f.Name)
	names := []string{name}
	delims := []string{f.Delim}
	if f.Delim == "" {
		delims = []string{"/", "."}
	}
	for _, d := range delims {
		if i := strings.LastIndex(name, d); i >= 0 {
			names = append(names, name[i+len(d):])
		}
	}
	for _, n := range names {
		switch n {
		case "trash", "deleted", "deleted items", "deleted messages", "bin", "papierkorb",
			"junk", "junk e-mail", "junk email", "spam", "bulk mail",
			"drafts", "draft", "outbox", "templates":
			return true
		}
	}
	return false
}
