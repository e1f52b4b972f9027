from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

CODE_LABEL = _("Kode verifikasi dari aplikasi autentikator")


class SignInCodeForm(forms.Form):
    """The login's second step: the app's code, or one of the recovery codes."""

    code = forms.CharField(
        label=CODE_LABEL,
        max_length=32,
        help_text=_(
            "Buka aplikasi autentikator di ponsel Anda dan ketik 6 angka yang tampil. Tidak "
            "dapat membuka aplikasinya? Ketik salah satu kode pemulihan Anda."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "autofocus": True,
            }
        ),
    )


class EnrolmentForm(forms.Form):
    """The first code of a new authenticator app, which proves it was set up right."""

    code = forms.CharField(
        label=CODE_LABEL,
        max_length=12,
        validators=[
            RegexValidator(r"^\s*(\d\s*){6}$", _("Ketik 6 angka yang tampil di aplikasi."))
        ],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TurnOffForm(forms.Form):
    proof = forms.CharField(
        label=_("Kode verifikasi atau kata sandi"),
        max_length=128,
        strip=False,
        help_text=_(
            "Ketik kode yang sedang tampil di aplikasi autentikator, atau kata sandi Anda."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
