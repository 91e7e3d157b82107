"""Who may see and steer Telegram autoposting."""

from wagtail.permission_policies import ModelPermissionPolicy

from masthead.distribution.models import TelegramPost

post_permission_policy = ModelPermissionPolicy(TelegramPost)


def can_steer_article(user, page) -> bool:
    """An article's Telegram page (status, switch off, send again): whoever may edit the article."""
    return bool(user.is_active and page.permissions_for_user(user).can_edit())


def can_see_report(user) -> bool:
    """The list of every delivery (distribution.view_telegrampost)."""
    return post_permission_policy.user_has_permission(user, "view")
