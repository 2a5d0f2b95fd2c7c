import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# Public release pages are served from memory until an audited change (pagecache.py).
from forcewatch.publication.pagecache import PublicPageCache  # noqa: E402

application = PublicPageCache(django_application)
