"""The one reader of uploaded tables: CSV and XLSX read alike, limits hold while the rows
stream in, and a bomb is refused before anything is unpacked."""

import io

import pytest
from openpyxl import Workbook

from core import spreadsheets
from core.spreadsheets import SpreadsheetError, read_table
from tests.security.test_spreadsheet_bombs import zip_bomb


def workbook(rows, title="Data") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_and_xlsx_give_the_same_lines_and_cells():
    csv = b"NIP;Nama\n199001012015031009;Noor Hasanah\n"
    xlsx = workbook([["NIP", "Nama"], ["199001012015031009", "Noor Hasanah"]])
    expected = [(1, ["NIP", "Nama"]), (2, ["199001012015031009", "Noor Hasanah"])]
    assert read_table(csv, max_rows=10) == expected
    assert read_table(xlsx, max_rows=10) == expected


def test_a_csv_from_an_old_excel_in_cp1252_is_read():
    assert read_table("Nama\nJosé\n".encode("cp1252"), max_rows=5)[1] == (2, ["José"])


def test_the_row_limit_stops_the_reading():
    with pytest.raises(SpreadsheetError, match="lebih dari 3 baris"):
        read_table(b"a\nb\nc\nd\n", max_rows=3)
    with pytest.raises(SpreadsheetError, match=r"lebih dari 2\.000 baris"):
        read_table(workbook([[n] for n in range(2001)]), max_rows=2000)


def test_cells_beyond_the_column_limit_are_not_kept():
    assert read_table(b"1,2,3,4,5\n", max_rows=5, max_columns=2) == [(1, ["1", "2"])]
    wide = workbook([list(range(50))])
    assert read_table(wide, max_rows=5, max_columns=3) == [(1, [0, 1, 2])]


def test_a_named_sheet_that_is_missing_gives_no_rows():
    assert read_table(workbook([["x"]], title="Lain"), max_rows=5, sheet="Hasil Kerja") == []


@pytest.mark.parametrize(
    "content, message",
    [
        (b"   \n", "kosong"),
        (b"\x00\x01binary", "bukan CSV"),
        (b"PK\x03\x04not a zip at all", "rusak"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(content, max_rows=5)


def test_a_zip_bomb_is_refused_before_openpyxl_unpacks_it(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(SpreadsheetError, match="terlalu besar"):
        spreadsheets.open_workbook(zip_bomb())
