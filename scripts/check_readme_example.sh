#!/usr/bin/env bash
# Each C++ example in the README must be the block between the [NAME] markers of examples/NAME.cpp, which the
# build compiles; this fails if they drift apart. README blocks sit between <!-- NAME:begin --> and
# <!-- NAME:end -->.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for name in quickstart worker; do
    readme_block=$(awk "/<!-- $name:begin -->/{f=1; next} /<!-- $name:end -->/{f=0} f" "$root/README.md" | sed '/^```/d')
    example_block=$(awk "/\\[$name\\]/{n++; next} n==1" "$root/examples/$name.cpp")
    if [ -z "$readme_block" ] || [ "$readme_block" != "$example_block" ]; then
        echo "README.md example '$name' differs from examples/$name.cpp:" >&2
        diff <(echo "$example_block") <(echo "$readme_block") >&2 || true
        status=1
    else
        echo "README example '$name' matches examples/$name.cpp"
    fi
done
exit $status
