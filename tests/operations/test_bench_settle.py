"""What the benchmark waits for before each run besides gunicorn's queue: the task worker's
tasks (operations/bench/driver.py, Bench.settle). Rows committed, read on a connection of
the driver's own: a module of its own, apart from test_bench.py's regency built once."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from operations.bench.driver import Bench, tasks_pending


@pytest.mark.django_db(transaction=True)
def test_the_task_workers_tasks_are_pending_while_due_or_running_not_when_due_later():
    """What the benchmark waits for before each run (Bench.settle), read as the driver
    reads it: on a connection of its own to the benchmark's database."""

    def task(run_after, status=TaskResultStatus.READY):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="core.mail.deliver_mail",
            backend_name="default",
            run_after=run_after,
            status=status,
        )

    def pending() -> bool:
        with Bench.__new__(Bench).connect(connection.settings_dict["NAME"]) as own:
            return tasks_pending(own)

    DBTaskResult.objects.all().delete()  # whatever an earlier test left committed
    task(timezone.now() + datetime.timedelta(days=1))  # tomorrow's
    task(get_date_max(), TaskResultStatus.SUCCESSFUL)  # done
    assert not pending()
    due = task(get_date_max())  # enqueued to run at once
    assert pending()
    DBTaskResult.objects.filter(pk=due.pk).update(status=TaskResultStatus.RUNNING)
    assert pending()  # taken, its e-mail not sent yet
    DBTaskResult.objects.filter(pk=due.pk).update(status=TaskResultStatus.SUCCESSFUL)
    assert not pending()
    task(timezone.now() - datetime.timedelta(seconds=1))  # its time has come
    assert pending()
