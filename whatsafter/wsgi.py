"""The WSGI application production servers run: Django behind the page cache's fast path."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
django_application = get_wsgi_application()

from whatsafter.web.pagecache import PageCacheApp  # noqa: E402 - needs settings configured

application = PageCacheApp(django_application)
