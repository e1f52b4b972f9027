"""One content check per accepted kind, shared by every upload."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import CHECKS, content_matches, extension_of


def office(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


DOCX = office("[Content_Types].xml", "word/document.xml")
XLSX = office("[Content_Types].xml", "xl/workbook.xml")
PPTX = office("[Content_Types].xml", "ppt/presentation.xml")


@pytest.mark.parametrize(
    ("content", "kind", "matches"),
    [
        (b"%PDF-1.7\n...", "pdf", True),
        (b"%PDX-1.7\n...", "pdf", False),
        (DOCX, "pdf", False),
        (DOCX, "docx", True),
        (XLSX, "xlsx", True),
        (PPTX, "pptx", True),
        (XLSX, "docx", False),
        # Without its content types a zip is no Office document (the guide's materials
        # used to skip this check).
        (office("ppt/presentation.xml"), "pptx", False),
        (office("word/document.xml"), "docx", False),
        (b"PK\x03\x04 not a zip", "xlsx", False),
        (b"", "docx", False),
    ],
)
def test_content_matches_its_kind(content, kind, matches):
    uploaded = SimpleUploadedFile(f"berkas.{kind}", content)
    uploaded.read(3)  # wherever the file was left, it is read from its start
    assert content_matches(uploaded, kind) is matches
    assert uploaded.tell() == 0


def test_every_accepted_kind_has_a_check():
    assert set(CHECKS) == {"pdf", "docx", "xlsx", "pptx"}


@pytest.mark.parametrize(
    ("name", "extension"), [("Draf SKP.PDF", "pdf"), ("a.b.docx", "docx"), ("tanpa", "")]
)
def test_extension_of_a_name(name, extension):
    assert extension_of(SimpleUploadedFile(name, b"")) == extension
