from django.urls import path

from whatsafter.web import catalog_views as views

app_name = "catalog"
urlpatterns = [
    path("movies/tmdb/<int:tmdb_id>/", views.movie_by_tmdb_id, name="movie-by-tmdb"),
    path("movies/imdb/<str:imdb_id>/", views.movie_by_imdb_id, name="movie-by-imdb"),
    path("movies/<slug:slug>/", views.movie_detail, name="movie"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("actors/", views.actors, name="actors"),
    path("companies/", views.companies, name="companies"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("latest/", views.latest, name="latest"),
]
