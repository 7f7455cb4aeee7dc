#!/usr/bin/env bash
# The README's C++ example must be the block between the [quickstart] markers of examples/quickstart.cpp, which
# the build compiles; this fails if the two drift apart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
extract() { awk '/\[quickstart\]/{n++; next} n==1' "$1"; }
readme_block=$(awk '/<!-- quickstart:begin -->/{f=1; next} /<!-- quickstart:end -->/{f=0} f' "$root/README.md" | sed '/^```/d')
example_block=$(extract "$root/examples/quickstart.cpp")
if [ "$readme_block" != "$example_block" ]; then
    echo "README.md quick start differs from examples/quickstart.cpp:" >&2
    diff <(echo "$example_block") <(echo "$readme_block") >&2 || true
    exit 1
fi
echo "README example matches examples/quickstart.cpp"
