from django.urls import path

from whatsafter.web import report_views as views

app_name = "aftercredits"
urlpatterns = [
    path("movies/<slug:slug>/cinema/", views.cinema, name="cinema"),
    path("movies/<slug:slug>/report/", views.report, name="report"),
    path("movies/<slug:slug>/correction/", views.correction, name="correction"),
]
