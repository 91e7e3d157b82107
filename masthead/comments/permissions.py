"""Who may moderate: holders of comments.moderate_comment (give it to a "Moderators" group)."""

from functools import wraps

from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access

MODERATE = "comments.moderate_comment"


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE))


def moderator_required(view):
    """Admin access first (else the login page), then the moderation right (else 403).

    The 403 is answered here: Wagtail turns a raised PermissionDenied into a redirect.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_moderate(request.user):
            return HttpResponseForbidden(_("You do not have permission to moderate comments."))
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)
