"""Comments in the Wagtail admin: a "Comments" menu with the queue, appeals, blocks,
the audit log, and the editable rules and banned-word lists."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from masthead.comments import admin_urls
from masthead.comments.models import BannedWord, Rule
from masthead.comments.permissions import can_moderate
from masthead.core.slots import per_revision


class RuleViewSet(ModelViewSet):
    model = Rule
    icon = "list-ul"
    add_to_admin_menu = False
    form_fields = ["code", "action", "name_ru", "name_en", "explanation_ru", "explanation_en"]
    list_display = ["code", "name_ru", "action"]
    name = "comment_rules"


class BannedWordViewSet(ModelViewSet):
    model = BannedWord
    icon = "warning"
    add_to_admin_menu = False
    form_fields = ["language", "entry"]
    list_display = ["entry", "language"]
    list_filter = ["language"]
    search_fields = ["entry"]
    name = "banned_words"


rule_viewset = RuleViewSet()
banned_word_viewset = BannedWordViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [rule_viewset, banned_word_viewset]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("comments/", include(admin_urls, namespace="comments_admin"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


class EditorMenuItem(MenuItem):
    def __init__(self, *args, perm: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.perm = perm

    def is_shown(self, request):
        return request.user.has_perm(self.perm)


class CommentsMenuItem(SubmenuMenuItem):
    """"Comments (3)": the held comments counted in the label, as the typo reports' item counts its own."""

    def is_shown(self, request):
        return can_moderate(request.user) or request.user.has_perm("comments.change_rule")

    def render_component(self, request):
        from masthead.comments.selectors import awaiting_moderation_count

        component = super().render_component(request)
        if can_moderate(request.user) and (count := awaiting_moderation_count()):
            component.label = f"{self.label} ({count})"
        return component


@hooks.register("register_admin_menu_item")
def register_comments_menu():
    items = [
        ModeratorMenuItem(_("Moderation queue"), reverse("comments_admin:queue"), icon_name="tasks", order=100),
        ModeratorMenuItem(_("Appeals"), reverse("comments_admin:appeals"), icon_name="mail", order=200),
        ModeratorMenuItem(_("Blocks"), reverse("comments_admin:blocks"), icon_name="lock", order=300),
        ModeratorMenuItem(_("Audit log"), reverse("comments_admin:audit"), icon_name="history", order=400),
        EditorMenuItem(_("Rules"), reverse(rule_viewset.get_url_name("index")), icon_name="list-ul", order=500, perm="comments.change_rule"),
        EditorMenuItem(
            _("Banned words"), reverse(banned_word_viewset.get_url_name("index")), icon_name="warning", order=600, perm="comments.change_bannedword"
        ),
    ]
    return CommentsMenuItem(_("Comments"), Menu(items=items), icon_name="openquote", order=350)


# The article page's slots (masthead.core.templatetags.slots): the thread after the article, its script.
@hooks.register("masthead_article_after_article")
def comment_thread_slot(page, request):
    return "comments/includes/thread.html"


@hooks.register("masthead_article_scripts")
@per_revision
def comment_script_slot(page, request):
    return "comments/includes/article_scripts.html"


# The reader's account page (masthead.readers.views): their comments, blocks and appeals.
@hooks.register("masthead_account_sections")
def account_section(request):
    from masthead.comments import selectors, services

    user = request.user
    return "comments/account_section.html", {
        "comments": selectors.comments_of(user)[:50],
        "blocks": selectors.blocks_of(user),
        "active_block": services.active_block(user),
    }


# Display names (masthead.readers.names): none may pass for the newsroom, as comments' policy reads them.
@hooks.register("masthead_display_name_checks")
def reserved_names_check(name):
    from masthead.comments.forms import validate_display_name

    validate_display_name(name)
