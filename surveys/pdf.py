"""The SKM recap as a PDF (surveys/results_pdf.html), issued as a document of its filter
(core.documents): the same filter asks for the same document, however its query is written."""

import hashlib
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import Printout, printout
from surveys import selectors
from surveys.results import result_context

# Render time on the reference machine (docs/benchmarks.md, "Bounded PDFs"): the recap's
# page, and at most SUGGESTIONS suggestions of up to 2,000 letters each.
SUGGESTIONS = 200
SECONDS, SECONDS_PER_SUGGESTION, LETTERS_PER_SECOND = 0.15, 0.001, 100_000


def filter_args(filters: selectors.ResultFilter | None) -> dict:
    """The printout's arguments for a results filter (None: an invalid one, which shows
    nothing)."""
    if filters is None:
        return {"valid": False}
    return {
        "valid": True,
        "session_id": filters.session_id,
        "kind": filters.kind,
        "skpd_id": filters.skpd_id,
        "year": filters.year,
        "month": filters.month,
    }


@printout("IKM")
def ikm_printout(*, valid: bool, **fields) -> Printout:
    """The Rekapitulasi IKM of a filter: the index, the profile and the suggestions."""
    filters = selectors.ResultFilter(**fields) if valid else None
    context = result_context(filters)
    suggestions = list(selectors.suggestions(context["released"])[:SUGGESTIONS])
    context.update(suggestions=suggestions, today=timezone.localdate())
    labels = context.get("filter_labels") or []
    scope = "; ".join(f"{label}: {value}" for label, value in labels) or _("semua sesi")
    key = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:32]
    return Printout(
        "surveys/results_pdf.html",
        context,
        kind="IKM",
        subject=f"ikm:{key if valid else '-'}",
        title=_("Rekapitulasi Indeks Kepuasan Masyarakat (%(scope)s)") % {"scope": scope},
        seconds=SECONDS
        + SECONDS_PER_SUGGESTION * len(suggestions)
        + sum(len(item.suggestion) for item in suggestions) / LETTERS_PER_SECOND,
    )
