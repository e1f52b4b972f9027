from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/sesi/<int:session_pk>/", views.report_for_session, name="report_for_session"),
    path("laporan/sesi/<int:session_pk>/buat/", views.report_start, name="report_start"),
    path(
        "laporan/pemesanan/<int:booking_pk>/", views.report_for_booking, name="report_for_booking"
    ),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("laporan/<int:pk>/ubah/", views.report_edit, name="report_edit"),
    path("laporan/<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("laporan/<int:pk>/keputusan/<str:decision>/", views.report_decide, name="report_decide"),
    path("laporan/<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("laporan/foto/<int:photo_pk>/", views.photo, name="photo"),
    path("laporan/foto/<int:photo_pk>/hapus/", views.photo_remove, name="photo_remove"),
    path("rekap-bulanan/", views.recap_list, name="recap_list"),
    path("rekap-bulanan/baru/", views.recap_new, name="recap_new"),
    path("rekap-bulanan/<int:pk>/", views.recap_detail, name="recap_detail"),
    path("rekap-bulanan/<int:pk>/ubah/", views.recap_edit, name="recap_edit"),
    path(
        "rekap-bulanan/<int:pk>/keputusan/<str:decision>/",
        views.recap_decide,
        name="recap_decide",
    ),
    path("rekap-bulanan/<int:pk>/rekap.pdf", views.recap_pdf, name="recap_pdf"),
    path("rapat-evaluasi/", views.meeting_list, name="meeting_list"),
    path("rapat-evaluasi/baru/", views.meeting_new, name="meeting_new"),
    path("rapat-evaluasi/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rapat-evaluasi/<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("rapat-evaluasi/<int:pk>/tindak-lanjut/", views.action_add, name="action_add"),
    path(
        "rapat-evaluasi/<int:pk>/tindak-lanjut/<int:action_pk>/hapus/",
        views.action_remove,
        name="action_remove",
    ),
    path(
        "rapat-evaluasi/<int:pk>/tindak-lanjut/<int:action_pk>/perkembangan/",
        views.action_review,
        name="action_review",
    ),
    path("rapat-evaluasi/<int:pk>/sahkan/", views.meeting_finalize, name="meeting_finalize"),
    path("rapat-evaluasi/<int:pk>/hapus/", views.meeting_delete, name="meeting_delete"),
    path("rapat-evaluasi/<int:pk>/notulen.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("monitoring/", views.dashboard_view, name="dashboard"),
    path("monitoring/rekap.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
]
