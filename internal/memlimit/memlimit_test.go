package memlimit

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeFiles serves the named files' contents; others do not exist.
func fakeFiles(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
}

const meminfo = "MemTotal:       24684000 kB\nMemFree:        22000000 kB\n"

func TestLimitIsTheLeastSource(t *testing.T) {
	noRlimit := func() (uint64, bool) { return 0, false }
	for _, tc := range []struct {
		name   string
		files  map[string]string
		rlimit func() (uint64, bool)
		env    string
		bytes  uint64
		source string
	}{
		{"machine memory", map[string]string{"/proc/meminfo": meminfo}, noRlimit, "", 24684000 << 10, "the machine's memory (/proc/meminfo MemTotal)"},
		{"cgroup v2", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "2147483648\n"}, noRlimit, "",
			2 << 30, "the cgroup's limit (/sys/fs/cgroup/memory.max)"},
		{"cgroup v2 without a limit", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "max\n"}, noRlimit, "",
			24684000 << 10, "the machine's memory (/proc/meminfo MemTotal)"},
		{"cgroup v1", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory/memory.limit_in_bytes": "1073741824\n"}, noRlimit, "",
			1 << 30, "the cgroup's limit (/sys/fs/cgroup/memory/memory.limit_in_bytes)"},
		{"cgroup v1 without a limit", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, noRlimit, "",
			24684000 << 10, "the machine's memory (/proc/meminfo MemTotal)"},
		{"ulimit -v", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "4294967296\n"},
			func() (uint64, bool) { return 3 << 30, true }, "", 4 << 30, "the cgroup's limit (/sys/fs/cgroup/memory.max)"},
		{"the override", map[string]string{"/proc/meminfo": meminfo}, func() (uint64, bool) { return 512 << 20, true }, "1048576",
			1 << 20, "GRIDFLIP_MEMORY_LIMIT_BYTES"},
		{"nothing known", nil, noRlimit, "", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Sources{ReadFile: fakeFiles(tc.files), AddressSpace: tc.rlimit, Getenv: func(string) string { return tc.env }}
			l, err := s.Limit()
			require.NoError(t, err)
			require.Equal(t, tc.bytes, l.Bytes)
			require.Equal(t, tc.source, l.Source)
			if n, ok := tc.rlimit(); ok && tc.env == "" {
				require.Equal(t, n, l.AddressSpace)
			} else {
				require.Zero(t, l.AddressSpace, "the override replaces every source")
			}
		})
	}
}

func TestLimitOverrideMustBeABytesCount(t *testing.T) {
	for _, v := range []string{"abc", "-1", "0", "1e9", "18446744073709551616"} {
		s := Sources{ReadFile: fakeFiles(nil), AddressSpace: func() (uint64, bool) { return 0, false }, Getenv: func(string) string { return v }}
		_, err := s.Limit()
		require.ErrorContains(t, err, "GRIDFLIP_MEMORY_LIMIT_BYTES="+`"`+v+`"`, v)
	}
}

func TestEstimateGrowsWithTheRun(t *testing.T) {
	small := Size{Sites: 2, Halls: 4, Hours: 168, Scenarios: 1}
	require.Greater(t, Estimate(small), uint64(BaseBytes))
	for _, bigger := range []Size{
		{Sites: 20, Halls: 4, Hours: 168, Scenarios: 1},
		{Sites: 2, Halls: 40, Hours: 168, Scenarios: 1},
		{Sites: 2, Halls: 4, Hours: 1680, Scenarios: 1},
		{Sites: 2, Halls: 4, Hours: 168, Scenarios: 10},
		{Sites: 2, Halls: 4, Hours: 168, Scenarios: 1, Monolithic: true},
		{Sites: 2, Halls: 4, Hours: 168, Years: 2, Scenarios: 1},
		{Sites: 2, Halls: 4, Hours: 168, Scenarios: 1, Parallel: 4},
	} {
		require.Greater(t, Estimate(bigger), Estimate(small), "%+v", bigger)
	}
	// The calibration: a 10,000-site year measured 563 MB.
	require.InDelta(t, 563<<20, Estimate(Size{Sites: 10000, Halls: 30000, Hours: 8760, Scenarios: 1}), 30<<20)
	// 10,000 sites × ten years × 1,000 scenarios: no overflow.
	huge := Estimate(Size{Sites: 10000, Halls: 30000, Hours: 87600, Scenarios: 1000, Monolithic: true})
	require.Greater(t, huge, uint64(1)<<40, "beyond any machine")
}

func TestCheck(t *testing.T) {
	l := Limit{Bytes: 1 << 30, Source: "the cgroup's limit (/sys/fs/cgroup/memory.max)"}
	require.NoError(t, l.Check(Size{Sites: 2, Halls: 4, Hours: 168, Scenarios: 1}))
	err := l.Check(Size{Sites: 10000, Halls: 30000, Hours: 87600, Scenarios: 1})
	require.True(t, errors.Is(err, ErrResource))
	require.ErrorContains(t, err, "needs about")
	require.ErrorContains(t, err, "more than the 1.0 GB of the cgroup's limit (/sys/fs/cgroup/memory.max)")
	require.NoError(t, Limit{}.Check(Size{Sites: 10000, Hours: 87600}), "no limit known: no check")

	// Address space: the reserve plus 8× the estimate.
	small := Size{Sites: 2, Halls: 3, Hours: 168}
	require.NoError(t, Limit{AddressSpace: 2 << 30}.Check(small))
	err = Limit{AddressSpace: 1400 << 20}.Check(small)
	require.True(t, errors.Is(err, ErrResource))
	require.ErrorContains(t, err, "of address space, more than the 1.4 GB of the address-space limit (ulimit -v, RLIMIT_AS)")
	require.NoError(t, Limit{AddressSpace: 2500 << 20}.Check(Size{Sites: 1000, Halls: 3000, Hours: 8760}), "measured: plans at 2.5 GB")
	require.Error(t, Limit{AddressSpace: 1700 << 20}.Check(Size{Sites: 1000, Halls: 3000, Hours: 8760}), "measured: crashes at 1.7 GB")
}
