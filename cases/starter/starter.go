// Package starter holds the minimal case `gridflip init` writes: a
// commented case.toml (one site, one hall, a horizon, finance) and a year
// of synthetic hourly prices, embedded so that a binary built by go
// install writes them with no checkout around. It only holds the data and
// writes it; cmd/gridflip decides where.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// files are the starter case's files.
//
//go:embed case.toml prices.csv
var files embed.FS

// Files lists the starter case's file names, in the order Write writes
// them.
func Files() []string { return []string{"case.toml", "prices.csv"} }

// File returns the bytes of one of the starter case's files.
func File(name string) ([]byte, error) { return files.ReadFile(name) }

// ErrNotEmpty is returned by Write for a directory that holds anything.
var ErrNotEmpty = errors.New("not empty")

// Write writes the starter case into dir: created when missing, refused
// when it is a file or a non-empty directory (nothing is written then).
// Each file is created exclusively, so a file that appears meanwhile is
// never replaced.
func Write(dir string) error {
	if err := checkTarget(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	for _, name := range Files() {
		data, err := File(name)
		if err != nil {
			return fmt.Errorf("starter case: %w", err)
		}
		if err := writeNew(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

// checkTarget refuses a path that is a file (or a link, a device...) or a
// directory with entries.
func checkTarget(dir string) error {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s: is a file, not a directory; name a new or empty directory", dir)
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err == nil {
		return fmt.Errorf("%s: %w; name a new or empty directory (nothing was written)", dir, ErrNotEmpty)
	} else if !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// writeNew creates path exclusively and writes data to it; a failed write
// removes the part written.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
