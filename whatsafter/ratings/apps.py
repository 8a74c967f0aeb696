from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "whatsafter.ratings"
    verbose_name = "Ratings"
