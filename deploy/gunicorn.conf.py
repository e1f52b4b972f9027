"""gunicorn's configuration for the portal: ``gunicorn -c deploy/gunicorn.conf.py
coaching_portal.wsgi``, from the checkout's folder (see docs/deploy.md).

Sync workers, each serving one request at a time with its own persistent database
connection: the pages are short and server-rendered, nginx in front buffers slow clients,
and a sync worker cannot be stalled by another request's work. The number follows the
cores (gunicorn's rule of thumb, 2 × cores + 1); WEB_CONCURRENCY, gunicorn's own variable,
overrides it.
"""

import multiprocessing
import os

wsgi_app = "coaching_portal.wsgi:application"
# nginx proxies to this address; the command line (--bind) may give another.
bind = "127.0.0.1:8001"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A request taking longer than this (a stuck query) is ended and its worker replaced; nginx
# waits a little longer (proxy_read_timeout 75s). PDFs never come near it: a page renders
# only small ones, in a render slot, and hands the others to the task worker (core/pdf.py).
timeout = 60
graceful_timeout = 30
# nginx keeps connections to gunicorn open between requests.
keepalive = 5
# Workers are replaced now and then, so that a slow leak in a library never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# The application is loaded once in the master and shared by the workers (less memory).
preload_app = True
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1,::1"

# Access log on standard output (systemd's journal), with secret URLs masked: survey
# links and activation/password tokens never reach the logs (operations/logs.py).
accesslog = "-"
errorlog = "-"
logger_class = "operations.logs.GunicornLogger"
# The client's address is the one nginx saw (X-Forwarded-For); then the request, status,
# size, duration, Referer and browser.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
