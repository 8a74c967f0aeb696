from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "whatsafter.search"
    verbose_name = "Search"
