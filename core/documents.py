"""Issue a PDF as a document the office can file and anyone can verify (core.models).

    pdf = issue_pdf("reports/session_report_pdf.html", context, kind="LHK",
                    subject=report, title="Laporan hasil kegiatan …", signed_by="…")

The document's content is fingerprinted without its print date; when a document of that
subject was issued with the same content, its filed bytes are handed out again, so the
paper, the code and the SHA-256 stay one. Otherwise a new version is filed with a new code,
and the previous version is marked superseded by it.

When a signer is configured (core/signing.py), the rendered PDF is signed before it is filed:
the filed copy and its SHA-256 are of the signed bytes, the ones handed out. A filed copy
without a signature is not handed out again while a signer works (signing was turned on, or
failed when it was issued): the same content is issued anew, signed, and supersedes it. A
signature that fails is logged and the document issued unsigned, never refused.
"""

import hashlib
import logging
import secrets

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.models import IssuedDocument
from core.pdf import render_pdf
from core.signing import Signer, SigningError, get_signer

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code is read from paper and typed.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# What a document shows that is not its content: the day it was printed.
VOLATILE = ("printed", "today")


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


def issue_pdf(
    template: str,
    context: dict,
    *,
    kind: str,
    subject: Model | str,
    title: str,
    signed_by: str = "",
) -> bytes:
    key = f"{kind}:{subject_key(subject)}"
    steady = {**context, **dict.fromkeys(VOLATILE), "verification": None}
    fingerprint = hashlib.sha256(
        render_to_string(template, {"portal": settings.PORTAL, **steady}).encode()
    ).hexdigest()
    signer = get_signer()
    with transaction.atomic():
        latest = (
            IssuedDocument.objects.select_for_update()
            .filter(subject=key)
            .order_by("-version")
            .first()
        )
        filed = latest is not None and latest.file and latest.file.storage.exists(latest.file.name)
        unchanged = filed and latest.fingerprint == fingerprint
        if unchanged and (latest.signed_digitally or signer is None):
            return _filed_copy(latest)
        # A changed document, one whose filed copy is lost, or one to sign: a new version.
        document = _new_version(key, kind, title, signed_by, fingerprint, latest)
        pdf = _render(template, context, document, signed=signer is not None)
        if signer is not None:
            try:
                pdf = _sign(pdf, document, signer)
            except SigningError:
                logger.exception("Could not sign %s; issuing it unsigned", document.number)
                if unchanged:  # the unsigned copy stays the one (no new version per request)
                    document.delete()
                    return _filed_copy(latest)
                pdf = _render(template, context, document, signed=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.file.save(f"{document.code}.pdf", ContentFile(pdf), save=False)
        document.save(update_fields=["sha256", "file", "signed_digitally", "signature_subject"])
        if latest is not None:
            latest.superseded_by = document
            latest.save(update_fields=["superseded_by"])
    return pdf


def _filed_copy(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def _render(template: str, context: dict, document: IssuedDocument, *, signed: bool) -> bytes:
    """The PDF with its verification foot, which says whether it is signed (the foot is
    drawn before the signature is added)."""
    verification = {
        "document": document,
        "url": verification_url(document.code),
        "qr": segno.make(verification_url(document.code), error="m").svg_data_uri(scale=2),
        "signed": signed,
    }
    return render_pdf(template, {**context, "verification": verification})


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


def _new_version(key, kind, title, signed_by, fingerprint, latest) -> IssuedDocument:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                document = IssuedDocument.objects.create(
                    code=new_code(),
                    kind=kind,
                    subject=key,
                    title=title[:255],
                    version=(latest.version + 1) if latest else 1,
                    fingerprint=fingerprint,
                    signed_by=signed_by[:255],
                )
        except IntegrityError:  # a code already given (or a version made meanwhile)
            continue
        document.number = f"{kind}/{timezone.localdate(document.issued_at):%Y}/{document.pk:06d}"
        document.save(update_fields=["number"])
        return document
    raise RuntimeError("no free verification code after five tries")
