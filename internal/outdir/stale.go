package outdir

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// removeStaleStages removes the staging directories for dir left by runs
// killed more than a day ago: only directories named like gridflip's
// stages that hold gridflip's marker, so a directory of the user's that
// merely has such a name is never touched.
func removeStaleStages(parent, dir string) {
	names, err := readDirNames(parent)
	if err != nil {
		return
	}
	prefix := stagePrefix + stageInfix(dir) + "-"
	for _, name := range names {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		path := filepath.Join(parent, name)
		info, err := os.Lstat(path)
		if err != nil || !info.IsDir() || time.Since(info.ModTime()) < staleAge*time.Second {
			continue
		}
		if isStage(path) {
			os.RemoveAll(path)
		}
	}
}

// isStage reports whether path holds gridflip's stage marker.
func isStage(path string) bool {
	info, err := os.Lstat(filepath.Join(path, markerName))
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(markerText)) {
		return false
	}
	data, err := os.ReadFile(filepath.Join(path, markerName))
	return err == nil && bytes.Equal(data, []byte(markerText))
}
