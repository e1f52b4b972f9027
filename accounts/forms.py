from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.mail import EmailMessage
from django.core.validators import MaxLengthValidator, RegexValidator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from accounts.models import Jenjang, Pegawai, Skpd
from accounts.nip import NipFormField, NipKind, parse_nip
from accounts.roster import MAX_BYTES, PHONE
from accounts.selectors import possible_superiors
from accounts.services import email_in_use
from core.dates import DATE_PARAM_RANGE_DAYS
from core.mail import queue_mail
from core.models import AuditKind
from core.widgets import DATE_INPUT

validate_phone = RegexValidator(
    PHONE, _("Tulis nomor HP dengan angka, misalnya 081234567890 atau +6281234567890.")
)

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
        # AuthenticationForm sets max_length on the field without its validator: an
        # overlong name would reach authenticate() and the failed-login records.
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length)
        )
        self.fields["username"].widget.attrs.update(
            {"placeholder": _("18 digit NIP, boleh dengan spasi"), "autocomplete": "username"}
        )
        self.fields["password"].label = _("Kata sandi")

    def get_invalid_login_error(self):
        if getattr(self.request, "login_refused_for_address", False):
            return forms.ValidationError(throttle.login_refusal(), code="address_throttled")
        return super().get_invalid_login_error()


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


class RegistrationForm(forms.Form):
    """An ASN asks for a login. The profile fields are needed only when the NIP is not in
    the roster; the form then shows them. The applicant says whether it is PNS or PPPK, and
    the NIP is checked by that kind's rules only."""

    # Before the NIP, so that clean_nip finds it cleaned.
    kind = forms.ChoiceField(
        label=_("Jenis pegawai"),
        choices=NipKind.choices,
        initial=NipKind.PNS,
        widget=forms.RadioSelect,
        help_text=_(
            "Pilih PPPK bila nomor Anda NI PPPK (Pegawai Pemerintah dengan Perjanjian Kerja)."
        ),
    )
    nip = NipFormField(label=_("NIP"), help_text=_("18 digit, boleh dengan spasi."))
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Tautan aktivasi akun dikirim ke alamat ini."),
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"), max_length=20, validators=[validate_phone]
    )
    name = forms.CharField(label=_("Nama lengkap dengan gelar"), max_length=200, required=False)
    jabatan = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    jenjang = forms.ChoiceField(
        label=_("Jenjang"), choices=[("", _("— pilih jenjang —")), *Jenjang.choices], required=False
    )
    skpd = forms.ModelChoiceField(
        label=_("SKPD (unit kerja)"),
        queryset=Skpd.objects.filter(is_active=True).only("pk", "name").order_by("name"),
        required=False,
        empty_label=_("— pilih SKPD —"),
    )

    PROFILE_FIELDS = ("name", "jabatan", "jenjang", "skpd")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_roster = True

    def clean_nip(self):
        nip = self.cleaned_data["nip"]
        kind = self.cleaned_data.get("kind")
        if kind:  # else the kind's own error asks for it
            parse_nip(nip, kind)
        return nip

    def clean(self):
        cleaned = super().clean()
        nip = cleaned.get("nip")
        if not nip or not cleaned.get("kind"):
            return cleaned
        self.in_roster = Pegawai.objects.filter(nip=nip).exists()
        if not self.in_roster:
            if not self.data.get("profile_shown"):
                # The profile fields appear now; asking for them is no mistake of the user's.
                raise forms.ValidationError(_("Lengkapi data diri."), code="profile_needed")
            missing = [name for name in self.PROFILE_FIELDS if not cleaned.get(name)]
            for name in missing:
                self.add_error(name, _("Wajib diisi karena NIP belum ada di data kepegawaian."))
        email = cleaned.get("email")
        if email and email_in_use(email):
            # Said for every NIP alike: it tells about the address, never about the NIP.
            self.add_error(
                "email",
                _(
                    "E-mail ini sudah dipakai sebuah akun. Jika itu akun Anda, gunakan Lupa "
                    "kata sandi; jika bukan, gunakan e-mail lain milik Anda."
                ),
            )
        return cleaned


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Dikirim ke pendaftar lewat e-mail."),
    )


class ApprovalForm(forms.Form):
    """What approving a registration outside the roster settles: the applicant's jabatan as
    the office writes it, and its direct superior (the pejabat penilai kinerja)."""

    jabatan = forms.CharField(label=_("Jabatan"), max_length=255)
    atasan = forms.ModelChoiceField(
        label=_("Atasan langsung"),
        queryset=Pegawai.objects.none(),
        required=False,
        empty_label=_("— belum diketahui —"),
        help_text=_("Pejabat penilai kinerjanya: paling rendah Pengawas, di SKPD ini."),
    )

    def __init__(self, *args, skpd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["atasan"].queryset = (
            Pegawai.objects.filter(skpd=skpd, is_active=True)
            .exclude(jenjang__in=[Jenjang.PELAKSANA, Jenjang.FUNGSIONAL])
            .order_by("name")
        )
        self.fields["atasan"].label_from_instance = lambda p: f"{p.name} — {p.jabatan}"


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"), max_length=20, required=False, validators=[validate_phone]
    )
    whatsapp = forms.BooleanField(
        label=_("Kirim juga pemberitahuan portal lewat WhatsApp ke nomor ini"), required=False
    )

    def __init__(self, *args, whatsapp_channel: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not whatsapp_channel:  # the office has no WhatsApp channel: nothing to choose
            del self.fields["whatsapp"]

    def clean(self):
        data = super().clean()
        if data.get("whatsapp") and not data.get("phone"):
            self.add_error(
                "phone", _("Isi nomor WhatsApp untuk menerima pemberitahuan lewat WhatsApp.")
            )
        return data


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Alasan perubahan"))
        kwargs.setdefault("help_text", _("Tercatat di riwayat perubahan, misalnya nomor SK."))
        super().__init__(max_length=255, **kwargs)


class PegawaiUpdateForm(forms.Form):
    jabatan = forms.CharField(label=_("Jabatan"), max_length=255)
    jenjang = forms.ChoiceField(label=_("Jenjang"), choices=Jenjang.choices)
    atasan = forms.ModelChoiceField(
        label=_("Atasan langsung (pejabat penilai kinerja)"),
        queryset=Pegawai.objects.none(),
        required=False,
        empty_label=_("— tidak ada —"),
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"), max_length=20, required=False, validators=[validate_phone]
    )
    reason = ReasonField()

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["atasan"].queryset = possible_superiors(pegawai)
        self.fields["atasan"].label_from_instance = lambda p: f"{p.name} — {p.jabatan}"


class TransferForm(forms.Form):
    skpd = forms.ModelChoiceField(
        label=_("SKPD tujuan"), queryset=Skpd.objects.none(), empty_label=_("— pilih SKPD —")
    )
    jabatan = forms.CharField(
        label=_("Jabatan baru"),
        max_length=255,
        required=False,
        help_text=_("Kosongkan bila jabatannya tetap."),
    )
    reason = ReasonField()

    def __init__(self, *args, pegawai: Pegawai, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skpd"].queryset = (
            Skpd.objects.filter(is_active=True).exclude(pk=pegawai.skpd_id).order_by("name")
        )


class DeactivateForm(forms.Form):
    reason = ReasonField(label=_("Alasan (pensiun, berhenti, meninggal dunia, …)"))


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas data pegawai (.xlsx atau .csv)"),
        help_text=_("Paling besar 10 MB. Baris pertama berisi judul kolom."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Unggah berkas .xlsx atau .csv."))
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 10 MB."))
        return uploaded


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail akun"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the portal's one door for mail (a task), like every other message.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_mail(EmailMessage(subject, body, from_email, [to_email]))


class AuditFilterForm(forms.Form):
    """The audit trail's filters; every field may stay empty."""

    q = forms.CharField(
        label=_("Pengguna"),
        required=False,
        max_length=100,
        help_text=_("NIP, nama pengguna, nama, alamat IP, atau kata dalam keterangan."),
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *AuditKind.choices]
    )
    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DATE_INPUT)

    def _clean_day(self, name: str):
        day = self.cleaned_data[name]
        if day and abs((day - timezone.localdate()).days) > DATE_PARAM_RANGE_DAYS:
            raise forms.ValidationError(_("Pilih tanggal dalam dua tahun terakhir."))
        return day

    def clean_since(self):
        return self._clean_day("since")

    def clean_until(self):
        return self._clean_day("until")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned
