package benchdata

import (
	"sort"
	"time"
)

// Percentile returns the p-th percentile (0–100) of ds.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// Ms returns d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// KeepMin keeps in *best the shortest of the times it is given (zero:
// none yet): the best of runs alternated on a noisy machine.
func KeepMin(best *time.Duration, d time.Duration) {
	if *best == 0 || d < *best {
		*best = d
	}
}
