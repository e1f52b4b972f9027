"""Every change to a user's second factor, and the checking of its codes.

Each change runs in one transaction, is recorded as a ``SecondFactorEvent`` (who, when) and
tells the user by e-mail after the commit: a change someone else made is noticed.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle
from accounts.models import (
    RECOVERY_ALPHABET,
    RECOVERY_CODE_LENGTH,
    RecoveryCode,
    RecoveryCodeDevice,
    SecondFactorEvent,
    SecondFactorEventKind,
    User,
    recovery_digest,
)
from accounts.twofactor.policy import is_enrolled, is_required
from core.errors import PortalError
from core.mail import absolute_url, send_portal_mail

RECOVERY_CODE_COUNT = 10
# Wrong codes count against both, per account (settings.THROTTLES).
THROTTLES = ("second_factor", "second_factor_day")


class SecondFactorError(PortalError):
    """A second-factor step refused, with its reason in Indonesian."""


def format_recovery_code(code: str) -> str:
    half = RECOVERY_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


# Enrolment -----------------------------------------------------------------------------------


def begin_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows. It stays the same until
    it is confirmed, so reloading the page does not undo a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Aplikasi autentikator"), confirmed=False
        )
    return device


@transaction.atomic
def confirm_enrolment(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device of ``begin_enrolment`` with a code from the app. On first enrolment
    returns the ten new recovery codes in clear (the only time they exist in clear); a
    device that replaces another keeps the codes the user has, and gets none."""
    device = (
        TOTPDevice.objects.select_for_update(no_key=True)
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None or not device.verify_token(_digits(code)):
        raise SecondFactorError(
            _(
                "Kode tidak cocok. Periksa bahwa jam ponsel Anda tepat, lalu ketik kode yang "
                "sedang tampil di aplikasi."
            ),
            code="wrong_code",
        )
    others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replacing = others.filter(confirmed=True).exists()
    others.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = []
    if not (replacing and RecoveryCodeDevice.objects.filter(user=user).exists()):
        codes = _new_recovery_codes(user)
    kind = SecondFactorEventKind.DEVICE_REPLACED if replacing else SecondFactorEventKind.ENABLED
    _record(user, kind, actor=user)
    return device, codes


def _digits(code: str) -> str:
    return "".join(code.split())


# Recovery codes ------------------------------------------------------------------------------


def _new_recovery_codes(user: User) -> list[str]:
    """Ten new codes for ``user``; the old ones stop working. The device row stays, so a
    session that a recovery code verified stays verified."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": _("Kode pemulihan")}
    )
    device.codes.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    set_recovery_codes(device=device, codes=codes)
    return [format_recovery_code(code) for code in codes]


def set_recovery_codes(*, device: RecoveryCodeDevice, codes: list[str]) -> None:
    """Store ``codes`` (normalised) as the device's digests, each with a salt of its own."""
    rows = []
    for code in codes:
        salt = secrets.token_hex(16)
        rows.append(RecoveryCode(device=device, salt=salt, digest=recovery_digest(salt, code)))
    RecoveryCode.objects.bulk_create(rows)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes in clear; the previous ones stop working."""
    if not is_enrolled(user):
        raise SecondFactorError(_("Verifikasi dua langkah belum aktif."), code="not_enrolled")
    codes = _new_recovery_codes(user)
    _record(user, SecondFactorEventKind.CODES_REGENERATED, actor=user)
    return codes


# Checking a code -----------------------------------------------------------------------------


def check_code(*, user: User, code: str) -> Device | None:
    """The device of ``user`` that accepts ``code``: the authenticator app's current code
    (each used once), or one of the recovery codes (used up); None when none does.

    Wrong codes count against the account's throttles; once they are used up every code,
    right or wrong, is refused with SecondFactorError until the window ends."""
    _refuse_when_throttled(user)
    device = _accepting_device(user, code)
    if device is None:
        _count_failure(user)
    elif isinstance(device, RecoveryCodeDevice):
        _record(user, SecondFactorEventKind.RECOVERY_CODE_USED, actor=user)
    return device


def _accepting_device(user: User, code: str, *, to_delete: bool = False) -> Device | None:
    """The user's device that accepts ``code``, locked, so that two requests with one code
    cannot both be accepted: FOR NO KEY UPDATE, or FOR UPDATE when the caller's transaction
    goes on to delete it (docs/architecture.md, "Row locks")."""
    typed = _digits(code)
    model = TOTPDevice if typed.isdigit() else RecoveryCodeDevice
    with transaction.atomic():
        for device in model.objects.select_for_update(no_key=not to_delete).filter(
            user=user, confirmed=True
        ):
            if device.verify_token(typed):
                return device
    return None


def _refuse_when_throttled(user: User) -> None:
    key = str(user.pk)
    if throttle.exhausted("second_factor_day", key):
        raise SecondFactorError(
            _(
                "Terlalu banyak kode yang salah hari ini. Demi keamanan akun Anda, coba lagi "
                "besok atau hubungi Admin portal."
            ),
            code="throttled",
        )
    if throttle.exhausted("second_factor", key):
        raise SecondFactorError(
            _(
                "Terlalu banyak kode yang salah. Demi keamanan akun Anda, tunggu 15 menit lalu "
                "coba lagi."
            ),
            code="throttled",
        )


def _count_failure(user: User) -> None:
    for name in THROTTLES:
        throttle.allow(name, str(user.pk))


# Turning it off ------------------------------------------------------------------------------


@transaction.atomic
def turn_off(*, user: User, proof: str) -> None:
    """Turn ``user``'s second factor off, proved with a current code (or recovery code) or
    the password; wrong proofs count like wrong codes. Refused where it is required."""
    if is_required(user):
        raise SecondFactorError(
            _("Peran Anda mewajibkan verifikasi dua langkah; fitur ini tidak dapat dimatikan."),
            code="required",
        )
    if not is_enrolled(user):
        raise SecondFactorError(_("Verifikasi dua langkah belum aktif."), code="not_enrolled")
    _refuse_when_throttled(user)
    if not (user.check_password(proof) or _accepting_device(user, proof, to_delete=True)):
        _count_failure(user)
        raise SecondFactorError(
            _("Kode verifikasi atau kata sandi tidak cocok."), code="wrong_proof"
        )
    _remove_devices(user)
    _record(user, SecondFactorEventKind.DISABLED, actor=user)


@transaction.atomic
def reset_by_admin(*, actor: User, user: User) -> bool:
    """An admin removes ``user``'s authenticator app and recovery codes (a lost phone): the
    user signs in with the password alone again, and where the second factor is required,
    enrols anew at once. False when there was nothing to reset."""
    if not actor.is_superuser:
        raise PermissionDenied
    if not _remove_devices(user):
        return False
    _record(user, SecondFactorEventKind.RESET, actor=actor)
    return True


def _remove_devices(user: User) -> int:
    removed, _counts = TOTPDevice.objects.filter(user=user).delete()
    removed_codes, _counts = RecoveryCodeDevice.objects.filter(user=user).delete()
    return removed + removed_codes


def _record(user: User, kind: SecondFactorEventKind, *, actor: User) -> SecondFactorEvent:
    event = SecondFactorEvent.objects.create(user=user, kind=kind, actor=actor)
    if user.email:
        send_portal_mail(
            "accounts/email/second_factor",
            to=user.email,
            context={
                "user": user,
                "event": event,
                "by_admin": actor.pk != user.pk,
                "when": timezone.localtime(event.created_at),
                "security_url": absolute_url(reverse("accounts:security")),
            },
        )
    return event
