#!/usr/bin/env bash
# Prepare a development environment for chanx (idempotent, safe to re-run).
#
#   * creates .venv (Python 3.11+) in the repo root if it is missing or broken;
#   * (re)installs the project with all extras when pyproject.toml changed since the
#     last install (a hash is kept in .venv/.chanx-bootstrap-stamp);
#   * installs redis-server with apt when it is not on PATH (tests start their own
#     redis-server processes on free ports; no system service is relied upon);
#   * when node/npm are on PATH, installs the pinned TypeScript compiler and `ws` used by
#     the generated-client tests (`npm ci` from tests/client_gen/node/ into
#     $CHANX_NODE_TOOLS, default ~/.cache/chanx-node-tools; re-run when the lock changes);
#   * with CHANX_WITH_DOCS_TOOLS=1, runs ../shared/tools/setup.sh (npm packages for the
#     AsyncAPI validator + Debian chromium). Failures there only print a loud warning.
#     The sandbox's browser tests drive that chromium with the Python `playwright`
#     package (dev extra, installed above); no browser is ever downloaded
#     (never run `playwright install`).
#
# Run it (`bash scripts/bootstrap.sh`) or source it (`source scripts/bootstrap.sh`); when
# sourced it also activates the venv (exports VIRTUAL_ENV and prepends .venv/bin to PATH).
# Environment knobs: PYTHON=/path/to/python3.11, CHANX_WITH_DOCS_TOOLS=1,
# CHANX_SKIP_APT=1 (never call apt-get).
set -euo pipefail

_chanx_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_chanx_venv="$_chanx_root/.venv"
_chanx_extras="channels,fast_channels,redis,cli,client,dev"
_chanx_stamp="$_chanx_venv/.chanx-bootstrap-stamp"

_chanx_log() { printf '[bootstrap] %s\n' "$*" >&2; }

_chanx_warn() {
  printf '\n[bootstrap] ************************************************************\n' >&2
  printf '[bootstrap] WARNING: %s\n' "$@" >&2
  printf '[bootstrap] ************************************************************\n\n' >&2
}

# Run a command as root: directly when we are root, through sudo otherwise.
_chanx_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    _chanx_log "need root for: $* (no sudo available)"
    return 1
  fi
}

_chanx_apt_install() {
  if [ "${CHANX_SKIP_APT:-0}" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  _chanx_log "apt-get install $*"
  _chanx_as_root apt-get update -qq
  _chanx_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

_chanx_find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
      >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

_chanx_ensure_venv() {
  if [ -x "$_chanx_venv/bin/python" ] && "$_chanx_venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    return 0
  fi
  local py
  if ! py="$(_chanx_find_python)"; then
    _chanx_log "no Python >= 3.11 found (set PYTHON=/path/to/python3.11)"
    return 1
  fi
  if [ -e "$_chanx_venv" ]; then
    _chanx_log "existing .venv is broken; recreating it"
    rm -rf "$_chanx_venv"
  fi
  _chanx_log "creating .venv with $py ($("$py" --version 2>&1))"
  if ! "$py" -m venv "$_chanx_venv"; then
    # Debian/Ubuntu ship ensurepip separately.
    rm -rf "$_chanx_venv"
    local minor
    minor="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    _chanx_apt_install "python${minor}-venv" || _chanx_apt_install python3-venv
    "$py" -m venv "$_chanx_venv"
  fi
}

_chanx_install_project() {
  local want have=""
  want="$(
    "$_chanx_venv/bin/python" - "$_chanx_root/pyproject.toml" "$_chanx_extras" <<'PY'
import hashlib
import sys

digest = hashlib.sha256()
with open(sys.argv[1], "rb") as fh:
    digest.update(fh.read())
digest.update(sys.argv[2].encode())
digest.update(sys.version.encode())
print(digest.hexdigest())
PY
  )"
  [ -f "$_chanx_stamp" ] && have="$(cat "$_chanx_stamp")"
  if [ "$want" = "$have" ]; then
    _chanx_log "project already installed (pyproject.toml unchanged)"
    return 0
  fi
  _chanx_log "upgrading pip"
  "$_chanx_venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  _chanx_log "pip install -e .[$_chanx_extras] (may take a few minutes)"
  (cd "$_chanx_root" && "$_chanx_venv/bin/python" -m pip install -q --disable-pip-version-check \
    -e ".[$_chanx_extras]")
  printf '%s\n' "$want" >"$_chanx_stamp"
  _chanx_log "project installed"
}

_chanx_ensure_redis() {
  if command -v redis-server >/dev/null 2>&1; then
    _chanx_log "redis-server: $(command -v redis-server)"
    return 0
  fi
  _chanx_log "redis-server not found; installing it with apt"
  if ! _chanx_apt_install redis-server; then
    _chanx_warn "could not install redis-server; tests that need a real Redis will fail (CI) or skip."
    return 0
  fi
  # apt may have started a system service; the tests never rely on it.
  _chanx_log "redis-server: $(command -v redis-server || echo 'still missing')"
}

_chanx_docs_tools() {
  [ "${CHANX_WITH_DOCS_TOOLS:-0}" = 1 ] || return 0
  local tools
  tools="$(cd "$_chanx_root/.." && pwd)/shared/tools"
  if [ ! -x "$tools/setup.sh" ] && [ ! -f "$tools/setup.sh" ]; then
    _chanx_warn "$tools/setup.sh not found: AsyncAPI validator / chromium docs checks unavailable."
    return 0
  fi
  export CHANX_SHARED_TOOLS_DIR="$tools"
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    _chanx_warn "node/npm not found: skipping $tools/setup.sh;" \
      "AsyncAPI validator and docs-page rendering checks will not be able to run."
    return 0
  fi
  _chanx_log "running $tools/setup.sh (npm packages + chromium)"
  if ! bash "$tools/setup.sh" </dev/null >&2; then
    _chanx_warn "$tools/setup.sh failed; AsyncAPI validator / docs-page rendering may be missing."
  fi
}

_chanx_node_tools() {
  local src="$_chanx_root/tests/client_gen/node"
  local dest="${CHANX_NODE_TOOLS:-$HOME/.cache/chanx-node-tools}"
  [ -f "$src/package-lock.json" ] || return 0
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    _chanx_warn "node/npm not found: the TypeScript client tests will be skipped."
    return 0
  fi
  if [ -x "$dest/node_modules/.bin/tsc" ] && cmp -s "$src/package-lock.json" "$dest/package-lock.json"; then
    _chanx_log "node tools already installed in $dest"
    return 0
  fi
  _chanx_log "npm ci (typescript, ws) in $dest"
  mkdir -p "$dest"
  cp "$src/package.json" "$src/package-lock.json" "$dest/"
  if ! (cd "$dest" && npm ci --no-audit --no-fund >/dev/null); then
    _chanx_warn "npm ci failed in $dest; the TypeScript client tests will be skipped."
  fi
}

_chanx_ensure_venv
_chanx_install_project
_chanx_ensure_redis
_chanx_node_tools
_chanx_docs_tools

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: activate the venv for the caller.
  export VIRTUAL_ENV="$_chanx_venv"
  case "$PATH" in
    "$_chanx_venv/bin:"*) ;;
    *) export PATH="$_chanx_venv/bin:$PATH" ;;
  esac
fi
_chanx_log "environment ready ($("$_chanx_venv/bin/python" --version 2>&1) in $_chanx_venv)"
