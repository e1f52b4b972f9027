"""Every form of the portal posted with hostile input: oversized text, script tags, null
bytes, wrong types, several values for one field, huge files, files that lie about their
kind, path tricks in file names. The answer is a page with a message (or a redirect when
the input was acceptable), never a server error; what is shown again is escaped; what is
stored stays in its folder under a name of the portal's. The table of forms is
tests/security/hostile_forms.py."""

import importlib
import inspect
import io
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from bookings.models import Booking, SkpdRequest
from tests.security.hostile_forms import CASES
from tests.security.world import ANONYMOUS, photo

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
OVERSIZED = "x" * 100_000
WRONG_TYPE = "99999999999999999999999999"
HOSTILE = [
    OVERSIZED,
    SCRIPT,
    "abc\x00def",
    WRONG_TYPE,
    "-1",
    "1e309",
    "2026-02-30",
    "../../etc/passwd' OR '1'='1",
    "\u202egnp.exe 😀",
    "",
]
# One field at a time, the others valid, so that the checks behind the first reach it.
PER_FIELD = [OVERSIZED, "abc\x00def", ["1", "x"]]
PDF = b"%PDF-1.4\n%hostile\n"
VALID_FILES = {
    "pdf": lambda: SimpleUploadedFile("surat.pdf", PDF, "application/pdf"),
    "csv": lambda: SimpleUploadedFile("data.csv", b"NIP,Nama\n", "text/csv"),
    "nip_csv": lambda: SimpleUploadedFile("nip.csv", b"NIP\n199001012015031009\n", "text/csv"),
    "xlsx": lambda: SimpleUploadedFile("skp.xlsx", skp_workbook(), XLSX_TYPE),
    "jpeg": lambda: photo(),
}


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def skp_workbook() -> bytes:
    """A workbook in the layout of the SKP import, with one RHK."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Hasil Kerja"
    book.active.append(["No", "Jenis", "RHK Pimpinan yang Diintervensi", "Rencana Hasil Kerja",
                        "Aspek", "Indikator Kinerja Individu", "Target"])  # fmt: skip
    book.active.append(
        [1, "Utama", "", "Tersusunnya laporan", "Kuantitas", "Laporan", "12 laporan"]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def hostile_files(kind: str):
    valid = VALID_FILES[kind]().read()
    yield SimpleUploadedFile("../../etc/passwd.pdf", PDF, "application/pdf")
    yield SimpleUploadedFile("..\\..\\windows\\win.ini.pdf", PDF, "application/pdf")
    yield SimpleUploadedFile("draf.pdf", b"<html><script>alert(1)</script></html>", "text/html")
    yield SimpleUploadedFile("besar.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1), "application/pdf")
    yield SimpleUploadedFile("kosong.pdf", b"", "application/pdf")
    yield SimpleUploadedFile("program.exe", b"MZ\x90\x00\x03", "application/octet-stream")
    yield SimpleUploadedFile("a" * 300 + ".pdf", PDF, "application/pdf")
    yield SimpleUploadedFile("data.csv", SCRIPT.encode() + b",\x00\xff\xfe\n" * 50, "text/csv")
    yield SimpleUploadedFile("sel.csv", b"NIP\n" + b"9" * 200_000 + b"\n", "text/csv")
    yield SimpleUploadedFile(f"nama{SCRIPT}.pdf", valid, "application/pdf")


def project_form_classes() -> set[str]:
    names = set()
    for config in apps.get_app_configs():
        if "site-packages" in config.path:
            continue
        # Every forms.py of the app, its modules' too (bookings/visits/forms.py).
        root = Path(config.path)
        for path in root.rglob("forms.py"):
            dotted = ".".join((config.name, *path.relative_to(root).with_suffix("").parts))
            module = importlib.import_module(dotted)
            for name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    names.add(name)
    return names


def test_every_form_of_the_portal_is_swept():
    swept = {name for case in CASES for name in case.forms}
    missing = sorted(project_form_classes() - swept)
    assert not missing, f"add a case for these forms to tests/security/hostile_forms.py: {missing}"
    assert not swept - project_form_classes(), "a case names a form that no longer exists"


@pytest.fixture
def generous_throttles(settings):
    settings.THROTTLES = dict.fromkeys(settings.THROTTLES, (10000, 3600))
    settings.AXES_FAILURE_LIMIT = 10_000


def submissions(case, world):
    """(description, data, files) of every hostile submission of a case."""
    valid = case.data(world)
    fields = list(valid)
    for value in HOSTILE:
        yield f"every field {value[:20]!r}", dict.fromkeys(fields, value), "valid"
    yield "every field twice", {name: ["1", "2"] for name in fields}, "valid"
    for name in fields:
        for value in PER_FIELD:
            yield f"{name}={str(value)[:20]!r}", {**valid, name: value}, "valid"
    for file_field, kind in case.files.items():
        for upload in hostile_files(kind):
            yield f"{file_field} named {upload.name[:40]!r}", {**valid}, {file_field: upload}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_gets_a_message_never_an_error(
    client, world, case, settings, generous_throttles
):
    if case.role != ANONYMOUS:
        client.force_login(world.users[case.role])
    if case.before:
        case.before(client, world)
    url = case.url(world)
    failures = []
    for description, data, files in submissions(case, world):
        if files == "valid":
            files = {name: VALID_FILES[kind]() for name, kind in case.files.items()}
        if case.method == "GET":
            response = client.get(url, data)
        else:
            response = client.post(url, {**data, **files})
        if response.status_code >= 500:
            failures.append(f"{description}: {response.status_code}")
            continue
        # 202: a PDF being prepared (core.downloads.preparing_response).
        if response.status_code not in (200, 202, 302, 400, 403, 404, 429):
            failures.append(f"{description}: unexpected {response.status_code}")
        shown = response
        if response.status_code == 302 and case.method == "POST":
            shown = client.get(response["Location"])
        content = shown.content if not shown.streaming else b""
        if SCRIPT.encode() in content and shown["Content-Type"].startswith("text/html"):
            failures.append(f"{description}: the script tag is shown unescaped")
    assert not failures, failures
    media = Path(settings.MEDIA_ROOT)
    stored = [name for name in Booking.objects.values_list("draft", flat=True) if name] + [
        name for name in SkpdRequest.objects.values_list("letter_file", flat=True) if name
    ]
    for name in stored:
        assert name.split("/")[0] in ("drafts", "letters") and ".." not in name, name
        assert "passwd" not in name and "win.ini" not in name and "script" not in name, name
    for path in media.rglob("*"):
        assert path.resolve().is_relative_to(media.resolve())
