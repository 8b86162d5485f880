import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
application = get_wsgi_application()

from acuback.web.preload import load_knowledge  # noqa: E402  (needs Django set up, just above)

load_knowledge()  # at start, not at each worker's first request (see acuback.web.preload)
