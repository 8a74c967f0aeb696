from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from whatsafter.api.api import api
from whatsafter.web.health import healthz, readyz
from whatsafter.web.sitemaps import SITEMAPS
from whatsafter.web.views import robots_txt, sitemap_index

# A database fault raised outside a view is still a 503 with Retry-After.
handler500 = "whatsafter.web.faults.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
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
