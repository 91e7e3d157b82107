"""Who may see an article's view statistics: whoever may edit the article."""


def can_view_stats(user, page) -> bool:
    return bool(user.is_active and page.permissions_for_user(user).can_edit())
