package sqlite_test

import (
	"encoding/json"
	"os"
	"testing"
)

func TestZZGen(t *testing.T) {
	as := demoActivities(50000, 3)
	b, _ := json.Marshal(as)
	os.WriteFile("/tmp/exp/acts.json", b, 0o644)
}
