from django.urls import path

from bookings import development_views, views
from bookings.visits import views as visit_views

app_name = "bookings"

urlpatterns = [
    path("jadwal/", views.open_slots, name="open_slots"),
    path("jadwal/<int:slot_pk>/pesan/", views.book, name="book"),
    path("jadwal/<int:slot_pk>/daftar-tunggu/", views.waitlist_join, name="waitlist_join"),
    path("daftar-tunggu/<int:pk>/keluar/", views.waitlist_leave, name="waitlist_leave"),
    path("pemesanan/", views.my_bookings, name="my_bookings"),
    path("pemesanan/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("pemesanan/<int:pk>/batal/", views.booking_cancel, name="booking_cancel"),
    path("pemesanan/<int:pk>/jadwal-ulang/", views.booking_reschedule, name="booking_reschedule"),
    path("pemesanan/<int:pk>/kalender.ics", views.booking_ics_download, name="booking_ics"),
    path("pemesanan/<int:pk>/draf/", views.booking_draft, name="booking_draft"),
    path(
        "pemesanan/<int:pk>/draf/lampirkan/",
        views.booking_draft_attach,
        name="booking_draft_attach",
    ),
    path("pemesanan/<int:pk>/kehadiran/", views.record_attendance, name="record_attendance"),
    path("pengembangan-kompetensi/", development_views.my_development, name="development"),
    path(
        "pengembangan-kompetensi/sesi/<int:pk>/surat-keterangan.pdf",
        development_views.development_certificate,
        name="development_certificate",
    ),
    path(
        "pengembangan-kompetensi/<int:year>/surat-keterangan.pdf",
        development_views.development_year_certificate,
        name="development_year_certificate",
    ),
    path(
        "agenda/pengembangan-kompetensi/",
        development_views.development_recap,
        name="development_recap",
    ),
    path(
        "agenda/pengembangan-kompetensi/rekap.xlsx",
        development_views.development_export,
        name="development_export",
    ),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/terbitkan/", views.publish, name="publish"),
    path("agenda/tidak-hadir/", views.no_shows, name="no_shows"),
    path("agenda/slot/<int:pk>/batal/", views.slot_cancel, name="slot_cancel"),
    path("agenda/kalender/baru/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("permohonan/", visit_views.request_list, name="request_list"),
    path("permohonan/baru/", visit_views.request_new, name="request_new"),
    path("permohonan/<int:pk>/", visit_views.request_detail, name="request_detail"),
    path("permohonan/<int:pk>/perbaiki/", visit_views.request_edit, name="request_edit"),
    path(
        "permohonan/<int:pk>/keputusan/<str:decision>/",
        visit_views.request_decide,
        name="request_decide",
    ),
    path("permohonan/<int:pk>/surat/", visit_views.request_letter, name="request_letter"),
    path(
        "permohonan/<int:pk>/pindahkan-sesi/<int:slot_pk>/",
        visit_views.move_booking_aside,
        name="move_booking_aside",
    ),
    path(
        "permohonan/<int:pk>/lembar-disposisi.pdf",
        visit_views.disposition_sheet,
        name="disposition_sheet",
    ),
    path("permohonan/<int:pk>/peserta/", visit_views.participants, name="participants"),
    path(
        "permohonan/<int:pk>/daftar-hadir.pdf",
        visit_views.attendance_sheet,
        name="attendance_sheet",
    ),
    path("sesi/<int:pk>/", visit_views.session_detail, name="session_detail"),
    path("sesi/<int:pk>/qr/", visit_views.check_in_poster, name="check_in_poster"),
    path(
        "sesi/<int:pk>/check-in-skpd-lain/",
        visit_views.check_in_other_skpd,
        name="check_in_other_skpd",
    ),
    path("hadir/<str:code>/", visit_views.check_in, name="check_in"),
]
