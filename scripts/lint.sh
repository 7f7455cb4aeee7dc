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
python3 - <<'PY' || status=1
import pathlib, re, sys
docs = pathlib.Path("docs/configuration.md").read_text()
missing = []
for header in ("include/asynq/options.h", "include/asynq/redis_options.h", "include/asynq/server.h",
               "include/asynq/scheduler.h", "include/asynq/periodic_task_manager.h"):
    text = pathlib.Path(header).read_text()
    for body in re.findall(r"struct \w*Options \{(.*?)\n\};", text, flags=re.S):
        body = re.sub(r"//[^\n]*", "", body)
        depth, statements, current = 0, [], ""
        for ch in body:  # split on top-level semicolons (lambdas and templates contain none at depth 0)
            depth += ch in "({<"
            depth -= ch in ")}>"
            if ch == ";" and depth == 0:
                statements.append(current)
                current = ""
            else:
                current += ch
        for statement in statements:
            statement = re.split(r"\s*(=|\{)", statement.strip())[0]
            if not statement or "(" in statement or statement.startswith(("static", "using")):
                continue
            field = statement.split()[-1]
            if f"`{field}`" not in docs:
                missing.append(f"{header}: {field}")
for m in missing:
    print(f"lint: option field not in docs/configuration.md: {m}")
sys.exit(1 if missing else 0)
PY

if grep -rn '\.detach()' src include; then
    echo "lint: detached threads: every thread needs an owner that joins it"
    status=1
fi
exit $status
