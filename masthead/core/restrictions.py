"""Skip Wagtail's per-request view-restriction queries while no page has a restriction.

Wagtail checks the page and its ancestors for privacy settings on every page
served (two queries). A news site rarely restricts pages; while none exists
anywhere, the answer is known without asking.
"""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

KEY = "view-restrictions-exist"


def view_restrictions_exist() -> bool:
    exists = cache.get(KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(KEY, exists, 300)
    return exists


def forget_view_restrictions(**kwargs) -> None:
    cache.delete(KEY)


class FastViewRestrictionsMixin:
    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
