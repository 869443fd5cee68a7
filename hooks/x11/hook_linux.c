//go:build linux && cgo

// The C half of the gohook key source: it registers a dispatcher with the hook
// that gohook compiles in (libuiohook, XRecord based) and hands every event to
// Go directly. gohook's own Go-side delivery JSON-encodes each event and polls
// a queue every 50 ms; this path has no polling and no encoding, so an idle
// daemon uses no CPU and a key reaches the engine within microseconds.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

// Layout-compatible with libuiohook's iohook_event (gohook/hook/iohook.h).
typedef struct {
	uint16_t keycode;
	uint16_t rawcode;
	uint32_t keychar;
} kindly_key_data;

typedef struct {
	uint16_t button;
	uint16_t clicks;
	int16_t x;
	int16_t y;
} kindly_mouse_data;

typedef struct {
	int type;
	uint64_t time;
	uint16_t mask;
	uint16_t reserved;
	union {
		kindly_key_data keyboard;
		kindly_mouse_data mouse;
		char wheel[20];
	} data;
} kindly_iohook_event;

typedef void (*kindly_dispatcher_t)(kindly_iohook_event *const);
typedef bool (*kindly_logger_t)(unsigned int, const char *, ...);

// Defined in gohook's C code, which is linked into the same binary. Weak so
// that cgo's own link check of this package does not need them.
extern void hook_set_dispatch_proc(kindly_dispatcher_t) __attribute__((weak));
extern void hook_set_logger(kindly_logger_t) __attribute__((weak));
extern int hook_run(void) __attribute__((weak));

// Implemented in Go (hook_linux.go).
extern void kindlyHookEvent(int kind, uint16_t mask, uint16_t keycode, uint16_t rawcode, uint32_t keychar, uint16_t button);
extern void kindlyHookLog(int level, char *msg);
extern void kindlyHookLost(void);

// Set once Go asks for the hook; until then the hook's messages are dropped
// (gohook's load-time constructor opens the display and complains about it
// on stderr for every command, even `kindly list` with no X at all).
static volatile int kindly_forward_logs = 0;

// The hook logs every key press at INFO level (with its keysym); none of that
// may ever leave the process. Only warnings and errors pass, and those are
// about the X connection, never about keys.
static bool kindly_logger(unsigned int level, const char *format, ...) {
	if (level < 3 || !kindly_forward_logs) { // LOG_LEVEL_DEBUG=1, INFO=2, WARN=3, ERROR=4
		return true;
	}
	char buf[256];
	va_list args;
	va_start(args, format);
	vsnprintf(buf, sizeof buf, format, args);
	va_end(args);
	kindlyHookLog((int)level, buf);
	return true;
}

static void kindly_dispatch(kindly_iohook_event *const e) {
	switch (e->type) {
	case 1: // EVENT_HOOK_ENABLED
	case 2: // EVENT_HOOK_DISABLED
		kindlyHookEvent(e->type, 0, 0, 0, 0, 0);
		break;
	case 3: // EVENT_KEY_TYPED
	case 4: // EVENT_KEY_PRESSED
		kindlyHookEvent(e->type, e->mask, e->data.keyboard.keycode, e->data.keyboard.rawcode, e->data.keyboard.keychar, 0);
		break;
	case 7: // EVENT_MOUSE_PRESSED
		kindlyHookEvent(e->type, e->mask, 0, 0, 0, e->data.mouse.button);
		break;
	default: // releases, motion, wheel: nothing the engine needs
		break;
	}
}

// Runs before gohook's own load-time constructor (lower priority numbers run
// first) so that its logging goes through kindly_logger from the start.
__attribute__((constructor(101))) static void kindly_quiet_hook(void) {
	if (hook_set_logger != 0) {
		hook_set_logger(kindly_logger);
	}
}

// gohook's load-time constructor calls XkbGetMap on the display it just
// tried to open, even when that failed: with no X display every kindly
// command (`kindly list` on a server, `kindly run` that should explain the
// missing DISPLAY) would crash before main. This definition in the executable
// takes the place of libX11's for that call and refuses a NULL display.
typedef void *(*kindly_xkb_get_map_fn)(void *, unsigned int, unsigned int);
void *XkbGetMap(void *dpy, unsigned int which, unsigned int device) {
	static kindly_xkb_get_map_fn real = 0;
	if (dpy == 0) {
		return 0;
	}
	if (real == 0) {
		real = (kindly_xkb_get_map_fn)dlsym(RTLD_NEXT, "XkbGetMap");
	}
	return real ? real(dpy, which, device) : 0;
}

// Xlib's default answer to a lost X connection prints "XIO: fatal IO error"
// and exits at once, so kindly would neither flush its usage counts nor
// remove its socket nor hand the clipboard on. The handler may not return
// (Xlib would exit anyway): it tells the Go side, which ends the session and
// exits the ordinary way, and parks this thread until then.
typedef int (*kindly_xio_handler)(void *);
extern kindly_xio_handler XSetIOErrorHandler(kindly_xio_handler);
static int kindly_xio(void *display) {
	(void)display;
	kindlyHookLost();
	for (;;) {
		pause();
	}
	return 0;
}

int kindly_hook_available(void) {
	return hook_run != 0 && hook_set_dispatch_proc != 0;
}

// kindly_hook_run blocks until the X connection fails (the hook is never
// stopped: libuiohook's hook_stop races with its recording thread).
int kindly_hook_run(void) {
	kindly_forward_logs = 1;
	XSetIOErrorHandler(kindly_xio);
	hook_set_logger(kindly_logger);
	hook_set_dispatch_proc(kindly_dispatch);
	return hook_run();
}
