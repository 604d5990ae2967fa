package sqlitex

import (
	"context"
	"database/sql"
)

// Tx is a transaction whose statements are prepared once: a page of pulled
// records or a push batch runs the same few statements hundreds of times.
type Tx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

// NewTx wraps tx.
func NewTx(tx *sql.Tx) *Tx { return &Tx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

// Stmt returns query prepared in this transaction, once.
func (tx *Tx) Stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

// ExecContext runs query through its prepared statement.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.Stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// QueryRowContext runs query through its prepared statement.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := tx.Stmt(ctx, query)
	if err != nil {
		return tx.Tx.QueryRowContext(ctx, query, args...) // reports the error
	}
	return st.QueryRowContext(ctx, args...)
}

// QueryContext runs query through its prepared statement.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := tx.Stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}
