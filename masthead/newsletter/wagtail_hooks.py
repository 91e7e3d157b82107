"""Admin integration (issues with their counts, preview, test send, send), the reader pages' slots, the account section."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.core.slots import per_revision
from masthead.newsletter import admin_views
from masthead.newsletter.models import Issue, Subscriber


class CountColumn(Column):
    def __init__(self, state: str, label):
        super().__init__(f"count_{state}", label=label)
        self.state = state

    def get_value(self, instance):
        return instance.counts()[self.state]


class IssueEditView(EditView):
    """An issue that has started going out is not edited: every subscriber gets the same text."""

    def form_valid(self, form):
        if Issue.objects.filter(pk=self.object.pk).exclude(state=Issue.State.DRAFT).exists():
            messages.error(self.request, gettext("This issue is being sent or has been sent; it cannot be changed."))
            return redirect(self.get_edit_url())
        return super().form_valid(form)


class IssueViewSet(ModelViewSet):
    model = Issue
    icon = "mail"
    menu_label = _("Issues")
    form_fields = ["language", "subject", "body"]
    list_display = [
        "subject", "language", "kind", "state", CountColumn("sent", _("sent")), CountColumn("failed", _("failed")), "created_at",
    ]
    list_filter = ["kind", "language", "state"]
    edit_template_name = "newsletter/admin/issue_edit.html"
    edit_view_class = IssueEditView
    name = "newsletter_issue"


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    form_fields = ["language", "rubrics"]
    list_display = ["email", "language", "state", "confirmed_at"]
    list_filter = ["state", "language"]
    search_fields = ["email"]
    name = "newsletter_subscribers"


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 360
    items = (IssueViewSet, SubscriberViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewsletterGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newsletter/issue/<int:pk>/preview/", admin_views.preview, name="newsletter_issue_preview"),
        path("newsletter/issue/<int:pk>/test/", admin_views.test_send, name="newsletter_issue_test"),
        path("newsletter/issue/<int:pk>/send/", admin_views.send, name="newsletter_issue_send"),
    ]


# The reader pages' slots (masthead.core.templatetags.slots): the form after an article and in the home aside.
# The form carries nothing per reader (no CSRF token), so the cached page stays shareable; see views.py.
@hooks.register("masthead_article_after_article")
@per_revision
def article_subscribe_slot(page, request):
    return "newsletter/includes/subscribe_form.html"


@hooks.register("masthead_aside")
@per_revision
def aside_subscribe_slot(page, request):
    from masthead.articles.models import ArticlePage

    if isinstance(page, ArticlePage):
        return None  # the article has the form after its text already
    return "newsletter/includes/subscribe_form.html"


# The reader's account page (masthead.readers.views): subscriptions of the account's address.
@hooks.register("masthead_account_sections")
def account_section(request):
    from masthead.newsletter.forms import SubscriptionChangeForm
    from masthead.newsletter.services import subscriptions_of

    subscriptions = [(s, SubscriptionChangeForm.for_subscriber(s)) for s in subscriptions_of(request.user)]
    return "newsletter/account_section.html", {"subscriptions": subscriptions}
