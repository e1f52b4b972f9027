"""Backups: the database with pg_dump (custom format) and the uploaded files as a tar
archive beside it, under one timestamp; and their restore. ``manage.py backup`` and
``manage.py restore`` (make backup / make restore) are thin shells around these."""

import datetime
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings

PREFIX = "coaching-portal-"


def client_program(name: str) -> str:
    """The newest installed pg_dump/pg_restore: it must not be older than the server."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed (Debian package postgresql-client)")
    return found


def connection_args(database: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if database.get("HOST"):
        args += ["-h", database["HOST"]]
    if database.get("PORT"):
        args += ["-p", str(database["PORT"])]
    if database.get("USER"):
        args += ["-U", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def media_archive(dump: Path) -> Path:
    return dump.with_name(dump.name.removesuffix(".dump") + "-media.tar.gz")


def backup(folder: Path, *, keep: int | None = None) -> list[Path]:
    """Write <folder>/coaching-portal-<time>.dump (and -media.tar.gz when there are
    uploaded files); with ``keep``, delete all but the newest ``keep`` backups."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    dump = folder / f"{PREFIX}{stamp}.dump"
    database = settings.DATABASES["default"]
    args, env = connection_args(database)
    partial = dump.with_suffix(".partial")
    subprocess.run(
        [client_program("pg_dump"), "-Fc", "-f", str(partial), *args, database["NAME"]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    partial.rename(dump)  # a backup cut short never passes for a whole one
    written = [dump]
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        archive = media_archive(dump)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media, arcname=".")
        written.append(archive)
    if keep:
        dumps = sorted(folder.glob(f"{PREFIX}*.dump"))
        for old in dumps[:-keep]:
            media_archive(old).unlink(missing_ok=True)
            old.unlink()
    return written


def restore(dump: Path) -> list[str]:
    """Replace the database's content with a backup, in one transaction (a restore that
    fails leaves the database as it was); unpack its uploaded files into MEDIA_ROOT."""
    database = settings.DATABASES["default"]
    args, env = connection_args(database)
    subprocess.run(
        [
            client_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            database["NAME"],
            *args,
            str(dump),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    restored = [f"database {database['NAME']}"]
    archive = media_archive(dump)
    if archive.exists():
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as tar:
            _extract_safely(tar, media)
        restored.append(f"uploaded files into {media}")
    return restored


def _extract_safely(tar: tarfile.TarFile, target: Path) -> None:
    """Only plain files and folders inside ``target``: no absolute paths, no ../, no links
    or devices (the "data" filter, checked by hand where Python lacks it)."""
    root = target.resolve()
    for member in tar.getmembers():
        inside = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not inside.is_relative_to(root):
            raise ValueError(f"refusing {member.name!r} in the media archive")
    if hasattr(tarfile, "data_filter"):
        tar.extractall(target, filter="data")
    else:  # pragma: no cover - Python before 3.11.4
        tar.extractall(target)
