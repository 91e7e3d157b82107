"""The site's furniture (about text, contacts, subscribe channels), cached between edits.

Every page shows it, so reading it from the database on each request would
cost queries on the hottest pages; the content version in the key makes an
edit visible at once.
"""

from wagtail.models import Site

from masthead.core.cache import cached
from masthead.core.models import SiteSettings


def site_furniture(language: str) -> dict:
    return cached(f"furniture:{language}", lambda: _load(language), timeout=3600)


def _load(language: str) -> dict:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {"tagline": "", "about": "", "contact_email": "", "channels": []}
    settings = SiteSettings.for_site(site)
    return {
        "tagline": settings.tagline(language),
        "about": settings.about(language),
        "contact_email": settings.contact_email,
        "channels": [
            {"network": c.network, "label": str(c.get_network_display()), "url": c.url}
            for c in settings.channels.all()
        ],
    }
