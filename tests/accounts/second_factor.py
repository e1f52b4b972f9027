"""Second-factor helpers for tests: a user's authenticator app, and the code it shows."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.twofactor.policy import is_required


def confirmed_device(user: User) -> TOTPDevice:
    """The user's authenticator app, set up (as enrolment would leave it) when it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi uji", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now, as the app would show it: the current time step's,
    or a later one within the device's tolerance when the current one was used already (a
    second login within 30 seconds); waits for the next step when none is left."""
    device.refresh_from_db()
    while True:
        now = int((time.time() - device.t0) // device.step) + device.drift
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
        time.sleep(1)


def code_for_secret(secret: str) -> str:
    """The current code of a base32 secret, as read from the enrolment page."""
    from base64 import b32decode

    key = b32decode("".join(secret.split()).upper())
    return f"{hotp(key, int(time.time() // 30)):06d}"


def verify_session(client, user: User) -> None:
    """Mark ``client``'s session as passed the second factor with the user's device (made
    when it has none): what the code step does, for tests that sign in with force_login."""
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if not (has_device or is_required(user)):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
