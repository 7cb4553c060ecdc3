#ifndef WARDEN_CNCURSES_H
#define WARDEN_CNCURSES_H
/* Wide-character ncurses must be requested before the header is included,
   or get_wch / cchar_t do not reach the Swift importer. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncurses.h>
#include <stddef.h>
#include <wchar.h>

/*
 * A small, flat C surface over ncursesw for TerminalKit's NcursesBackend.
 *
 * Why a shim: Swift 6 cannot use ncurses' mutable globals (stdscr, LINES, COLS, ...)
 * or its function-like macros (A_BOLD, KEY_F(n), getmaxyx, BUTTONn_*), and the
 * terminal-restore path must run inside signal handlers, which is only safe to
 * write in C (write(2) and tcsetattr(3) are async-signal-safe; endwin is not).
 *
 * Every function here must be called from the one thread that owns the terminal,
 * except tk_wake(), which any thread (or a signal handler) may call.
 */

/* What tk_open found out about the terminal. */
typedef struct tk_caps {
    int colors;        /* COLORS after start_color (0 when the terminal has none) */
    int color_pairs;   /* COLOR_PAIRS after start_color */
    int utf8;          /* 1 when the character set in effect is UTF-8 */
    int locale_forced; /* 1 when the environment's locale was not UTF-8 and C.UTF-8 was used */
    int mouse;         /* 1 when the terminal reports mouse events */
} tk_caps;

/* Opens the terminal: setlocale(LC_ALL, ""), newterm, raw, noecho, keypad, nonl,
   short ESCDELAY, colours, bracketed paste, and the restore-on-signal handlers.
   Returns 0 on success; otherwise -1 with a static message in *error. */
int tk_open(int want_mouse, int escdelay_ms, tk_caps *caps, const char **error);

/* Leaves curses mode and restores the terminal and the previous signal handlers.
   Safe to call twice. */
void tk_close(void);

/* Size of the screen in cells. */
void tk_size(int *rows, int *cols);

/* Waits up to timeout_ms (-1: forever) for input or a wake-up.
   Returns a bit set: 1 input is readable, 2 woken (tk_wake or a signal), 0 timed out. */
int tk_wait(int timeout_ms);

/* Wakes a thread blocked in tk_wait. Async-signal-safe and callable from any thread. */
void tk_wake(void);

/* A termination signal (SIGINT, SIGTERM, SIGHUP) that asked for a graceful stop, or 0. */
int tk_pending_signal(void);

/* Reads one key without blocking.
   Returns -1 when there is none, 0 for a character (in *value), 1 for a key code (in *value). */
int tk_read(unsigned int *value);

/* Decodes the mouse event after tk_read returned KEY_MOUSE.
   *kind: 1 press, 2 release, 3 wheel up, 4 wheel down, 5 click (press+release), 0 other.
   *button: 1 left, 2 middle, 3 right. Returns 0 on success, -1 when no event was queued. */
int tk_mouse_event(int *x, int *y, int *kind, int *button, int *modifiers);

/* Turns mouse reporting on (1) or off (0). Returns 1 when mouse events will arrive. */
int tk_set_mouse(int on);

/* Key codes that are macros or terminal-specific in ncurses. */
int tk_key_f(int n);
int tk_key_named(const char *capname);
int tk_key_paste_begin(void);
int tk_key_paste_end(void);

/* Attribute bits (A_* macros do not import into Swift). */
attr_t tk_attr_bold(void);
attr_t tk_attr_dim(void);
attr_t tk_attr_italic(void);
attr_t tk_attr_underline(void);
attr_t tk_attr_reverse(void);

/* Defines colour pair `pair` (1...) as fg on bg; -1 is the terminal's default colour. */
int tk_init_pair(int pair, int fg, int bg);

/* Draws one grapheme cluster (n wide characters) at (y, x) with attributes and a colour pair.
   Returns the number of columns ncurses advanced, -1 when the cluster could not be drawn,
   or -2 when the cursor could not move (the bottom-right cell). */
int tk_put(int y, int x, const wchar_t *wch, int n, attr_t attrs, int pair);

/* Shows the hardware cursor at (y, x), or hides it when visible is 0. */
void tk_cursor(int visible, int y, int x);

/* Sends this frame's changes to the terminal. */
void tk_refresh(void);

/* Forgets what ncurses believes is on the physical screen, so the next refresh repaints all. */
void tk_invalidate(void);

/* Writes bytes straight to the terminal (after tk_refresh), e.g. an OSC 52 clipboard request. */
int tk_write_raw(const char *bytes, size_t count);

#endif
