"""The digital signature (PAdES) of the PDFs the portal issues, when the office has a
certificate.

    signer = get_signer()          # None when PDF_SIGNING_P12 is not set
    if signer is not None:
        pdf = signer.sign(pdf, reason="…")

A `Signer` takes a finished PDF and gives it back signed, appending an incremental update
(the rendered bytes stay as they are), and says who signs (`description`: the certificate's
subject). `Pkcs12Signer` signs on this machine with a key and certificate from a PKCS#12 file
(`PDF_SIGNING_P12`, `PDF_SIGNING_PASSPHRASE`), PAdES baseline B through pyHanko. An external
signing service such as BSrE (the state's electronic certification office) fits the same
interface: another class whose `sign` sends the document's digest to the service and embeds
the signature it returns, chosen by `get_signer` from its own settings.

A certificate that cannot be loaded (wrong path, wrong passphrase) stops the start-up
commands through the system check `core.E001` (core/checks.py), so a deployment notices it.
Should it still happen while the portal runs (the file replaced or removed), `get_signer`
logs the error and answers None and `issue_pdf` issues the document unsigned: a missing
signature must not turn every PDF into an error page.
"""

import functools
import io
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

FIELD_NAME = "Signature1"


class SigningError(Exception):
    """A signer could not be set up or could not sign; the message says why."""


class Signer(Protocol):
    #: Who signs, as the verification page shows it: the certificate's subject.
    description: str

    def sign(self, pdf: bytes, *, reason: str) -> bytes:
        """The PDF with a signature appended; raises SigningError when it cannot sign."""
        ...


class Pkcs12Signer:
    """Signs with the key and certificate of a PKCS#12 file: PAdES baseline B (no time stamp,
    no revocation data), in a new signature field, as an incremental update."""

    def __init__(self, path: str | Path, passphrase: str = "", *, location: str = ""):
        # pyHanko takes 0.4 s to import: only processes that sign pay for it.
        from cryptography import x509
        from pyhanko.sign import signers

        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise SigningError(f"cannot read {path}: {error.strerror}") from error
        try:
            self._signer = signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=[], passphrase=passphrase.encode() if passphrase else None
            )
        except ValueError as error:
            raise SigningError(f"{path} is no PKCS#12 file or the passphrase is wrong") from error
        if self._signer.signing_key is None or self._signer.signing_cert is None:
            raise SigningError(f"{path} holds no key with its certificate")
        self.location = location
        #: The signing certificate (cryptography's x509.Certificate).
        self.certificate = x509.load_der_x509_certificate(self._signer.signing_cert.dump())
        # RFC 4514, most specific first: "CN=…,O=…,C=ID".
        self.description = self.certificate.subject.rfc4514_string()

    def sign(self, pdf: bytes, *, reason: str) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            reason=reason,
            location=self.location or None,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
            signed = signers.PdfSigner(metadata, signer=self._signer).sign_pdf(writer)
        except Exception as error:  # pyHanko raises several kinds; the caller needs one
            raise SigningError(f"pyHanko could not sign: {error}") from error
        return signed.getvalue()


@functools.lru_cache(maxsize=4)
def _pkcs12_signer(path: str, passphrase: str, location: str) -> Pkcs12Signer:
    # Loaded once per process and configuration; a failure is not cached (it raises).
    return Pkcs12Signer(path, passphrase, location=location)


def configured_signer() -> Signer | None:
    """The signer the settings ask for, or None when they ask for none; raises SigningError
    when it cannot be set up (the system check reports that)."""
    if not settings.PDF_SIGNING_P12:
        return None
    return _pkcs12_signer(
        str(settings.PDF_SIGNING_P12),
        settings.PDF_SIGNING_PASSPHRASE,
        settings.PORTAL["CITY"],
    )


def get_signer() -> Signer | None:
    """The configured signer, or None: none configured, or (logged) one that cannot be
    set up, so that documents are issued unsigned rather than not at all."""
    try:
        return configured_signer()
    except SigningError:
        logger.exception("PDF signing is configured but unavailable; issuing unsigned")
        return None
