#!/usr/bin/env bash
# Makes sure the programs the browser tests need are on this machine. As root
# with apt, installs what is missing; otherwise stops naming what to install.
# Usage: scripts/ensure-system-deps.sh [chromium] [ffmpeg] [redis-server] (default: chromium)
set -euo pipefail

declare -A package_of=([chromium]=chromium [ffmpeg]=ffmpeg [redis-server]=redis-server)

present() {
  case "$1" in
    chromium) [ -x "${CHROME_BIN:-/usr/bin/chromium}" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for program in "${@:-chromium}"; do
  if [ -z "${package_of[$program]:-}" ]; then
    echo "ensure-system-deps: unknown program '$program'" >&2
    exit 2
  fi
  present "$program" || missing+=("${package_of[$program]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "ensure-system-deps: missing ${missing[*]}. Install it with: sudo apt-get install ${missing[*]}" >&2
echo "(or point CHROME_BIN at an existing Chromium or Chrome binary)" >&2
exit 1
