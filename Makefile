# make test is what CI runs (.ci/run). Go, and for some targets Node's npx,
# must be on PATH.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

GO ?= go
# bench: long enough for steady figures, short enough for a 2-core machine.
BENCHTIME ?= 500ms
BENCH ?= .
PKG ?= ./...
BENCHTIMEOUT ?= 20m
# fuzz: how long each Fuzz target runs.
FUZZTIME ?= 10s
OPENAPI := internal/rest/openapi.json
# Redocly CLI, pinned. 2.x needs Node >= 20.19; on an older Node (Debian
# 12's own nodejs is 18) the last 1.x that installs is used instead.
REDOCLY_CLI_VERSION ?= 2.77.0
REDOCLY_CLI_VERSION_NODE18 ?= 1.34.20

.PHONY: test vet run build lint-openapi bench fuzz clean

## test: go vet, then every test (log in test-output/go-test.log) and a summary
test: vet
	@mkdir -p test-output
	@echo '$(GO) test -count=1 -v -timeout 20m ./... 2>&1 | tee test-output/go-test.log'
	@rc=0; $(GO) test -count=1 -v -timeout 20m ./... 2>&1 | tee test-output/go-test.log || rc=$$?; \
		bash scripts/test-summary.sh test-output/go-test.log $$rc

vet:
	$(GO) vet ./...

## run: the demo on http://127.0.0.1:8080 (SQLite file cnht-demo.db)
run:
	$(GO) run ./cmd/cnht demo

## build: bin/cnht
build:
	$(GO) build -o bin/cnht ./cmd/cnht

## lint-openapi: Redocly's recommended rules, warnings as errors (redocly.yaml)
lint-openapi:
	@v=$(REDOCLY_CLI_VERSION); \
	if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)'; then \
		v=$(REDOCLY_CLI_VERSION_NODE18); \
	fi; \
	echo "npx --yes @redocly/cli@$$v lint $(OPENAPI)"; \
	npx --yes @redocly/cli@$$v lint --config redocly.yaml $(OPENAPI)

## bench: benchmarks (figures also in test-output/bench.txt); every one by
## default, or BENCH=name PKG=./internal/x BENCHTIME=20x for one of them
bench:
	@mkdir -p test-output
	$(GO) test -run='^$$' -bench=$(BENCH) -benchmem -benchtime=$(BENCHTIME) -count=1 -timeout $(BENCHTIMEOUT) $(PKG) 2>&1 | tee test-output/bench.txt

## fuzz: every Fuzz target for FUZZTIME each
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh ./...

clean:
	rm -rf bin test-output
