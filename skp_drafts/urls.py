from django.urls import path

from skp_drafts import views

app_name = "skp_drafts"

urlpatterns = [
    path("skp/", views.my_skps, name="mine"),
    path("skp/baru/", views.skp_new, name="new"),
    path("skp/bawahan/", views.subordinates, name="subordinates"),
    path("skp/review/", views.review_queue, name="review_queue"),
    path("skp/kaskade/", views.cascade_index, name="cascade_index"),
    path("skp/kaskade/<int:skpd_pk>/", views.cascade, name="cascade"),
    path("skp/progres/<int:skpd_pk>/", views.progress, name="progress"),
    path("skp/progres/<int:skpd_pk>/belum.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("skp/sesi/<int:session_pk>/draf/", views.session_drafts, name="session_drafts"),
    path("skp/komentar/<int:pk>/balas/", views.comment_reply, name="comment_reply"),
    path("skp/komentar/<int:pk>/selesai/", views.comment_resolve, name="comment_resolve"),
    path("skp/<int:pk>/", views.skp_detail, name="detail"),
    path("skp/<int:pk>/ubah/", views.skp_edit, name="edit"),
    path("skp/<int:pk>/langkah/<str:name>/", views.skp_transition, name="transition"),
    path("skp/<int:pk>/bawa/", views.skp_bring, name="bring"),
    path("skp/<int:pk>/komentar/", views.comment_add, name="comment_add"),
    path("skp/<int:pk>/versi/", views.skp_versions, name="versions"),
    path("skp/<int:pk>/e-kinerja/", views.skp_for_ekinerja, name="ekinerja"),
    path("skp/<int:pk>/skp.pdf", views.skp_pdf, name="pdf"),
    path("skp/<int:pk>/skp.xlsx", views.skp_xlsx, name="xlsx"),
    path("skp/<int:pk>/templat.xlsx", views.skp_template_xlsx, name="template_xlsx"),
    path("skp/<int:pk>/impor/", views.skp_import, name="import"),
    path("panduan/", views.guide, name="guide"),
    path("panduan/kelola/", views.guide_manage, name="guide_manage"),
    path("panduan/contoh/<int:pk>/", views.guide_example, name="guide_example"),
    path("panduan/contoh/<int:pk>/tampilkan/", views.example_publish, name="example_publish"),
    path("panduan/contoh/<int:pk>/hapus/", views.example_delete, name="example_delete"),
    path("panduan/materi/<int:pk>/", views.material_download, name="material_download"),
    path("panduan/materi/<int:pk>/tampilkan/", views.material_publish, name="material_publish"),
    path("panduan/materi/<int:pk>/hapus/", views.material_delete, name="material_delete"),
]
