"""Downloads: generated documents named and typed; uploaded files only as attachments."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile, FileField
from django.http import Http404

from core.downloads import pdf_response, uploaded_file_response, xlsx_response


def test_a_generated_pdf_is_shown_or_downloaded_by_name():
    shown = pdf_response(b"%PDF-1.7", "rekap.pdf", inline=True)
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"] == 'inline; filename="rekap.pdf"'
    assert pdf_response(b"%PDF", "a.pdf")["Content-Disposition"].startswith("attachment;")


def test_a_workbook_is_downloaded():
    response = xlsx_response(b"PK", "rekap.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response["Content-Disposition"] == 'attachment; filename="rekap.xlsx"'


def test_an_uploaded_file_is_an_attachment_never_sniffed(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("surat.pdf", ContentFile(b"%PDF-1.7"))
    field = FileField(storage=storage)
    response = uploaded_file_response(FieldFile(None, field, name), "surat-1.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    # Closing the file, not the response: response.close() fires request_finished, whose
    # handler checks the database connection (this test has none to use).
    response.file_to_stream.close()
    with pytest.raises(Http404):
        uploaded_file_response(FieldFile(None, field, "hilang.pdf"), "hilang.pdf")
