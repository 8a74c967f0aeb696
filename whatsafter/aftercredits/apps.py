from django.apps import AppConfig


class AftercreditsConfig(AppConfig):
    name = "whatsafter.aftercredits"
    verbose_name = "After-credits scenes"
