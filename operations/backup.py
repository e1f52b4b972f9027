"""Backups: the database with pg_dump (custom format) and the uploaded files as a tar
archive beside it, under one timestamp, readable by the owner only and, with a passphrase
in the environment, encrypted with gpg; and their restore. ``manage.py backup`` and
``manage.py restore`` (make backup / make restore) are thin shells around these."""

import contextlib
import datetime
import os
import shutil
import subprocess
import tarfile
import tempfile
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


ENCRYPTED = ".gpg"


def media_archive(dump: Path) -> Path:
    """The uploaded files' archive beside a dump (encrypted beside an encrypted one)."""
    name = dump.name.removesuffix(ENCRYPTED)
    suffix = ENCRYPTED if dump.name.endswith(ENCRYPTED) else ""
    return dump.with_name(name.removesuffix(".dump") + "-media.tar.gz" + suffix)


@contextlib.contextmanager
def _private_files():
    """Files and folders made meanwhile are the owner's alone (0600, 0700): a backup holds
    every password hash, NIP and phone number of the regency."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(folder: Path, *, keep: int | None = None) -> list[Path]:
    """Write <folder>/coaching-portal-<time>.dump (and -media.tar.gz when there are
    uploaded files), readable by the owner only, in a folder only the owner may enter;
    encrypted (.gpg, AES-256) when BACKUP_PASSPHRASE is set. With ``keep``, delete all but
    the newest ``keep`` backups."""
    passphrase = settings.BACKUP_PASSPHRASE
    with _private_files():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        dump = folder / f"{PREFIX}{stamp}.dump{ENCRYPTED if passphrase else ''}"
        database = settings.DATABASES["default"]
        args, env = connection_args(database)
        with _written(dump, passphrase) as out:
            subprocess.run(
                [client_program("pg_dump"), "-Fc", *args, database["NAME"]],
                env=env,
                check=True,
                stdout=out,
                stderr=subprocess.PIPE,
            )
        written = [dump]
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir() and any(media.iterdir()):
            archive = media_archive(dump)
            with (
                _written(archive, passphrase) as out,
                tarfile.open(fileobj=out, mode="w|gz") as tar,
            ):
                tar.add(media, arcname=".")
            written.append(archive)
    if keep:
        dumps = sorted(
            path
            for path in folder.glob(f"{PREFIX}*")
            if path.name.endswith((".dump", ".dump" + ENCRYPTED))
        )
        for old in dumps[:-keep]:
            media_archive(old).unlink(missing_ok=True)
            old.unlink()
    return written


@contextlib.contextmanager
def _written(path: Path, passphrase: str):
    """A binary stream whose content becomes ``path`` once it is whole: a ``.partial`` file
    (removed when the writing fails, so that a backup cut short never passes for a whole
    one), or gpg encrypting what it is given into it."""
    partial = path.with_name(path.name + ".partial")
    try:
        if passphrase:
            arguments = ["--symmetric", "--cipher-algo", "AES256", "-o", str(partial)]
            with _gpg(arguments, passphrase) as gpg:
                yield gpg.stdin
        else:
            with partial.open("wb") as out:
                yield out
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(path)


@contextlib.contextmanager
def _gpg(arguments: list[str], passphrase: str):
    """gpg in batch mode, in a home of its own, with the passphrase through a pipe (never
    on its command line, where other users could read it)."""
    program = shutil.which("gpg")
    if program is None:
        raise FileNotFoundError("gpg is not installed (Debian package gnupg)")
    with tempfile.TemporaryDirectory() as home:
        read, write = os.pipe()
        os.write(write, passphrase.encode())
        os.close(write)
        try:
            gpg = subprocess.Popen(
                [
                    program,
                    "--batch",
                    "--yes",
                    "--quiet",
                    "--homedir",
                    home,
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase-fd",
                    str(read),
                    *arguments,
                ],
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(read,),
            )
        finally:
            os.close(read)
        try:
            yield gpg
        finally:
            gpg.stdin.close()
            error = gpg.stderr.read()
            gpg.stderr.close()
            if gpg.wait() != 0:
                raise subprocess.CalledProcessError(gpg.returncode, "gpg", stderr=error)


def decrypt(path: Path, target: Path, passphrase: str) -> None:
    """gpg --decrypt ``path`` into ``target`` (what an administrator would type by hand:
    ``gpg --decrypt coaching-portal-….dump.gpg > coaching-portal-….dump``)."""
    with _gpg(["--decrypt", "-o", str(target), str(path)], passphrase):
        pass


def restore(dump: Path) -> list[str]:
    """Replace the database's content with a backup, in one transaction (a restore that
    fails leaves the database as it was); unpack its uploaded files into MEDIA_ROOT. An
    encrypted backup is decrypted with BACKUP_PASSPHRASE into a private temporary folder
    first."""
    if not dump.name.endswith(ENCRYPTED):
        return _restore_plain(dump)
    if not settings.BACKUP_PASSPHRASE:
        raise ValueError("this backup is encrypted: set BACKUP_PASSPHRASE to restore it")
    with _private_files(), tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / dump.name.removesuffix(ENCRYPTED)
        decrypt(dump, plain, settings.BACKUP_PASSPHRASE)
        if media_archive(dump).exists():
            decrypt(media_archive(dump), media_archive(plain), settings.BACKUP_PASSPHRASE)
        return _restore_plain(plain)


def _restore_plain(dump: Path) -> list[str]:
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
