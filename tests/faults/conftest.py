"""The fault tests' shared pieces: a PostgreSQL cluster of their own for the module, the
static files' manifest, and the portal served by gunicorn from a copy of the test
database."""

import json

import pytest

from tests.faults.cluster import PROJECT, Cluster, Portal


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    cluster.create()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """A manifest of the static files under their own names: the production settings look
    names up in it, and these tests are about the database, not about static files (the
    benchmark serves the real, hashed and compressed ones)."""
    root = tmp_path_factory.mktemp("static")
    source = PROJECT / "static"
    names = [str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()]
    manifest = {"version": "1.1", "paths": {name: name for name in names}}
    (root / "staticfiles.json").write_text(json.dumps(manifest))
    return root


@pytest.fixture
def portal(cluster, static_root, tmp_path):
    started = []

    def serve(database: str, *, workers: int = 1) -> Portal:
        cluster.copy_test_database(database)
        portal = Portal(
            cluster.url(database),
            static_root,
            tmp_path / "media",
            tmp_path / "log",
            workers=workers,
        )
        portal.start()
        started.append(portal)
        return portal

    yield serve
    for portal in started:
        portal.stop()
