from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Jenjang, Skpd

LOGIN_FAILED_MESSAGE = _(
    "NIP/nama pengguna atau kata sandi salah. Periksa kembali; kata sandi membedakan huruf "
    "besar dan kecil."
)


class LoginForm(AuthenticationForm):
    """Login by NIP or staff login name. One message for every failure, so that nobody
    learns from it whether a NIP has an account."""

    error_messages = {
        "invalid_login": LOGIN_FAILED_MESSAGE,
        "inactive": LOGIN_FAILED_MESSAGE,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("NIP atau nama pengguna")
        self.fields["username"].widget.attrs.update(
            {"placeholder": _("18 digit NIP, boleh dengan spasi"), "autocomplete": "username"}
        )
        self.fields["password"].label = _("Kata sandi")


class PegawaiFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama, NIP atau jabatan"), required=False, max_length=100)
    skpd = forms.ModelChoiceField(
        label=_("SKPD"), queryset=Skpd.objects.none(), required=False, empty_label=_("Semua SKPD")
    )
    jenjang = forms.ChoiceField(
        label=_("Jenjang"),
        required=False,
        choices=[("", _("Semua jenjang")), *Jenjang.choices],
    )

    def __init__(self, *args, skpd_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skpd"].queryset = skpd_queryset.only("pk", "name").order_by("name")
