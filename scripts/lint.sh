#!/usr/bin/env bash
# House checks that a compiler does not make: formatting (clang-format 14 with the root .clang-format),
# docs/configuration.md naming every public option field, and no detached threads.
# Usage: scripts/lint.sh [--fix]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
status=0

mapfile -t files < <(git ls-files 'include/*.h' 'src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp' 'examples/*.cpp')
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
elif ! clang-format --dry-run --Werror "${files[@]}" 2>/dev/null; then
    echo "lint: files need clang-format (run scripts/lint.sh --fix):"
    clang-format --dry-run "${files[@]}" 2>&1 | grep -oE '^[^ :]+\.(h|cpp):' | sort -u
    status=1
fi

# Every field of a public options struct is documented in docs/configuration.md.
for header in include/asynq/options.h include/asynq/redis_options.h; do
    for field in $(grep -oE '^\s+[a-zA-Z:<>_, ]+ ([a-z_]+)( = [^;]*|\{[^}]*\})?;' "$header" | grep -oE '[a-z_]+(\{|;| =)' | tr -d '{; =' | sort -u); do
        grep -q "\`$field\`" docs/configuration.md || { echo "lint: $header field '$field' is not in docs/configuration.md"; status=1; }
    done
done

if grep -rn '\.detach()' src include; then
    echo "lint: detached threads: every thread needs an owner that joins it"
    status=1
fi
exit $status
