"""django_tasks_db's task worker, with WeasyPrint's fonts and the print stylesheet loaded
before its first task (core.pdf.warm_up), as gunicorn's master loads them for the web
workers: the first document a worker renders after it starts (a deploy, a restart) used to
pay for them, a quarter of a second of its wait (docs/benchmarks.md, eighteenth section).
Found before django_tasks_db's command because core comes before it in INSTALLED_APPS."""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from core.pdf import warm_up

logger = logging.getLogger(__name__)


class Command(WorkerCommand):
    def handle(self, *args, batch: bool, reload: bool, **options) -> None:
        # A worker that keeps running: not a batch (it ends when the queue is empty, and a
        # PDF in it pays the same), and with --reload only the child that runs the tasks.
        if not batch and (not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"):
            try:
                warm_up()
            except Exception:  # a cold worker is slower, not broken
                logger.exception("Could not load WeasyPrint before the first task")
        super().handle(*args, batch=batch, reload=reload, **options)
