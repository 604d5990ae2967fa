package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ngo-alliance/alliance/internal/bundle"
	"github.com/ngo-alliance/alliance/internal/safefile"
	"github.com/ngo-alliance/alliance/internal/syncserver"
)

// importBundle applies a laptop's bundle file and writes its reply (to
// reply, or beside the bundle).
func importBundle(ctx context.Context, s *syncserver.Store, file, reply string, out io.Writer) error {
	if reply == "" {
		reply = strings.TrimSuffix(file, bundle.OutSuffix) + bundle.ReplySuffix
	}
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	var res *syncserver.ImportResult
	err = safefile.Write(reply, func(w io.Writer) (err error) {
		res, err = s.ImportBundle(ctx, in, w)
		return err
	})
	if err != nil {
		return err
	}
	if res.Erased {
		fmt.Fprintf(out, "laptop %s (%s) was revoked as lost: nothing applied; the reply in %s tells it to erase the children's data\n",
			res.Device.Name, res.Device.ID, reply)
		return nil
	}
	fmt.Fprintf(out, "laptop %s (%s): changes acknowledged up to %d, %d set aside, %d files taken\n",
		res.Device.Name, res.Device.ID, res.Acked, res.SetAside, res.Files)
	if res.PushError != "" {
		fmt.Fprintln(out, "its changes stopped:", res.PushError)
	}
	fmt.Fprintf(out, "reply with %d records and %d files written to %s: give it back to the laptop\n", res.Records, res.Sent, reply)
	return nil
}
