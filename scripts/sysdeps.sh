#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing: venv support for
# Python, gettext (translations), Pango and fonts (WeasyPrint's PDF layout); with --browser
# also Chromium for the browser tests, with --postgres the PostgreSQL server, with --wrk the
# load generator (its script is tested), with --bench wrk and Redis for the benchmark.
# Nothing is downloaded outside Debian's packages.
set -euo pipefail

python=${PYTHON:-python3}
need=()
"$python" -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
command -v msgfmt >/dev/null || need+=(gettext)
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
# WeasyPrint subsets fonts with HarfBuzz when this library is there (a few ms), else with
# fontTools (a third of a second per PDF: docs/benchmarks.md).
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
command -v gpg >/dev/null || need+=(gnupg)  # encrypted backups and their tests
for option in "$@"; do
    case "$option" in
        --browser) [ -x /usr/bin/chromium ] || need+=(chromium) ;;
        --postgres) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql) ;;
        --wrk) command -v wrk >/dev/null || need+=(wrk) ;;
        --bench)
            command -v wrk >/dev/null || need+=(wrk)
            command -v redis-server >/dev/null || need+=(redis-server)
            ;;
        *) echo "sysdeps.sh: unknown option $option" >&2; exit 2 ;;
    esac
done
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${need[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "Please install these Debian packages as root: ${need[*]}" >&2
        exit 1
    fi
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
