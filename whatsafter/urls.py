from django.contrib import admin
from django.urls import include, path

from whatsafter.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("whatsafter.aftercredits.urls")),
    path("", include("whatsafter.catalog.urls")),
    path("", include("whatsafter.web.urls")),
]
