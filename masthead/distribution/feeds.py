"""RSS 2.0 and Atom feeds of the whole site, a rubric, an author and a tag, and the full-text Dzen feed.

Subclasses of Django's `Feed`: the feed classes say what goes in (the same
ArticleQuerySet reads the listings use), the generator classes below add what
Django's generators leave out (several authors, the item's language, Dzen's
`content:encoded` and several enclosures). Every link is absolute on SITE_URL,
whatever Host the request came with. Views (views.py) cache the output under the
content version and answer conditional GETs.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext
from taggit.models import Tag

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.core import times
from masthead.core.furniture import site_furniture
from masthead.distribution import fulltext
from masthead.lib.text import strip_control_chars

DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"


class MastheadRss(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author and the item's dc:language."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("dc:language", item["item_language"])


class MastheadAtom(Atom1Feed):
    """Atom with an <author> per author and xml:lang on each entry."""

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["item_language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class DzenRss(MastheadRss):
    """Dzen's full-text RSS: the whole body in content:encoded, every picture an enclosure, media:rating."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT, "xmlns:media": MEDIA}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "enclosures": []})
        for enclosure in item["enclosures"]:  # Django's RSS allows one; Dzen wants every picture
            handler.addQuickElement(
                "enclosure", "", {"url": enclosure.url, "length": enclosure.length, "type": enclosure.mime_type}
            )
        handler.addQuickElement("media:rating", "nonadult", {"scheme": "urn:simple"})
        handler.addQuickElement("content:encoded", item["content_encoded"])


class ArticleFeed(Feed):
    """The site's newest published articles; subclasses narrow them to a rubric, an author or a tag."""

    feed_type = MastheadRss
    full_text = False

    def __call__(self, request, *args, **kwargs):
        self.edition = translation.get_language() or settings.LANGUAGE_CODE
        self.feed_path = request.path
        self.language = self.edition  # Django reads it as an attribute, not a hook
        return super().__call__(request, *args, **kwargs)

    # The channel
    def title(self, obj):
        return strip_control_chars(settings.WAGTAIL_SITE_NAME)

    def link(self, obj):
        return settings.SITE_URL + reverse("wagtail_serve", args=[""])

    def feed_url(self, obj):
        return settings.SITE_URL + self.feed_path

    def description(self, obj):
        tagline = site_furniture(self.edition)["tagline"]
        return strip_control_chars(tagline) or gettext("The latest news from %(site)s") % {"site": self.title(obj)}

    def author_name(self, obj):  # Atom needs an author for the feed when an entry has none
        return strip_control_chars(settings.WAGTAIL_SITE_NAME)

    def feed_copyright(self, obj):
        return f"© {strip_control_chars(settings.WAGTAIL_SITE_NAME)}"

    # The items
    def articles(self, obj):
        """The published articles this feed is about, in the listings' read."""
        return ArticlePage.objects.published()

    def items(self, obj):
        # Each edition's feed, as its listings: its language's articles and the cross-posted.
        articles = self.articles(obj).in_edition(self.edition).for_listing()
        if self.full_text:
            articles = articles.defer(None)  # the listing read leaves the body out; this feed carries it
        return articles[: settings.FEED_ITEMS]

    def item_title(self, item):
        return strip_control_chars(item.title)

    def item_description(self, item):
        return strip_control_chars(item.lead)

    def item_link(self, item):
        return item.canonical_url()

    def item_guid(self, item):
        # The article's number never changes, unlike its slug: readers never see an edit as a new story.
        return f"{settings.SITE_URL}/?article={item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return times.to_site_time(item.published_at)

    def item_updateddate(self, item):
        updated = max(filter(None, [item.last_published_at, item.published_at]))
        return times.to_site_time(updated)

    def item_categories(self, item):
        rubrics = [strip_control_chars(r.display_name(self.edition)) for r in item.get_rubrics()]
        return rubrics + [strip_control_chars(tag.name) for tag in item.get_tags()]

    def item_enclosures(self, item):
        pictures = [fulltext.lead_picture(item)]
        if self.full_text:
            pictures += fulltext.body_pictures(item)
        return [Enclosure(p.url, str(p.length), p.mime_type) for p in pictures if p is not None]

    def item_extra_kwargs(self, item):
        extra = {
            "authors": [strip_control_chars(a.display_name(item.language)) for a in item.get_authors()],
            "item_language": item.language,
        }
        if self.full_text:
            extra["content_encoded"] = fulltext.body_html(item)
        return extra


class AtomArticleFeed(ArticleFeed):
    feed_type = MastheadAtom
    subtitle = ArticleFeed.description


class DzenFeed(ArticleFeed):
    feed_type = DzenRss
    full_text = True


class TaxonomyFeed(ArticleFeed):
    """A feed about one rubric or author: named after it, linked to its page."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj):
        return f"{strip_control_chars(obj.display_name(self.edition))} — {super().title(obj)}"

    def link(self, obj):
        return settings.SITE_URL + obj.get_absolute_url()


class RubricFeed(TaxonomyFeed):
    model = Rubric

    def articles(self, obj):
        return ArticlePage.objects.published().in_rubric(obj)


class AuthorFeed(TaxonomyFeed):
    model = Author

    def articles(self, obj):
        return ArticlePage.objects.published().by_author(obj)


class TagFeed(ArticleFeed):
    # Any text, as the tag pages take it (a tag's slug may be non-Latin); NUL is no slug, and PostgreSQL refuses it.
    def get_object(self, request, slug):
        if "\x00" in slug:
            raise Http404
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{strip_control_chars(obj.name)} — {super().title(obj)}"

    def link(self, obj):
        return settings.SITE_URL + reverse("articles:tag", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return ArticlePage.objects.published().tagged(obj)


class AtomRubricFeed(RubricFeed):
    feed_type = MastheadAtom
    subtitle = ArticleFeed.description


class AtomAuthorFeed(AuthorFeed):
    feed_type = MastheadAtom
    subtitle = ArticleFeed.description


class AtomTagFeed(TagFeed):
    feed_type = MastheadAtom
    subtitle = ArticleFeed.description
