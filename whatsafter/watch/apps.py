from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "whatsafter.watch"
    verbose_name = "Where to watch"
