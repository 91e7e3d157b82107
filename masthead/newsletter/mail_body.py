"""An issue's rich text made fit for a mail: links that work outside the site, and a plain-text twin.

The editor's text is Wagtail rich text: internal links become the pages' own
addresses, which are relative ("/politics/…") on a one-site install, and a
relative link in a mail leads nowhere. So every link and image is made
absolute against SITE_URL (lxml's `make_links_absolute`). The plain-text part
is the same text laid out as text by inscriptis (entities decoded, lists kept,
each link's address beside its words), not the HTML with its tags stripped.
"""

import lxml.html
from django.conf import settings
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from wagtail.rich_text import expand_db_html

# "strict": blocks start at the margin; the relaxed profile indents every paragraph.
TEXT_LAYOUT = ParserConfig(css=CSS_PROFILES["strict"], display_links=True)


def mail_html(rich_text: str) -> str:
    """The stored rich text as HTML for a mail, every relative link and image made absolute."""
    expanded = expand_db_html(rich_text or "")
    if not expanded.strip():
        return ""
    return lxml.html.make_links_absolute(expanded, settings.SITE_URL)


def mail_text(html: str) -> str:
    """The plain-text part: readable text with the links' addresses, no tags or entities."""
    if not html:
        return ""
    return get_text(html, TEXT_LAYOUT).strip()
