import html

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from masthead.articles.models import ArticleIndexPage, ArticlePage, Rubric
from masthead.articles import surrogates
from masthead.core import surrogate, times
from masthead.core.bilingual import in_language
from masthead.core.restrictions import FastViewRestrictionsMixin

LATEST_ON_HOME = 12
PER_SECTION_ON_HOME = 4


class HomePage(FastViewRestrictionsMixin, Page):
    """The front page: the story of the day, the latest news, a block per main section.

    The reads are handed to the template uncalled: the template keeps the
    rendered blocks per language, day and content version (`{% cached_fragment %}`),
    so a warm home page runs none of them.
    """

    subpage_types = ["articles.ArticleIndexPage", "pages.InfoPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # The home page object is memoised per process (SiteCacheMiddleware), and so
        # are its few children: the article index is not looked up on every request.
        if path_components:
            child = self._children_by_slug().get(path_components[0])
            if child is None:
                raise Http404
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _children_by_slug(self) -> dict:
        if not hasattr(self, "_child_pages"):
            self._child_pages = {child.slug: child for child in self.get_children().specific()}
        return self._child_pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        surrogate.page(surrogates.HOME)
        today = times.site_today()
        context.update(
            home_day=today.isoformat(),  # the story of the day changes at midnight, not on publish
            home_blocks=lambda: self.home_blocks(today),
            all_news=self.all_news_page(),
        )
        return context

    def all_news_page(self):
        """The article index (/news/): every story, newest first, for the home page's "All news" link."""
        return next((child for child in self._children_by_slug().values() if isinstance(child, ArticleIndexPage)), None)

    def home_blocks(self, today):
        # The edition's own: the fragment around this is kept per language (masthead/articles/editions.py).
        published = ArticlePage.objects.published().in_edition()
        story = published.story_of_the_day(today)
        if story:
            story.load_relations()
        latest = list(published.for_listing().exclude(pk=getattr(story, "pk", None))[:LATEST_ON_HOME])
        shown = {article.pk for article in latest} | ({story.pk} if story else set())
        return {"story_of_the_day": story, "latest": latest, "sections": self.section_blocks(published, shown)}

    @staticmethod
    def section_blocks(published, shown: set[int]):
        """A block per main section, each without the stories already shown higher up (or in an earlier block)."""
        blocks = []
        for rubric in Rubric.objects.filter(on_home_page=True):
            articles = list(published.in_rubric(rubric).exclude(pk__in=shown).for_listing()[:PER_SECTION_ON_HOME])
            if articles:
                blocks.append((rubric, articles))
                shown |= {article.pk for article in articles}
        return blocks


class InfoPage(FastViewRestrictionsMixin, Page):
    """A page about the outlet: privacy policy, about, contacts, registration details. Editable in the admin.

    One page serves both editions, with its text in Russian and English (the
    reader sees their edition's, falling back to the other as every bilingual
    field does): the outlet's facts are the same, only the language differs.
    `role` names the pages other code links by purpose (sign-up's consent links
    the privacy policy); `footer_order` puts a page in every page's footer.
    """

    class Role(models.TextChoices):
        OTHER = "", _("Other")
        PRIVACY = "privacy", _("Privacy policy")
        ABOUT = "about", _("About the outlet")
        CONTACTS = "contacts", _("Contacts")
        REGISTRATION = "registration", _("Registration details")

    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    body = RichTextField(_("text"), blank=True)
    body_en = RichTextField(_("text in English"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True, default="",
                            help_text=_("Pages with a role are linked by it, e.g. the privacy policy from sign-up."))
    footer_order = models.PositiveSmallIntegerField(
        _("place in the footer"), null=True, blank=True,
        help_text=_("Empty: not in the footer. Otherwise the footer lists such pages in this order."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("body"),
        FieldPanel("body_en"),
    ]
    promote_panels = Page.promote_panels + [FieldRowPanel([FieldPanel("role"), FieldPanel("footer_order")])]
    subpage_types = []
    parent_page_types = ["pages.HomePage"]

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        constraints = [
            models.UniqueConstraint(fields=["role"], condition=~models.Q(role=""), name="one_info_page_per_role"),
        ]

    def clean(self):
        super().clean()
        if self.role and InfoPage.objects.filter(role=self.role).exclude(pk=self.pk).exists():
            raise ValidationError({"role": _("Another page already has this role.")})

    def display_title(self, language: str | None = None) -> str:
        return in_language(self, "title", language)

    def display_body(self, language: str | None = None) -> str:
        return in_language(self, "body", language)

    def description(self, language: str | None = None) -> str:
        """The search engines' summary: the editor's, else the text's first words (a page without one loses rank)."""
        if self.search_description:
            return self.search_description
        # A space before each tag keeps "</p><p>" from gluing two words; words() folds the spaces again.
        return Truncator(html.unescape(strip_tags(self.display_body(language).replace("<", " <")))).words(40)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A reader page like any other; its publish purges every page (the footer lists it), so no key of its own.
        surrogate.page()
        return context
