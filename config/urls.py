from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.core.views import favicon, healthz, web_app_manifest

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from masthead.core.views import media

    urlpatterns += [path("media/<path:path>", media, name="media")]

# Reader pages: Russian without a prefix, English under /en/.
# Endpoints that scripts call (beacons, reports) live outside the language prefix.
urlpatterns += [
    path("", include("masthead.pageviews.urls")),
    path("", include("masthead.typos.urls")),
    path("", include("masthead.distribution.urls")),
]

urlpatterns += i18n_patterns(
    path("manifest.webmanifest", web_app_manifest, name="manifest"),
    path("accounts/", include("allauth.urls")),
    path("", include("masthead.readers.urls")),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.pages.urls")),
    path("", include("masthead.articles.urls")),
    path("", include("masthead.search.urls")),
    path("", include("masthead.distribution.feed_urls")),
    path("", include("masthead.typos.public_urls")),
    path("", include("masthead.newsletter.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"
