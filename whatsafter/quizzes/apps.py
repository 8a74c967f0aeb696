from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "whatsafter.quizzes"
    verbose_name = "Plot summaries and quizzes"
