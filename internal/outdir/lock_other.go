//go:build !unix

package outdir

import (
	"context"
	"io/fs"
)

// lock does nothing on systems without flock: concurrent runs to one
// directory are not serialized there (each publish is still whole).
func lock(ctx context.Context, _ string) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return func() {}, nil
}

// sameDevice cannot tell mount points apart here.
func sameDevice(fs.FileInfo, fs.FileInfo) bool { return true }
