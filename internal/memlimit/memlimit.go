// Package memlimit estimates the memory a run needs from its size and
// reads the memory the process may use, so that a run too large for the
// machine is refused before it starts instead of crashing half-way (a Go
// out-of-memory error cannot be recovered, and the kernel's OOM killer
// leaves no message at all).
package memlimit

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// ErrResource marks a run refused because it needs more memory than the
// process may use (exit code 5).
var ErrResource = errors.New("resource limit")

// EnvVar overrides the detected limit with a number of bytes: for tests,
// and for operators who know better than the detection (a shared machine,
// or a limit the detection cannot see).
const EnvVar = "GRIDFLIP_MEMORY_LIMIT_BYTES"

// Calibration of Estimate (README "Limits"), from the peak resident memory
// (Go and HiGHS together) of real runs on linux/amd64:
//
//	run (sites × hours × scenarios)                    peak     estimate
//	1,000 × 8,760, one year, 3 halls a site             110 MB   113 MB
//	10,000 × 8,760, one year, 3 halls a site            563 MB   550 MB
//	100 × 8,760 × 20 scenarios                          170 MB   161 MB
//	100 × 87,600 (10 years, 5 halls a site)             317 MB   332 MB
//	10 × 87,600 × 10 scenarios (10 years)               511 MB   332 MB
//	2 × 168 × 1,000 scenarios (the small case)           86 MB    77 MB
//	1,000 × 8,760 monolithic (before the fast path)    10.6 GB   8.4 GB
//
// The figures sit at or a little below most runs: the check refuses runs
// that cannot fit, not one that might.
const (
	// BaseBytes is a run's fixed cost: the binary, HiGHS, the runtime.
	BaseBytes = 64 << 20
	// BytesPerSiteHour is the cost of one site-hour of one scenario on the
	// fast path over one year: the site's series and its dispatch.
	BytesPerSiteHour = 5
	// BytesPerSiteHourYears replaces it with a [horizon] of several
	// years, whose per-year series and results cost more.
	BytesPerSiteHourYears = 32
	// BytesPerSiteScenario is the fixed cost of one site in one scenario
	// (its inputs, its block and its results).
	BytesPerSiteScenario = 4 << 10
	// BytesPerHallScenario is the fixed cost of one candidate hall in one
	// scenario.
	BytesPerHallScenario = 1 << 10
	// BytesPerSiteHourMonolithic is the cost of one site-hour in a
	// monolithic model (--method monolithic, export): HiGHS holds every
	// column and row at once, and branch and bound copies them.
	BytesPerSiteHourMonolithic = 1024
)

// Address space is not resident memory: the Go runtime reserves heap
// arenas and page summaries ahead of use, and every thread (HiGHS's too)
// an 8 MB stack. A run needs AddressSpaceReserve plus AddressSpaceFactor ×
// its estimate of address space. Measured under ulimit -v: the runtime
// cannot start below about 1.35 GB (it exits 2 before gridflip's code
// runs, which nothing in gridflip can change); the small case plans at
// 2.0 GB (at 1.6 GB HiGHS fails to load); 1,000 sites × 8,760 h (110 MB
// resident) crash at 1.7 GB and plan at 2.5 GB.
const (
	AddressSpaceReserve = 1280 << 20
	AddressSpaceFactor  = 8
)

// Size is what a run's memory grows with.
type Size struct {
	Sites, Halls int  // the case's sites and candidate halls
	Hours        int  // model hours: with a horizon, every year's
	Years        int  // the horizon's years (0 or 1: one window)
	Scenarios    int  // the scenarios of a stochastic plan (0 or 1: one)
	Monolithic   bool // the whole model is built at once (no fast path)
	Parallel     int  // runs at once (a sweep's workers; 0 or 1: one)
}

// Estimate returns the bytes a run of size s needs, saturating at the
// largest uint64.
func Estimate(s Size) uint64 {
	perSiteHour := float64(BytesPerSiteHour)
	switch {
	case s.Monolithic:
		perSiteHour = BytesPerSiteHourMonolithic
	case s.Years > 1:
		perSiteHour = BytesPerSiteHourYears
	}
	scenarios := float64(max(s.Scenarios, 1))
	one := scenarios * (perSiteHour*float64(s.Sites)*float64(s.Hours) +
		BytesPerSiteScenario*float64(s.Sites) + BytesPerHallScenario*float64(s.Halls))
	total := BaseBytes + one*float64(max(s.Parallel, 1))
	if total >= math.MaxUint64 {
		return math.MaxUint64
	}
	return uint64(total)
}

// Limit is the memory the process may use.
type Limit struct {
	Bytes  uint64 // resident memory; 0: unknown (nothing is refused)
	Source string // where Bytes comes from, for messages
	// AddressSpace is the address-space limit (ulimit -v, RLIMIT_AS),
	// 0 when there is none.
	AddressSpace uint64
}

// Check refuses a run whose estimate exceeds the limit, or whose address
// space (see AddressSpaceReserve) exceeds the address-space limit, with an
// error wrapping ErrResource that gives both.
func (l Limit) Check(s Size) error {
	need := Estimate(s)
	const advice = "plan fewer sites, hours, years or scenarios, or run it on a larger machine"
	if l.Bytes > 0 && need > l.Bytes {
		return fmt.Errorf("%w: this run (%s) needs about %s of memory, more than the %s of %s: %s (%s overrides the limit)",
			ErrResource, describe(s), FormatBytes(need), FormatBytes(l.Bytes), l.Source, advice, EnvVar)
	}
	space := float64(AddressSpaceReserve) + AddressSpaceFactor*float64(need)
	if l.AddressSpace > 0 && space > float64(l.AddressSpace) {
		return fmt.Errorf("%w: this run (%s) needs about %s of memory and %s of address space, more than the %s of the address-space limit (ulimit -v, RLIMIT_AS): %s, or raise ulimit -v",
			ErrResource, describe(s), FormatBytes(need), FormatBytes(uint64(min(space, math.MaxUint64/2))), FormatBytes(l.AddressSpace), advice)
	}
	return nil
}

// describe names a run's size for messages.
func describe(s Size) string {
	d := fmt.Sprintf("%d sites, %d halls, %d hours", s.Sites, s.Halls, s.Hours)
	if s.Years > 1 {
		d += fmt.Sprintf(" over %d years", s.Years)
	}
	if s.Scenarios > 1 {
		d += fmt.Sprintf(", %d scenarios", s.Scenarios)
	}
	if s.Monolithic {
		d += ", one monolithic model"
	}
	if s.Parallel > 1 {
		d += fmt.Sprintf(", %d at once", s.Parallel)
	}
	return d
}

// FormatBytes writes n as bytes, MB or GB (of 2^20 and 2^30 bytes).
func FormatBytes(n uint64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%d bytes", n)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Sources are where the limit is read from; Default reads the system's.
type Sources struct {
	ReadFile     func(name string) ([]byte, error)
	AddressSpace func() (uint64, bool) // RLIMIT_AS, when set
	Getenv       func(key string) string
}

// Default returns the system's sources.
func Default() Sources {
	return Sources{ReadFile: os.ReadFile, AddressSpace: addressSpace, Getenv: os.Getenv}
}

// Limit returns the least of the machine's memory (/proc/meminfo
// MemTotal) and the cgroup's limit (v2 memory.max, v1
// memory.limit_in_bytes), and the address-space limit (ulimit -v); EnvVar,
// when set, replaces them all. A zero Limit means none is known. The only
// error is an EnvVar that is not a positive whole number of bytes.
func (s Sources) Limit() (Limit, error) {
	if v := s.Getenv(EnvVar); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 {
			return Limit{}, fmt.Errorf("%s=%q: want a positive whole number of bytes", EnvVar, v)
		}
		return Limit{Bytes: n, Source: EnvVar}, nil
	}
	var l Limit
	least := func(n uint64, source string) {
		if n > 0 && (l.Bytes == 0 || n < l.Bytes) {
			l = Limit{Bytes: n, Source: source}
		}
	}
	least(s.memTotal(), "the machine's memory (/proc/meminfo MemTotal)")
	for _, name := range s.cgroupFiles() {
		least(s.number(name), fmt.Sprintf("the cgroup's limit (%s)", name))
	}
	if n, ok := s.AddressSpace(); ok {
		l.AddressSpace = n
	}
	return l, nil
}

// memTotal reads MemTotal from /proc/meminfo, in bytes (0 if unknown).
func (s Sources) memTotal() uint64 {
	data, err := s.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			if n, err := strconv.ParseUint(f[1], 10, 64); err == nil && n < math.MaxUint64>>10 {
				return n << 10
			}
		}
	}
	return 0
}

// cgroupFiles are the cgroup limit files to read: at the cgroup root (a
// container's own) and under the process's cgroup path, v2 and v1.
func (s Sources) cgroupFiles() []string {
	files := []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}
	data, err := s.ReadFile("/proc/self/cgroup")
	if err != nil {
		return files
	}
	for _, line := range strings.Split(string(data), "\n") {
		// "0::/path" (v2) or "4:memory:/path" (v1).
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 || parts[2] == "/" || strings.Contains(parts[2], "..") {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			files = append(files, "/sys/fs/cgroup"+parts[2]+"/memory.max")
		case parts[1] == "memory":
			files = append(files, "/sys/fs/cgroup/memory"+parts[2]+"/memory.limit_in_bytes")
		}
	}
	return files
}

// number reads a file holding one whole number ("max" and anything else
// read as 0: no limit).
func (s Sources) number(name string) uint64 {
	data, err := s.ReadFile(name)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
