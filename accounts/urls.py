from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.index, name="index"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("beranda/", views.home, name="home"),
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("skpd/", views.skpd_list, name="skpd_list"),
    path("skpd/<int:pk>/", views.skpd_detail, name="skpd_detail"),
]
