package env

import (
	"context"
	"errors"
	"testing"
)

// TestJobs_Go: work runs off the caller's goroutine and its end comes back
// at Wait, in queue mode, with work's error; after Close nothing comes
// back to a window that is gone.
func TestJobs_Go(t *testing.T) {
	j := NewJobs(true)
	boom := errors.New("boom")
	var got []error
	j.Go(func(context.Context) error { return boom }, func(err error) { got = append(got, err) })
	j.Go(func(context.Context) error { return nil }, func(err error) { got = append(got, err) })
	if len(got) != 0 {
		t.Fatal("an end came back before Wait")
	}
	j.Wait()
	if len(got) != 2 || (got[0] != boom && got[1] != boom) {
		t.Fatalf("ends %v", got)
	}
	j.Close()
	ran := false
	j.Go(func(ctx context.Context) error { return ctx.Err() }, func(error) { ran = true })
	j.Post(func() { ran = true })
	j.Wait()
	if ran {
		t.Fatal("something came back after Close")
	}
}

// TestSerial_Order: jobs added one after another run in that order.
func TestSerial_Order(t *testing.T) {
	j := NewJobs(true)
	var q Serial
	var order []int
	for i := range 20 {
		q.Add(j.Job(func(context.Context) error { order = append(order, i); return nil }, nil))
	}
	j.Wait()
	for i, v := range order {
		if v != i {
			t.Fatalf("order %v", order)
		}
	}
	if len(order) != 20 {
		t.Fatalf("%d of 20 ran", len(order))
	}
}
