"""Admin views of the feature apps refuse with a plain 403."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.utils.translation import gettext


def plain_403(view):
    """A plain 403, not Wagtail's redirect-with-message: a direct URL must not look like it worked."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return HttpResponseForbidden(gettext("You may not do this."))

    return wrapped
