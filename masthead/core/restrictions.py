"""Skip Wagtail's per-request view-restriction queries while no page has a restriction.

Wagtail checks the page and its ancestors for privacy settings on every page
served (two queries). A news site rarely restricts pages; while none exists
anywhere, the answer is known without asking.
"""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

from masthead.core.freshness import content_version


def view_restrictions_exist() -> bool:
    # Keyed by the content version, which a restriction's save or delete raises.
    key = f"view-restrictions-exist:{content_version()}"
    exists = cache.get(key)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(key, exists, 300)
    return exists


class FastViewRestrictionsMixin:
    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
