# kindly: the two commands a newcomer needs are `make run` and `make test`.
# Both install what is missing first (Debian/Ubuntu packages, with sudo when
# not root), so they work on a fresh machine.

SHELL := /bin/bash
GO    ?= go
BIN   := bin/kindly
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What building and running need: the X11 libraries gohook links against.
RUN_PKGS  := gcc libc6-dev pkg-config libx11-dev libxtst-dev libxkbcommon-x11-dev libxkbcommon-dev \
             libx11-xcb-dev libxcb-xkb-dev libpng-dev libxinerama-dev libxt-dev yad
# What the tests add: a headless X server, real X clients (Chromium for
# formatted replies, non-headless: headless keeps a private clipboard) and an
# X typist.
TEST_PKGS := $(RUN_PKGS) xvfb xdotool xterm x11-utils xclip python3 python3-tk python3-gi gir1.2-gtk-3.0 tmux \
             git xfce4-clipman dbus-daemon chromium \
             ibus ibus-gtk3 sway wtype util-linux

.PHONY: run build test unit e2e bench deps-run deps-test lint clean

# In a Wayland session kindly is an IBus input method (docs/wayland.md):
# make run installs IBus and kindly's component first, and on GNOME offers
# to add kindly to the input sources.
run: build
	@if [ "$${XDG_SESSION_TYPE:-}" = wayland ]; then scripts/ensure-packages ibus ibus-gtk3 && ./$(BIN) ibus install; fi
	./$(BIN) run

build: deps-run
	$(GO) build -o $(BIN) ./cmd/kindly

# Everything CI checks: formatting, vet, the no-cgo and cross builds, every
# test including the end-to-end ones under Xvfb, whose whole set runs 20
# times in a row.
# The end-to-end sets (scripts/e2e-sets) run side by side, each on its own
# display server; the X11 typing set loops 20 times.
test: deps-test lint unit
	E2E_RUNS=20 scripts/e2e-sets

unit: ; $(GO) test -count=1 $$($(GO) list ./... | grep -v /e2e)
e2e:  ; scripts/e2e-sets


# Speed and correctness next to AutoKey (docs/performance.md has the numbers).
BENCH_PKGS := $(TEST_PKGS) autokey-gtk dbus
bench:
	@scripts/ensure-packages $(BENCH_PKGS)
	bench/run

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) vet ./expander/... ./snippets/...
	CGO_ENABLED=0 $(GO) build -o /dev/null ./...
	CGO_ENABLED=0 GOOS=windows $(GO) build -o /dev/null ./...
	CGO_ENABLED=0 GOOS=darwin $(GO) build -o /dev/null ./...

deps-run:  ; @scripts/ensure-packages $(RUN_PKGS)
deps-test: ; @scripts/ensure-packages $(TEST_PKGS)

clean: ; rm -rf bin
