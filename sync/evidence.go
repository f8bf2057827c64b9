package sync

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	stdsync "sync"
	"time"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/orgs"
	"github.com/tend-dev/tend/store"
)

// BodyFetcher is the optional MailSource capability of reading the start
// of a few messages: the engine reads the delivery reports and auto-replies
// a sync found, looking for evidence that someone left. Providers that
// cannot do it simply lack the method.
type BodyFetcher interface {
	// FetchBodies calls fn with the header block and the first bytes of the
	// body (at most maxBytes in all) of each message of folder in uids,
	// without changing any flag.
	FetchBodies(ctx context.Context, folder string, uids []uint32, maxBytes int, fn func(uid uint32, header, body []byte) error) error
}

// EvidenceStore is the optional Store capability of recording moves. A
// Store without it gets no moves.
type EvidenceStore interface {
	RecordMove(ctx context.Context, m model.Move) error
	// WroteTo reports which addresses the user has written to.
	WroteTo(ctx context.Context, emails []string) (map[string]bool, error)
	// ClassLocations lists where messages of a class live, newest first.
	ClassLocations(ctx context.Context, account string, class model.Class, limit int) ([]store.MessageLocation, error)
}

// softHistory bounds how many earlier bounces are re-read to judge a series
// of soft bounces.
const softHistory = 200

// evidenceLog collects the bounces and auto-replies a sync fetched. It is
// safe for concurrent use.
//
// Crash safety: a folder's cursor never passes a noted message until its
// evidence is recorded. hold caps each batch's cursor below the folder's
// first noted UID and remembers the real one; settle records the evidence
// and only then moves the held cursors on. A sync killed in between re-reads
// the folder from the first bounce or auto-reply and records the same moves
// (recording is idempotent).
type evidenceLog struct {
	mu       stdsync.Mutex
	byFolder map[string][]noted
	held     map[string]store.Batch // folder -> its cursor to commit once evidence is recorded
}

// noted is one message to read for evidence.
type noted struct {
	uid   uint32
	at    time.Time
	class model.Class
}

func newEvidenceLog() *evidenceLog {
	return &evidenceLog{byFolder: map[string][]noted{}, held: map[string]store.Batch{}}
}

// hold returns b with its cursor kept below the first noted message of its
// folder, remembering the cursor b wanted for settle.
func (l *evidenceLog) hold(b store.Batch) store.Batch {
	l.mu.Lock()
	defer l.mu.Unlock()
	ns := l.byFolder[b.Folder]
	if len(ns) == 0 {
		return b
	}
	first := ns[0].uid
	for _, n := range ns {
		first = min(first, n.uid)
	}
	if b.LastUID < first {
		return b
	}
	want := l.held[b.Folder]
	want.Account, want.Folder, want.UIDValidity = b.Account, b.Folder, b.UIDValidity
	want.LastUID, want.ModSeq = max(want.LastUID, b.LastUID), max(want.ModSeq, b.ModSeq)
	l.held[b.Folder] = want
	b.LastUID = first - 1
	return b
}

// settle records the evidence, then commits the held cursors. When the
// evidence cannot be read (an IMAP error), the cursors stay held and the
// next sync tries again.
func (l *evidenceLog) settle(ctx context.Context, src MailSource, st Store, account string, now time.Time, log *slog.Logger) error {
	n, ok := l.record(ctx, src, st, account, log)
	if n > 0 {
		log.Info("recorded moves from bounces and auto-replies", "moves", n)
	}
	if !ok {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, folder := range slices.Sorted(maps.Keys(l.held)) {
		b := l.held[folder]
		b.SyncedAt = now
		if err := st.SaveBatch(ctx, b); err != nil {
			return fmt.Errorf("saving the cursor of folder %q: %w", folder, err)
		}
	}
	return nil
}

// note remembers msg when it is a bounce or an auto-reply.
func (l *evidenceLog) note(folder string, uid uint32, msg model.Message) {
	if msg.Class != model.Bounce && msg.Class != model.AutoReply {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byFolder[folder] = append(l.byFolder[folder], noted{uid: uid, at: msg.At, class: msg.Class})
}

// record reads the noted messages' starts, turns what they prove into moves
// of people the user wrote to, and stores them. It runs after the headers
// are committed; recording is idempotent, so a sync killed halfway loses
// nothing that matters. Failures are logged, never fatal: the headers are
// what a sync owes. It returns the number of moves recorded, and false when
// reading failed and should be tried again.
func (l *evidenceLog) record(ctx context.Context, src MailSource, st Store, account string, log *slog.Logger) (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.byFolder) == 0 {
		return 0, true
	}
	bf, ok := src.(BodyFetcher)
	es, ok2 := st.(EvidenceStore)
	if !ok || !ok2 {
		log.Debug("no body fetcher or move store; bounces and auto-replies not read")
		return 0, true
	}
	found, read, err := readEvidence(ctx, bf, l.byFolder, log)
	if err != nil {
		return 0, false
	}
	if slices.ContainsFunc(found, isSoft) {
		found = append(found, earlierSoftBounces(ctx, bf, es, account, read, log)...)
	}
	var proven []infer.DatedEvidence
	for _, ev := range found {
		if ev.Hard {
			proven = append(proven, ev)
		}
	}
	proven = append(proven, infer.SoftBounceSeries(found)...)
	return recordMoves(ctx, es, proven, log)
}

func isSoft(ev infer.DatedEvidence) bool { return ev.Kind == infer.EvidenceBounce && !ev.Hard }

// location identifies a message in the account.
type location struct {
	folder string
	uid    uint32
}

// readEvidence fetches the starts of the noted messages, folder by folder,
// and parses them. It returns the evidence, the messages it read and the
// first error (logged; the other folders are still read).
func readEvidence(ctx context.Context, bf BodyFetcher, byFolder map[string][]noted, log *slog.Logger) ([]infer.DatedEvidence, map[location]bool, error) {
	var out []infer.DatedEvidence
	var firstErr error
	read := map[location]bool{}
	for _, folder := range slices.Sorted(maps.Keys(byFolder)) {
		items := map[uint32]noted{}
		var uids []uint32
		for _, n := range byFolder[folder] {
			items[n.uid] = n
			uids = append(uids, n.uid)
			read[location{folder, n.uid}] = true
		}
		err := bf.FetchBodies(ctx, folder, uids, infer.EvidenceBodyBytes, func(uid uint32, header, body []byte) error {
			n := items[uid]
			for _, ev := range infer.ParseEvidence(n.class, header, body) {
				out = append(out, infer.DatedEvidence{At: n.at, Evidence: ev})
			}
			return nil
		})
		if err != nil {
			log.Warn("reading bounces and auto-replies", "folder", folder, "err", err)
			firstErr = cmpErr(firstErr, err)
		}
	}
	return out, read, firstErr
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// earlierSoftBounces re-reads the bounces stored by earlier syncs, so a
// series of soft bounces spread over weeks is seen whole. Only the soft
// bounces among them are returned: their hard ones were recorded then.
func earlierSoftBounces(ctx context.Context, bf BodyFetcher, es EvidenceStore, account string, read map[location]bool, log *slog.Logger) []infer.DatedEvidence {
	locs, err := es.ClassLocations(ctx, account, model.Bounce, softHistory)
	if err != nil {
		log.Warn("listing earlier bounces", "err", err)
		return nil
	}
	byFolder := map[string][]noted{}
	for _, l := range locs {
		if !read[location{l.Folder, l.UID}] {
			byFolder[l.Folder] = append(byFolder[l.Folder], noted{uid: l.UID, at: l.At, class: model.Bounce})
		}
	}
	earlier, _, _ := readEvidence(ctx, bf, byFolder, log)
	return slices.DeleteFunc(earlier, func(ev infer.DatedEvidence) bool { return !isSoft(ev) })
}

// recordMoves stores each proven evidence as a move of the person owning the
// address, when the user wrote to that address; others are not contacts.
func recordMoves(ctx context.Context, es EvidenceStore, proven []infer.DatedEvidence, log *slog.Logger) (int, bool) {
	if len(proven) == 0 {
		return 0, true
	}
	var addrs []string
	for _, ev := range proven {
		addrs = append(addrs, ev.Address)
	}
	wrote, err := es.WroteTo(ctx, addrs)
	if err != nil {
		log.Warn("checking bounced addresses", "err", err)
		return 0, false
	}
	n := 0
	for _, ev := range proven {
		if !wrote[ev.Address] {
			log.Debug("evidence about an address you never wrote to; ignored", "kind", ev.Kind)
			continue
		}
		from, _ := orgs.Company(ev.Address)
		to, _ := orgs.Company(ev.NewAddress)
		m := model.Move{At: ev.At, FromEmail: ev.Address, ToEmail: ev.NewAddress, FromCompany: from,
			ToCompany: to, Kind: ev.Kind, Evidence: ev.Line(ev.At)}
		if err := es.RecordMove(ctx, m); err != nil {
			log.Warn("recording move", "kind", ev.Kind, "err", err)
			return n, false
		}
		n++
	}
	return n, true
}
