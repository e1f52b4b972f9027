"""gunicorn's configuration for the portal: ``gunicorn -c deploy/gunicorn.conf.py
coaching_portal.wsgi``, from the checkout's folder (see docs/deploy.md).

Sync workers, each serving one request at a time with its own persistent database
connection: the pages are short and server-rendered, nginx in front buffers slow clients,
and a sync worker cannot be stalled by another request's work. The number follows the
cores (gunicorn's rule of thumb, 2 × cores + 1); WEB_CONCURRENCY, gunicorn's own variable,
overrides it.
"""

import gc
import multiprocessing
import os
from pathlib import Path

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
# The application is loaded once in the master and shared by the workers (less memory);
# when_ready below loads the rest there too, so a replaced worker starts warm.
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


def when_ready(server):
    """Loads in the master what a worker would otherwise load on its first request: the
    URLconf with every view (and WeasyPrint, which the PDF views import) and its reverse
    lookups in every language, the translation catalogues, the static files' manifest,
    the portal's own templates compiled (templates/), WeasyPrint's fonts and the print
    stylesheet (a small page rendered: core.pdf.warm_up). Then freezes the objects so far
    out of the garbage collector's way: a forked worker shares their memory instead of
    copying it page by page as the collector walks them, also when it exits. A worker
    replaced after max_requests used to take about a second over its first request and
    again over leaving (docs/benchmarks.md); then 60-100 ms over its first home page, 40-50
    with the reverse lookups and the templates loaded here."""
    if not server.cfg.preload_app:
        return
    try:
        _load_what_a_first_request_would()
    except Exception:  # a cold worker is slower, not broken
        server.log.exception("Could not load the application's parts before forking")
    gc.freeze()


def _load_what_a_first_request_would():
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    from core.pdf import warm_up

    try:
        get_resolver().url_patterns  # noqa: B018 (imports the views)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                translation.gettext("Beranda")
                # The first {% url %} or redirect of a worker built them: 25-30 ms.
                _reverse_lookups(get_resolver())
        staticfiles_storage.url("css/portal.css")
        # Each compiled once here rather than on its first use in each worker: the home's
        # templates alone took 15-20 ms of a new worker's first request (193 in all, 0.35 s).
        for folder in settings.TEMPLATES[0]["DIRS"]:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    get_template(path.relative_to(folder).as_posix())
        # WeasyPrint's fonts and the print stylesheet, loaded by a first render; its
        # garbage collected before what is left is frozen.
        warm_up()
        gc.collect()
    finally:
        # Nothing above should query, but a connection made in the master would be shared
        # by every worker forked from it, also when something above failed.
        connections.close_all()


def _reverse_lookups(resolver):
    """The resolver's reverse lookups in the active language, and its namespaces' (built
    each on its first use)."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, namespace in resolver.namespace_dict.values():
        _reverse_lookups(namespace)
