"""Every form that takes a spreadsheet (its case in hostile_forms.py names a "csv", "nip_csv" or
"xlsx" file) posted with files made to exhaust the server: a workbook that unpacks to far
more than it weighs, one whose archive lies about its sizes, an XML entity bomb, more rows
than the import takes, rows thousands of cells wide. Each is refused with a message, in
little time, and nothing is stored. And no module but core/spreadsheets.py opens a
spreadsheet or an archive, so a new import cannot bypass these guards."""

import functools
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Pegawai, RosterImport
from bookings.models import Attendance
from core.spreadsheets import MAX_UNPACKED_BYTES
from skp_drafts.models import Rhk
from tests.security.hostile_forms import CASES
from tests.security.test_hostile_input import XLSX_TYPE, skp_workbook

pytestmark = pytest.mark.django_db

SPREADSHEET_KINDS = {"csv", "nip_csv", "xlsx"}
SPREADSHEET_CASES = [case for case in CASES if SPREADSHEET_KINDS & set(case.files.values())]
ROOT = Path(__file__).resolve().parents[2]


def with_sheets(xml: bytes, *, declared: int | None = None) -> bytes:
    """A real workbook (the SKP import's layout) whose worksheets are replaced by ``xml``;
    ``declared`` makes the archive state that size for them instead of the true one."""
    source = zipfile.ZipFile(io.BytesIO(skp_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = xml
            target.writestr(item.filename, data)
    content = out.getvalue()
    if declared is not None:
        content = _declare_sizes(content, declared)
    return content


def _declare_sizes(content: bytes, size: int) -> bytes:
    """Rewrite the worksheets' uncompressed sizes in their local and central headers."""
    data = bytearray(content)
    for signature, name_at, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at : at + name_at + 19] == b"xl/worksheets/sheet":
                data[at + size_at : at + size_at + 4] = size.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    return bytes(data)


def sheet_xml(rows: int, cells: int = 3) -> bytes:
    row = "".join(f'<c t="inlineStr"><is><t>x{n}</t></is></c>' for n in range(cells))
    body = "".join(f'<row r="{r}">{row}</row>' for r in range(1, rows + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


@functools.cache
def zip_bomb() -> bytes:
    """About a megabyte that unpacks to more than the reader allows."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    rows = row * (MAX_UNPACKED_BYTES // len(row) + 1000)
    return with_sheets(b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>")


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b']><worksheet><sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def hostile_spreadsheets(kind: str):
    xlsx = functools.partial(SimpleUploadedFile, content_type=XLSX_TYPE)
    yield "zip bomb", xlsx("bom.xlsx", zip_bomb()), "terlalu besar"
    yield (
        "archive lying about its sizes",
        xlsx("bohong.xlsx", with_sheets(sheet_xml(5000), declared=2000)),
        "rusak",
    )
    yield "entity bomb", xlsx("entitas.xlsx", with_sheets(ENTITY_BOMB)), "rusak"
    yield "rows far to the right", xlsx("lebar.xlsx", with_sheets(sheet_xml(3, 16000))), None
    if kind == "xlsx":
        yield "too many rows", xlsx("baris.xlsx", with_sheets(sheet_xml(2100))), "lebih dari"
    else:
        rows = b"NIP\n" + b"199001012015031009\n" * 101_000
        yield "too many rows", SimpleUploadedFile("baris.csv", rows, "text/csv"), "lebih dari"


def footprint() -> tuple:
    return (
        Pegawai.objects.count(),
        RosterImport.objects.count(),
        Attendance.objects.count(),
        Rhk.objects.count(),
    )


@pytest.mark.parametrize("case", SPREADSHEET_CASES, ids=[c.name for c in SPREADSHEET_CASES])
def test_a_hostile_spreadsheet_is_refused_quickly_with_a_message(client, world, case):
    assert SPREADSHEET_CASES, "no form takes a spreadsheet any more?"
    client.force_login(world.users[case.role])
    (field, kind) = next((f, k) for f, k in case.files.items() if k in SPREADSHEET_KINDS)
    before = footprint()
    failures = []
    for description, upload, message in hostile_spreadsheets(kind):
        started = time.monotonic()
        response = client.post(case.url(world), {**case.data(world), field: upload}, follow=True)
        took = time.monotonic() - started
        if response.status_code != 200:
            failures.append(f"{description}: {response.status_code}")
        elif message and message not in response.text:
            failures.append(f"{description}: no message {message!r}")
        if took > 15:
            failures.append(f"{description}: took {took:.1f} s")
    assert not failures, failures
    assert footprint() == before


# What opens a spreadsheet or an archive. Only the one guarded reader may.
READERS = re.compile(
    r"\bload_workbook\(|\bcsv\.(reader|DictReader)\(|\bzipfile\.ZipFile\(|\bZipFile\(|"
    r"\btarfile\.open\("
)
# Files that open archives of another kind, and why that is safe.
NOT_UPLOAD_READERS = {
    "core/uploads.py": "reads only the list of names of an uploaded Office file, unpacks nothing",
    "operations/backup.py": "writes and restores the portal's own backups, never an upload",
}
APPS = ["accounts", "bookings", "core", "operations", "portal", "reports", "skp_drafts", "surveys"]


def test_only_the_guarded_reader_opens_spreadsheets_and_archives():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if relative in ("core/spreadsheets.py", *NOT_UPLOAD_READERS):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if READERS.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "read uploads through core.spreadsheets:\n" + "\n".join(offenders)
