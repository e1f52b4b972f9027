from django.urls import path

from ekinerja import views

app_name = "ekinerja"

urlpatterns = [
    path("ekinerja/impor/", views.import_upload, name="import_upload"),
    path("ekinerja/impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("ekinerja/impor/<int:pk>/terapkan/", views.import_apply, name="import_apply"),
    path("ekinerja/skpd/<int:skpd_pk>/belum-disetujui/", views.gap_list, name="gap_list"),
    path(
        "ekinerja/skpd/<int:skpd_pk>/belum-disetujui.xlsx",
        views.gap_list_xlsx,
        name="gap_list_xlsx",
    ),
    path("ekinerja/predikat/", views.disagreement_list, name="disagreement_list"),
]
