from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "whatsafter.api"
    verbose_name = "JSON API"
