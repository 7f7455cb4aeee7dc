# Sourced by the benchmark scripts: installs what is missing, builds, and starts a throwaway redis-server.
# Sets root, build_dir and REDIS_PORT; the server stops when the script exits.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
# shellcheck source=throwaway_redis.sh
source "$root/scripts/lib/throwaway_redis.sh"
"$root/scripts/install_deps.sh" >/dev/null
"$root/scripts/build.sh" >/dev/null
start_throwaway_redis
