# gridflip — see README.md. `make run` and `make test` each install what they need.
GO        ?= go
BIN       := bin/gridflip
HIGHS_LIB := .highs/lib/libhighs.so
PKGS      := ./...
FUZZTIME  ?= 30s

.PHONY: all help setup setup-pyarrow setup-chromium setup-libreoffice build run test race bench bench-go bench-suite bench-targets bench-docs lint vet-cross fuzz clean

all: build

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  /'

## setup: install HiGHS (system pkg-config install, else the highsbox wheel into .highs/) and Go modules
setup: $(HIGHS_LIB)
	@$(GO) mod download

$(HIGHS_LIB):
	@./scripts/setup-highs.sh

## build: write bin/gridflip (builds without HiGHS; it is loaded at run time)
build:
	@mkdir -p bin
	$(GO) build -o $(BIN) ./cmd/gridflip

## run: plan the embedded default case
run: setup build
	./$(BIN) plan

## test: all tests; tests that need HiGHS or pyarrow fail (never skip); the headless-Chromium test runs when a Chromium is on PATH
test: setup setup-pyarrow
	GRIDFLIP_REQUIRE_HIGHS=1 GRIDFLIP_REQUIRE_PYARROW=1 $(GO) test -count=1 -timeout 30m $(PKGS)

## setup-pyarrow: pyarrow into .pydeps/ (the Parquet files are read back by a reader that is not ours)
setup-pyarrow:
	@./scripts/setup-pyarrow.sh

## setup-chromium: Debian's chromium package (CI; needs root or sudo)
setup-chromium:
	@./scripts/setup-chromium.sh

## setup-libreoffice: Debian's libreoffice-calc package, to recalculate proforma.xlsx in tests (CI; needs root or sudo)
setup-libreoffice:
	@./scripts/setup-libreoffice.sh

## race: the tests of the packages with concurrency, under the race detector
race: setup
	GRIDFLIP_REQUIRE_HIGHS=1 $(GO) test -race -count=1 -skip 'TestReportInChromium' ./optimize/... ./analysis/ ./internal/outdir/ ./internal/atomicfile/ ./solver/... ./internal/progress/ ./cmd/gridflip/

## bench: the Go benchmarks, the fast path's targets and the full scaling suite (hours)
bench: bench-go bench-targets bench-suite

## bench-go: the Go benchmarks of every package that has them
bench-go: setup
	GRIDFLIP_REQUIRE_HIGHS=1 $(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -timeout 120m \
		$$(grep -rl --include='*_test.go' '^func Benchmark' . | xargs -n1 dirname | sort -u)

## bench-serve: gridflip serve's latency on us-miners, end to end at the client (50 lease and 50 market what-ifs; memory over 500)
bench-serve: setup
	GRIDFLIP_SERVE_BENCH=1 GRIDFLIP_REQUIRE_HIGHS=1 $(GO) test -run TestServeLatency -v -count=1 -timeout 120m ./serve/

## bench-targets: plan the targets' generated cases from disk (a few minutes)
bench-targets: setup build
	./$(BIN) bench --targets --out out/bench-targets

## bench-suite: the scaling suite with HiGHS-alone and CBC comparisons (hours: 1000-site monolithic runs hit the time limit)
bench-suite: setup build
	./$(BIN) bench --compare --out out/bench

## bench-docs: rewrite docs/performance.md's generated tables: the quick suite with HiGHS alone, and every target but the 600 s monolithic comparison (a few minutes)
bench-docs: setup build
	./$(BIN) bench --quick --compare --targets --target exact,relax,decomposed --docs docs/performance.md

## lint: gofmt and go vet, here and for Windows and macOS
lint: vet-cross
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## vet-cross: go vet of every package for Windows and macOS
vet-cross:
	GOOS=windows GOARCH=amd64 $(GO) vet $(PKGS)
	GOOS=darwin GOARCH=arm64 $(GO) vet $(PKGS)

## fuzz: every fuzz target for FUZZTIME each (default 30s); the stored corpora replay in plain go test
fuzz:
	@set -e; for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed -e 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "fuzz $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

clean:
	rm -rf bin out
