from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "whatsafter.catalog"
    verbose_name = "Catalogue"
