from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from masthead.articles.models import ArticlePage, Rubric

LATEST_ON_HOME = 12
PER_SECTION_ON_HOME = 4


class HomePage(Page):
    """The front page: the story of the day, the latest news, a block per main section."""

    subpage_types = ["articles.ArticleIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = ArticlePage.objects.published()
        story = published.story_of_the_day()
        latest = list(published.for_listing().exclude(pk=getattr(story, "pk", None))[:LATEST_ON_HOME])
        if story:
            story.prefetch_relations()
        context.update(
            story_of_the_day=story,
            latest=latest,
            sections=self.section_blocks(published),
        )
        return context

    @staticmethod
    def section_blocks(published):
        blocks = []
        for rubric in Rubric.objects.filter(on_home_page=True):
            articles = list(published.in_rubric(rubric).for_listing()[:PER_SECTION_ON_HOME])
            if articles:
                blocks.append((rubric, articles))
        return blocks
