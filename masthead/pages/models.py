from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from masthead.articles.models import ArticleIndexPage, ArticlePage, Rubric
from masthead.articles import surrogates
from masthead.core import surrogate, times
from masthead.core.restrictions import FastViewRestrictionsMixin

LATEST_ON_HOME = 12
PER_SECTION_ON_HOME = 4


class HomePage(FastViewRestrictionsMixin, Page):
    """The front page: the story of the day, the latest news, a block per main section.

    The reads are handed to the template uncalled: the template keeps the
    rendered blocks per language, day and content version (`{% cached_fragment %}`),
    so a warm home page runs none of them.
    """

    subpage_types = ["articles.ArticleIndexPage"]
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
