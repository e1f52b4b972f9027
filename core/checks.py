"""System checks of the bottom layer: a signing certificate that is configured but cannot be
used stops `migrate`, `runserver` and `check` (core/signing.py says why)."""

from datetime import UTC, datetime

from django.core import checks

from core.signing import SigningError, configured_signer


def check_pdf_signing(app_configs, **kwargs):
    """A configured signer must load, and its certificate be valid today."""
    try:
        signer = configured_signer()
    except SigningError as error:
        return [
            checks.Error(
                f"PDF signing cannot start: {error}.",
                hint="Check PDF_SIGNING_P12 and PDF_SIGNING_PASSPHRASE, or unset "
                "PDF_SIGNING_P12 to issue documents unsigned.",
                id="core.E001",
            )
        ]
    certificate = getattr(signer, "certificate", None)
    if certificate is not None and not (
        certificate.not_valid_before_utc <= datetime.now(UTC) <= certificate.not_valid_after_utc
    ):
        return [
            checks.Warning(
                f"The PDF signing certificate ({signer.description}) is not valid today "
                f"(valid {certificate.not_valid_before_utc:%Y-%m-%d} to "
                f"{certificate.not_valid_after_utc:%Y-%m-%d}): readers will reject its "
                "signatures.",
                hint="Renew the certificate and point PDF_SIGNING_P12 at the new file.",
                id="core.W001",
            )
        ]
    return []
