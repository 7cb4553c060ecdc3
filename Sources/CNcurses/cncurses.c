#define _GNU_SOURCE 1
#include "cncurses.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------
 * State shared with signal handlers. Only sig_atomic_t flags and plain data
 * prepared before the handlers are installed are touched from a handler.
 * ------------------------------------------------------------------------- */

static volatile sig_atomic_t tk_active = 0;          /* curses mode is on */
static volatile sig_atomic_t tk_requested_signal = 0; /* graceful stop asked for by this signal */
static int tk_tty_out = -1;                           /* fd the terminal is written to */
static int tk_tty_in = -1;                            /* fd keys are read from */
static int tk_pipe[2] = {-1, -1};                     /* self-pipe: wake-ups and signals */
static struct termios tk_saved_termios;
static int tk_have_termios = 0;
static char tk_reset_seq[1024];                       /* bytes that undo what curses mode did */
static size_t tk_reset_len = 0;
static SCREEN *tk_screen = NULL;
static int tk_mouse_on = 0;

#define TK_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define TK_KEY_PASTE_END (KEY_MAX + 2)

static const int tk_terminate_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int tk_crash_signals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
#define TK_COUNT(a) (sizeof(a) / sizeof((a)[0]))
static struct sigaction tk_old_actions[NSIG]; /* dispositions from before tk_open (and before ncurses) */
static struct sigaction tk_original_winch;     /* SIGWINCH before tk_open, restored on close */
static struct sigaction tk_old_winch;          /* ncurses' SIGWINCH handler, which ours chains to */
static int tk_handlers_installed = 0;

static void tk_write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += n;
        count -= (size_t)n;
    }
}

/* Async-signal-safe: writes the precomputed reset bytes and puts the tty modes back. */
static void tk_restore_from_signal(void) {
    if (!tk_active) return;
    tk_active = 0;
    if (tk_tty_out >= 0 && tk_reset_len > 0) tk_write_all(tk_tty_out, tk_reset_seq, tk_reset_len);
    if (tk_have_termios && tk_tty_in >= 0) tcsetattr(tk_tty_in, TCSANOW, &tk_saved_termios);
}

static void tk_poke_pipe(void) {
    int saved = errno;
    if (tk_pipe[1] >= 0) {
        char b = 's';
        ssize_t ignored = write(tk_pipe[1], &b, 1);
        (void)ignored;
    }
    errno = saved;
}

/* Hands the signal to whoever handled it before us, after the terminal is back to normal. */
static void tk_chain(int sig) {
    sigaction(sig, &tk_old_actions[sig], NULL);
    /* The signal is blocked while its handler runs, so this is delivered on return:
       to the previous handler (Swift's backtracer, say) or the default action. */
    raise(sig);
}

static void tk_on_terminate(int sig) {
    if (tk_active && !tk_requested_signal) {
        /* First request: let the program loop leave curses mode itself (it polls the pipe).
           If it has not done so within a few seconds (busy, or nobody polls), SIGALRM does it. */
        tk_requested_signal = sig;
        tk_poke_pipe();
        alarm(3);
        return;
    }
    /* Second request, or nobody is listening: restore now and die of the signal. */
    tk_restore_from_signal();
    tk_chain(sig);
}

static void tk_on_alarm(int sig) {
    (void)sig;
    int requested = tk_requested_signal;
    tk_restore_from_signal();
    tk_chain(requested ? requested : SIGALRM);
}

static void tk_on_crash(int sig) {
    tk_restore_from_signal();
    tk_chain(sig);
}

static void tk_on_winch(int sig, siginfo_t *info, void *context) {
    /* ncurses' own handler records the resize; we only make tk_wait return promptly. */
    if (tk_old_winch.sa_flags & SA_SIGINFO) {
        if (tk_old_winch.sa_sigaction) tk_old_winch.sa_sigaction(sig, info, context);
    } else if (tk_old_winch.sa_handler != SIG_DFL && tk_old_winch.sa_handler != SIG_IGN) {
        tk_old_winch.sa_handler(sig);
    }
    tk_poke_pipe();
}

static void tk_at_exit(void) { tk_restore_from_signal(); }

/* Called before newterm: ncurses installs its own SIGINT/SIGTERM handlers when the disposition is
   the default, and those must be neither chained to from a signal handler nor left behind on close. */
static void tk_capture_originals(void) {
    for (size_t i = 0; i < TK_COUNT(tk_terminate_signals); i++)
        sigaction(tk_terminate_signals[i], NULL, &tk_old_actions[tk_terminate_signals[i]]);
    for (size_t i = 0; i < TK_COUNT(tk_crash_signals); i++)
        sigaction(tk_crash_signals[i], NULL, &tk_old_actions[tk_crash_signals[i]]);
    sigaction(SIGALRM, NULL, &tk_old_actions[SIGALRM]);
    sigaction(SIGWINCH, NULL, &tk_original_winch);
}

static void tk_install_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < TK_COUNT(tk_terminate_signals); i++) {
        int sig = tk_terminate_signals[i];
        sa.sa_handler = tk_on_terminate;
        sa.sa_flags = 0;
        sigaction(sig, &sa, NULL);
    }
    for (size_t i = 0; i < TK_COUNT(tk_crash_signals); i++) {
        int sig = tk_crash_signals[i];
        sa.sa_handler = tk_on_crash;
        sa.sa_flags = SA_ONSTACK;
        sigaction(sig, &sa, NULL);
    }
    sa.sa_handler = tk_on_alarm;
    sa.sa_flags = 0;
    sigaction(SIGALRM, &sa, NULL);

    /* A stack overflow can only be handled on a separate stack. */
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        static char alt_stack[1 << 16];
        stack_t ss;
        ss.ss_sp = alt_stack;
        ss.ss_size = sizeof alt_stack;
        ss.ss_flags = 0;
        sigaltstack(&ss, NULL);
    }

    struct sigaction winch;
    memset(&winch, 0, sizeof winch);
    sigemptyset(&winch.sa_mask);
    winch.sa_sigaction = tk_on_winch;
    winch.sa_flags = SA_SIGINFO;
    sigaction(SIGWINCH, &winch, &tk_old_winch);
    tk_handlers_installed = 1;
}

static void tk_uninstall_handlers(void) {
    if (!tk_handlers_installed) return;
    for (size_t i = 0; i < TK_COUNT(tk_terminate_signals); i++)
        sigaction(tk_terminate_signals[i], &tk_old_actions[tk_terminate_signals[i]], NULL);
    for (size_t i = 0; i < TK_COUNT(tk_crash_signals); i++)
        sigaction(tk_crash_signals[i], &tk_old_actions[tk_crash_signals[i]], NULL);
    alarm(0);
    sigaction(SIGALRM, &tk_old_actions[SIGALRM], NULL);
    sigaction(SIGWINCH, &tk_original_winch, NULL);
    tk_handlers_installed = 0;
}

static void tk_append_reset(const char *s) {
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (tk_reset_len + n >= sizeof tk_reset_seq) return;
    memcpy(tk_reset_seq + tk_reset_len, s, n);
    tk_reset_len += n;
}

static int tk_is_xterm_like(void) {
    const char *term = getenv("TERM");
    if (term == NULL) return 0;
    return strstr(term, "xterm") || strstr(term, "screen") || strstr(term, "tmux") || strstr(term, "rxvt") ||
           strstr(term, "kitty") || strstr(term, "alacritty") || strstr(term, "foot") || strstr(term, "wezterm");
}

/* ---------------------------------------------------------------------------
 * Session
 * ------------------------------------------------------------------------- */

int tk_open(int want_mouse, int escdelay_ms, tk_caps *caps, const char **error) {
    memset(caps, 0, sizeof *caps);
    if (tk_screen != NULL) {
        *error = "the terminal is already open";
        return -1;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *error = "standard input and output must be a terminal";
        return -1;
    }
    tk_tty_in = STDIN_FILENO;
    tk_tty_out = STDOUT_FILENO;

    /* The environment's locale decides how ncurses encodes and measures characters.
       Under a non-UTF-8 locale wide text turns to junk, so fall back to C.UTF-8. */
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    caps->utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
    if (!caps->utf8 && setlocale(LC_CTYPE, "C.UTF-8") != NULL) {
        caps->utf8 = 1;
        caps->locale_forced = 1;
    }

    if (tcgetattr(tk_tty_in, &tk_saved_termios) == 0) tk_have_termios = 1;

    if (pipe2(tk_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        *error = "could not create the wake-up pipe";
        return -1;
    }

    if (escdelay_ms >= 0) set_escdelay(escdelay_ms);
    tk_capture_originals();
    tk_screen = newterm(NULL, stdout, stdin);
    if (tk_screen == NULL) {
        *error = "unknown terminal type (check $TERM)";
        close(tk_pipe[0]);
        close(tk_pipe[1]);
        tk_pipe[0] = tk_pipe[1] = -1;
        return -1;
    }
    set_term(tk_screen);
    raw();       /* Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys; the program decides what they mean */
    noecho();
    nonl();      /* Enter arrives as CR and output needs no newline translation */
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    leaveok(stdscr, FALSE);
    scrollok(stdscr, FALSE);
    meta(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);

    if (has_colors()) {
        start_color();
        use_default_colors();
        caps->colors = COLORS;
        caps->color_pairs = COLOR_PAIRS;
    }

    /* Ctrl+arrow and friends have terminal-specific codes; bracketed paste gets our own. */
    define_key("\033[200~", TK_KEY_PASTE_BEGIN);
    define_key("\033[201~", TK_KEY_PASTE_END);

    /* Precompute what undoes curses mode, for the signal path (no allocation there). */
    tk_reset_len = 0;
    tk_append_reset(tigetstr("sgr0"));
    tk_append_reset(tigetstr("cnorm"));
    tk_append_reset(tigetstr("rmkx"));
    if (tk_is_xterm_like()) {
        tk_append_reset("\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?2004l");
        tk_write_all(tk_tty_out, "\033[?2004h", 8); /* bracketed paste on */
    }
    tk_append_reset(tigetstr("rmcup"));
    tk_append_reset("\r\n");

    tk_mouse_on = 0;
    mouseinterval(0); /* report press and release at once instead of waiting to synthesise clicks */
    if (want_mouse) tk_set_mouse(1);
    caps->mouse = tk_mouse_on;

    tk_requested_signal = 0;
    tk_active = 1;
    tk_install_handlers();
    static int registered = 0;
    if (!registered) {
        atexit(tk_at_exit);
        registered = 1;
    }
    return 0;
}

void tk_close(void) {
    if (tk_screen == NULL) return;
    if (tk_mouse_on) mousemask(0, NULL);
    if (tk_is_xterm_like()) tk_write_all(tk_tty_out, "\033[?2004l", 8);
    curs_set(1);
    endwin();
    tk_active = 0;
    tk_uninstall_handlers();
    delscreen(tk_screen);
    tk_screen = NULL;
    if (tk_pipe[0] >= 0) close(tk_pipe[0]);
    if (tk_pipe[1] >= 0) close(tk_pipe[1]);
    tk_pipe[0] = tk_pipe[1] = -1;
    tk_requested_signal = 0;
}

void tk_size(int *rows, int *cols) {
    int y, x;
    getmaxyx(stdscr, y, x);
    *rows = y;
    *cols = x;
}

int tk_wait(int timeout_ms) {
    struct pollfd fds[2];
    fds[0].fd = tk_tty_in;
    fds[0].events = POLLIN;
    fds[1].fd = tk_pipe[0];
    fds[1].events = POLLIN;
    int n = poll(fds, 2, timeout_ms);
    if (n < 0) return errno == EINTR ? 2 : 0;
    int result = 0;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) result |= 1;
    if (fds[1].revents & POLLIN) {
        char buf[64];
        while (read(tk_pipe[0], buf, sizeof buf) > 0) {
        }
        result |= 2;
    }
    return result;
}

void tk_wake(void) { tk_poke_pipe(); }

int tk_pending_signal(void) { return tk_requested_signal; }

/* ---------------------------------------------------------------------------
 * Input
 * ------------------------------------------------------------------------- */

int tk_read(unsigned int *value) {
    wint_t ch = 0;
    int rc = wget_wch(stdscr, &ch);
    if (rc == ERR) return -1;
    *value = (unsigned int)ch;
    return rc == KEY_CODE_YES ? 1 : 0;
}

int tk_mouse_event(int *x, int *y, int *kind, int *button, int *modifiers) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return -1;
    *x = ev.x;
    *y = ev.y;
    mmask_t s = ev.bstate;
    *kind = 0;
    *button = 0;
    if (s & BUTTON4_PRESSED) {
        *kind = 3;
    } else if (s & BUTTON5_PRESSED) {
        *kind = 4;
    } else if (s & (BUTTON1_PRESSED | BUTTON2_PRESSED | BUTTON3_PRESSED)) {
        *kind = 1;
        *button = (s & BUTTON1_PRESSED) ? 1 : (s & BUTTON2_PRESSED) ? 2 : 3;
    } else if (s & (BUTTON1_RELEASED | BUTTON2_RELEASED | BUTTON3_RELEASED)) {
        *kind = 2;
        *button = (s & BUTTON1_RELEASED) ? 1 : (s & BUTTON2_RELEASED) ? 2 : 3;
    } else if (s & (BUTTON1_CLICKED | BUTTON2_CLICKED | BUTTON3_CLICKED)) {
        *kind = 5;
        *button = (s & BUTTON1_CLICKED) ? 1 : (s & BUTTON2_CLICKED) ? 2 : 3;
    }
    int m = 0;
    if (s & BUTTON_SHIFT) m |= 1;
    if (s & BUTTON_CTRL) m |= 2;
    if (s & BUTTON_ALT) m |= 4;
    *modifiers = m;
    return 0;
}

int tk_set_mouse(int on) {
    if (on) {
        mmask_t want = BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON2_PRESSED | BUTTON2_RELEASED | BUTTON3_PRESSED |
                       BUTTON3_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED | BUTTON1_CLICKED;
        mmask_t got = mousemask(want, NULL);
        tk_mouse_on = got != 0;
    } else {
        mousemask(0, NULL);
        tk_mouse_on = 0;
    }
    return tk_mouse_on;
}

int tk_key_f(int n) { return KEY_F(n); }

int tk_key_named(const char *capname) {
    char *s = tigetstr(capname);
    if (s == NULL || s == (char *)-1) return -1;
    int code = key_defined(s);
    return code > 0 ? code : -1;
}

int tk_key_paste_begin(void) { return TK_KEY_PASTE_BEGIN; }
int tk_key_paste_end(void) { return TK_KEY_PASTE_END; }

/* ---------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------- */

attr_t tk_attr_bold(void) { return A_BOLD; }
attr_t tk_attr_dim(void) { return A_DIM; }
attr_t tk_attr_italic(void) { return A_ITALIC; }
attr_t tk_attr_underline(void) { return A_UNDERLINE; }
attr_t tk_attr_reverse(void) { return A_REVERSE; }

int tk_init_pair(int pair, int fg, int bg) { return init_extended_pair(pair, fg, bg); }

int tk_put(int y, int x, const wchar_t *wch, int n, attr_t attrs, int pair) {
    wchar_t buf[CCHARW_MAX + 1];
    if (n > CCHARW_MAX) n = CCHARW_MAX;
    memcpy(buf, wch, (size_t)n * sizeof(wchar_t));
    buf[n] = 0;
    cchar_t cc;
    int p = pair;
    if (setcchar(&cc, buf, attrs, 0, &p) == ERR) {
        /* ncurses refuses clusters whose later characters are spacing (emoji ZWJ
           sequences, flags); draw the base character, which carries the width. */
        buf[1] = 0;
        if (setcchar(&cc, buf, attrs, 0, &p) == ERR) return -1;
    }
    mvwadd_wch(stdscr, y, x, &cc); /* ERR in the bottom-right cell, yet the cell is drawn */
    int cy, cx;
    getyx(stdscr, cy, cx);
    if (cy != y) return COLS - x;
    /* In the bottom-right cell the cursor cannot advance: the width is unknown, not zero. */
    if (cx <= x) return -2;
    return cx - x;
}

void tk_cursor(int visible, int y, int x) {
    if (visible) {
        wmove(stdscr, y, x);
        curs_set(1);
    } else {
        curs_set(0);
    }
}

void tk_refresh(void) {
    wnoutrefresh(stdscr);
    doupdate();
}

void tk_invalidate(void) { clearok(curscr, TRUE); }

int tk_write_raw(const char *bytes, size_t count) {
    if (tk_tty_out < 0) return -1;
    tk_write_all(tk_tty_out, bytes, count);
    return 0;
}
