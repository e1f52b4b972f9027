"""The one reader of uploaded spreadsheets (CSV and Excel .xlsx): every import goes through
it, so every import has the same guards; and the one way to write a row of text into a
workbook the portal hands out (``append_row``: no formula ever).

    for line, cells in read_table(content, max_rows=2000, max_columns=12):
        ...

A workbook is a zip archive, and a few hundred kilobytes may unpack to hundreds of
megabytes. Before a row is read:

- the file's own size is the caller's (it reads at most its limit plus one byte);
- the archive's members must add up to at most ``MAX_UNPACKED_BYTES`` unpacked. Python's
  zipfile never hands out more than a member declares, so a member that lies about its size
  is cut there and fails its checksum: the declared sizes bound what can be read;
- the XML is parsed by defusedxml (openpyxl uses it when it is installed), so entity
  expansion ("billion laughs") and external entities are refused;

and while the rows stream in, no more than ``max_rows`` rows and ``max_columns`` columns are
read: the row after the last allowed one ends the reading with a refusal, before anything
else is kept. An unreadable or damaged file raises ``SpreadsheetError`` with the reason in
Indonesian; nothing reaches the caller half-read.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from core.errors import PortalError

ZIP_MAGIC = b"PK\x03\x04"
# What a workbook may unpack to: a roster of 100,000 rows of twelve columns is about 40 MB.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_MEMBERS = 200

# What a damaged or hostile file raises while it is opened or read (a cut XML part is a
# ParseError, which is a SyntaxError; defusedxml's refusals are ValueErrors).
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    csv.Error,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    EOFError,
    SyntaxError,
    ElementTree.ParseError,
    NotImplementedError,
    IndexError,
    AttributeError,
)


class SpreadsheetError(PortalError):
    """An uploaded table refused, with the reason in Indonesian."""


def is_workbook(content: bytes) -> bool:
    return content.startswith(ZIP_MAGIC)


def read_table(
    content: bytes,
    *,
    max_rows: int,
    max_columns: int = 30,
    sheet: str | None = None,
) -> list[tuple[int, list]]:
    """(line number, cell values) of a CSV file or of one sheet of an .xlsx workbook (the
    first, or ``sheet``; a missing ``sheet`` gives no rows)."""
    if not content.strip():
        raise SpreadsheetError(_("Berkas kosong."))
    if is_workbook(content):
        workbook = open_workbook(content)
        try:
            return _bounded(_sheet_rows(workbook, sheet, max_columns), max_rows, max_columns)
        finally:
            workbook.close()
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(_("Berkas bukan CSV maupun Excel (.xlsx)."))
    return _bounded(_csv_rows(content), max_rows, max_columns)


def open_workbook(content: bytes):
    """An openpyxl workbook (read-only, values not formulas) of a checked archive; close it
    with ``workbook.close()`` or read it through ``read_sheet``."""
    from openpyxl import load_workbook

    check_archive(content)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE as error:
        raise SpreadsheetError(_("Berkas Excel tidak dapat dibaca atau rusak.")) from error


def read_sheet(workbook, name: str, *, max_rows: int, max_columns: int) -> list[tuple[int, list]]:
    """The rows of the sheet ``name`` of an open workbook (none when it has no such sheet)."""
    return _bounded(_sheet_rows(workbook, name, max_columns), max_rows, max_columns)


def check_archive(content: bytes) -> None:
    """Refuse a zip whose members unpack to more than MAX_UNPACKED_BYTES, or that has more
    members than a workbook needs, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except UNREADABLE as error:
        raise SpreadsheetError(_("Berkas Excel tidak dapat dibaca atau rusak.")) from error
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _("Isi berkas Excel terlalu besar setelah dibuka (lebih dari %(mb)d MB).")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _sheet_rows(workbook, name: str | None, max_columns: int) -> Iterator | None:
    if name is None:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
    else:
        sheet = workbook[name] if name in workbook.sheetnames else None
    if sheet is None:
        return None
    return enumerate(sheet.iter_rows(values_only=True, max_col=max_columns), start=1)


def _csv_rows(content: bytes) -> Iterator[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return enumerate(csv.reader(io.StringIO(text), dialect), start=1)


def _bounded(rows, max_rows: int, max_columns: int) -> list[tuple[int, list]]:
    if rows is None:
        return []
    table = []
    try:
        for line, values in rows:
            if line > max_rows:
                raise SpreadsheetError(
                    _("Berkas berisi lebih dari %(max)s baris.")
                    % {"max": f"{max_rows:,}".replace(",", ".")}
                )
            # Cells far to the right (a stray value in column XFD) are not kept, nor the
            # empty cells a sheet pads its rows with.
            cells = list(values[:max_columns])
            while cells and cells[-1] is None:
                cells.pop()
            table.append((line, cells))
    except SpreadsheetError:
        raise
    except UNREADABLE as error:
        # A damaged sheet or a broken quote shows up only while reading the rows.
        raise SpreadsheetError(_("Isi berkas rusak atau tidak dapat dibaca.")) from error
    return table


def header_key(value) -> str:
    """A column title as the imports' header tables spell it: lower case, single spaces,
    underscores and dots as spaces ("SKP_Status" and "skp status" are one)."""
    text = str(value if value is not None else "").replace("_", " ").replace(".", " ")
    return " ".join(text.lower().split())


def append_row(sheet, values: list) -> None:
    """Append a row to a sheet being written whose texts stay texts: a cell typed "=…" (a
    name, a topic) is never written as a formula that runs in the reader's Excel."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
