import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
application = get_wsgi_application()

from acuback.web.preload import load_knowledge  # noqa: E402  (needs Django set up, just above)

load_knowledge()  # at start, not at each worker's first request (see acuback.web.preload)

# What is loaded now (Django, the knowledge base, the compiled rules, the templates) lives as long
# as the process: the collector need not walk it again. A full collection walked it in ~100 ms, a
# pause for whoever's page was being drawn; frozen, it takes ~0.6 ms. Workers forked from this
# process also keep sharing these pages of memory instead of copying them when the collector
# writes to them (the gc module's own advice for servers that fork).
gc.freeze()
