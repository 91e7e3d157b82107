"""Who may write, preview and send newsletter issues: editors with the issue model's permissions."""

from wagtail.permission_policies import ModelPermissionPolicy

from masthead.newsletter.models import Issue

issue_permission_policy = ModelPermissionPolicy(Issue)


def can_send(user) -> bool:
    """Sending reaches every subscriber: it takes newsletter.change_issue."""
    return bool(user.is_active and issue_permission_policy.user_has_permission(user, "change"))
