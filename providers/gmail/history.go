package gmail

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	gmailapi "google.golang.org/api/gmail/v1"
)

type gmailListPage = gmailapi.ListMessagesResponse

// incremental reads history.list from start, one page at a time: the
// messages added to (or labelled into) a configured label are fetched and
// handed over with the id of the page's last history record as the cursor,
// and the last page moves the cursor to the mailbox's current historyId.
func (s *Source) incremental(ctx context.Context, start uint64, fn func(Batch) error) error {
	seen := map[string]bool{}
	total := 0
	var last *gmailapi.ListHistoryResponse
	err := s.svc.Users.History.List("me").StartHistoryId(start).
		HistoryTypes("messageAdded", "labelAdded").MaxResults(500).
		Pages(ctx, func(r *gmailapi.ListHistoryResponse) error {
			last = r
			var ids []string
			cursor := start
			for _, h := range r.History {
				cursor = max(cursor, h.Id)
				for _, ma := range h.MessagesAdded {
					if m := ma.Message; m != nil && s.wanted(m.LabelIds) && !seen[m.Id] {
						seen[m.Id] = true
						ids = append(ids, m.Id)
					}
				}
				for _, la := range h.LabelsAdded {
					if m := la.Message; m != nil && s.wanted(la.LabelIds) && s.wanted(m.LabelIds) && !seen[m.Id] {
						seen[m.Id] = true
						ids = append(ids, m.Id)
					}
				}
			}
			if r.NextPageToken == "" {
				cursor = max(cursor, r.HistoryId)
			}
			total += len(ids)
			msgs, err := s.fetch(ctx, ids)
			if err != nil {
				return err
			}
			return fn(Batch{Messages: msgs, Cursor: strconv.FormatUint(cursor, 10), Total: total})
		})
	if isNotFound(err) {
		return fmt.Errorf("history after %d: %w", start, ErrHistoryGone)
	}
	if err != nil {
		return fmt.Errorf("reading gmail history: %w", classify(err))
	}
	if last == nil {
		return fn(Batch{Cursor: strconv.FormatUint(start, 10)})
	}
	return nil
}

// skipLabels are messages tend never reads, whatever else they carry.
var skipLabels = []string{"DRAFT", "SPAM", "TRASH"}

// wanted reports whether labels include a configured label and none of
// DRAFT, SPAM or TRASH.
func (s *Source) wanted(labels []string) bool {
	ok := false
	for _, l := range labels {
		if slices.Contains(skipLabels, l) {
			return false
		}
		if slices.Contains(s.opts.Labels, l) {
			ok = true
		}
	}
	return ok
}
