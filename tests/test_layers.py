"""The layers of docs/architecture.md: a module imports only from its own layer or below.
An import that runs back up (say, the accounts app reading the reports app's selectors for
the home page) fails here; the lower app registers a panel instead (core/panels.py)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Bottom to top. The settings and root URLs (coaching_portal/) wire everything and are no layer.
LAYERS = [
    "core",
    "accounts",
    "bookings",
    "skp_drafts",
    "surveys",
    "ekinerja",
    "reports",
    "portal",
    "operations",
]
RANK = {app: rank for rank, app in enumerate(LAYERS)}


def imported_apps(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a project app in one file, lazy ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in RANK]
    return found


def upward_imports(app: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, module in imported_apps(path)
        if RANK[module.split(".")[0]] > RANK[app]
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_from_a_layer_above_it(app):
    assert upward_imports(app) == []


def test_every_app_of_the_project_has_its_layer(settings):
    project_apps = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    assert project_apps == set(LAYERS)


def test_the_check_sees_an_import_that_runs_back_up(tmp_path):
    module = tmp_path / "home.py"
    module.write_text("from reports import selectors\nimport core.paging\n")
    assert imported_apps(module) == [(1, "reports"), (2, "core.paging")]
