// `asynq dash`: the live terminal dashboard. One thread: it refreshes the data every --refresh, redraws, and
// waits for a key until the next refresh is due, so nothing runs in the background.

#include <chrono>
#include <memory>
#include <string>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "cli/dash/dash_fetch.h"
#include "cli/dash/dash_model.h"
#include "cli/dash/dash_render.h"
#include "cli/dash/terminal.h"
#include "cli/flag_parsing.h"
#include "cli/read_commands.h"

namespace asynq::cli {
namespace {

using Clock = std::chrono::steady_clock;

void run_dash(const RedisOptions& redis, std::chrono::milliseconds refresh) {
    Inspector inspector(redis);
    dash::DashFetcher fetcher(inspector);
    dash::Terminal terminal;
    dash::DashState state;
    dash::DashData data;
    auto next_refresh = Clock::now();
    bool fetch_now = true;
    while (!state.quit) {
        const int page_size = dash::task_page_size(terminal.height());
        if (fetch_now || Clock::now() >= next_refresh) {
            fetcher.refresh(state, page_size, data);
            if (dash::clamp_selection(state, data, page_size)) fetcher.refresh(state, page_size, data);
            next_refresh = Clock::now() + refresh;
            fetch_now = false;
        }
        const dash::RenderContext context{terminal.width(), terminal.height(), std::chrono::system_clock::now(),
                                          redis.address(),  refresh,           terminal.unicode()};
        terminal.draw(dash::render(state, data, context));
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_refresh - Clock::now());
        if (const auto key = terminal.read_key(wait)) fetch_now = dash::apply_key(state, *key, data, page_size);
    }
}

}  // namespace

void add_dash_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* dash = app.add_subcommand("dash", "Live terminal dashboard of queues, tasks and servers");
    auto refresh = std::make_shared<std::string>("8s");
    dash->add_option("--refresh", *refresh, "Interval between data refreshes (at least 1s)")
        ->type_name("DURATION")
        ->capture_default_str();
    dash->callback([&global, refresh] {
        const auto interval = parse_duration_flag("--refresh", *refresh);
        if (interval < std::chrono::seconds(1)) {
            throw Error(ErrorCode::kInvalidArgument, "--refresh: must be at least 1s, got " + *refresh);
        }
        run_dash(global.redis_options(), std::chrono::duration_cast<std::chrono::milliseconds>(interval));
    });
}

}  // namespace asynq::cli
