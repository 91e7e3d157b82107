"""The editors' side of a one-off issue: a preview as subscribers will see it, a test send, the send itself."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from masthead.core.admin_access import plain_403
from masthead.core.mail import render_templated_mail
from masthead.newsletter import services
from masthead.newsletter.models import Issue, Subscriber
from masthead.newsletter.permissions import can_send
from masthead.newsletter.sending import issue_context, send_issue_to


def _issue(request, pk: int) -> Issue:
    if not can_send(request.user):
        raise PermissionDenied
    return get_object_or_404(Issue, pk=pk)


def _sample_subscriber(issue: Issue) -> Subscriber:
    return Subscriber(email="preview@example.invalid", language=issue.language)


@plain_403
def preview(request, pk: int):
    """The HTML part exactly as the template renders it for a subscriber (with a dummy unsubscribe link)."""
    issue = _issue(request, pk)
    context = {**issue_context(issue, issue.language), "unsubscribe_url": "#", "manage_url": "#"}
    _subject, _text, html = render_templated_mail(
        template_prefix="newsletter/emails/issue", context=context, language=issue.language
    )
    response = HttpResponse(html)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src *"
    return response


@plain_403
@require_POST
def test_send(request, pk: int):
    """The issue to the editor's own address only; no delivery row, no subscriber."""
    issue = _issue(request, pk)
    if not request.user.email:
        messages.error(request, gettext("Your account has no e-mail address to send a test to."))
    else:
        send_issue_to(issue, _sample_subscriber(issue), context=issue_context(issue, issue.language), to=request.user.email)
        messages.success(request, gettext("A test copy was sent to %(email)s.") % {"email": request.user.email})
    return redirect("newsletter_issue:edit", issue.pk)


@plain_403
@require_POST
def send(request, pk: int):
    issue = _issue(request, pk)
    if services.issue_send(issue=issue):
        messages.success(request, gettext("The issue is being sent; the counts below grow as it goes."))
    else:
        messages.warning(request, gettext("This issue has already been sent."))
    return redirect("newsletter_issue:edit", issue.pk)
