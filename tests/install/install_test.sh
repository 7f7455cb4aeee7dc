#!/usr/bin/env bash
# Installs the built project into a temporary prefix, then builds the quick-start example as a separate project
# twice: with find_package(asynq) and with pkg-config. Usage: install_test.sh <build-dir> <source-dir>
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d /tmp/asynq-install-XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
for f in include/asynq/client.h lib/libasynq.a bin/asynq lib/cmake/asynq/asynqConfig.cmake lib/pkgconfig/asynq.pc; do
    [ -e "$work/prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
"$work/prefix/bin/asynq" --version

cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DEXAMPLE_SOURCE="$source_dir/examples/quickstart.cpp" >/dev/null
cmake --build "$work/consumer" >/dev/null
[ -x "$work/consumer/consumer" ] || { echo "find_package consumer was not built"; exit 1; }
printf 'tasks:\n  - {cron: "@hourly", type: t}\n' > "$work/tasks.yaml"
[ "$("$work/consumer/yaml_consumer" "$work/tasks.yaml")" = 1 ] || { echo "find_package yaml consumer failed"; exit 1; }
echo "find_package(asynq): consumers built"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
c++ -std=c++20 "$source_dir/examples/quickstart.cpp" -o "$work/pc_consumer" $(pkg-config --cflags --libs --static asynq)
[ -x "$work/pc_consumer" ] || { echo "pkg-config consumer was not built"; exit 1; }
# shellcheck disable=SC2046
c++ -std=c++20 "$source_dir/tests/install/consumer/yaml_provider.cpp" -o "$work/pc_yaml_consumer" \
    $(pkg-config --cflags --libs --static asynq)
[ "$("$work/pc_yaml_consumer" "$work/tasks.yaml")" = 1 ] || { echo "pkg-config yaml consumer failed"; exit 1; }
echo "pkg-config asynq: consumers built"
