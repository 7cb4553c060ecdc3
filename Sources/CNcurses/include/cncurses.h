#ifndef WARDEN_CNCURSES_H
#define WARDEN_CNCURSES_H
/* Wide-character ncurses must be requested before the header is included,
   or get_wch / cchar_t do not reach the Swift importer. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncurses.h>
#endif
