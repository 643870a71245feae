# Two commands matter: `make run` (set up and solve the Arctic Security Cutter plan)
# and `make test` (set up and run every test). Both install GLPK when it is missing.
SWIFT     ?= swift
MODEL     ?= models/arctic-security-cutter.yaml
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_DEPS  := libglpk-dev

.PHONY: setup build release run test bench clean

setup:
	@if [ ! -f /usr/include/glpk.h ]; then \
	    echo "Installing $(APT_DEPS) with apt-get..." >&2; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_DEPS) >&2; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product sourcing

run: release
	@$(SWIFT) run -c release --skip-build sourcing solve $(MODEL)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build
