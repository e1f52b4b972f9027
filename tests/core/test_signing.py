"""The digital signature of issued PDFs (core/signing.py, core/documents.py): with a PKCS#12
certificate configured every issued document carries a PAdES signature that a validator
accepts and that breaks when the content changes; without one nothing is signed; a broken
configuration is caught at start-up and issues unsigned documents rather than errors."""

import datetime
import hashlib
import io
import logging

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from core.checks import check_pdf_signing
from core.documents import issue_pdf
from core.models import IssuedDocument
from core.signing import Pkcs12Signer, SigningError
from tests.pdf import PdfText

pytestmark = pytest.mark.django_db

PASSPHRASE = "rahasia-kantor"
SUBJECT = "CN=BKPSDM Kabupaten Balangan (uji),O=Pemerintah Kabupaten Balangan,C=ID"
TEMPLATE = "surveys/results_pdf.html"


def make_certificate(
    *, days_valid=(-1, 365)
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A throwaway self-signed signing certificate of the office."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kabupaten Balangan"),
            x509.NameAttribute(NameOID.COMMON_NAME, "BKPSDM Kabupaten Balangan (uji)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days_valid[0]))
        .not_valid_after(now + datetime.timedelta(days=days_valid[1]))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def write_pkcs12(path, key, certificate, passphrase=PASSPHRASE):
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"bkpsdm",
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return path


@pytest.fixture(scope="module")
def office_key():
    return make_certificate()


@pytest.fixture
def certificate(office_key):
    return office_key[1]


@pytest.fixture
def signing(settings, tmp_path, office_key):
    """Signing configured with the office's (throwaway) certificate."""
    settings.PDF_SIGNING_P12 = str(write_pkcs12(tmp_path / "kantor.p12", *office_key))
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    settings.PORTAL = {**settings.PORTAL, "CITY": "Paringin"}


def issue(scope="Dinas Kesehatan") -> bytes:
    return issue_pdf(
        TEMPLATE,
        {"filter_labels": [("SKPD", scope)]},
        kind="IKM",
        subject="ikm:test",
        title=f"Rekapitulasi IKM ({scope})",
    )


def signature_status(pdf: bytes, certificate: x509.Certificate):
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    trusted = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    return signature, validate_pdf_signature(signature, ValidationContext(trust_roots=[trusted]))


def test_an_issued_pdf_carries_a_valid_signature_of_the_office(signing, certificate):
    pdf = issue()
    signature, status = signature_status(pdf, certificate)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert signature.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.field_name == "Signature1"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.sig_object["/Location"] == "Paringin"
    document = IssuedDocument.objects.get()
    assert document.number in signature.sig_object["/Reason"]
    assert status.signing_cert.subject.human_friendly.startswith("Common Name: BKPSDM")
    # What is filed and fingerprinted is what was handed out: the signed bytes.
    assert (document.signed_digitally, document.signature_subject) == (True, SUBJECT)
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    with document.file.open("rb") as filed:
        assert filed.read() == pdf
    assert "Ditandatangani secara elektronik" in PdfText(pdf)


def test_the_same_content_hands_out_the_same_signed_bytes(signing, certificate):
    first = issue()
    assert issue() == first
    assert IssuedDocument.objects.count() == 1
    second = issue(scope="Dinas Pendidikan")
    assert second != first
    old, new = IssuedDocument.objects.order_by("version")
    assert (old.superseded_by, new.signed_digitally) == (new, True)
    assert signature_status(second, certificate)[1].bottom_line


def test_a_changed_byte_of_the_signed_content_breaks_the_signature(signing, certificate):
    pdf = issue()
    producer = pdf.index(b"WeasyPrint")
    tampered = pdf[:producer] + b"V" + pdf[producer + 1 :]  # same length, same structure
    _signature, status = signature_status(tampered, certificate)
    assert not status.intact and not status.bottom_line


def test_content_appended_after_signing_is_reported(signing, certificate):
    writer = IncrementalPdfFileWriter(io.BytesIO(issue()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    forged = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 72 72 200 50 re f"))
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), forged])
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    signature, status = signature_status(output.getvalue(), certificate)
    # The signed revision is still there, but the file shows more than it: not valid.
    assert status.intact
    assert signature.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert not status.docmdp_ok and not status.bottom_line


def test_without_configuration_nothing_is_signed(settings):
    assert settings.PDF_SIGNING_P12 == ""
    pdf = issue()
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    document = IssuedDocument.objects.get()
    assert (document.signed_digitally, document.signature_subject) == (False, "")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert "Ditandatangani secara elektronik" not in PdfText(pdf)


def test_the_verification_page_says_whether_and_by_whom_a_document_is_signed(
    settings, client, tmp_path, office_key
):
    issue()
    unsigned = IssuedDocument.objects.get()
    page = client.get(reverse("portal:verify", args=[unsigned.code])).content.decode()
    assert "tidak ditandatangani secara elektronik" in page
    assert "CN=" not in page

    settings.PDF_SIGNING_P12 = str(write_pkcs12(tmp_path / "kantor.p12", *office_key))
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    issue(scope="Dinas Pendidikan")
    signed = IssuedDocument.objects.get(version=2)
    page = client.get(reverse("portal:verify", args=[signed.code])).content.decode()
    assert "Ada, dengan sertifikat atas nama" in page
    assert "CN=BKPSDM Kabupaten Balangan (uji)" in page
    assert "tidak ditandatangani secara elektronik" not in page


def test_turning_signing_on_reissues_an_unsigned_copy_signed(settings, tmp_path, office_key):
    unsigned = issue()
    settings.PDF_SIGNING_P12 = str(write_pkcs12(tmp_path / "kantor.p12", *office_key))
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    signed = issue()
    old, new = IssuedDocument.objects.order_by("version")
    assert signed != unsigned
    assert (old.signed_digitally, new.signed_digitally, old.superseded_by) == (False, True, new)
    assert issue() == signed  # and from then on the signed copy is the one


def test_a_signature_that_fails_issues_unsigned_and_logs(signing, monkeypatch, caplog):
    def refuse(self, pdf, *, reason):
        raise SigningError("the signing service is away")

    monkeypatch.setattr(Pkcs12Signer, "sign", refuse)
    with caplog.at_level(logging.ERROR, logger="core.documents"):
        pdf = issue()
    assert "Could not sign" in caplog.text
    document = IssuedDocument.objects.get()
    assert not document.signed_digitally
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    # The foot does not claim a signature the file does not carry.
    assert "Ditandatangani secara elektronik" not in PdfText(pdf)
    # Failing again for the same content hands out that copy: no new version per request.
    assert issue() == pdf
    assert IssuedDocument.objects.count() == 1


def test_a_wrong_passphrase_issues_unsigned_and_logs(signing, settings, caplog):
    settings.PDF_SIGNING_PASSPHRASE = "salah"
    with caplog.at_level(logging.ERROR, logger="core.signing"):
        pdf = issue()
    assert "unavailable" in caplog.text
    assert PdfFileReader(io.BytesIO(pdf)).embedded_signatures == []
    assert not IssuedDocument.objects.get().signed_digitally


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"PDF_SIGNING_PASSPHRASE": "salah"}, "passphrase is wrong"),
        ({"PDF_SIGNING_P12": "/tidak/ada.p12"}, "cannot read /tidak/ada.p12"),
    ],
)
def test_the_system_check_stops_a_certificate_that_cannot_be_loaded(
    signing, settings, change, error
):
    for name, value in change.items():
        setattr(settings, name, value)
    [message] = check_pdf_signing(None)
    assert message.id == "core.E001" and message.is_serious()
    assert error in message.msg


def test_the_system_check_passes_a_good_certificate_and_no_certificate(signing, settings):
    assert check_pdf_signing(None) == []
    settings.PDF_SIGNING_P12 = ""
    assert check_pdf_signing(None) == []


def test_the_system_check_warns_of_an_expired_certificate(settings, tmp_path):
    expired = make_certificate(days_valid=(-400, -1))
    settings.PDF_SIGNING_P12 = str(write_pkcs12(tmp_path / "lama.p12", *expired))
    settings.PDF_SIGNING_PASSPHRASE = PASSPHRASE
    [message] = check_pdf_signing(None)
    assert message.id == "core.W001" and not message.is_serious()
    assert SUBJECT in message.msg
