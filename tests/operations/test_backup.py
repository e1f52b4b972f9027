"""make backup / make restore: a backup restored into a fresh database has the same rows
in every table, and the uploaded files come back with it."""

import os
import subprocess
import sys
import tarfile
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from operations.backup import _extract_safely
from operations.management.commands import restore as restore_command
from tests.security.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def connect(name: str):
    db = connection.settings_dict
    params = {
        "dbname": name,
        "user": db["USER"] or None,
        "password": db["PASSWORD"] or None,
        "host": db["HOST"] or None,
        "port": db["PORT"] or None,
        "autocommit": True,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def row_counts(name: str) -> dict[str, int]:
    with connect(name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def url_of(name: str) -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{quote(db['HOST'] or '', safe='')}{port}/{name}"


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connect("postgres") as conn:
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    yield name
    with connect("postgres") as conn:
        conn.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(name)
            )
        )


def test_a_backup_restores_into_a_fresh_database_with_every_row(tmp_path, fresh_database):
    world = build_world()  # every kind of object, uploaded files included
    out = StringIO()
    call_command("backup", "--folder", str(tmp_path / "backups"), stdout=out)
    (dump,) = (tmp_path / "backups").glob("*.dump")
    (media,) = (tmp_path / "backups").glob("*-media.tar.gz")
    assert dump.name.startswith("coaching-portal-") and dump.suffix == ".dump"
    assert media.name.endswith("-media.tar.gz")
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

    restored_media = tmp_path / "restored-media"
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(dump), "--yes"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": url_of(fresh_database),
            "MEDIA_ROOT": str(restored_media),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    original = row_counts(connection.settings_dict["NAME"])
    assert row_counts(fresh_database) == original
    assert original["bookings_booking"] > 0 and original["surveys_invitation"] > 0
    draft = world.booking.draft.name
    assert (restored_media / draft).read_bytes() == (Path(settings.MEDIA_ROOT) / draft).read_bytes()


def test_only_the_newest_backups_are_kept(tmp_path, monkeypatch):
    import operations.backup as backup

    stamps = iter(["20260101-020000", "20260102-020000", "20260103-020000"])

    class Clock:
        @staticmethod
        def now():
            class Stamp:
                @staticmethod
                def strftime(_format):
                    return next(stamps)

            return Stamp

    monkeypatch.setattr(backup.datetime, "datetime", Clock)
    for _day in range(3):
        backup.backup(tmp_path, keep=2)
    assert [p.name for p in sorted(tmp_path.glob("*.dump"))] == [
        "coaching-portal-20260102-020000.dump",
        "coaching-portal-20260103-020000.dump",
    ]


def test_restore_asks_first_and_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "none.dump"))
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(dump))


def test_a_media_archive_with_path_tricks_is_refused(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    (tmp_path / "passwd").write_text("root")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "passwd", arcname="../../etc/passwd")
    target = tmp_path / "media"
    target.mkdir()
    with tarfile.open(archive, "r:gz") as tar, pytest.raises(ValueError, match="refusing"):
        _extract_safely(tar, target)
    assert not any(target.iterdir())


def test_backups_are_readable_by_their_owner_only(tmp_path, settings):
    build_world()
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)
    written = call_backup(folder)
    assert len(written) == 2  # the dump and the uploaded files
    assert folder.stat().st_mode & 0o777 == 0o700
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o600, path


def call_backup(folder: Path) -> list[Path]:
    from operations.backup import backup

    return backup(folder)


def test_an_encrypted_backup_restores_with_its_passphrase_only(tmp_path, settings, fresh_database):
    from operations.backup import decrypt

    world = build_world()
    settings.BACKUP_PASSPHRASE = "kunci cadangan yang panjang 2026"
    dump, media = call_backup(tmp_path)
    assert dump.name.endswith(".dump.gpg") and media.name.endswith("-media.tar.gz.gpg")
    for path in (dump, media):
        content = path.read_bytes()
        assert b"PGDMP" not in content[:64] and world.pegawai.nip.encode() not in content
    plain = tmp_path / "by-hand.dump"
    decrypt(dump, plain, settings.BACKUP_PASSPHRASE)  # what gpg --decrypt does by hand
    assert plain.read_bytes().startswith(b"PGDMP")

    def restore_with(passphrase: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "restore", str(dump), "--yes"],
            cwd=settings.BASE_DIR,
            env={
                **os.environ,
                "DATABASE_URL": url_of(fresh_database),
                "MEDIA_ROOT": str(tmp_path / "restored-media"),
                "BACKUP_PASSPHRASE": passphrase,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )

    wrong = restore_with("bukan kuncinya")
    assert wrong.returncode != 0 and "nothing changed" in wrong.stderr
    assert not (tmp_path / "restored-media").exists()
    right = restore_with(settings.BACKUP_PASSPHRASE)
    assert right.returncode == 0, right.stderr
    assert row_counts(fresh_database) == row_counts(connection.settings_dict["NAME"])
    draft = world.booking.draft.name
    restored = (tmp_path / "restored-media" / draft).read_bytes()
    assert restored == (Path(settings.MEDIA_ROOT) / draft).read_bytes()


def test_a_restore_empties_the_shared_cache(tmp_path, monkeypatch):
    # Sessions, signed-in users and the dashboard's figures kept there are of the old data.
    dump = tmp_path / "portal.dump"
    dump.write_bytes(b"backup")
    monkeypatch.setattr(restore_command, "restore", lambda path: ["the database"])
    cache.set("accounts:user:1", "kept")
    call_command("restore", str(dump), yes=True, stdout=StringIO())
    assert cache.get("accounts:user:1") is None
