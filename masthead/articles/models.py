"""The newsroom's content: articles, their authors, rubrics and tags."""

import datetime as dt
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from masthead.articles import editions
from masthead.articles.forms import ArticlePageForm
from masthead.articles.routing import child_article
from masthead.articles.structured_data import news_article
from masthead.articles.surrogates import ALL_NEWS, tag_key
from masthead.articles.tags import NormalisedTagManager
from masthead.articles.translations import edition_path, translation_links
from masthead.core import surrogate, times
from masthead.core.bilingual import in_language
from masthead.core.admin_wording import WordedInlinePanel
from masthead.core.blocks import BodyBlock
from masthead.core.cache import cached
from masthead.core.page_shell import ShellTemplateResponse
from masthead.core.restrictions import FastViewRestrictionsMixin
from masthead.lib.text import transliterated_slug


class BilingualNameMixin:
    """Taxonomy names kept in Russian and English; readers see their language's."""

    def display_name(self, language: str | None = None) -> str:
        return in_language(self, "name", language)

    def __str__(self):
        return self.display_name()


class Author(BilingualNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    bio_en = models.TextField(_("short bio in English"), blank=True, max_length=1000)
    is_columnist = models.BooleanField(
        _("columnist"),
        default=False,
        help_text=_("Writes an author's column: the author page is headed \"Author's column\", a reporter's is not."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("bio_en"),
        FieldPanel("is_columnist"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = transliterated_slug(self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def surrogate_key(self) -> str:
        """Pages naming this author are purged by this key (masthead.core.surrogate)."""
        return f"u{self.pk}"

    def display_bio(self, language: str | None = None) -> str:
        return in_language(self, "bio", language)


class Rubric(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        SECTION = "section", _("Section")
        REGION = "region", _("Region")
        TOPIC = "topic", _("Topic")
        FORMAT = "format", _("Format")

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SECTION)
    on_home_page = models.BooleanField(
        _("block on the home page"), default=False, help_text=_("Main sections get a block on the home page.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("on_home_page"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = transliterated_slug(self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:rubric", kwargs={"slug": self.slug})

    @property
    def surrogate_key(self) -> str:
        return f"r{self.pk}"


class ListedAtMixin(models.Model):
    """The article's publication time and editions copied onto its author, rubric and tag rows.

    `listed_at` is null while the article is not live. With an index on (owner,
    edition, listed_at, page) a listing reads one page of keys from the index alone
    instead of joining the whole rubric to the pages and sorting it
    (masthead/articles/listings.py says why and what it measured; editions.py why
    a flag per edition). ArticlePage.sync_listed_at keeps them current.
    """

    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True, editable=False)
    edition_ru = models.BooleanField(_("in the Russian edition"), default=False, editable=False)
    edition_en = models.BooleanField(_("in the English edition"), default=False, editable=False)

    class Meta:
        abstract = True


def listing_indexes(owner: str, page: str, prefix: str) -> list[models.Index]:
    """One index per edition: a page of an edition's listing is a range of one of them."""
    return [
        models.Index(fields=[owner, editions.field(edition), "-listed_at", f"-{page}"], name=f"{prefix}_{edition}")
        for edition in editions.EDITIONS
    ]


class ArticleTag(ListedAtMixin, TaggedItemBase):
    content_object = ParentalKey("ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        indexes = listing_indexes("tag", "content_object", "articletag_listing")


def relation_prefetches() -> list:
    """Authors, rubrics and tags in three queries for any number of articles: listings and the article page."""
    return [
        Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")),
        Prefetch("article_rubrics", queryset=ArticleRubric.objects.select_related("rubric")),
        "tags",
    ]


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """What readers may see: live, and not dated in the future."""
        return self.live().filter(published_at__lte=timezone.now())

    def for_listing(self):
        """Everything a teaser shows, in a fixed number of queries however long the list."""
        return (
            self.select_related("lead_image")
            .defer("body")  # teasers never show it, and sorting wide rows is what listings pay for
            # The lead images' renditions in one query: Wagtail picks the teaser's sizes from them (none when no
            # article has a picture).
            .prefetch_related(*relation_prefetches(), "lead_image__renditions")
            .order_by("-published_at", "-pk")
        )

    def in_rubric(self, rubric: "Rubric"):
        return self.filter(article_rubrics__rubric=rubric)

    def by_author(self, author: "Author"):
        return self.filter(article_authors__author=author)

    def tagged(self, tag):
        return self.filter(tagged_items__tag=tag)

    def in_edition(self, edition: str | None = None):
        """What an edition lists (default: the current language's): its language's articles and the cross-posted."""
        return self.filter(**{editions.field(edition): True})

    def published_between(self, start: dt.datetime, end: dt.datetime):
        return self.filter(published_at__gte=start, published_at__lt=end)

    def on_day(self, day: dt.date):
        return self.published_between(*times.day_bounds(day))

    def story_of_the_day(self, day: dt.date | None = None):
        """The current story of the day: the latest flagged on or before `day`."""
        day = day or times.site_today()
        return (
            self.filter(story_of_the_day__isnull=False, story_of_the_day__lte=day)
            .order_by("-story_of_the_day", "-published_at")
            .first()
        )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class ArticleIndexPage(FastViewRestrictionsMixin, Page):
    """The parent of all articles; its URL is the prefix of theirs (/news/<slug>/)."""

    subpage_types = ["articles.ArticlePage"]
    parent_page_types = ["pages.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("article index")

    def route(self, request, path_components):
        # One query for the article itself instead of Wagtail's two (base page, then specific),
        # its SQL compiled once per process (masthead/articles/routing.py says why).
        if len(path_components) == 1:
            if "\x00" in path_components[0]:  # PostgreSQL refuses NUL in text: not a page
                raise Http404
            article = child_article(self, path_components[0])
            if article is None:
                raise Http404
            return article.route(request, [])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from masthead.articles import listings

        # Read here rather than in get_context: an old `?page=N` answers with a redirect.
        # On the request, not on self: this page object is shared by the process's threads (SiteCacheMiddleware).
        request.listing_page = listings.read_page(request, listings.published_between())
        if request.listing_page.moved_to:
            return redirect(request.listing_page.moved_to, permanent=True)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = getattr(request, "listing_page", None)
        surrogate.page(ALL_NEWS)
        return context


class ArticlePage(FastViewRestrictionsMixin, Page):
    class Language(models.TextChoices):
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    lead = models.TextField(_("lead"), max_length=1000, help_text=_("The standfirst under the headline."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.RUSSIAN
    )
    cross_posted = models.BooleanField(
        _("cross-post to the other edition"),
        default=False,
        help_text=_("Also list the article in the other language's edition: its home page, rubrics, tags and archive."),
    )
    # Derived from language and cross_posted (set_editions): what masthead/articles/editions.py indexes.
    edition_ru = models.BooleanField(_("in the Russian edition"), default=False, editable=False)
    edition_en = models.BooleanField(_("in the English edition"), default=False, editable=False)
    dateline = models.CharField(_("dateline city"), max_length=100, blank=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Left empty, the time of first publication."),
    )
    story_of_the_day = models.DateField(
        _("story of the day"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "The day this article leads its edition's home page. A coming date schedules it; one story per day and "
            "edition (Reports → Stories of the day)."
        ),
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("lead image credit"), max_length=200, blank=True)
    tags = NormalisedTagManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    # A link between two articles of one tree, not Wagtail's locales: those give each language a page tree of
    # its own, while here an edition is the interface language over one newsroom (README, "Translations").
    translation = models.ForeignKey(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translated_by",
        help_text=_("The same story in the other language. Set on either of the two; both then link each other."),
    )

    objects = ArticleManager()

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.FilterField("language"),
    ]
    content_panels = [
        # A textarea that grows: a long headline is read whole while it is written.
        TitleFieldPanel("title", widget=AdminAutoHeightTextInput(attrs={"class": "title"})),
        FieldPanel("lead"),
        # No min_num: a draft may be saved before its authors and rubrics are known;
        # ArticlePageForm asks for them when the article is published or submitted.
        WordedInlinePanel("article_authors", heading=_("Authors"), label=_("author"), add_label=_("Add an author")),
        WordedInlinePanel("article_rubrics", heading=_("Rubrics"), label=_("rubric"), add_label=_("Add a rubric")),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                HelpPanel(times.admin_zone_note()),
                FieldRowPanel([FieldPanel("published_at"), FieldPanel("dateline")]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("cross_posted"), FieldPanel("story_of_the_day")]),
                FieldPanel("translation"),
            ],
            heading=_("Time, place and language"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = [HelpPanel(times.admin_zone_note()), *Page.settings_panels]
    base_form_class = ArticlePageForm
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # The article index and the archive read an edition's articles as a range of one of these.
        indexes = [
            models.Index(fields=[editions.field(edition), "-published_at", "-page_ptr"], name=f"article_edition_{edition}")
            for edition in editions.EDITIONS
        ]

    def route(self, request, path_components):
        # Dated in the future: not yet public, even when live (the listings agree).
        if not path_components and (self.published_at is None or self.published_at > timezone.now()):
            raise Http404
        return super().route(request, path_components)

    def full_clean(self, *args, **kwargs):
        # Russian headlines get readable Latin slugs rather than percent-encoded Cyrillic.
        if not self.slug and self.title:
            self.slug = transliterated_slug(self.title)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.story_of_the_day and self.published_at:
            day = times.to_site_time(self.published_at).date()
            if self.story_of_the_day < day:
                raise ValidationError(
                    {"story_of_the_day": _("The story of the day cannot be dated before its publication.")}
                )

        if self.translation_id:
            other = ArticlePage.objects.filter(pk=self.translation_id).values_list("language", flat=True).first()
            if self.translation_id == self.pk:
                raise ValidationError({"translation": _("An article cannot be its own translation.")})
            if other == self.language:
                raise ValidationError({"translation": _("The translation must be written in the other language.")})

    def other_story_of_the_day(self, day) -> "ArticlePage | None":
        """Another live article that is already `day`'s story in an edition this article is listed in.

        The editor's form refuses such a date (articles/forms.py): one story per day and edition. Imports do
        not, since real archives hold days with two, and the home page then shows the later published.
        """
        shared = models.Q()
        for name, listed in editions.flags(self.language, self.cross_posted).items():
            if listed:
                shared |= models.Q(**{name: True})
        return (
            ArticlePage.objects.live().filter(shared, story_of_the_day=day)
            .exclude(pk=self.pk).only("title").first()
        )

    def translations(self) -> list["ArticlePage"]:
        """The published versions of this story in other languages, linked from either side, in one query."""
        if not self.pk:
            return []
        # No "pk IS NULL" branch for an article that links none itself: that OR made the planner
        # scan every published article instead of using the translation index (60 ms at 20,000).
        linked = models.Q(translation_id=self.pk)
        if self.translation_id:
            linked |= models.Q(pk=self.translation_id)
        return list(
            ArticlePage.objects.published()
            .filter(linked)
            .exclude(pk=self.pk)
            .exclude(language=self.language)
            .only("title", "language", "url_path", "path", "depth", "published_at")
        )

    def save(self, *args, **kwargs):
        # Wagtail sets first_published_at when a revision goes live; the article keeps
        # it as its own editable publication time.
        if self.live and not self.published_at and self.first_published_at:
            self.published_at = self.first_published_at
        self.set_editions()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"language", "cross_posted"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *editions.flags(self.language, self.cross_posted)}
        super().save(*args, **kwargs)
        self.sync_listed_at()

    def set_editions(self) -> None:
        """The edition flags from the language and the cross-post box (masthead/articles/editions.py)."""
        for name, value in editions.flags(self.language, self.cross_posted).items():
            setattr(self, name, value)

    def listing_values(self) -> dict:
        """What the author, rubric and tag rows copy: the publication time (null unless live) and the editions."""
        return {"listed_at": self.published_at if self.live else None, **editions.flags(self.language, self.cross_posted)}

    def sync_listed_at(self) -> None:
        """Copy the publication time and editions onto the listing rows: after each save, and on unpublish.

        Runs after the child relations are committed, so rows added in this save are covered.
        """
        values = self.listing_values()
        stale = models.Q()
        for name, value in values.items():
            stale |= ~models.Q(**{name: value}) if value is not None else models.Q(**{f"{name}__isnull": False})
        for model, page_field in ((ArticleAuthor, "page"), (ArticleRubric, "page"), (ArticleTag, "content_object")):
            model.objects.filter(stale, **{page_field: self.pk}).update(**values)

    # Reads used by templates. Listings prefetch them (ArticleQuerySet.for_listing),
    # the article page loads them once per published revision (load_relations);
    # .all() also serves previews, whose relations live in memory.
    def get_authors(self) -> list[Author]:
        if hasattr(self, "_relations"):
            return self._relations["authors"]
        return [link.author for link in self.article_authors.all()]

    def get_rubrics(self) -> list[Rubric]:
        if hasattr(self, "_relations"):
            return self._relations["rubrics"]
        return [link.rubric for link in self.article_rubrics.all()]

    def get_tags(self) -> list:
        if hasattr(self, "_relations"):
            return self._relations["tags"]
        return list(self.tags.all())

    def load_relations(self) -> None:
        """Authors, rubrics and tags: from the cache, else three queries however many there are.

        Keyed by the live revision and the content version, so a new revision or a
        renamed author or rubric is seen at once.
        """

        def load() -> dict:
            prefetch_related_objects([self], *relation_prefetches())
            return {"authors": self.get_authors(), "rubrics": self.get_rubrics(), "tags": self.get_tags()}

        self._relations = cached(f"article-relations:{self.pk}:{self.live_revision_id}", load, timeout=3600)

    @property
    def surrogate_key(self) -> str:
        """Every page showing this article (its own, teasers of it) is purged by this key."""
        return f"a{self.pk}"

    @property
    def own_page_key(self) -> str:
        """The article page alone, for what teasers do not show: its comments and corrections."""
        return f"p{self.pk}"

    @property
    def section(self) -> Rubric | None:
        rubrics = self.get_rubrics()
        return rubrics[0] if rubrics else None

    def subscribe_block_position(self) -> int | None:
        """Index of the body block after which the "subscribe to us" aside stands: the third paragraph."""
        paragraphs = [i for i, block in enumerate(self.body) if block.block_type == "paragraph"]
        if len(paragraphs) < 4:
            return None
        return paragraphs[2]

    def expected_published_at(self) -> dt.datetime:
        """The publication time readers will see if this version goes live: as save() will set it."""
        if self.published_at:
            return self.published_at
        if self.first_published_at:
            return self.first_published_at
        now = timezone.now()
        return self.go_live_at if self.go_live_at and self.go_live_at > now else now

    def serve(self, request, *args, **kwargs):
        """The live article, its page kept per revision with only the slots' fills rendered per request.

        `masthead.core.page_shell` says why. A request with a query string is
        rendered whole: the language switch keeps the query, so such a page is
        not the shared one (and odd queries cannot fill the cache with shells).
        """
        request.is_preview = False
        if request.GET:
            return super().serve(request, *args, **kwargs)
        return ShellTemplateResponse(
            request,
            self.get_template(request, *args, **kwargs),
            self.get_context(request, *args, **kwargs),
            name="article-page",
            vary_on=[self.pk, self.live_revision_id, request.path],
        )

    def serve_preview(self, request, mode_name):
        # A draft has no publication time yet; the preview shows the one it will get,
        # so the date and dateline read as they will. The page here is the preview's own copy.
        self.published_at = self.expected_published_at()
        return super().serve_preview(request, mode_name)

    def dateline_text(self) -> str:
        if not self.published_at:
            return ""
        return times.format_dateline(self.published_at, self.dateline)

    def canonical_url(self) -> str:
        """The article's address on the configured site, whatever host the request used."""
        with translation.override(settings.LANGUAGE_CODE):
            return settings.SITE_URL + (self.get_url() or "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            self.load_relations()
            surrogate.page(self, self.own_page_key, *self.get_rubrics(), *self.get_authors(), *map(tag_key, self.get_tags()))
        # Read only by the parts kept in the page's shell, so worked out only when a shell is rendered.
        context["canonical_url"] = functools.cache(self.canonical_url)
        context["structured_data"] = functools.cache(lambda: news_article(self, request))
        # Read once here for the head's hreflang alternates and the link under the headline.
        context["translated"] = translation_links(self)
        if context["translated"]:
            context["edition_path"] = edition_path(self)
        return context


class ArticleAuthor(ListedAtMixin, Orderable):
    page = ParentalKey(ArticlePage, related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="unique_article_author")]
        indexes = listing_indexes("author", "page", "articleauthor_listing")


class ArticleRubric(ListedAtMixin, Orderable):
    page = ParentalKey(ArticlePage, related_name="article_rubrics", on_delete=models.CASCADE)
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("rubric")]

    class Meta(Orderable.Meta):
        verbose_name = _("rubric")
        constraints = [models.UniqueConstraint(fields=["page", "rubric"], name="unique_article_rubric")]
        indexes = listing_indexes("rubric", "page", "articlerubric_listing")
