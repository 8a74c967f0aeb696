from django.urls import URLPattern, path  # noqa: F401

app_name = "web"
urlpatterns: list[URLPattern] = []
