import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django_application = get_wsgi_application()

from masthead.pagecache.wsgi import PageCacheApplication  # noqa: E402  (needs the settings loaded)

application = PageCacheApplication(django_application)
