"""Every change to accounts, registrations and the roster of people.

Each function checks who may make the change, makes it in one transaction, records who and
why in the audit history, and sends its e-mail only after the transaction commits.
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    Pegawai,
    Registration,
    RegistrationStatus,
    Skpd,
    User,
)
from accounts.rules import kasubag_users
from accounts.tokens import activation_path
from core.compiled import CompiledQuery
from core.errors import PortalError
from core.history import stamp
from core.mail import absolute_url, send_portal_mail


class AccountError(PortalError):
    """A change refused for a reason the user should read (in Indonesian)."""


def _require(actor: User, permission: str, obj=None) -> None:
    if not rules.has_perm(permission, actor, obj):
        raise PermissionDenied


def email_in_use(email: str, *, except_user: User | None = None) -> bool:
    """Whether an account (other than ``except_user``) already uses ``email``.

    Pending registrations do not count: whether one exists for a NIP is exactly what the
    public registration page must not reveal. Two of them may name one address; the
    account's unique e-mail settles it at approval.
    """
    # As the unique index user_unique_email compares them (lower(), non-empty): it finds the
    # address there instead of reading every account (an UPPER() comparison has no index).
    accounts = (
        User.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
        .exclude(email="")
    )
    if except_user is not None:
        accounts = accounts.exclude(pk=except_user.pk)
    return accounts.exists()


# Registration ----------------------------------------------------------------------------


@transaction.atomic
def submit_registration(
    *,
    nip: str,
    kind: str,
    email: str,
    phone: str,
    name: str = "",
    jabatan: str = "",
    jenjang: str = "",
    skpd: Skpd | None = None,
) -> Registration | None:
    """Queue an ASN's request for a login with the Kasubag Umum of its SKPD.

    Returns None, and creates nothing, when the NIP already has an active account, belongs
    to a retired pegawai or waits for a decision; the caller shows the same page in every
    case so that nobody learns from it whether a NIP has an account. The applicant's address
    gets the same neutral receipt in every case; an existing account's owner is warned at
    the account's own address.
    """
    receipt = {"nip": nip}
    send_portal_mail("accounts/email/registration_received", to=email, context=receipt)

    pegawai = Pegawai.objects.select_related("user").filter(nip=nip).first()
    account = pegawai.user if pegawai is not None else None
    if account is not None and account.is_active:
        # An account exists, activated or waiting for its activation link; a second
        # registration must not redirect that link to another address.
        if account.has_usable_password() and account.email:
            send_portal_mail(
                "accounts/email/registration_for_existing_account",
                to=account.email,
                context={
                    "pegawai": pegawai,
                    "reset_url": absolute_url(reverse("accounts:password_reset")),
                },
            )
        return None
    if pegawai is not None and not pegawai.is_active:
        return None
    if Registration.objects.filter(nip=nip, status=RegistrationStatus.SUBMITTED).exists():
        return None

    registration = Registration(nip=nip, email=email, phone=phone)
    if pegawai is not None:
        registration.pegawai = pegawai
        registration.kind = pegawai.kind
        registration.skpd = pegawai.skpd
    else:
        registration.kind = kind
        registration.name, registration.jabatan, registration.jenjang = name, jabatan, jenjang
        registration.skpd = skpd
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Someone else submitted the same NIP a moment earlier: the first one stands.
        return None

    for kasubag in kasubag_users(registration.skpd):
        if kasubag.email:
            send_portal_mail(
                "accounts/email/registration_waiting",
                to=kasubag.email,
                context={
                    "registration": registration,
                    "queue_url": absolute_url(reverse("accounts:registration_list")),
                },
            )
    return registration


def _decidable(actor: User, registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",), no_key=True)
        .select_related("pegawai__user", "skpd")
        .get(pk=registration_id)
    )
    _require(actor, "accounts.decide_registration", registration)
    if registration.status != RegistrationStatus.SUBMITTED:
        raise AccountError(_("Pendaftaran ini sudah diputuskan sebelumnya."))
    return registration


@transaction.atomic
def approve_registration(
    *,
    actor: User,
    registration_id: int,
    jabatan: str = "",
    atasan: Pegawai | None = None,
) -> Registration:
    """Create (or complete) the pegawai and its login, and e-mail the activation link. A
    NIP outside the roster becomes a pegawai with the ``jabatan`` and direct superior
    (``atasan``) the approver settles (the applicant's own jabatan when none is given)."""
    registration = _decidable(actor, registration_id)
    reason = _("Pendaftaran akun disetujui")

    pegawai = registration.pegawai or Pegawai.objects.filter(nip=registration.nip).first()
    if pegawai is not None and not pegawai.is_active:
        raise AccountError(
            _("Pegawai ini sudah tidak aktif (pensiun atau berhenti). Tolak pendaftaran ini.")
        )
    if pegawai is None:
        pegawai = Pegawai(
            nip=registration.nip,
            kind=registration.kind,
            name=registration.name,
            jabatan=(jabatan or registration.jabatan).strip(),
            jenjang=registration.jenjang,
            skpd=registration.skpd,
            atasan=atasan,
        )
        if atasan is not None and atasan.skpd_id != registration.skpd_id:
            raise AccountError(_("Atasan langsung dipilih dari pegawai SKPD ini."))
        try:
            pegawai.clean()
        except ValidationError as error:
            raise AccountError(" ".join(error.messages)) from error
    user = pegawai.user if pegawai.pk else None
    if user is not None and user.has_usable_password():
        raise AccountError(_("NIP ini sudah memiliki akun aktif. Tolak pendaftaran ini."))
    if user is None:
        user = User(username=registration.nip)
        user.set_unusable_password()
    user.email = registration.email
    user.is_active = True
    stamp(user, actor, reason)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise AccountError(
            _("E-mail %(email)s sudah dipakai akun lain. Tolak pendaftaran ini dengan alasan itu.")
            % {"email": registration.email}
        ) from error

    pegawai.user = user
    pegawai.email = registration.email
    pegawai.phone = registration.phone
    stamp(pegawai, actor, reason)
    pegawai.save()

    registration.pegawai = pegawai
    _decide(registration, actor, RegistrationStatus.APPROVED, "")
    _send_activation(user, pegawai)
    return registration


@transaction.atomic
def reject_registration(*, actor: User, registration_id: int, reason: str) -> Registration:
    registration = _decidable(actor, registration_id)
    if not reason.strip():
        raise AccountError(_("Tuliskan alasan penolakan."))
    _decide(registration, actor, RegistrationStatus.REJECTED, reason.strip())
    send_portal_mail(
        "accounts/email/registration_rejected",
        to=registration.email,
        context={"registration": registration},
    )
    return registration


@transaction.atomic
def resend_activation(*, actor: User, registration_id: int) -> str:
    """E-mail the activation link again; returns the address it went to."""
    registration = Registration.objects.select_related("pegawai__user", "skpd").get(
        pk=registration_id
    )
    _require(actor, "accounts.decide_registration", registration)
    user = registration.pegawai.user if registration.pegawai else None
    if registration.status != RegistrationStatus.APPROVED or user is None:
        raise AccountError(_("Hanya pendaftaran yang disetujui yang dapat dikirimi tautan."))
    if user.has_usable_password():
        raise AccountError(_("Akun ini sudah aktif; pemiliknya dapat memakai Lupa kata sandi."))
    _send_activation(user, registration.pegawai)
    return user.email


def _decide(registration: Registration, actor: User, status: str, reason: str) -> None:
    registration.status = status
    registration.decided_by = actor
    registration.decided_at = timezone.now()
    registration.decision_reason = reason
    stamp(registration, actor, reason or status)
    registration.save()


def _send_activation(user: User, pegawai: Pegawai) -> None:
    send_portal_mail(
        "accounts/email/activation",
        to=user.email,
        context={"pegawai": pegawai, "activation_url": absolute_url(activation_path(user))},
    )


# The ASN's own contact data ---------------------------------------------------------------


# The reads of every contact save, compiled once (core/compiled.py): the user's pegawai
# locked, then the account's contact as stored.
_OWN_PEGAWAI_LOCK = CompiledQuery(
    lambda user_id: Pegawai.objects.select_for_update(no_key=True).filter(user_id=user_id),
    user_id=int,
)
_STORED_CONTACT = CompiledQuery(
    lambda user_id: User.objects.filter(pk=user_id).values_list("email", "whatsapp_opt_in"),
    user_id=int,
)


@transaction.atomic
def update_contact(*, user: User, email: str, phone: str, whatsapp: bool | None = None) -> bool:
    """The ASN's own e-mail (its login e-mail and roster contact alike) and phone, and
    whether notifications also go to WhatsApp (None: as it was). Only what differs is
    written, each row with its history entry; False when nothing did (nothing written)."""
    pegawai = _OWN_PEGAWAI_LOCK.first(user_id=user.pk)
    if pegawai is None:
        raise Pegawai.DoesNotExist
    # Compared with the account as stored, not as the request's user was kept or loaded
    # (another tab may have saved since): every save of this contact queues on the lock.
    user.email, user.whatsapp_opt_in = _STORED_CONTACT.first(user_id=user.pk)
    taken = AccountError(_("E-mail ini sudah dipakai akun lain."))
    changed = []
    if email != user.email:
        if email_in_use(email, except_user=user):
            raise taken
        user.email = email
        changed.append("email")
    if whatsapp is not None and whatsapp != bool(user.whatsapp_opt_in):
        user.whatsapp_opt_in = timezone.now() if whatsapp else None
        changed.append("whatsapp_opt_in")
    if changed:
        stamp(user, user, _("Diubah sendiri di profil"))
        try:
            with transaction.atomic():
                user.save(update_fields=changed)
        except IntegrityError as error:  # the same address saved by someone else a moment ago
            raise taken from error
    if (pegawai.email, pegawai.phone) == (email, phone):
        return bool(changed)
    pegawai.email, pegawai.phone = email, phone
    stamp(pegawai, user, _("Diubah sendiri di profil"))
    pegawai.save(update_fields=["email", "phone", "updated_at"])
    return True


# Keeping the roster current (Kasubag Umum, the coaching team) -----------------------------
# The pegawai rows here (and the ASN's own above) are locked FOR NO KEY UPDATE: the locks
# make writers queue and no change here touches a key, so another transaction's foreign-key
# check on the row, run at its commit while it holds a version it renewed (an attendance and
# the dashboard's figures), passes instead of waiting (tests/bookings/test_concurrency.py).


@transaction.atomic
def update_pegawai(
    *,
    actor: User,
    pegawai: Pegawai,
    jabatan: str,
    jenjang: str,
    atasan: Pegawai | None,
    phone: str,
    reason: str,
) -> Pegawai:
    """A change of jabatan, jenjang or superior within the pegawai's SKPD."""
    _require(actor, "accounts.manage_pegawai", pegawai)
    pegawai = Pegawai.objects.select_for_update(no_key=True).get(pk=pegawai.pk)
    pegawai.jabatan, pegawai.jenjang, pegawai.atasan, pegawai.phone = (
        jabatan,
        jenjang,
        atasan,
        phone,
    )
    pegawai.full_clean()
    stamp(pegawai, actor, reason)
    pegawai.save()
    return pegawai


@transaction.atomic
def transfer_pegawai(
    *, actor: User, pegawai: Pegawai, skpd: Skpd, jabatan: str, reason: str
) -> list[Pegawai]:
    """Mutasi: move a pegawai to another SKPD. Its superior there is set by that SKPD's
    Kasubag; its former subordinates lose it as superior. Returns those subordinates."""
    _require(actor, "accounts.manage_pegawai", pegawai)
    pegawai = Pegawai.objects.select_for_update(no_key=True).get(pk=pegawai.pk)
    if skpd.pk == pegawai.skpd_id:
        raise AccountError(_("Pilih SKPD tujuan yang lain dari SKPD sekarang."))
    orphans = _release_position(pegawai, actor, reason)
    pegawai.skpd = skpd
    pegawai.atasan = None
    if jabatan:
        pegawai.jabatan = jabatan
    stamp(pegawai, actor, reason)
    pegawai.save()
    return orphans


@transaction.atomic
def deactivate_pegawai(*, actor: User, pegawai: Pegawai, reason: str) -> list[Pegawai]:
    """Retirement or leaving the service: the pegawai and its login are deactivated, never
    deleted, so that its history stays. Returns the subordinates who lost their superior."""
    _require(actor, "accounts.manage_pegawai", pegawai)
    pegawai = (
        Pegawai.objects.select_for_update(of=("self",), no_key=True)
        .select_related("user")
        .get(pk=pegawai.pk)
    )
    if not pegawai.is_active:
        raise AccountError(_("Pegawai ini sudah tidak aktif."))
    orphans = _release_position(pegawai, actor, reason)
    pegawai.is_active = False
    stamp(pegawai, actor, reason)
    pegawai.save()
    if pegawai.user is not None:
        pegawai.user.is_active = False
        stamp(pegawai.user, actor, reason)
        pegawai.user.save(update_fields=["is_active"])
    return orphans


def _release_position(pegawai: Pegawai, actor: User, reason: str) -> list[Pegawai]:
    """Clear the pegawai from the posts that hang on it: superior of others, head of SKPD."""
    orphans = list(pegawai.bawahan.select_for_update(no_key=True).filter(is_active=True))
    for subordinate in orphans:
        subordinate.atasan = None
        stamp(subordinate, actor, reason)
        subordinate.save(update_fields=["atasan", "updated_at"])
    for skpd in Skpd.objects.filter(head=pegawai):
        skpd.head = None
        stamp(skpd, actor, reason)
        skpd.save(update_fields=["head"])
    return orphans
