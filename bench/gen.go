// Package bench holds tend's benchmarks against a real Dovecot: a generator
// of large realistic mailboxes with ground truth, the floors tend is compared
// with (a raw socket reader and plain go-imap issuing the same UID FETCH),
// and helpers that measure a `tend sync` child process (wall time, peak RSS,
// commands sent). The benchmarks themselves are in bench_test.go; run them
// with bench/run.sh.
package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Folders a generated mailbox uses.
const (
	FolderInbox   = "INBOX"
	FolderSent    = "Sent"
	FolderArchive = "Archive"
)

// Options configure Generate. Zero fields have defaults.
type Options struct {
	N     int       // messages; default 1000
	Seed  uint64    // default 1; same options, same mailbox
	Now   time.Time // "today"; zero means 2026-11-25
	Years int       // history span; default 5
	// People is the number of correspondents; default N/10 (at least 20).
	People int
	Self   string // the user's address; default "me@tend-bench.example"
}

func (o *Options) defaults() {
	if o.N <= 0 {
		o.N = 1000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	}
	if o.Years <= 0 {
		o.Years = 5
	}
	if o.People <= 0 {
		o.People = max(20, o.N/10)
	}
	if o.Self == "" {
		o.Self = "me@tend-bench.example"
	}
}

// Message is one generated message.
type Message struct {
	Folder       string
	Raw          []byte // CRLF line ends, headers and a short body
	InternalDate time.Time
	Flags        string // maildir flags, e.g. "S"
}

// Truth is what the generator planted: for every person the user was in
// personal touch with, the time of the last contact (UTC, whole seconds),
// and the addresses that must never become people (robots, newsletters,
// people only seen on mass mail or in Cc of mail to the user).
type Truth struct {
	Last     map[string]time.Time
	NotCount map[string]bool
	Messages int // messages generated
	Personal int // messages that create contact
}

// person is one correspondent.
type person struct {
	name, email string
}

// Generate produces o.N messages, calling emit for each in order, and
// returns the ground truth. Messages are not kept in memory.
func Generate(o Options, emit func(Message) error) (Truth, error) {
	o.defaults()
	g := newGen(o)
	for i := 0; i < o.N; i++ {
		m := g.next(i)
		if err := emit(m); err != nil {
			return g.truth, fmt.Errorf("emitting message %d: %w", i, err)
		}
		g.truth.Messages++
	}
	return g.truth, nil
}

type gen struct {
	o      Options
	r      *rand.Rand
	zipf   *rand.Zipf
	people []person
	start  time.Time
	span   int64 // seconds
	truth  Truth
	lastID map[int]string // person -> last Message-ID, for threads
}

func newGen(o Options) *gen {
	r := rand.New(rand.NewPCG(o.Seed, 0x7e4d))
	g := &gen{
		o: o, r: r,
		zipf:   rand.NewZipf(r, 1.15, 2, uint64(o.People-1)),
		start:  o.Now.AddDate(-o.Years, 0, 0),
		truth:  Truth{Last: map[string]time.Time{}, NotCount: map[string]bool{}},
		lastID: map[int]string{},
	}
	g.span = int64(o.Now.Sub(g.start) / time.Second)
	g.people = make([]person, o.People)
	for i := range g.people {
		g.people[i] = g.newPerson(i)
	}
	return g
}

var (
	firstNames = []string{"Ada", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Günter", "Hana", "Ivan", "Jane",
		"Kofi", "Lena", "Marta", "Noé", "Olga", "Pavel", "Quinn", "Rosa", "Søren", "Tomás", "Uma", "Víctor",
		"Wen", "Xavier", "Yuki", "Zoë"}
	lastNames = []string{"Okafor", "Müller", "Dubois", "Ivanova", "Yılmaz", "Haddad", "Schmidt", "Tanaka",
		"Petrov", "Doe", "Mensah", "Berg", "García", "Lefèvre", "Novak", "Kowalski", "Reyes", "Rossi",
		"Jørgensen", "Ferreira", "Iyer", "Ortega", "Li", "Moreau", "Sato", "Weiß"}
	companies = []string{"acme-robotics.com", "globex.io", "initech.net", "umbrella.org", "hooli.com",
		"stark-industries.com", "wayne.co", "tyrell.ai", "cyberdyne.systems", "soylent.example",
		"gmail.com", "outlook.com", "yahoo.fr", "gmx.de", "proton.me"}
)

func (g *gen) newPerson(i int) person {
	first := firstNames[i%len(firstNames)]
	last := lastNames[(i/len(firstNames))%len(lastNames)]
	dom := companies[g.r.IntN(len(companies))]
	local := strings.ToLower(ascii(first) + "." + ascii(last))
	name := first + " " + last
	// Names stay unique (tend may treat one name as one person): a middle
	// initial, then a generation suffix.
	if k := i / (len(firstNames) * len(lastNames)); k > 0 {
		name = fmt.Sprintf("%s %c. %s", first, 'A'+rune((k-1)%26), last)
		if g := (k - 1) / 26; g > 0 {
			name += fmt.Sprintf(" %d", g+1)
		}
	}
	return person{name: name, email: fmt.Sprintf("%s%d@%s", local, i, dom)}
}

// ascii drops the accents from a name for its address.
func ascii(s string) string {
	r := strings.NewReplacer("é", "e", "è", "e", "ü", "u", "ö", "o", "ø", "o", "ß", "ss", "á", "a",
		"í", "i", "ı", "i", "ë", "e", "ç", "c")
	return r.Replace(s)
}
