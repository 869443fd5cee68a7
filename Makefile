# kindly: the two commands a newcomer needs are `make run` and `make test`.
# Both install what is missing first (Debian/Ubuntu packages, with sudo when
# not root), so they work on a fresh machine.

SHELL := /bin/bash
# Every go command runs through scripts/go: the Go go.mod names, fetched
# through the Go module proxy (checksum verified) when the system's Go is
# older, such as Debian 12's 1.19, which cannot switch toolchains itself.
GO    ?= scripts/go
GOFMT ?= $$($(GO) env GOROOT)/bin/gofmt
BIN   := bin/kindly
# make install puts kindly in $(PREFIX)/bin: ~/.local/bin, no root needed.
PREFIX ?= $(HOME)/.local
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What building and running need: the X11 libraries robotgo (the optional
# injector) links against; yad shows the fill-in dialogs, xclip copies for
# `kindly pick`; make install adds a notification server (dunst) where the
# session has none, for notices about blocked replies.
RUN_PKGS  := gcc libc6-dev pkg-config libx11-dev libxtst-dev libxkbcommon-x11-dev libxkbcommon-dev \
             libx11-xcb-dev libxcb-xkb-dev libpng-dev libxinerama-dev libxt-dev yad xclip dbus-bin
# What the tests add: a headless X server, real X clients (Chromium for
# formatted replies, non-headless: headless keeps a private clipboard) and an
# X typist.
TEST_PKGS := $(RUN_PKGS) xvfb xdotool xterm x11-utils x11-xkb-utils firefox-esr thunderbird xclip python3 python3-tk python3-gi gir1.2-gtk-3.0 tmux \
             git xfce4-clipman dbus-daemon chromium golang-1.19-go \
             ibus ibus-gtk3 sway wtype util-linux at-spi2-core

.PHONY: run build install test unit e2e bench deps-run deps-notify deps-test lint clean

# Builds, installs kindly in ~/.local/bin and starts it as a service with
# your session (or, without systemd, in this terminal); it ends with kindly
# running or says why not.
# In a Wayland session kindly is an IBus input method (docs/wayland.md):
# IBus and kindly's component first, and on GNOME kindly in the input
# sources (kindly ibus install asks before changing them).
run: install
	@if [ "$${XDG_SESSION_TYPE:-}" = wayland ]; then scripts/ensure-packages ibus ibus-gtk3 && "$(PREFIX)/bin/kindly" ibus install; fi
	@scripts/start-service "$(PREFIX)/bin/kindly"

install: build deps-notify
	install -D -m 0755 $(BIN) "$(DESTDIR)$(PREFIX)/bin/kindly"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; \
	  *) echo "$(PREFIX)/bin is not on your PATH: add 'export PATH=\"$(PREFIX)/bin:\$$PATH\"' to ~/.profile and open a new terminal" ;; esac

# windows: kindly.exe is built without cgo and tested under wine on Xvfb
# (scripts/wine: the prefix, the ProcessPrng shim, go_windows_amd64_exec).
WINE_PKGS := wine wine64 gcc-mingw-w64-x86-64 zip                               # windows
TEST_PKGS += $(WINE_PKGS)                                                       # windows
.PHONY: test-windows dist                                                       # windows
test: test-windows                                                              # windows
test-windows: deps-test                                                         # windows
	PATH="$(CURDIR)/scripts/wine:$$PATH" CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
	  $(GO) test -count=1 -timeout 15m ./hooks/windows/...                        # windows
dist: deps-run                                                                  # windows
	scripts/dist                                                                  # windows


build: deps-run
	$(GO) build -o $(BIN) ./cmd/kindly

# Everything CI checks: formatting, vet, the no-cgo and cross builds, every
# test including the end-to-end ones under Xvfb, whose whole set runs 20
# times in a row.
# The end-to-end sets (scripts/e2e-sets) run side by side, each on its own
# display server; the X11 typing set loops 20 times. scripts/test-go-toolchain
# proves the build works with only Debian 12's Go 1.19 installed.
test: deps-test lint unit
	scripts/test-go-toolchain
	GO=$(GO) E2E_RUNS=20 scripts/e2e-sets

unit: ; $(GO) test -count=1 $$($(GO) list ./... | grep -v /e2e)
e2e:  ; GO=$(GO) scripts/e2e-sets


# Speed and correctness next to AutoKey (docs/performance.md has the numbers).
BENCH_PKGS := $(TEST_PKGS) autokey-gtk dbus
bench:
	@scripts/ensure-packages $(BENCH_PKGS)
	bench/run

lint:
	@out=$$($(GOFMT) -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	CGO_ENABLED=0 $(GO) vet ./expander/... ./snippets/...
	CGO_ENABLED=0 $(GO) build -o /dev/null ./...
	CGO_ENABLED=0 GOOS=windows $(GO) build -o /dev/null ./...
	CGO_ENABLED=0 GOOS=darwin $(GO) build -o /dev/null ./...

deps-run:  ; @scripts/ensure-packages $(RUN_PKGS)
# A notification server, only where the session has none (scripts/notify-pkg;
# NOTIFY= skips it).
NOTIFY ?= $$(scripts/notify-pkg)
deps-notify: ; @pkg="$(NOTIFY)"; [ -z "$$pkg" ] || scripts/ensure-packages $$pkg
deps-test: ; @scripts/ensure-packages $(TEST_PKGS)

clean: ; rm -rf bin
