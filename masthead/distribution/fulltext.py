"""An article's whole body as clean HTML for full-text feeds (Dzen, Yandex), with its pictures.

The body is rendered by the same block templates and rich-text expansion as the
article page, then passed through an allowlist (nh3) that keeps only the markup
Dzen accepts in `content:encoded`, with every link and picture made absolute on
`SITE_URL`. Nothing from the page's markup that is not in the list survives:
classes, data attributes, scripts, frames.
"""

import mimetypes
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import nh3
from django.conf import settings

from masthead.lib.text import strip_control_chars

# Dzen's content:encoded: text, headings, quotes, lists, figures with captions.
TAGS = {"p", "a", "b", "strong", "i", "em", "u", "s", "sup", "sub", "br", "h2", "h3", "h4",
        "blockquote", "ul", "ol", "li", "figure", "img", "figcaption"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
BODY_IMAGE_SPEC = "max-1200x900|format-jpeg"  # the <img src> of the page's <picture> (blocks/image.html)


@dataclass(frozen=True)
class Picture:
    url: str
    length: int
    mime_type: str


def absolute(url: str) -> str:
    return urljoin(settings.SITE_URL + "/", url)


def _absolute_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        url = absolute(value.strip())
        return url if urlsplit(url).scheme in ("http", "https") else None
    return value


def clean_html(html: str) -> str:
    """Markup reduced to the allowlist, URLs absolute, control characters gone."""
    return nh3.clean(
        strip_control_chars(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_absolute_attribute,
        url_schemes={"http", "https"},
        link_rel=None,
    ).strip()


def body_html(article) -> str:
    """The article body as the page renders it, cleaned for a feed."""
    return clean_html(str(article.body.render_as_block()))


def lead_picture(article) -> Picture | None:
    """The lead image's original file: size from the database (filled once by Wagtail), type from its name."""
    image = article.lead_image
    if image is None:
        return None
    try:
        length = image.file_size if image.file_size is not None else image.get_file_size()
        url = image.file.url
    except (OSError, ValueError):  # the file is gone (a restore without media): no enclosure
        return None
    mime_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
    return Picture(absolute(url), int(length or 0), mime_type)


def body_pictures(article) -> list[Picture]:
    """The pictures inside the body, as the page shows them (the same renditions), for enclosures."""
    pictures = []
    for block in article.body:
        if block.block_type != "image" or not block.value.get("image"):
            continue
        try:
            rendition = block.value["image"].get_rendition(BODY_IMAGE_SPEC)
            length = rendition.file.size  # a stat, not a read
        except (OSError, ValueError):
            continue
        pictures.append(Picture(absolute(rendition.url), int(length), "image/jpeg"))
    return pictures
