#include "cli/dash/terminal.h"

#include <langinfo.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "asynq/errors.h"

// Real functions instead of curses' macros (move, erase, timeout...), which would clash with C++ names.
#define NCURSES_NOMACROS
#include <curses.h>

namespace asynq::cli::dash {

namespace {

constexpr int kEscapeDelayMs = 25;  // how long ncurses waits after Esc for the rest of an arrow key's sequence
constexpr int kCtrlC = 3;
constexpr int kCtrlL = 12;
constexpr int kEscape = 27;

// Colour pairs; 0 is the terminal's own colours.
enum Pair : short {
    kPairTitle = 1,
    kPairFooter,
    kPairError,
    kPairActive,
    kPairPending,
    kPairAggregating,
    kPairScheduled,
    kPairRetry,
    kPairArchived,
    kPairCompleted,
};

void init_colours() {
    if (!has_colors()) return;
    start_color();
    use_default_colors();  // -1 below: keep the terminal's own background
    init_pair(kPairTitle, COLOR_BLACK, COLOR_CYAN);
    init_pair(kPairFooter, COLOR_WHITE, COLOR_BLUE);
    init_pair(kPairError, COLOR_WHITE, COLOR_RED);
    init_pair(kPairActive, COLOR_BLUE, -1);
    init_pair(kPairPending, COLOR_GREEN, -1);
    init_pair(kPairAggregating, COLOR_CYAN, -1);
    init_pair(kPairScheduled, COLOR_YELLOW, -1);
    init_pair(kPairRetry, COLOR_RED, -1);
    init_pair(kPairArchived, COLOR_MAGENTA, -1);
    init_pair(kPairCompleted, COLOR_WHITE, -1);
}

attr_t attributes(Style style) {
    const bool colour = has_colors();
    const auto pair = [&](Pair p, attr_t fallback) { return colour ? static_cast<attr_t>(COLOR_PAIR(p)) : fallback; };
    switch (style) {
        case Style::kNormal:
            return A_NORMAL;
        case Style::kTitle:
            return pair(kPairTitle, A_REVERSE) | A_BOLD;
        case Style::kHeading:
            return A_BOLD;
        case Style::kLabel:
            return A_DIM;
        case Style::kSelected:
            return A_REVERSE;
        case Style::kFooter:
            return pair(kPairFooter, A_REVERSE);
        case Style::kError:
            return pair(kPairError, A_REVERSE) | A_BOLD;
        case Style::kActive:
            return pair(kPairActive, A_NORMAL);
        case Style::kPending:
            return pair(kPairPending, A_NORMAL);
        case Style::kAggregating:
            return pair(kPairAggregating, A_NORMAL);
        case Style::kScheduled:
            return pair(kPairScheduled, A_NORMAL);
        case Style::kRetry:
            return pair(kPairRetry, A_NORMAL);
        case Style::kArchived:
            return pair(kPairArchived, A_NORMAL);
        case Style::kCompleted:
            return pair(kPairCompleted, A_NORMAL);
    }
    return A_NORMAL;
}

void draw_line(int y, const Line& line) {
    move(y, 0);
    for (const auto& span : line) {
        attrset(attributes(span.style));
        // Writing into the bottom-right cell makes curses return ERR after drawing it; nothing is lost.
        addstr(span.text.c_str());
    }
    attrset(A_NORMAL);
}

Key decode(int code) {
    switch (code) {
        case KEY_UP:
        case 'k':
            return Key::kUp;
        case KEY_DOWN:
        case 'j':
            return Key::kDown;
        case KEY_LEFT:
        case 'h':
            return Key::kLeft;
        case KEY_RIGHT:
        case 'l':
            return Key::kRight;
        case KEY_ENTER:
        case '\n':
        case '\r':
            return Key::kEnter;
        case kEscape:
        case 'q':
            return Key::kBack;
        case kCtrlC:
            return Key::kQuit;
        case '?':
            return Key::kHelp;
        case 'n':
        case KEY_NPAGE:
            return Key::kNextPage;
        case 'p':
        case KEY_PPAGE:
            return Key::kPrevPage;
        case '1':
            return Key::kShowQueues;
        case '2':
            return Key::kShowServers;
        case 'r':
        case kCtrlL:
        case KEY_RESIZE:  // the page size changed with the window: fetch the page again
            return Key::kRefresh;
        default:
            break;
    }
    if (code == KEY_F(1)) return Key::kShowQueues;
    if (code == KEY_F(2)) return Key::kShowServers;
    return Key::kOther;
}

}  // namespace

Terminal::Terminal() {
    if (::isatty(STDIN_FILENO) == 0 || ::isatty(STDOUT_FILENO) == 0) {
        throw Error(ErrorCode::kInvalidArgument, "dash needs a terminal: run it with stdin and stdout on a TTY");
    }
    std::setlocale(LC_ALL, "");
    unicode_ = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    // newterm, unlike initscr, reports an unknown TERM instead of exiting the process.
    screen_ = newterm(nullptr, stdout, stdin);
    if (screen_ == nullptr) {
        const char* term = std::getenv("TERM");
        throw Error(ErrorCode::kInvalidArgument,
                    std::string("dash cannot drive this terminal (TERM=") + (term != nullptr ? term : "") + ")");
    }
    set_escdelay(kEscapeDelayMs);
    raw();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    init_colours();
}

Terminal::~Terminal() {
    endwin();
    delscreen(screen_);
}

int Terminal::width() const { return COLS; }

int Terminal::height() const { return LINES; }

void Terminal::draw(const Frame& frame) {
    erase();
    const int rows = height();
    for (int y = 0; y < rows - 1 && y < static_cast<int>(frame.body.size()); ++y) {
        draw_line(y, frame.body[static_cast<std::size_t>(y)]);
    }
    if (rows > 0) draw_line(rows - 1, frame.footer);
    refresh();
}

std::optional<Key> Terminal::read_key(std::chrono::milliseconds wait) {
    timeout(static_cast<int>(std::max<std::chrono::milliseconds::rep>(wait.count(), 0)));
    const int code = getch();
    if (code == ERR) return std::nullopt;
    return decode(code);
}

}  // namespace asynq::cli::dash
