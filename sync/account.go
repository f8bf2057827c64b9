package sync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	stdsync "sync"
	"time"

	"github.com/tend-dev/tend/model"
	"github.com/tend-dev/tend/store"
)

// plan is one folder's work after examining it.
type plan struct {
	folder   string
	status   model.FolderStatus
	afterUID uint32
}

// SyncAccount syncs every selected folder of one account once and records
// the outcome (success or error) in the store.
func SyncAccount(ctx context.Context, st Store, acct Account, opts Options) (Result, error) {
	return recorded(ctx, st, acct.Name, opts, func(opts Options) (Result, error) {
		return syncAccount(ctx, st, acct, opts)
	})
}

func syncAccount(ctx context.Context, st Store, acct Account, opts Options) (Result, error) {
	var res Result
	log := opts.Logger.With("account", acct.Name)
	src, err := acct.Dial(ctx)
	if err != nil {
		return res, err // the source's error already says where it was connecting
	}
	// Every connection in use, logged out of at the end; the first is
	// sources[0]. During the fetch only the goroutine that adds connections
	// appends to it.
	sources := []MailSource{src}
	defer func() { closeAll(sources) }()
	want := max(acct.Connections, 1)
	// An account's first sync fetches everything: its other connections are
	// dialled while the first lists and examines the folders. Not before
	// the first is in: it settles the credentials (an OAuth2 token it had
	// to refresh), which the others then reuse instead of each refreshing.
	var extra *dialing
	if want > 1 {
		if states, err := st.FolderStates(ctx, acct.Name); err == nil && len(states) == 0 {
			extra = dialExtra(ctx, acct, want-1, log)
		}
	}
	plans, err := examineAll(ctx, st, acct, src, opts)
	if err != nil {
		extra.abandon()
		return res, err
	}
	res.Folders = len(plans.all)
	var total int64
	for _, p := range plans.work {
		total += expected(p)
	}
	opts.Progress.Begin(acct.Name, total)
	defer opts.Progress.End()
	if len(plans.work) == 0 {
		extra.abandon()
		return res, nil
	}

	var all []piece
	size := pieceSize(total, want) // one connection: whole folders
	for _, p := range plans.work {
		ps := split(p, size)
		progress := newFolderProgress(p.afterUID, ps)
		for i := range ps {
			ps[i].progress, ps[i].index = progress, i
		}
		all = append(all, ps...)
	}
	conns := min(want, len(all))
	if extra == nil && conns > 1 {
		extra = dialExtra(ctx, acct, conns-1, log) // meanwhile, ready the index
	}

	endLoad := func(context.Context) error { return nil }
	if bl, ok := st.(bulkLoader); ok {
		endLoad, err = bl.BeginBulkLoad(ctx, total)
	}
	if err != nil {
		extra.abandon()
		return res, err
	}
	defer endLoad(context.WithoutCancel(ctx)) // a no-op once called below

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	started := time.Now()  // phases, for the debug log (bench/ reads them)
	ev := newEvidenceLog() // bounces and auto-replies, read once the headers are stored
	w := newWriter(st, acct.Name, opts, cancel, ev.hold)
	go w.run(ctx)

	queue := newPieceQueue(all)
	var wg stdsync.WaitGroup
	var mu stdsync.Mutex
	var errs []error
	fetch := func(conn int, s MailSource) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			examined := ""
			if conn == 0 {
				examined = plans.examined // examineAll's last
			}
			for ctx.Err() == nil {
				pc, ok := queue.next(conn, examined)
				if !ok {
					return
				}
				stats, err := fetchPiece(ctx, s, acct, &pc, examined, w, ev, opts)
				examined = pc.plan.folder
				mu.Lock()
				res.Fetched += stats.Fetched
				res.Contacts += stats.Contacts
				res.Skipped += stats.Skipped
				res.Interactions += stats.Interactions
				if err != nil {
					errs = append(errs, fmt.Errorf("folder %q: %w", pc.plan.folder, err))
				}
				mu.Unlock()
				if err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	// The first connection starts at once; the others join as they come
	// in (a first sync dialled them while it examined the folders).
	fetch(0, src)
	if extra != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 1
			for s := range extra.conns {
				if n >= conns { // more than the pieces need
					s.Close()
					continue
				}
				sources = append(sources, s)
				fetch(n, s)
				n++
			}
		}()
	}
	wg.Wait()
	fetched := time.Now()
	werr := w.close()
	if werr != nil {
		errs = append([]error{werr}, errs...)
	}
	written := time.Now()
	if err := endLoad(context.WithoutCancel(ctx)); err != nil {
		errs = append(errs, err)
	}
	log.Debug("sync phases", "connections", len(sources), "fetch", fetched.Sub(started),
		"writer_after_fetch", written.Sub(fetched), "index_rebuild", time.Since(written))
	if werr == nil && ctx.Err() == nil {
		if err := ev.settle(ctx, sources[0], st, acct.Name, opts.Clock(), log); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 && ctx.Err() != nil {
		errs = append(errs, context.Cause(ctx))
	}
	for _, p := range plans.work {
		log.Debug("folder synced", "folder", p.folder)
	}
	return res, firstError(errs)
}

// dialing is n connections being dialled at once.
type dialing struct {
	// conns delivers each connection as soon as it is in; it is closed
	// once every attempt has ended. A refused one is logged and done
	// without.
	conns chan MailSource
}

func dialExtra(ctx context.Context, acct Account, n int, log *slog.Logger) *dialing {
	d := &dialing{conns: make(chan MailSource, n)}
	var wg stdsync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := acct.Dial(ctx)
			if err != nil {
				log.Warn("extra connection refused; continuing with fewer", "err", err)
				return
			}
			d.conns <- s // buffered for all n: never blocks
		}()
	}
	go func() {
		wg.Wait()
		close(d.conns)
	}()
	return d
}

// abandon waits for the attempts and logs out of every connection that came
// in. A nil dialing has nothing to abandon.
func (d *dialing) abandon() {
	if d == nil {
		return
	}
	var got []MailSource
	for s := range d.conns {
		got = append(got, s)
	}
	closeAll(got)
}

// closeAll logs out of every connection at once.
func closeAll(sources []MailSource) {
	var wg stdsync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Close()
		}()
	}
	wg.Wait()
}

func firstError(errs []error) error {
	// A cancellation caused by another folder's failure is not news.
	for _, e := range errs {
		if !errors.Is(e, context.Canceled) {
			return e
		}
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// expected estimates how many messages a folder will deliver.
func expected(p plan) int64 {
	if p.afterUID == 0 || p.status.UIDNext == 0 {
		return int64(p.status.Messages)
	}
	return int64(min(p.status.UIDNext-1-p.afterUID, p.status.Messages))
}

type plans struct {
	all      []string
	work     []plan
	examined string // the folder the connection examined last ("" for none)
}

// statuser is a MailSource that can report folders' status without
// selecting them (imapmail: STATUS).
type statuser interface {
	Statuses(ctx context.Context, folders []string) (map[string]model.FolderStatus, error)
}

// examineAll lists the folders, drops the state of folders that are gone,
// examines each selected folder, resets folders whose UIDVALIDITY changed and
// returns those with something new to fetch.
func examineAll(ctx context.Context, st Store, acct Account, src MailSource, opts Options) (plans, error) {
	var out plans
	list, err := src.Folders(ctx)
	if err != nil {
		return out, fmt.Errorf("listing folders: %w", err)
	}
	selected, err := acct.SelectFolders(list)
	if err != nil {
		return out, err
	}
	states, err := st.FolderStates(ctx, acct.Name)
	if err != nil {
		return out, err
	}
	known := map[string]store.FolderState{}
	for _, s := range states {
		known[s.Folder] = s
	}
	want := map[string]bool{}
	for _, f := range selected {
		want[f.Name] = true
	}
	log := opts.Logger.With("account", acct.Name)
	for _, s := range states {
		if !want[s.Folder] {
			log.Info("folder gone or no longer selected; forgetting its messages", "folder", s.Folder)
			if err := st.DropFolder(ctx, acct.Name, s.Folder); err != nil {
				return out, err
			}
		}
	}
	// Statuses first, where the source tells them without selecting each
	// folder; a folder it could not tell is examined.
	var statuses map[string]model.FolderStatus
	if s, ok := src.(statuser); ok && len(selected) > 0 {
		names := make([]string, len(selected))
		for i, f := range selected {
			names[i] = f.Name
		}
		if statuses, err = s.Statuses(ctx, names); err != nil {
			log.Debug("folder status unavailable; examining instead", "err", err)
		}
	}
	for _, f := range selected {
		status, ok := statuses[f.Name]
		if !ok {
			if status, err = src.Examine(ctx, f.Name); err != nil {
				return out, fmt.Errorf("examining folder %q: %w", f.Name, err)
			}
			out.examined = f.Name
		}
		out.all = append(out.all, f.Name)
		prev, ok := known[f.Name]
		after := prev.LastUID
		if ok && prev.UIDValidity != status.UIDValidity {
			log.Info("UIDVALIDITY changed; re-reading folder", "folder", f.Name,
				"old", prev.UIDValidity, "new", status.UIDValidity)
			if err := st.ResetFolder(ctx, acct.Name, f.Name, status.UIDValidity); err != nil {
				return out, err
			}
			after = 0
		}
		upToDate := status.Messages == 0 || (status.UIDNext != 0 && status.UIDNext-1 <= after)
		if upToDate {
			if err := st.TouchFolder(ctx, acct.Name, f.Name, status.UIDValidity, status.HighestModSeq, opts.Clock()); err != nil {
				return out, err
			}
			continue
		}
		out.work = append(out.work, plan{folder: f.Name, status: status, afterUID: after})
	}
	return out, nil
}

// folderStats counts one folder's fetch.
type folderStats struct{ Fetched, Contacts, Skipped, Interactions int }

// fetchPiece fetches one piece on src, examining its folder first unless
// src has it examined already, and sends its messages to the writer in
// batches. What was fetched before an error is still sent, with the
// cursor it covers.
func fetchPiece(ctx context.Context, src MailSource, acct Account, pc *piece, examined string, w *writer, ev *evidenceLog, opts Options) (folderStats, error) {
	var stats folderStats
	p := pc.plan
	log := opts.Logger.With("account", acct.Name, "folder", p.folder)
	if examined != p.folder {
		status, err := src.Examine(ctx, p.folder)
		if err != nil {
			return stats, fmt.Errorf("examining: %w", err)
		}
		if status.UIDValidity != p.status.UIDValidity {
			return stats, fmt.Errorf("UIDVALIDITY changed during sync (%d to %d); the next sync re-reads the folder", p.status.UIDValidity, status.UIDValidity)
		}
	}
	upTo := pc.lo - 1 // every UID of the piece up to this one has been seen
	newBatch := func() batchReq {
		return batchReq{Batch: store.Batch{Account: acct.Name, Folder: p.folder, UIDValidity: p.status.UIDValidity,
			ModSeq: p.status.HighestModSeq, Items: w.items.Get()}, piece: pc}
	}
	b := newBatch()
	send := func(ctx context.Context) error {
		b.upTo = upTo
		return w.send(ctx, b)
	}
	end := uint32(0) // Fetch's exclusive bound; 0 asks the server
	if pc.hi != 0 {
		end = pc.hi + 1
	}
	err := src.Fetch(ctx, pc.lo-1, end, func(hm model.HeaderMessage) error {
		stats.Fetched++
		upTo = max(upTo, hm.UID)
		msg, err := acct.Classifier.Classify(hm)
		if err != nil {
			stats.Skipped++
			log.Warn("skipping unreadable message", "uid", hm.UID, "err", err)
		} else {
			if len(msg.Interactions) > 0 {
				stats.Contacts++
				stats.Interactions += len(msg.Interactions)
			}
			b.Items = append(b.Items, store.Item{UID: hm.UID, Msg: msg})
			ev.note(p.folder, hm.UID, msg)
		}
		opts.Progress.Add(p.folder, 1)
		if len(b.Items) >= opts.BatchSize {
			if err := send(ctx); err != nil {
				return err
			}
			b = newBatch()
		}
		return nil
	})
	if err != nil {
		// What was fetched completely is still committed with its cursor.
		if serr := send(context.WithoutCancel(ctx)); serr != nil {
			log.Warn("saving partial batch", "err", serr)
		}
		return stats, err
	}
	// Every UID of the piece has now been seen.
	upTo = max(upTo, pc.hi)
	b.SyncedAt = opts.Clock()
	return stats, send(ctx)
}
