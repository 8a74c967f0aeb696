from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "whatsafter.web"
    verbose_name = "Web"
