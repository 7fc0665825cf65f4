"""The words of a PDF, for search: an office's original notices are often PDFs only."""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError

log = logging.getLogger("decisions.pdf_text")
# Enough for any notice; a 300-page scan of tables adds nothing a reader searches for.
MAX_PAGES = 50


def pdf_text(data: bytes) -> str:
    """The text of the first MAX_PAGES pages, or "" for a PDF with none (a scan) or one
    pypdf cannot read: the record is still entered, and found by its title."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = reader.pages[:MAX_PAGES]
        return "\n".join(" ".join((page.extract_text() or "").split()) for page in pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        log.warning("could not read the text of a PDF: %s", error)
        return ""
