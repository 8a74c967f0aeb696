import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whatsafter.settings")
application = get_wsgi_application()

# Every production server loads this module: refuse to serve on a missing or published key.
from whatsafter.web.checks import production_key_require  # noqa: E402

production_key_require()
