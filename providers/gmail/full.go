package gmail

import (
	"context"
	"fmt"
	"strconv"
)

// listPageSize is messages.list's largest page.
const listPageSize = 500

// full lists every message of the configured labels, then fetches them in
// batches. The baseline historyId is read first, so whatever arrives while
// listing is picked up by the next incremental sync. Until the last batch,
// batches carry the previous cursor: a killed full sync starts over, and
// messages already stored count once.
func (s *Source) full(ctx context.Context, prev string, fn func(Batch) error) error {
	_, baseline, err := s.Profile(ctx)
	if err != nil {
		return err
	}
	var ids []string
	seen := map[string]bool{}
	for _, label := range s.opts.Labels {
		call := s.svc.Users.Messages.List("me").LabelIds(label).MaxResults(listPageSize).IncludeSpamTrash(false)
		err := call.Pages(ctx, func(r *gmailListPage) error {
			for _, m := range r.Messages {
				if !seen[m.Id] {
					seen[m.Id] = true
					ids = append(ids, m.Id)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("listing label %s: %w", label, classify(err))
		}
	}
	s.log.Debug("gmail full sync listed", "messages", len(ids), "labels", s.opts.Labels)
	final := strconv.FormatUint(baseline, 10)
	if len(ids) == 0 {
		return fn(Batch{Cursor: final, Full: true})
	}
	for lo := 0; lo < len(ids); lo += s.opts.BatchSize {
		hi := min(lo+s.opts.BatchSize, len(ids))
		msgs, err := s.fetch(ctx, ids[lo:hi])
		if err != nil {
			return err
		}
		cur := prev
		if hi == len(ids) {
			cur = final
		}
		if err := fn(Batch{Messages: msgs, Cursor: cur, Full: true, Total: len(ids)}); err != nil {
			return err
		}
	}
	return nil
}
