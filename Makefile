# gridflip — see README.md. `make run` and `make test` each install what they need.
GO        ?= go
BIN       := bin/gridflip
HIGHS_LIB := .highs/lib/libhighs.so
PKGS      := ./...

.PHONY: all setup build run test bench lint fuzz clean

all: build

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

## test: all tests; tests that need HiGHS fail (never skip) because GRIDFLIP_REQUIRE_HIGHS=1
test: setup
	GRIDFLIP_REQUIRE_HIGHS=1 $(GO) test -count=1 $(PKGS)

## bench: Go benchmarks (build and solve, 10 and 100 sites x 8760 h), then the full
## `gridflip bench` suite with HiGHS-alone and CBC comparisons (hours: 1000-site runs hit the time limit)
bench: setup build
	GRIDFLIP_REQUIRE_HIGHS=1 $(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -timeout 120m ./optimize/ ./solver/
	./$(BIN) bench --compare --out out/bench

## fuzz: run each loader fuzz target for FUZZTIME (default 30s)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeCase -fuzztime $(FUZZTIME) ./sites/
	$(GO) test -run '^$$' -fuzz FuzzReadHourly -fuzztime $(FUZZTIME) ./grid/

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

clean:
	rm -rf bin
