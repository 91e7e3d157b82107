"""The moderators' views in the Wagtail admin: queue, appeals, blocks, audit log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from masthead.comments import services
from masthead.comments.forms import AppealAnswerForm, BlockForm
from masthead.comments.models import Appeal, AuditEntry, Block, Comment, Decision
from masthead.comments.permissions import moderator_required

PER_PAGE = 50


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("p", 1))


@moderator_required
@require_http_methods(["GET", "POST"])
def queue(request):
    """Held, flagged and reported comments with the reason highlighted; one or many at once."""
    if request.method == "POST":
        action, _sep, one = (request.POST.get("one") or request.POST.get("action", "")).partition(":")
        ids = [one] if one else request.POST.getlist("selected")
        if action not in services.Moderation.TO or not ids:
            messages.error(request, _("Choose comments and an action."))
            return redirect("comments_admin:queue")
        comments = Comment.objects.filter(pk__in=[i for i in ids if str(i).isdigit()])
        changed = services.comments_moderate(comments=comments, moderator=request.user, action=action)
        messages.success(request, _("%(count)d comment(s) updated.") % {"count": changed})
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    comments = Comment.objects.in_queue()
    if status in ("held", "reported", "flagged"):
        comments = {
            "held": comments.filter(status=Comment.Status.HELD),
            "reported": comments.filter(report_count__gt=0),
            "flagged": comments.filter(flagged=True),
        }[status]
    comments = (
        comments.select_related("article", "author__reader_profile", "parent")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.select_related("rule")))
        .order_by("-report_count", "created_at")
    )
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "title": _("Moderation queue"),
            "icon": "tasks",
            "page_obj": _page(request, comments),
            "status": status,
            "total": Comment.objects.in_queue().count(),
        },
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def block_create(request, user_id: int):
    reader = get_object_or_404(get_user_model(), pk=user_id)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_block(
            user=reader,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data["until"],
            notify=form.cleaned_data["notify"],
        )
        messages.success(request, _("%(reader)s is blocked.") % {"reader": reader.email or reader})
        return redirect("comments_admin:blocks")
    return TemplateResponse(request, "comments/admin/block_form.html", {"title": _("Block a reader"), "icon": "lock", "form": form, "reader": reader}, status=400 if form.errors else 200)


@moderator_required
def blocks(request):
    if email := request.GET.get("email", "").strip():
        reader = get_user_model().objects.filter(email__iexact=email[:254]).first()
        if reader is not None:
            return redirect("comments_admin:block_create", user_id=reader.pk)
        messages.error(request, _("No reader with this e-mail."))
    listing = Block.objects.select_related("user__reader_profile", "created_by", "lifted_by").order_by("lifted_at", "-created_at")
    return TemplateResponse(request, "comments/admin/blocks.html", {"title": _("Blocks"), "icon": "lock", "page_obj": _page(request, listing)})


@moderator_required
@require_POST
def block_lift(request, pk: int):
    block = get_object_or_404(Block, pk=pk)
    services.account_unblock(block=block, moderator=request.user)
    messages.success(request, _("The block is lifted."))
    return redirect("comments_admin:blocks")


@moderator_required
@require_http_methods(["GET", "POST"])
def appeals(request):
    if request.method == "POST":
        appeal = get_object_or_404(Appeal, pk=request.POST.get("appeal", 0))
        form = AppealAnswerForm(request.POST)
        if form.is_valid():
            services.appeal_answer(
                appeal=appeal, moderator=request.user, granted=form.cleaned_data["granted"], answer=form.cleaned_data["answer"]
            )
            messages.success(request, _("The appeal is answered; the reader is told by e-mail."))
        else:
            messages.error(request, _("Choose a decision and write an answer."))
        return redirect("comments_admin:appeals")
    pending = request.GET.get("all") != "1"
    listing = Appeal.objects.select_related("user__reader_profile", "comment__article", "block", "answered_by")
    if pending:
        listing = listing.filter(status=Appeal.Status.PENDING)
    return TemplateResponse(
        request,
        "comments/admin/appeals.html",
        {
            "title": _("Appeals"),
            "icon": "mail",
            "page_obj": _page(request, listing.order_by("created_at")),
            "pending": pending,
            "form": AppealAnswerForm(),
        },
    )


@moderator_required
def audit(request):
    entries = AuditEntry.objects.select_related("actor", "subject", "comment")
    if action := request.GET.get("action"):
        entries = entries.filter(action=action)
    if rule := request.GET.get("rule"):
        entries = entries.filter(rule_code=rule)
    if since := parse_datetime(request.GET.get("since", "") or ""):
        entries = entries.filter(created_at__gte=since)
    return TemplateResponse(
        request,
        "comments/admin/audit.html",
        {
            "title": _("Audit log"),
            "icon": "history",
            "page_obj": _page(request, entries),
            "actions": AuditEntry.Action.choices,
            "action": action or "",
        },
    )
