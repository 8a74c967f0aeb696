from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "whatsafter.ingest"
    verbose_name = "Imports"
