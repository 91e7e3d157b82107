"""The reader's account page: their profile, then a section from each app that has something of theirs.

Apps add sections through a Wagtail hook, as they fill the article page's
slots: `@hooks.register("masthead_account_sections")` a function
`(request) -> (template name, context) | None`. Comments shows the reader's
comments, blocks and appeals there; the newsletter will show subscriptions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from masthead.readers import services
from masthead.readers.forms import ProfileForm
from masthead.readers.models import ReaderProfile


def account_sections(request) -> list[str]:
    """Each app's section of the account page, rendered, in hook order."""
    sections = []
    for section in hooks.get_hooks("masthead_account_sections"):
        filled = section(request)
        if filled:
            template_name, context = filled
            sections.append(mark_safe(render_to_string(template_name, context, request=request)))
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    profile, _created = ReaderProfile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if form.is_bound and form.is_valid():
        services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            notify_replies=form.cleaned_data["notify_replies"],
        )
        messages.success(request, _("Your settings are saved."))
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "readers/account.html",
        {"form": form, "sections": account_sections(request)},
        status=400 if form.errors else 200,
    )
