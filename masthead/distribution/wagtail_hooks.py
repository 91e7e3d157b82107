"""Admin integration: a "Telegram" button on each article, the deliveries report in the menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from masthead.articles.models import ArticlePage
from masthead.distribution import admin_views
from masthead.distribution.permissions import can_see_report, can_steer_article


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("telegram/", admin_views.report, name="distribution_report"),
        path("telegram/article/<int:page_id>/", admin_views.article_telegram, name="distribution_article"),
        path("telegram/post/<int:post_id>/<slug:action>/", admin_views.post_action, name="distribution_post_action"),
    ]


class TelegramButton(PageMenuItem):
    label = _("Telegram")
    icon_name = "mail"

    @property
    def url(self):
        return reverse("distribution_article", args=[self.page.pk])

    def is_shown(self, user):
        return can_steer_article(user, self.page)


@hooks.register("register_page_header_buttons")
def telegram_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, ArticlePage):
        yield TelegramButton(page=page, priority=63)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Telegram posts"), reverse("distribution_report"), icon_name="mail", order=700)
