from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("skm/", views.session_list, name="session_list"),
    path("skm/sesi/<int:session_pk>/buka/", views.open_survey, name="open_survey"),
    path("skm/survei/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("skm/survei/<int:pk>/pengingat/", views.remind, name="remind"),
    path("skm/survei/<int:pk>/tutup/", views.close_survey, name="close"),
    path("skm/survei/<int:pk>/perpanjang/", views.extend_survey, name="extend"),
    path("skm/hasil/", views.results, name="results"),
    path("skm/hasil/rekap.pdf", views.results_pdf, name="results_pdf"),
    path("skm/hasil/rekap.xlsx", views.results_xlsx, name="results_xlsx"),
    path("s/<str:token>/", views.answer, name="answer"),
]
