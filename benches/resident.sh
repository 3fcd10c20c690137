#!/usr/bin/env bash
# Resident memory of the real window: starts target/release/allydeck under Xvfb with a fresh
# profile, waits for Home to fill in, and prints the kernel's figures for the process.
#   benches/resident.sh --questions /path/to/100k-questions
# Needs xvfb (see the README's system packages). WAIT=seconds to wait (default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export ALLYDECK_HOME=$home XDG_DATA_HOME=$home/xdg ALLYDECK_STARTUP_TIMING=1
Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY=:77 target/release/allydeck "$@" &
app=$!
sleep "${WAIT:-8}"
grep -E "VmRSS|VmHWM|RssAnon|RssFile" "/proc/$app/status"
kill "$app" "$xvfb"
wait 2>/dev/null || true
