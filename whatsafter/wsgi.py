"""The WSGI application production servers run: Django behind the page cache's fast path."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
django_application = get_wsgi_application()

# Every production server loads this module: refuse to serve on a missing or published key.
from whatsafter.web.checks import production_key_require  # noqa: E402
from whatsafter.web.pagecache import PageCacheApp  # noqa: E402 - needs settings configured

production_key_require()
application = PageCacheApp(django_application)
