# Two commands matter: `make run` (set up and solve the Arctic Security Cutter plan)
# and `make test` (set up and run every test: the Swift suites, then the web app in headless
# chromium and schemathesis against the HTTP API). Both install what they need when missing.
# `make test-swift` and `make test-web` run the two halves alone.
SWIFT     ?= swift
MODEL     ?= models/arctic-security-cutter.yaml
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# glpk-utils (glpsol): the tests check that exported model files load in GLPK's own solver.
# zlib (through pkg-config) for ZIPFoundation and libxml2 for Foundation's XMLParser, which
# read and write .xlsx workbooks. libsqlite3-dev for the server's database (GRDB).
APT_DEPS  := libglpk-dev glpk-utils zlib1g-dev pkg-config libxml2 libsqlite3-dev
PYTHON    ?= python3
# The browser tests: Debian's chromium and its driver; Selenium and schemathesis from PyPI.
WEB_APT   := chromium chromium-driver
WEB_PIP   := selenium==4.51.0 schemathesis==4.32.5

.PHONY: setup test-deps build release run test test-swift test-web bench bench-build clean fuzz sanitize format lint

setup:
	@if [ ! -f /usr/include/glpk.h ] || ! command -v glpsol >/dev/null || [ ! -f /usr/include/zlib.h ] \
	    || ! command -v pkg-config >/dev/null || [ ! -f /usr/include/sqlite3.h ]; then \
	    echo "Installing $(APT_DEPS) with apt-get..." >&2; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_DEPS) >&2; \
	fi

# openpyxl, the spreadsheet client the workbook tests write and read workbooks with: from
# PyPI, or Debian's package where pip is not allowed to install.
test-deps:
	@if ! $(PYTHON) -c 'import openpyxl' 2>/dev/null; then \
	    echo "Installing openpyxl..." >&2; \
	    $(PYTHON) -m pip install --quiet openpyxl >&2 2>/dev/null \
	    || $(PYTHON) -m pip install --quiet --break-system-packages openpyxl >&2 2>/dev/null \
	    || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-openpyxl >&2; }; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product sourcing

run: release
	@$(SWIFT) run -c release --skip-build sourcing solve $(MODEL)

# The server's tests run after the others, not beside them: they load both cores (200
# concurrent solves, long sweeps), and some CLI tests measure time.
test: test-swift test-web

test-swift: setup test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip SourcingServerTests
	$(SWIFT) test --skip-build --filter SourcingServerTests

# The web app's walkthrough in a real headless browser, then schemathesis against /openapi.json.
test-web: setup
	@if ! command -v chromedriver >/dev/null; then \
	    echo "Installing $(WEB_APT) with apt-get..." >&2; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(WEB_APT) >&2; \
	fi
	@$(PYTHON) -c 'import selenium, schemathesis' 2>/dev/null || $(PYTHON) -m pip install -q $(WEB_PIP) \
	    || $(PYTHON) -m pip install -q --break-system-packages $(WEB_PIP)
	$(SWIFT) build --product sourcing
	$(PYTHON) Tests/Browser/test_web_app.py "$$($(SWIFT) build --show-bin-path)/sourcing"
	Tests/Browser/schemathesis.sh "$$($(SWIFT) build --show-bin-path)/sourcing" 90

# Formatting (issue 17): swift-format from the toolchain (`swift format`), configured by
# .swift-format: 120 columns, 4-space indents, every file of both packages and the fuzzer.
# `make format` rewrites in place; `make lint` fails on anything `make format` would change and
# on the rules it cannot fix itself (CI runs it first: it takes seconds). Benchmarks/ and Fuzz/
# are named file by file so that their .build/ checkouts are never walked. Rules left off, and why:
# - IdentifiersMustBeASCII, AlwaysUseLowerCamelCase: the formulation's symbols keep the names
#   scenario-format.md gives them (τ for an earlier period, T periods, M sources per item).
# - AllPublicDeclarationsHaveDocumentation, ValidateDocumentationComments,
#   BeginDocumentationCommentWithOneLineSummary: doc comments are short prose on public types and
#   what is not obvious; per-member docs and Parameters/Returns/Throws sections would be boilerplate.
# - NeverForceUnwrap: about 150 `!` on values just checked or built; a lint-only rule that would
#   make each of them a rewrite. NeverUseForceTry is on (no `try!` in Sources; Benchmarks opts out).
# - UseLetInEveryBoundCaseVariable: `case let .x(a, b)` and `case .x(let a)` both read clearly.
# - UseEarlyExits, UseWhereClausesInForLoops, OmitExplicitReturns: rewrites of control flow that a
#   formatter should not make on its own.
# Per-file opt-outs say why where they are (`swift-format-ignore-file:`): the SHA-256 constants
# as FIPS 180-4 prints them, `try!` in the benchmarks.
FORMAT_PATHS := Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks \
                Fuzz/Package.swift Fuzz/Sources

format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

# Benchmarks/ is its own package (ordo-one/benchmark); see Benchmarks/README.md.
bench: setup
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

# Only builds the benchmarks (release), so that CI notices when they stop compiling.
bench-build: setup
	cd Benchmarks && $(SWIFT) build -c release

clean:
	rm -rf .build

# Fuzzing (issue 10): Fuzz/ is its own package, built with libFuzzer and AddressSanitizer; see
# Fuzz/README.md. `make fuzz FUZZ_SECONDS=3600` fuzzes for an hour. New inputs go to
# Fuzz/.build/fuzz/corpus, crashes to Fuzz/.build/fuzz/artifacts/; the seeds (read only) are
# the example models and every scenario fixture, the fuzz regressions included.
# (SwiftPM's own `--sanitize fuzzer --sanitize address` instruments nothing: the second flag
# replaces the first, so -Xswiftc passes both at once; `--sanitize fuzzer` stays so that
# SwiftPM leaves libFuzzer's main alone.)
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := -c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
FUZZ_RUN     := -dict=scenario.dict -max_len=16384 -timeout=10 -rss_limit_mb=3072 -print_final_stats=1

fuzz: setup
	cd Fuzz && $(SWIFT) build $(FUZZ_BUILD)
	mkdir -p Fuzz/.build/fuzz/corpus Fuzz/.build/fuzz/artifacts
	cd Fuzz && "$$($(SWIFT) build $(FUZZ_BUILD) --show-bin-path)/ScenarioFuzzer" $(FUZZ_RUN) \
	    -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=.build/fuzz/artifacts/ \
	    .build/fuzz/corpus ../models ../Tests/SourcingScenarioTests/Fixtures

# Every test under AddressSanitizer (LeakSanitizer included: the Swift toolchain's runtime has
# it, no libclang-rt package needed), in its own build folder so that it does not rebuild
# `make test`'s. The CLI tests run the ASan-built `sourcing` too. Tests/lsan-suppressions.txt
# lists the toolchain's own leaks (XCTest, Foundation) and why GLPK's per-thread environments
# of test threads are not ours to free. About 6 minutes here from scratch.
sanitize: setup
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-sanitize
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	    $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-sanitize

