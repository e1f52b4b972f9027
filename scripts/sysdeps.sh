#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing: venv support for
# Python, gettext (translations), Pango and fonts (WeasyPrint's PDF layout) and, with
# --browser, Chromium for the browser tests. Nothing is downloaded outside Debian's packages.
set -euo pipefail

need=()
python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
command -v msgfmt >/dev/null || need+=(gettext)
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--browser" ]; then
    [ -x /usr/bin/chromium ] || need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${need[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
