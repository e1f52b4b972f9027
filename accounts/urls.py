from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.twofactor import views as second_factor

app_name = "accounts"

urlpatterns = [
    path("", views.landing, name="index"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("masuk/verifikasi/", second_factor.verify_login, name="login_verify"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("daftar/terkirim/", views.register_done, name="register_done"),
    path("aktivasi/<uidb64>/<token>/", views.activate, name="activate"),
    path("kata-sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "kata-sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("kata-sandi/ubah/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/", views.profile, name="profile"),
    path("akun/aktif/", views.session_alive, name="session_alive"),
    path("jejak-audit/", views.audit_log, name="audit_log"),
    path("akun/keamanan/", second_factor.security, name="security"),
    path("akun/keamanan/aktifkan/", second_factor.enrol, name="second_factor_enrol"),
    path("akun/keamanan/nonaktifkan/", second_factor.turn_off, name="second_factor_turn_off"),
    path("akun/keamanan/kode-pemulihan/", second_factor.recovery_codes, name="recovery_codes"),
    path(
        "akun/keamanan/kode-pemulihan.txt",
        second_factor.recovery_codes_txt,
        name="recovery_codes_txt",
    ),
    path(
        "akun/keamanan/kode-pemulihan/baru/",
        second_factor.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("pendaftaran/", views.registration_list, name="registration_list"),
    path("pendaftaran/<int:pk>/", views.registration_detail, name="registration_detail"),
    path(
        "pendaftaran/<int:pk>/setujui/",
        views.registration_decide,
        {"decision": "approve"},
        name="registration_approve",
    ),
    path(
        "pendaftaran/<int:pk>/tolak/",
        views.registration_decide,
        {"decision": "reject"},
        name="registration_reject",
    ),
    path(
        "pendaftaran/<int:pk>/kirim-ulang/",
        views.registration_decide,
        {"decision": "resend"},
        name="registration_resend",
    ),
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/impor/", views.roster_import, name="roster_import"),
    path("pegawai/impor/templat.xlsx", views.roster_template, name="roster_template"),
    path("pegawai/impor/<int:pk>/", views.roster_import_preview, name="roster_import_preview"),
    path(
        "pegawai/impor/<int:pk>/terapkan/",
        views.roster_import_apply,
        name="roster_import_apply",
    ),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views.pegawai_update, name="pegawai_update"),
    path("pegawai/<int:pk>/mutasi/", views.pegawai_transfer, name="pegawai_transfer"),
    path("pegawai/<int:pk>/nonaktifkan/", views.pegawai_deactivate, name="pegawai_deactivate"),
    path("skpd/", views.skpd_list, name="skpd_list"),
    path("skpd/<int:pk>/", views.skpd_detail, name="skpd_detail"),
]
