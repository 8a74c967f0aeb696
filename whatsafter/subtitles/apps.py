from django.apps import AppConfig


class SubtitlesConfig(AppConfig):
    name = "whatsafter.subtitles"
    verbose_name = "Subtitle timing"
