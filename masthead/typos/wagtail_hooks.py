"""The typo queue in the Wagtail admin menu, with the number of open reports on it."""

from functools import wraps

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.core.slots import per_revision
from masthead.typos import admin_views
from masthead.typos.models import ResponsibleEditor
from masthead.typos.permissions import can_review_reports, duty_permission_policy
from masthead.typos.selectors import open_report_count


class CountedMenuItem(MenuItem):
    """A menu item whose label carries the count of open reports, as a badge would."""

    def is_shown(self, request):
        return can_review_reports(request.user)

    def render_component(self, request):
        count = open_report_count()
        label = self.label
        if count:
            label = f"{self.label} ({count})"
        component = super().render_component(request)
        component.label = label
        return component


class TypoReportViewSet(ViewSet):
    name = "typos"
    url_namespace = "typos_admin"
    icon = "warning"
    menu_label = pgettext_lazy("admin menu", "Typo reports")
    menu_order = 250
    add_to_admin_menu = True

    def get_menu_item(self, order=None):
        return CountedMenuItem(
            self.menu_label,
            reverse("typos_admin:index"),
            name="typo-reports",
            icon_name=self.icon,
            order=order or self.menu_order,
        )

    def get_urlpatterns(self):
        index = admin_views.ReportIndexView.as_view(
            index_url_name="typos_admin:index", index_results_url_name="typos_admin:index_results"
        )
        results = admin_views.ReportIndexView.as_view(
            index_url_name="typos_admin:index", index_results_url_name="typos_admin:index_results", results_only=True
        )
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("<int:pk>/", admin_views.ReportDetailView.as_view(), name="detail"),
        ]


class ResponsibleEditorViewSet(ModelViewSet):
    """Who gets the digest for which rubrics; editable by those with the model's permissions."""

    model = ResponsibleEditor
    icon = "user"
    menu_label = _("Typo digest recipients")
    add_to_settings_menu = True
    form_fields = ["user", "rubrics"]
    list_display = ["__str__", "last_digest_at"]

    def get_urlpatterns(self):
        # A plain 403 for a direct URL, as for the queue (Wagtail would redirect home).
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _forbid_without_duty_permission(pattern.callback)
        return patterns


def _forbid_without_duty_permission(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not duty_permission_policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
            return admin_views.forbidden()
        return view(request, *args, **kwargs)

    return wrapped


@hooks.register("register_admin_viewset")
def register_typo_viewsets():
    return [TypoReportViewSet(), ResponsibleEditorViewSet("typo_editors")]


# The article page's slots (masthead.core.templatetags.slots): the Ctrl+Enter hint and the corrections
# under the body, and the report script.
@hooks.register("masthead_article_footer")
@per_revision
def typo_hint_slot(page, request):
    return "typos/includes/article_hint.html"


@hooks.register("masthead_article_footer")
def corrections_slot(page, request):
    return "typos/includes/corrections.html"


@hooks.register("masthead_article_scripts")
@per_revision
def typo_script_slot(page, request):
    return "typos/includes/article_scripts.html"


# Every page's footer links the public corrections log.
@hooks.register("masthead_footer_links")
@per_revision
def corrections_log_link(page, request):
    return "typos/includes/footer_link.html"
