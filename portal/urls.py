from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("beranda/", views.home, name="home"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/buka/", views.notification_open, name="notification_open"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
