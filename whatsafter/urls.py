from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from whatsafter.api.api import api
from whatsafter.web.sitemaps import SITEMAPS
from whatsafter.web.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("whatsafter.web.report_urls")),
    path("", include("whatsafter.quizzes.urls")),
    path("", include("whatsafter.web.catalog_urls")),
    path("", include("whatsafter.web.urls")),
]
