"""Issue a PDF as a document the office can file and anyone can verify (core.models).

Each kind of document is a *printout*: a function of plain arguments (an id, a query string)
that gathers what the document shows, registered under its kind in the app's
``AppConfig.ready()`` (by importing the module that holds it):

    @printout("LHK")
    def session_report_printout(pk: int) -> Printout:
        report = SessionReport.objects.get(pk=pk)
        return Printout("reports/session_report_pdf.html", context, kind="LHK",
                        subject=report, title="Laporan hasil kegiatan …", signed_by="…",
                        seconds=0.3 + 0.02 * len(context["attendance"]))

A page asks for one with ``request_pdf("LHK", {"pk": report.pk})`` (through
``core.downloads.issued_pdf_response``, which answers "being prepared" for ``Preparing``):

- The document's content is fingerprinted without its print date. When a document of that
  subject was filed with the same content, its filed bytes are handed out again, so the
  paper, the code and the SHA-256 stay one.
- Otherwise a new version is made with a new code; it is rendered at once when it is
  expected to take at most ``PDF_INLINE_SECONDS`` on this machine (the printout's estimate
  for the reference machine times the pace of its kind's renders here: ``expected_seconds``)
  and a render slot (core/pdf.py) comes free within ``PDF_SLOT_WAIT``. Else the version
  waits without its file ("pending") and the task worker renders it
  (``core.tasks.issue_document``); the page is told when it is expected (``Preparing``: its
  render time here less what it has waited) and asks again then, until it is filed. A
  pending version is the subject's latest; requests meanwhile wait for it rather than queue
  another render, and are answered from its row without gathering the printout again
  (noted in the cache under the kind and arguments). Filing marks the previous version
  superseded.
- The issuers of one subject take turns (an advisory lock of the subject), so two requests
  at once render once: the second is told "being prepared".

``issue_pdf(template, context, kind=…, subject=…, title=…)`` and ``issue_printout`` issue a
document now, waiting as long as it takes (commands, tasks, tests).

When a signer is configured (core/signing.py), the rendered PDF is signed before it is filed:
the filed copy and its SHA-256 are of the signed bytes, the ones handed out. A filed copy
without a signature is not handed out again while a signer works (signing was turned on, or
failed when it was issued): the same content is issued anew, signed, and supersedes it;
meanwhile a page gets the unsigned copy rather than wait. A signature that fails is logged
and the document issued unsigned, never refused.
"""

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.models import IssuedDocument
from core.pdf import RenderBusy, render_pdf_timed
from core.signing import Signer, SigningError, get_signer
from core.tasks import issue_document, queued_in_the_database

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code is read from paper and typed.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# What a document shows that is not its content: the day it was printed.
VOLATILE = ("printed", "today")


@dataclass(frozen=True)
class Printout:
    """A document ready to issue: its template and context, what it is and of what, and how
    many seconds it is expected to take to render on the reference machine (2 cores,
    docs/benchmarks.md): expected beyond ``PDF_INLINE_SECONDS`` here (``expected_seconds``),
    the task worker renders it."""

    template: str
    context: dict
    kind: str
    subject: Model | str
    title: str
    signed_by: str = ""
    seconds: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.kind}:{subject_key(self.subject)}"

    def fingerprint(self) -> str:
        steady = {**self.context, **dict.fromkeys(VOLATILE), "verification": None}
        html = render_to_string(self.template, {"portal": settings.PORTAL, **steady})
        return hashlib.sha256(html.encode()).hexdigest()


@dataclass(frozen=True)
class Preparing:
    """What ``request_pdf`` answers while the document is being prepared: about how many
    seconds until it is filed, from its expected render time less what it has waited
    (0 once that time has passed: it is late, or the worker is busy with others)."""

    seconds: float


PRINTOUTS: dict[str, Callable[..., Printout]] = {}


def printout(kind: str):
    """Register the function that builds a kind's ``Printout`` from JSON arguments."""

    def register(function: Callable[..., Printout]) -> Callable[..., Printout]:
        PRINTOUTS[kind] = function
        return function

    return register


def build_printout(kind: str, args: dict) -> Printout:
    return PRINTOUTS[kind](**args)


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(code: str) -> str:
    """``abcd efgh``, ``ABCDEFGH`` → ``ABCD-EFGH``; anything else as typed (it will not be
    found)."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else code


def subject_key(subject: Model | str) -> str:
    """What a document is of: a record, or (for a recap of a filter) a key of its own."""
    if isinstance(subject, str):
        return subject
    return f"{subject._meta.label_lower}:{subject.pk}"


def verification_url(code: str) -> str:
    return f"{settings.PORTAL_URL.rstrip('/')}{reverse('portal:verify', args=[code])}"


# Asking for a document -----------------------------------------------------------------------


def request_pdf(kind: str, args: dict) -> bytes | Preparing:
    """The document of kind ``kind`` built from ``args`` (JSON) for a page: the filed copy, or a
    new version rendered now; ``Preparing`` while it is being prepared (see the module's
    doc)."""
    still = _still_preparing(kind, args)
    if still is not None:
        return still
    printout = build_printout(kind, args)
    fingerprint = printout.fingerprint()
    signer = get_signer()
    filed = _filed(printout.key)
    same = filed is not None and filed.fingerprint == fingerprint
    if same and (filed.signed_digitally or signer is None):
        return _filed_copy(filed)
    # Only while it waits for its signature does a filed copy of the same content go out.
    expected = expected_seconds(printout)
    meanwhile = _filed_copy(filed) if same else Preparing(expected)
    with transaction.atomic():
        if not _lock_subject(printout.key, wait=False):
            return meanwhile  # another request is issuing it right now
        latest = _latest(printout.key)
        if _is_pending(latest):
            pending = _pending_for(expected, latest.issued_at)
            if pending is None:
                # Its task was lost (the worker was down, or failed): once more.
                latest.issued_at = timezone.now()
                latest.save(update_fields=["issued_at"])
                _enqueue(latest, kind, args)
            elif isinstance(meanwhile, Preparing):
                meanwhile = pending
            if isinstance(meanwhile, Preparing):
                _note_preparing(kind, args, latest, expected)
            return meanwhile
        document = _new_version(printout, fingerprint, latest)
        if expected <= settings.PDF_INLINE_SECONDS:
            try:
                return _file(printout, document, signer, wait=settings.PDF_SLOT_WAIT)
            except RenderBusy:
                pass
        _enqueue(document, kind, args)
        if isinstance(meanwhile, Preparing):
            _note_preparing(kind, args, document, expected)
    if not isinstance(meanwhile, Preparing):
        return meanwhile
    document.refresh_from_db(fields=["file"])  # a task run at the commit has filed it
    return _filed_copy(document) if document.file else meanwhile


# This machine's pace ------------------------------------------------------------------------
#
# A printout's estimate (``Printout.seconds``) was measured on the reference machine; this one
# may render faster or slower, and slower still under load. With PDF_PACE (on where the
# cache is shared: CACHE_URL) each kind keeps, in the cache that every process shares (the
# web workers and the task worker), how its renders here compare to their estimates: from
# 1.0, the newest render's ratio weighs PACE_WEIGHT, bounded by PACE_BOUNDS, so that one
# render slowed by something else (a process's first, which loads the fonts) moves it only
# so far. A document expected to take longer than PDF_INLINE_SECONDS here goes to the task
# worker, whose renders go on telling the pace, and the "being prepared" page asks again
# when it is expected here. Two renders at once may each write their own update, one of
# them lost: the pace is a smoothed hint, not a count. Nor is it worth an error: a cache
# that does not answer leaves the estimates as they are (logged).

PACE_WEIGHT = 0.3
PACE_BOUNDS = (0.5, 4.0)
PACE_SECONDS = 30 * 24 * 3600  # kept for a month since its last render


def _pace_key(kind: str) -> str:
    return f"documents:pace:{kind}"


def pace(kind: str) -> float:
    """How long the renders of ``kind`` take here against their estimates (1.0: as on the
    reference machine, before its first render here, and without PDF_PACE)."""
    if not settings.PDF_PACE:
        return 1.0
    try:
        return cache.get(_pace_key(kind), 1.0)
    except Exception:  # the cache's client raises its own errors
        logger.warning("No pace of %s from the cache", kind, exc_info=True)
        return 1.0


def expected_seconds(printout: Printout) -> float:
    """How long ``printout`` is expected to take to render here."""
    return printout.seconds * pace(printout.kind)


def _note_render(printout: Printout, seconds: float) -> None:
    """A render of ``printout`` took ``seconds``: its kind's pace moves towards it."""
    if not settings.PDF_PACE or printout.seconds <= 0:  # no estimate, no pace
        return
    low, high = PACE_BOUNDS
    ratio = min(max(seconds / printout.seconds, low), high)
    kept = pace(printout.kind)
    try:
        cache.set(
            _pace_key(printout.kind), kept + PACE_WEIGHT * (ratio - kept), timeout=PACE_SECONDS
        )
    except Exception:  # the document is rendered: it is filed all the same
        logger.warning("The pace of %s not kept", printout.kind, exc_info=True)


# Asking again while it is prepared ---------------------------------------------------------
#
# The "being prepared" page asks again every few seconds, and so may everyone waiting for the
# same document: each ask would gather the whole printout and lay out its HTML again (tens
# of milliseconds for a report with a daftar hadir of 300) only to find the version still
# pending. The version handed to the worker is noted in the cache under its kind and
# arguments, and an ask that finds it there and still pending is answered from that one row.
# The note is written at once, not when the version's transaction commits: an ask that
# cannot see its row yet, or ever (rolled back), reads the printout as without the note.


def _preparing_key(kind: str, args: dict) -> str:
    asked = json.dumps([kind, args], sort_keys=True, default=str)
    return f"documents:preparing:{hashlib.sha256(asked.encode()).hexdigest()}"


def _note_preparing(kind: str, args: dict, document: IssuedDocument, seconds: float) -> None:
    """``document`` is pending for ``kind`` and ``args`` and expected to take ``seconds``."""
    cache.set(
        _preparing_key(kind, args), (document.pk, seconds), timeout=settings.PDF_PENDING_RETRY
    )


def _still_preparing(kind: str, args: dict) -> Preparing | None:
    """``Preparing`` when the version noted for ``kind`` and ``args`` is still pending and not
    past ``PDF_PENDING_RETRY``, from its row alone; None when the printout must be read: it
    is filed, its row cannot be seen (not committed yet, rolled back, deleted), it is past
    that time (lost on the way), or nothing was noted."""
    key = _preparing_key(kind, args)
    noted = cache.get(key)
    if noted is None:
        return None
    document_id, seconds = noted
    row = IssuedDocument.objects.filter(pk=document_id).values_list("file", "issued_at").first()
    if row is None:  # not committed yet, or rolled back
        return None
    filed, issued_at = row
    if filed:
        cache.delete(key)
        return None
    return _pending_for(seconds, issued_at)


def _pending_for(seconds: float, issued_at) -> Preparing | None:
    """A pending version expected to take ``seconds`` and queued at ``issued_at``: about how
    long it still takes, or None once it is past ``PDF_PENDING_RETRY`` (its task lost)."""
    waited = (timezone.now() - issued_at).total_seconds()
    if waited > settings.PDF_PENDING_RETRY:
        return None
    return Preparing(max(seconds - waited, 0.0))


def _enqueue(document: IssuedDocument, kind: str, args: dict) -> None:
    """Hand the document's render to the task worker: with the database backend a task row
    written in this transaction; with the immediate one (development, tests), at the commit."""
    if queued_in_the_database(issue_document):
        issue_document.enqueue(document.pk, kind, args)
    else:
        transaction.on_commit(partial(_issue_logged, document.pk, kind, args), robust=True)


def _issue_logged(document_id: int, kind: str, args: dict) -> None:
    for error in issue_document.enqueue(document_id, kind, args).errors:
        logger.error("Document %s not issued: %s", document_id, error.traceback)


def file_pending(document_id: int, kind: str, args: dict) -> None:
    """Render and file a pending version (the task's work), with the content as it is now:
    nobody has seen this version yet. Nothing when it is filed already."""
    try:
        printout = build_printout(kind, args)
    except ObjectDoesNotExist:  # its record was deleted meanwhile: nothing to issue
        IssuedDocument.objects.filter(pk=document_id, file="").delete()
        return
    with transaction.atomic():
        _lock_subject(printout.key, wait=True)
        document = IssuedDocument.objects.filter(pk=document_id).first()
        if document is None or document.file:
            return
        document.fingerprint = printout.fingerprint()
        _file(printout, document, get_signer(), wait=None)


# Issuing now ---------------------------------------------------------------------------------


def issue_pdf(
    template: str,
    context: dict,
    *,
    kind: str,
    subject: Model | str,
    title: str,
    signed_by: str = "",
) -> bytes:
    """The document now: its filed copy, or a new version rendered and filed."""
    return issue_printout(
        Printout(template, context, kind=kind, subject=subject, title=title, signed_by=signed_by)
    )


def issue_printout(printout: Printout) -> bytes:
    """As ``issue_pdf``, for a printout: waits for a render slot as long as it takes."""
    fingerprint = printout.fingerprint()
    signer = get_signer()
    with transaction.atomic():
        _lock_subject(printout.key, wait=True)
        filed = _filed(printout.key)
        same = filed is not None and filed.fingerprint == fingerprint
        if same and (filed.signed_digitally or signer is None):
            return _filed_copy(filed)
        latest = _latest(printout.key)
        if _is_pending(latest):  # filed here and now; its task will find it done
            document = latest
            document.fingerprint = fingerprint
        else:
            document = _new_version(printout, fingerprint, latest)
        return _file(printout, document, signer, wait=None)


# The steps -----------------------------------------------------------------------------------


def _lock_subject(key: str, *, wait: bool) -> bool:
    """Take the subject's turn until the transaction ends; False when another holds it and
    ``wait`` is not asked for."""
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(hashtextextended(%s, 0))", [key])
        return wait or cursor.fetchone()[0]


def _latest(key: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(subject=key).order_by("-version").first()


def _is_pending(document: IssuedDocument | None) -> bool:
    return document is not None and not document.file


def _filed(key: str) -> IssuedDocument | None:
    """The subject's latest filed version, when its copy is still in the storage."""
    document = (
        IssuedDocument.objects.filter(subject=key).exclude(file="").order_by("-version").first()
    )
    return document if document is not None and _in_storage(document) else None


def _in_storage(document: IssuedDocument) -> bool:
    return bool(document.file) and document.file.storage.exists(document.file.name)


def _filed_copy(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def _file(
    printout: Printout, document: IssuedDocument, signer: Signer | None, *, wait: float | None
) -> bytes:
    """Render, sign and file ``document`` (a version without its file yet, the subject's
    latest), and mark the version before it superseded. Raises ``RenderBusy`` when no
    render slot came free within ``wait`` seconds (before anything is changed)."""
    previous = (
        IssuedDocument.objects.filter(subject=document.subject, version__lt=document.version)
        .order_by("-version")
        .first()
    )
    pdf = _render(printout, document, signed=signer is not None, wait=wait)
    if signer is not None:
        try:
            pdf = _sign(pdf, document, signer)
        except SigningError:
            logger.exception("Could not sign %s; issuing it unsigned", document.number)
            same = previous is not None and previous.fingerprint == document.fingerprint
            if same and _in_storage(previous):
                # The same content filed unsigned: that copy stays the one (no new version
                # per request).
                document.delete()
                return _filed_copy(previous)
            pdf = _render(printout, document, signed=False, wait=None)
    document.title = printout.title[:255]
    document.signed_by = printout.signed_by[:255]
    document.issued_at = timezone.now()
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.file.save(f"{document.code}.pdf", ContentFile(pdf), save=False)
    document.save()
    if previous is not None:
        previous.superseded_by = document
        previous.save(update_fields=["superseded_by"])
    return pdf


def _render(
    printout: Printout, document: IssuedDocument, *, signed: bool, wait: float | None
) -> bytes:
    """The PDF with its verification foot, which says whether it is signed (the foot is
    drawn before the signature is added)."""
    url = verification_url(document.code)
    verification = {
        "document": document,
        "url": url,
        "qr": verification_qr(url),
        "signed": signed,
    }
    context = {**printout.context, "verification": verification}
    pdf, seconds = render_pdf_timed(printout.template, context, wait=wait)
    _note_render(printout, seconds)
    return pdf


def verification_qr(url: str) -> str:
    """The verification foot's QR code as a PNG data: URI. The foot is drawn on every page,
    and WeasyPrint draws an SVG's paths anew on each (about 5 ms a page for this one) but
    embeds one image once for all; ten pixels a module print sharper than any printer at
    the foot's 15 mm, and the stylesheet keeps them unblurred (image-rendering: pixelated)."""
    return segno.make(url, error="m").png_data_uri(scale=10)


def _sign(pdf: bytes, document: IssuedDocument, signer: Signer) -> bytes:
    """The signed PDF; records on the (unsaved) document that it is signed, and by whom."""
    signed = signer.sign(
        pdf,
        reason=gettext("Dokumen %(number)s diterbitkan oleh %(agency)s")
        % {"number": document.number, "agency": settings.PORTAL["AGENCY"]},
    )
    document.signed_digitally = True
    document.signature_subject = signer.description[:255]
    return signed


def _new_version(
    printout: Printout, fingerprint: str, latest: IssuedDocument | None
) -> IssuedDocument:
    """The next version of the subject, without its file yet."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                document = IssuedDocument.objects.create(
                    code=new_code(),
                    kind=printout.kind,
                    subject=printout.key,
                    title=printout.title[:255],
                    version=(latest.version + 1) if latest else 1,
                    fingerprint=fingerprint,
                    signed_by=printout.signed_by[:255],
                )
        except IntegrityError:  # a code already given
            continue
        year = timezone.localdate(document.issued_at).year
        document.number = f"{printout.kind}/{year}/{document.pk:06d}"
        document.save(update_fields=["number"])
        return document
    raise RuntimeError("no free verification code after five tries")
