from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("whatsafter.aftercredits.urls")),
    path("", include("whatsafter.catalog.urls")),
    path("", include("whatsafter.web.urls")),
]
