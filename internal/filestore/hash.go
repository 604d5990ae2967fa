package filestore

import (
	"crypto/sha256"
	"hash"
	"sync"
)

// asyncHash is a SHA-256 computed on its own goroutine from copies of
// what is written to it, so that hashing and sealing a file run on two
// cores at once. Sum waits for what was written.
type asyncHash struct {
	h    hash.Hash
	in   chan []byte
	done chan struct{}
	pool sync.Pool
	once sync.Once
}

func newAsyncHash() *asyncHash {
	a := &asyncHash{h: sha256.New(), in: make(chan []byte, 8), done: make(chan struct{})}
	a.pool.New = func() any { return make([]byte, 0, 64<<10) }
	go func() {
		defer close(a.done)
		for b := range a.in {
			a.h.Write(b)
			a.pool.Put(b[:0]) //nolint:staticcheck // a slice header is small
		}
	}()
	return a
}

func (a *asyncHash) Write(p []byte) (int, error) {
	b := append(a.pool.Get().([]byte)[:0], p...)
	a.in <- b
	return len(p), nil
}

// stop ends the goroutine (Sum does too); safe to call twice.
func (a *asyncHash) stop() {
	a.once.Do(func() { close(a.in) })
	<-a.done
}

func (a *asyncHash) Sum(b []byte) []byte {
	a.stop()
	return a.h.Sum(b)
}

func (a *asyncHash) Reset()         { panic("filestore: an async hash is not reused") }
func (a *asyncHash) Size() int      { return sha256.Size }
func (a *asyncHash) BlockSize() int { return sha256.BlockSize }

// summer is what Put hashes with: a plain or an async SHA-256.
type summer interface {
	Write(p []byte) (int, error)
	Sum(b []byte) []byte
}
