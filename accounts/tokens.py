"""Links sent by e-mail to set a first password.

Django's password-reset token with a salt of its own: it expires after
PASSWORD_RESET_TIMEOUT and stops working once a password is set (the token hashes the
password), so an activation link is single-use without storing anything.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.ActivationTokenGenerator"


activation_token = ActivationTokenGenerator()


def activation_path(user: User) -> str:
    return reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token.make_token(user),
        },
    )


def user_from_uidb64(uidb64: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    return User.objects.filter(pk=pk).select_related("pegawai").first()
