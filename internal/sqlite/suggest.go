package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// vocabScan bounds the words read from one letter's part of the index's
// vocabulary when looking for a near word: years of records hold some ten
// thousand words beginning with one letter.
const vocabScan = 50000

// nearChoices is how many near words of each word a suggestion tries.
const nearChoices = 3

// SuggestQuery returns what the user probably meant when typed finds
// nothing: each word that alone finds nothing is replaced by the indexed
// word one letter away (a letter missing, one too many, a wrong one or two
// swapped) that most activities hold. It returns "" when typed finds
// something, or nothing near it does.
func (s *ActivityService) SuggestQuery(ctx context.Context, typed string) (string, error) {
	var out string
	err := s.db.view(ctx, func(tx *sql.Tx) error {
		words := queryWords(typed)
		if len(words) == 0 {
			return nil
		}
		if found, err := anyMatch(ctx, tx, ftsQuery(typed)); err != nil || found {
			return err
		}
		// Each word that finds nothing alone, with its nearest words.
		choices := make([][]string, len(words))
		changed := false
		for i, w := range words {
			choices[i] = []string{w}
			found, err := anyMatch(ctx, tx, ftsQuery(w))
			if err != nil {
				return err
			}
			if found {
				continue
			}
			near, err := nearWords(ctx, tx, w, nearChoices)
			if err != nil {
				return err
			}
			if len(near) > 0 {
				choices[i], changed = near, true
			}
		}
		if !changed {
			return nil
		}
		if len(words) == 1 {
			out = choices[0][0] // a word of the index: it finds
			return respell(ctx, tx, &out)
		}
		// The first combination, nearest words first, that finds something
		// (each word alone does; together they may not).
		var try func(i int, picked []string) error
		try = func(i int, picked []string) error {
			if out != "" {
				return nil
			}
			if i == len(choices) {
				q := strings.Join(picked, " ")
				found, err := anyMatch(ctx, tx, ftsQuery(q))
				if found {
					out = q
				}
				return err
			}
			for _, c := range choices[i] {
				if err := try(i+1, append(picked, c)); err != nil {
					return err
				}
			}
			return nil
		}
		if err := try(0, nil); err != nil || out == "" {
			return err
		}
		return respell(ctx, tx, &out)
	})
	if err != nil {
		return "", fmt.Errorf("suggest a search for %q: %w", typed, err)
	}
	return out, nil
}

// anyMatch tells whether the full-text query q finds an activity, without
// counting them all.
func anyMatch(ctx context.Context, tx *sql.Tx, q string) (bool, error) {
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM activity_fts WHERE activity_fts MATCH ? LIMIT 1`, q).Scan(new(int))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// nearWords returns up to limit beginnings of indexed words that are one
// letter away from w, nearest first (see the order below). Words are read
// from the vocabulary by their first letter — w's, and its second's for a
// letter typed before the word.
func nearWords(ctx context.Context, tx *sql.Tx, w string, limit int) ([]string, error) {
	r := []rune(w)
	docs := map[string]int{}
	whole := map[string]bool{}
	// scan reads the words from prefix up to the next prefix. fts5vocab
	// counts each word's activities by reading its list: the narrower the
	// part, the faster.
	scan := func(prefix []rune) error {
		next := append([]rune(nil), prefix...)
		next[len(next)-1]++
		rows, err := tx.QueryContext(ctx, `SELECT term, doc FROM activity_vocab WHERE term >= ? AND term < ? LIMIT ?`,
			string(prefix), string(next), vocabScan)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var term string
			var n int
			if err := rows.Scan(&term, &n); err != nil {
				return err
			}
			t := []rune(term)
			for _, l := range []int{len(r) + 1, len(r), len(r) - 1} {
				if l < 2 || l > len(t) || !oneEditApart(r, t[:l]) {
					continue
				}
				p := string(t[:l])
				docs[p] += n
				whole[p] = whole[p] || l == len(t)
			}
		}
		return rows.Err()
	}
	// Most slips are inside a word: first the words that begin with w's
	// first two letters; then, when none is near, those that begin with its
	// first letter, or its second (a letter typed before the word).
	if len(r) >= 4 {
		if err := scan(r[:2]); err != nil {
			return nil, err
		}
	}
	if len(docs) == 0 {
		for _, prefix := range [][]rune{r[:1], r[1:2]} {
			if err := scan(prefix); err != nil {
				return nil, err
			}
		}
	}
	var best []string
	for p := range docs {
		best = append(best, p)
	}
	// Dropping the last letter typed widens the search most and guesses
	// least: last. Then the most activities, a whole word, the longer.
	cut := string(r[:len(r)-1])
	sort.Slice(best, func(i, j int) bool {
		a, b := best[i], best[j]
		if (a == cut) != (b == cut) {
			return b == cut
		}
		if docs[a] != docs[b] {
			return docs[a] > docs[b]
		}
		if whole[a] != whole[b] {
			return whole[a]
		}
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	if len(best) > limit {
		best = best[:limit]
	}
	return best, nil
}

// oneEditApart tells whether a becomes b by one letter added, removed or
// changed, or two neighbours swapped.
func oneEditApart(a, b []rune) bool {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	same := func(x, y []rune) bool { return string(x) == string(y) }
	switch len(a) - len(b) {
	case 0:
		if i == len(a) {
			return false // the same word
		}
		return same(a[i+1:], b[i+1:]) ||
			i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && same(a[i+2:], b[i+2:])
	case 1:
		return same(a[i+1:], b[i:])
	case -1:
		return same(a[i:], b[i+1:])
	}
	return false
}

// respell writes the words of the folded query q as an activity that holds
// them spells them ("muellimler" → "müəllimlər"): folding keeps one letter
// for one, so the beginning of the word as written is as long as the
// folded one. A word no activity writes (a place's other spelling) stays.
func respell(ctx context.Context, tx *sql.Tx, q *string) error {
	words := strings.Fields(*q)
	for i, w := range words {
		// The whole word first: one list read lazily; a word's beginning
		// merges the lists of every word it begins.
		var text string
		var err error
		for _, match := range []string{`"` + w + `"`, `"` + w + `"*`} {
			err = tx.QueryRowContext(ctx, `SELECT a.title || ' ' || a.settlement || ' ' || a.partners || ' ' || a.description
				|| ' ' || a.results || ' ' || a.follow_up || ' ' || a.recorded_by FROM activities a
				WHERE a.n = (SELECT rowid & 4294967295 FROM activity_fts WHERE activity_fts MATCH ? LIMIT 1)`, match).Scan(&text)
			if !errors.Is(err, sql.ErrNoRows) {
				break
			}
		}
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		n := utf8.RuneCountInString(w)
		for _, t := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if r := []rune(t); len(r) >= n && Fold(string(r[:n])) == w {
				words[i] = strings.ToLower(string(r[:n]))
				if strings.ContainsAny(words[i], "İI") || Fold(words[i]) != w {
					words[i] = string(r[:n]) // Azerbaijani İ/I lower-case otherwise than strings.ToLower
				}
				break
			}
		}
	}
	*q = strings.Join(words, " ")
	return nil
}
