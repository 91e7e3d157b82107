"""Admin integration: the "Most read" dashboard panel and an article's views page with its chart."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem

from masthead.articles.models import ArticlePage
from masthead.core.slots import per_revision
from masthead.pageviews import services, views
from masthead.pageviews.permissions import can_view_stats

DASHBOARD_COUNT = 10


class MostReadPanel(Component):
    template_name = "pageviews/admin/most_read_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        periods = [(_("Today"), services.most_read(days=1, limit=DASHBOARD_COUNT)),
                   (_("Last 7 days"), services.most_read(days=7, limit=DASHBOARD_COUNT))]
        ids = {pk for _, ranked in periods for pk, _ in ranked}
        pages = ArticlePage.objects.only("title").in_bulk(ids)
        return {
            "periods": [
                (label, [(pages[pk], n) for pk, n in ranked if pk in pages]) for label, ranked in periods
            ],
        }


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    panels.append(MostReadPanel())


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("pageviews/<int:page_id>/", views.article_stats, name="pageviews_article")]


class ViewsButton(PageMenuItem):
    label = _("Views")
    icon_name = "view"

    @property
    def url(self):
        return reverse("pageviews_article", args=[self.page.pk])

    def is_shown(self, user):
        return can_view_stats(user, self.page)


@hooks.register("register_page_header_buttons")
def page_views_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, ArticlePage):
        yield ViewsButton(page=page, priority=62)


# The reader pages' slots (masthead.core.templatetags.slots): the view count in the article's meta line,
# its beacon script, and the "Most read" list in the sidebar.
@hooks.register("masthead_article_meta")
def article_views_slot(page, request):
    return "pageviews/includes/article_views.html"


@hooks.register("masthead_article_scripts")
@per_revision
def beacon_script_slot(page, request):
    return "pageviews/includes/article_scripts.html"


@hooks.register("masthead_aside")
def most_read_slot(page, request):
    return "pageviews/includes/most_read.html"


# "Most read" for apps that may not import this one (the newsletter's digest): (days, limit) -> [(article id, views)].
@hooks.register("masthead_most_read")
def most_read_ranking(*, days: int, limit: int, edition: str | None = None):
    return services.most_read(days=days, limit=limit, edition=edition)
