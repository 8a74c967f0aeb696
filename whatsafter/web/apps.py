from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "whatsafter.web"
    verbose_name = "Web"

    def ready(self) -> None:
        from whatsafter.web import checks  # noqa: F401  (registers the system checks)
