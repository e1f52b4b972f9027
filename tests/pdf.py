"""Reading the portal's PDFs in tests."""

import io
import re

from pypdf import PdfReader

_WHITESPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


class PdfText:
    """The text of a PDF, for ``assert "…" in PdfText(content)``.

    pypdf reads a kerned pair of letters ("Ta", "To") as two words, so a name like "Taufik"
    comes out as "T aufik". Containment is therefore tested with all whitespace removed, on
    both sides; a test that asserts a text is absent is as strict as one that asserts it is
    present.
    """

    def __init__(self, content: bytes):
        self.pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
        self._squeezed = _squeeze(" ".join(self.pages))

    def __contains__(self, text: str) -> bool:
        return _squeeze(text) in self._squeezed

    def pages_with(self, text: str) -> list[int]:
        """The numbers (from 1) of the pages that contain ``text``."""
        wanted = _squeeze(text)
        return [number for number, page in enumerate(self.pages, 1) if wanted in _squeeze(page)]

    def __len__(self) -> int:
        return len(self.pages)

    def __repr__(self) -> str:
        return f"PdfText({' '.join(' '.join(self.pages).split())[:2000]!r})"
