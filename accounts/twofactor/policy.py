"""Who must have a second factor, and what a request's session has proved.

A user is *enrolled* with a confirmed TOTP device. A session is *verified* when the device
that verified it (django-otp's ``otp_device_id`` in the session: the TOTP device or the
recovery codes) is still one of the user's confirmed devices, so an admin's reset or turning
it off ends that proof at the next request. ``NipBackend.get_user`` reads the user's devices
in the same query as the user (``DEVICE_ANNOTATIONS``): a page costs no query for this.
"""

from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCodeDevice, Role, User

REQUIRED_ROLES = frozenset({Role.ADMIN, Role.KEPALA_BKPSDM, Role.KEPALA_BIDANG})


def is_required(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor: Admin, Kepala BKPSDM and Kepala
    Bidang, unless SECOND_FACTOR_REQUIRED is off."""
    return settings.SECOND_FACTOR_REQUIRED and bool(user.roles & REQUIRED_ROLES)


def _confirmed_ids(model) -> ArraySubquery:
    """The ids of a user's confirmed devices of ``model``, as an array."""
    return ArraySubquery(
        model.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")
    )


# Annotations for a User queryset: the ids of its confirmed devices. Made once, not for each
# load: Django works out each new expression's identity (through inspect.signature), and
# with the persistent ids written in SQL (a concatenation per device) the two took a third
# of loading a user. Each queryset resolves its own copy.
DEVICE_ANNOTATIONS = {
    "totp_device_ids": _confirmed_ids(TOTPDevice),
    "recovery_device_ids": _confirmed_ids(RecoveryCodeDevice),
}


def _device_ids(user: User) -> tuple[list[str], list[str]]:
    """The persistent ids (django-otp's, as the session keeps them) of the user's confirmed
    TOTP devices and recovery codes."""
    if hasattr(user, "totp_device_ids"):
        totp, recovery = user.totp_device_ids, user.recovery_device_ids
    else:
        # A user not loaded by NipBackend (the login form's, a service's caller): asked now.
        totp, recovery = (
            User.objects.annotate(**DEVICE_ANNOTATIONS)
            .values_list("totp_device_ids", "recovery_device_ids")
            .get(pk=user.pk)
        )
    return (
        [f"{TOTPDevice.model_label()}/{pk}" for pk in totp],
        [f"{RecoveryCodeDevice.model_label()}/{pk}" for pk in recovery],
    )


def is_enrolled(user: User) -> bool:
    return bool(_device_ids(user)[0])


@dataclass(frozen=True)
class SessionState:
    required: bool
    enrolled: bool
    verified: bool

    @property
    def satisfied(self) -> bool:
        """Nothing more is owed: verified, or neither enrolled nor obliged to be."""
        return self.verified or not (self.enrolled or self.required)

    @property
    def must_enrol(self) -> bool:
        return self.required and not self.enrolled


def session_state(request) -> SessionState:
    """What the signed-in user of ``request`` owes: computed once per request."""
    state = getattr(request, "_second_factor_state", None)
    if state is None:
        user = request.user
        totp, recovery = _device_ids(user)
        device_id = request.session.get(DEVICE_ID_SESSION_KEY)
        state = SessionState(
            required=is_required(user),
            enrolled=bool(totp),
            verified=device_id is not None and device_id in (*totp, *recovery),
        )
        request._second_factor_state = state
    return state


def known_state(request) -> SessionState | None:
    """The state the middleware found for this request, if it looked (no query)."""
    return getattr(request, "_second_factor_state", None)


def forget_state(request) -> None:
    """After the session's proof or the devices changed within this request."""
    request.__dict__.pop("_second_factor_state", None)
    for name in DEVICE_ANNOTATIONS:
        with suppress(AttributeError):
            delattr(request.user, name)
