package bench

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	LaunchMain()
	os.Exit(m.Run())
}
