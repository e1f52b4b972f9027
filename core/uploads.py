"""What an uploaded file really is, read from its content, not its name: one check per kind
the portal accepts, used by every upload (drafts, request letters, guide materials). A
file whose content does not match its extension is refused by the caller, in its words."""

import zipfile
from collections.abc import Callable

# The media type each accepted kind is served back with.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def extension_of(uploaded) -> str:
    """The extension of the uploaded file's name, lower case ("" when it has none)."""
    return uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""


def _is_pdf(uploaded) -> bool:
    return uploaded.read(5) == b"%PDF-"


def _office_document(main_part: str) -> Callable[[object], bool]:
    """An Office Open XML file: a zip with its content types and the kind's main part."""

    def check(uploaded) -> bool:
        if uploaded.read(4) != b"PK\x03\x04":
            return False
        uploaded.seek(0)
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and main_part in names

    return check


CHECKS = {
    "pdf": _is_pdf,
    "docx": _office_document("word/document.xml"),
    "xlsx": _office_document("xl/workbook.xml"),
    "pptx": _office_document("ppt/presentation.xml"),
}


def content_matches(uploaded, kind: str) -> bool:
    """Whether the file's content is a ``kind`` file (a key of CHECKS). The file is read
    from its start and left at its start."""
    uploaded.seek(0)
    try:
        return CHECKS[kind](uploaded)
    finally:
        uploaded.seek(0)
