#!/bin/sh
# manage.py with the portal's environment, for cron and the shell of the server:
#   deploy/manage.sh send_booking_reminders
set -eu
cd "$(dirname "$0")/.."
set -a
. "${COACHING_PORTAL_ENV:-/etc/coaching-portal.env}"
set +a
exec .venv/bin/python manage.py "$@"
