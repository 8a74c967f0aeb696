from django.urls import path

from whatsafter.quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("movies/<slug:slug>/quiz/", views.quiz, name="quiz"),
    path("movies/<slug:slug>/quiz/answer/", views.answer, name="answer"),
]
