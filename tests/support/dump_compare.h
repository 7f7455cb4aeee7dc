#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace asynq::testing {

/// Compares a db written by our code with one written by Go asynq (a fixture), the way spec §10.1 asks:
/// same keys, types, hash fields, list order, zset members and scores, TTLs, and TaskMessages decoded and
/// compared field by field — ids and times aside:
/// - Task ids are random, so each task is relabelled by `<type>|<base64 payload or <nil>>` everywhere it
///   appears (key names, list/zset/set members, lock values). Explicit (non-UUID) ids must match exactly.
/// - Times (zset scores, pending_since, msg deadline/last_failed_at/completed_at, paused-at, TTLs) are compared
///   relative to the moment each dump was taken, within `tolerance`.
struct DumpComparison {
    std::chrono::seconds tolerance{3};
    /// How long after the compared writes Go's dump was taken (a Go server ran in between); our dump is read
    /// right after our writes. Moves Go's reference moment back so relative times line up.
    std::chrono::milliseconds go_dump_delay{0};
    /// Only keys (after relabelling) for which this returns true are compared; default: all.
    std::function<bool(const std::string& key)> include;
};

/// Differences, one human-readable line each; empty when the dumps match.
std::vector<std::string> compare_dumps(const Dump& go, const Dump& ours, const DumpComparison& how = {});

}  // namespace asynq::testing
