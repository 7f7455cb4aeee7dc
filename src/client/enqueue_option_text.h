#pragma once

#include <span>
#include <string_view>

#include "asynq/options.h"

// Enqueue options written as text, by name. One table shared by the `asynq task enqueue` flags (`--timeout 2m`)
// and the `asynq scheduler` YAML file (`timeout: 2m`), so both accept the same names and the same value syntax.
namespace asynq::client {

/// The option names, in EnqueueOptions' order: `queue`, `max-retry`, `timeout`, `deadline`, `unique`,
/// `process-in`, `process-at`, `id`, `retention`, `group` (the `asynq task enqueue` flags without the dashes).
std::span<const std::string_view> enqueue_option_names() noexcept;

/// True for a name in enqueue_option_names().
bool is_enqueue_option_name(std::string_view name) noexcept;

/// Parses `text` as the option `name` and stores it in `options`. Durations are Go durations (`90s`, `1h30m`),
/// times RFC 3339 (`2026-11-25T10:00:00Z`), `max-retry` a non-negative decimal integer; the others are taken as
/// given. Only the syntax is checked here: ranges and combinations are the Client's to check when it enqueues.
/// Throws Error(kInvalidArgument) `"<label>: <problem>"`, e.g. `--timeout: invalid duration "5x": unknown unit
/// "x"`, also for an unknown name.
void set_enqueue_option(EnqueueOptions& options, std::string_view name, std::string_view text, std::string_view label);

}  // namespace asynq::client
