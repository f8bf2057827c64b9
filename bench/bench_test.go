package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tend-dev/tend/infer"
	"github.com/tend-dev/tend/internal/dovecottest"
	"github.com/tend-dev/tend/internal/faultproxy"
)

// mailbox is a Dovecot holding a generated mailbox, and a tend binary.
type mailbox struct {
	srv    *dovecottest.Server
	server Server
	truth  Truth
	self   string
	bin    string
	env    []string // the password variable for tend
}

// newMailbox starts Dovecot with n generated messages in INBOX, Sent and
// Archive and builds tend.
func newMailbox(b testing.TB, n int) *mailbox {
	b.Helper()
	srv := dovecottest.Start(b)
	start := time.Now()
	o := Options{N: n}
	truth, err := Generate(o, func(m Message) error {
		srv.Deliver(b, m.Folder, m.Raw, m.InternalDate, m.Flags)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	o.defaults()
	b.Logf("generated %d messages (%d personal contacts, %d people) in %v", truth.Messages, truth.Personal, len(truth.Last), time.Since(start).Round(time.Millisecond))
	bin, err := BuildTend(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	return &mailbox{
		srv: srv, truth: truth, self: o.Self, bin: bin,
		server: Server{Addr: srv.Addr, User: srv.User, Password: srv.Password,
			Folders: []string{FolderInbox, FolderSent, FolderArchive}, Fields: infer.HeaderFields()},
		env: []string{"TEND_BENCH_PASSWORD=" + srv.Password},
	}
}

// config writes a config reaching the mailbox on port with a new index.
func (mb *mailbox) config(b testing.TB, port int) (cfg, index string) {
	b.Helper()
	dir := b.TempDir()
	index = filepath.Join(dir, "data", "tend.db")
	cfg, err := WriteConfig(dir, "127.0.0.1", port, mb.srv.User, "TEND_BENCH_PASSWORD", mb.self, index)
	if err != nil {
		b.Fatal(err)
	}
	return cfg, index
}

// benchN is TEND_BENCH_N, 10,000 when unset; anything but a positive whole
// number is refused rather than silently replaced by the default.
func benchN(b *testing.B) int {
	v := os.Getenv("TEND_BENCH_N")
	if v == "" {
		return 10000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("TEND_BENCH_N=%q: want a positive whole number of messages, e.g. 100000", v)
	}
	return n
}

// BenchmarkSync measures, on one Dovecot holding TEND_BENCH_N generated
// messages (default 10,000), in one run: the two floors, tend's initial
// sync (throughput and peak RSS of the child process, then the index is
// checked against the generator's ground truth), the same sync from a
// replay of Dovecot's answers (the server's cost taken out), the no-change
// re-sync and an incremental sync of 100 new messages (FETCH commands
// counted by a proxy), and mbsync + mu when installed. See bench/run.sh.
func BenchmarkSync(b *testing.B) {
	top := b // owns the temp dirs that outlive a sub-benchmark
	ctx := context.Background()
	n := benchN(b)
	mb := newMailbox(b, n)
	// Warm Dovecot's indexes and the page cache, so that every contender
	// below meets the same warm server.
	cold, err := RawFetch(mb.server)
	if err != nil {
		b.Fatal(err)
	}
	note("cold raw fetch (Dovecot builds its indexes): %v", cold.Wall.Round(time.Millisecond))
	rates := map[string]float64{}
	walls := map[string]float64{} // seconds per run
	floor := func(name string, fetch func() (FloorResult, error)) {
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			cpu, server := selfCPU(), mb.srv.CPU()
			for i := 0; i < b.N; i++ {
				r, err := fetch()
				if err != nil {
					b.Fatal(err)
				}
				if r.Messages != n {
					b.Fatalf("fetched %d messages, want %d", r.Messages, n)
				}
				total += r.Wall
			}
			rates[name] = float64(n*b.N) / total.Seconds()
			walls[name] = total.Seconds() / float64(b.N)
			b.ReportMetric(rates[name], "msg/s")
			reportCPU(b, selfCPU()-cpu, mb.srv.CPU()-server)
		})
	}
	floor("floor-raw", func() (FloorResult, error) { return RawFetch(mb.server) })
	floor("floor-goimap", func() (FloorResult, error) { return GoIMAPFetch(ctx, mb.server, false) })
	floor("floor-goimap-parallel", func() (FloorResult, error) { return GoIMAPFetch(ctx, mb.server, true) })

	var index, cfg string
	b.Run("tend-initial", func(b *testing.B) {
		var total, cpu time.Duration
		var rss int64
		var phases Phases
		server := mb.srv.CPU()
		for i := 0; i < b.N; i++ {
			cfg, index = mb.config(top, mb.srv.Port)
			r, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync")
			if err != nil {
				b.Fatal(err)
			}
			total += r.Wall
			cpu += r.CPU
			rss = max(rss, r.MaxRSS)
			p, ok := ParsePhases(r.Stderr)
			if !ok {
				b.Fatalf("no sync phases in tend's debug log:\n%s", r.Stderr)
			}
			phases.Fetch += p.Fetch
			phases.WriterAfterFetch += p.WriterAfterFetch
			phases.IndexRebuild += p.IndexRebuild
		}
		reportCPU(b, cpu, mb.srv.CPU()-server)
		per := func(d time.Duration) float64 { return d.Seconds() / float64(b.N) }
		b.ReportMetric(per(phases.Fetch), "fetch-s")
		b.ReportMetric(per(phases.WriterAfterFetch)*1000, "tail-ms")
		b.ReportMetric(per(phases.IndexRebuild)*1000, "rebuild-ms")
		walls["fetch"] = per(phases.Fetch)
		rates["tend"] = float64(n*b.N) / total.Seconds()
		b.ReportMetric(rates["tend"], "msg/s")
		b.ReportMetric(float64(rss)/(1<<20), "MB-maxrss")
		b.Logf("tend initial sync of %d messages: %v per run, peak RSS %.1f MB", n, (total / time.Duration(b.N)).Round(time.Millisecond), float64(rss)/(1<<20))
	})
	b.Run("tend-replay", func(b *testing.B) { mb.replay(b, top, rates) })
	if index != "" { // unless -bench left tend-initial out
		mb.afterInitial(b, cfg, index, rates, walls)
	}
	if !HaveAlternative() {
		note("mbsync or mu not installed (apt-get install isync maildir-utils): comparison skipped")
		return
	}
	b.Run("mbsync-mu", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			a, err := RunAlternative(ctx, mb.server, mb.self, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			total += a.Total()
			b.Logf("mbsync %v + mu index %v + mu cfind %v = %v (%d contacts)", a.Mbsync.Round(time.Millisecond),
				a.MuIndex.Round(time.Millisecond), a.MuCfind.Round(time.Millisecond), a.Total().Round(time.Millisecond), a.Contacts)
		}
		rates["mbsync-mu"] = float64(n*b.N) / total.Seconds()
		b.ReportMetric(rates["mbsync-mu"], "msg/s")
	})
	if r := rates["mbsync-mu"]; r > 0 { // unless -bench left it out
		note("tend is %.1fx faster than mbsync + mu index + mu cfind", rates["tend"]/r)
	}
}

// replay measures tend's initial sync against a replay of Dovecot's answers
// to it (replay.go), which cost almost nothing to serve: tend's own rate,
// as if the server had a machine of its own. The first run's index is
// checked against the ground truth.
func (mb *mailbox) replay(b *testing.B, top testing.TB, rates map[string]float64) {
	ctx := context.Background()
	rp, port := mb.replayServer(b, top)
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		cfg, index := mb.config(top, port)
		r, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync")
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			if err := Verify(ctx, index, mb.truth); err != nil {
				b.Fatalf("after a sync from the replay: %v", err)
			}
		}
		total += r.Wall
		cpu += r.CPU
	}
	rates["tend-replay"] = float64(mb.truth.Messages*b.N) / total.Seconds()
	b.ReportMetric(rates["tend-replay"], "msg/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "client-cpu-s")
	b.Logf("tend initial sync from a replay of %d commands: %v per run", rp.Commands(), (total / time.Duration(b.N)).Round(time.Millisecond))
}

// replayServer records one initial tend sync through a proxy to Dovecot
// and serves the recording on the returned port until the test ends.
func (mb *mailbox) replayServer(t, top testing.TB) (*Replay, int) {
	t.Helper()
	rp := NewReplay()
	rec, err := rp.Record(mb.srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := mb.config(top, rec.Port())
	_, err = RunTend(context.Background(), mb.bin, mb.env, "--config", cfg, "sync")
	if cerr := rec.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	port, stop, err := rp.Serve()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return rp, port
}

// afterInitial checks the initial sync's index against the ground truth,
// notes the ratios to the floors, then measures a no-change re-sync and an
// incremental sync of 100 new messages on cfg, through a proxy that counts
// the commands.
func (mb *mailbox) afterInitial(b *testing.B, cfg, index string, rates, walls map[string]float64) {
	ctx := context.Background()
	if err := Verify(ctx, index, mb.truth); err != nil {
		b.Fatalf("after the initial sync: %v", err)
	}
	note("index matches the ground truth: %d people, %d interactions", len(mb.truth.Last), mb.truth.Personal)
	for _, f := range []string{"floor-raw", "floor-goimap", "floor-goimap-parallel"} {
		if rates[f] > 0 { // unless -bench left it out
			note("tend / %s = %.0f%%", f, 100*rates["tend"]/rates[f])
		}
	}
	if r := rates["tend-replay"]; r > 0 && rates["floor-raw"] > 0 {
		note("tend from a replay of Dovecot's answers (the server's cost taken out) / floor-raw = %.0f%%", 100*r/rates["floor-raw"])
	}
	// The fetch phase alone (tend's connections, classification and writes
	// overlapped) against the floor that reads each folder on a connection
	// of its own.
	if walls["floor-goimap-parallel"] > 0 {
		note("tend's fetch phase %.3fs = %.0f%% of floor-goimap-parallel's rate", walls["fetch"],
			100*walls["floor-goimap-parallel"]/walls["fetch"])
	}

	p, err := faultproxy.Start(mb.srv.Addr)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	proxied := strings.Replace(readFile(b, cfg), "port = "+strconv.Itoa(mb.srv.Port), "port = "+strconv.Itoa(p.Port()), 1)
	writeFile(b, cfg, proxied)
	b.Run("tend-nochange", func(b *testing.B) {
		p.ResetCounts()
		var total time.Duration
		for i := 0; i < b.N; i++ {
			r, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync")
			if err != nil {
				b.Fatal(err)
			}
			total += r.Wall
		}
		reportCommands(b, p, b.N)
		if got := p.Commands()["UID FETCH"] + p.Commands()["FETCH"]; got != 0 {
			b.Fatalf("a no-change re-sync sent %d FETCH commands", got)
		}
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/resync")
	})
	b.Run("tend-incremental100", func(b *testing.B) {
		p.ResetCounts()
		var total time.Duration
		for i := 0; i < b.N; i++ {
			_, err := Generate(Options{N: 100, Seed: uint64(1000 + i)}, func(m Message) error {
				mb.srv.Deliver(b, FolderInbox, m.Raw, time.Now(), m.Flags)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			r, err := RunTend(ctx, mb.bin, mb.env, "--config", cfg, "sync")
			if err != nil {
				b.Fatal(err)
			}
			if !strings.Contains(r.Stderr, "fetched=100 ") {
				b.Fatalf("incremental sync did not fetch exactly the 100 new messages: %s", r.Stderr)
			}
			total += r.Wall
		}
		reportCommands(b, p, b.N)
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/sync")
	})
}

// note prints a summary line of the whole run (a parent benchmark's own
// log is not shown when its sub-benchmarks pass).
func note(format string, args ...any) { fmt.Printf("    "+format+"\n", args...) }

// reportCommands reports the IMAP commands per sync the proxy counted.
func reportCommands(b *testing.B, p *faultproxy.Proxy, runs int) {
	cmds := p.Commands()
	total := 0
	for _, v := range cmds {
		total += v
	}
	b.ReportMetric(float64(total)/float64(runs), "cmds/sync")
	b.ReportMetric(float64(cmds["UID FETCH"])/float64(runs), "fetches/sync")
	b.Logf("commands per sync: %v", fmt.Sprint(cmds))
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// selfCPU is this process's user and system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the client's and Dovecot's processor time per run: on
// a machine with few cores their sum, not the network, bounds the wall time.
func reportCPU(b *testing.B, client, server time.Duration) {
	b.ReportMetric(client.Seconds()/float64(b.N), "client-cpu-s")
	b.ReportMetric(server.Seconds()/float64(b.N), "server-cpu-s")
}
