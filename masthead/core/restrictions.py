"""Skip Wagtail's per-request view-restriction queries while no page has a restriction.

Wagtail checks the page and its ancestors for privacy settings on every page
served (two queries). A news site rarely restricts pages; while none exists
anywhere, the answer is known without asking.
"""

from wagtail.models import PageViewRestriction

from masthead.core.cache import cached


def view_restrictions_exist() -> bool:
    # Under the content version, which a restriction's save or delete raises.
    return cached("view-restrictions-exist", PageViewRestriction.objects.exists, timeout=300)


class FastViewRestrictionsMixin:
    def get_view_restrictions(self):
        if not view_restrictions_exist():
            none = PageViewRestriction.objects.none()
            # Already evaluated: Wagtail's check iterates it on every page, and iterating an unevaluated
            # none() still builds and compiles its query (a tenth of an uncached article's time, profiled).
            none._result_cache = []
            return none
        return super().get_view_restrictions()
