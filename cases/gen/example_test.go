package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func Example() {
	dir, err := os.MkdirTemp("", "gen-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "prices.csv")
	args := []string{"-seed", "20240101", "-start", "2024-07-01T00:00:00Z", "-hours", "3", "-nodes", "HB_WEST,HB_NORTH", "-out", out}
	if err := run(args, io.Discard, io.Discard); err != nil {
		fmt.Println(err)
		return
	}
	data, err := os.ReadFile(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.ReplaceAll(string(data), "\r\n", "\n"))
	// Output:
	// timestamp,HB_WEST,HB_NORTH
	// 2024-07-01T00:00:00Z,20.64,20.03
	// 2024-07-01T01:00:00Z,36.24,28.85
	// 2024-07-01T02:00:00Z,35.81,23.26
}
