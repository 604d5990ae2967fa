package env

import (
	"context"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Jobs runs work off the UI goroutine and brings its end back to it. In
// queue mode (tests, screenshots) work coming back waits until Wait runs it
// on the caller's goroutine, so that the UI stays single-threaded as it is
// under the real driver.
type Jobs struct {
	ctx    context.Context
	cancel context.CancelFunc
	bg     sync.WaitGroup // work in flight, for Wait
	queue  bool
	mu     sync.Mutex
	queued []func()
}

// NewJobs returns Jobs whose work stops at Close; queue says whether work
// coming back waits for Wait.
func NewJobs(queue bool) *Jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &Jobs{ctx: ctx, cancel: cancel, queue: queue}
}

// SetQueue turns queue mode on or off (before any work starts).
func (j *Jobs) SetQueue(on bool) { j.queue = on }

// Go runs work in a goroutine; done (may be nil) then runs on the UI
// goroutine with work's error (logged when done is nil).
func (j *Jobs) Go(work func(ctx context.Context) error, done func(err error)) {
	go j.Job(work, done)()
}

// Job wraps work and done as one unit of work, counted for Wait, to be run
// on any goroutine.
func (j *Jobs) Job(work func(ctx context.Context) error, done func(err error)) func() {
	j.bg.Add(1)
	return func() {
		defer j.bg.Done()
		err := work(j.ctx)
		if err != nil && done == nil {
			log.Printf("ui: %v", err)
		}
		if done != nil {
			j.Post(func() { done(err) })
		}
	}
}

// Post runs fn on the UI goroutine; after Close, never.
func (j *Jobs) Post(fn func()) {
	if j.ctx.Err() != nil {
		return // the window is gone
	}
	if !j.queue {
		fyne.Do(fn)
		return
	}
	j.mu.Lock()
	j.queued = append(j.queued, fn)
	j.mu.Unlock()
}

// After runs fn on the UI goroutine after d, unless stop is called first.
func (j *Jobs) After(d time.Duration, fn func()) (stop func()) {
	j.bg.Add(1)
	var once sync.Once
	finish := func() { once.Do(j.bg.Done) }
	t := time.AfterFunc(d, func() {
		j.Post(fn)
		finish()
	})
	return func() {
		if t.Stop() {
			finish()
		}
	}
}

// Wait blocks until no work is in flight and, in queue mode, runs what it
// sent back to the UI, until nothing is left (for tests and screenshots,
// called on the goroutine that drives the UI).
func (j *Jobs) Wait() {
	for {
		j.bg.Wait()
		j.mu.Lock()
		q := j.queued
		j.queued = nil
		j.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			fn()
		}
	}
}

// Close cancels the context work runs with.
func (j *Jobs) Close() { j.cancel() }

// Serial runs jobs one after another, in the order they came.
type Serial struct {
	mu      sync.Mutex
	jobs    []func()
	running bool
}

// Add queues job (from Jobs.Job) to run after those before it.
func (q *Serial) Add(job func()) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	start := !q.running
	q.running = true
	q.mu.Unlock()
	if start {
		go q.run()
	}
}

func (q *Serial) run() {
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		job := q.jobs[0]
		q.jobs = q.jobs[1:]
		q.mu.Unlock()
		job()
	}
}

// Queued tells whether work coming back waits for Wait (tests).
func (j *Jobs) Queued() bool { return j.queue }
