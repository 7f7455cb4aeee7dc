#!/usr/bin/env bash
# Installs every Debian package asynq-cpp needs to build, test and run its demo.
# Idempotent and non-interactive: packages already present are skipped, and
# `apt-get update` runs at most once, only when something is missing.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git clang-format python3
    # libraries (see docs/dependencies.md for why each one)
    libhiredis-dev libprotobuf-dev protobuf-compiler nlohmann-json3-dev
    libfmt-dev libspdlog-dev libcli11-dev uuid-dev libssl-dev libcctz-dev libyaml-cpp-dev libncurses-dev tzdata
    libcpp-httplib-dev
    # tests and benchmarks; chromium runs the web dashboard's browser tests (tests/web_ui, through playwright-core)
    libgtest-dev libgmock-dev libbenchmark-dev tmux chromium
    # a real Redis for the tests and the demo
    redis-server redis-tools redis-sentinel
)

# The web dashboard is built with Node.js and npm. Debian's `nodejs` (18 on Debian 12) is installed only when no
# `node` is on PATH at all: a newer Node from another source (NodeSource's 20, say) must not be replaced by an older
# one, and NodeSource's package bundles npm, which Debian's `npm` package would conflict with.
# scripts/build_web.sh checks the version Vite needs and says what to do when it is too old.
if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install_deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install_deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

# The redis-server package starts a system instance on port 6379; the project
# never uses it (tests and the demo start their own on free ports), so stop it
# where a service manager is running and leave it be otherwise.
if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    "${sudo_cmd[@]}" systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
