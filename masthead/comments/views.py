"""Reader views: thin, each parses the request, calls one service, answers.

Every form posts without JavaScript. A refusal re-renders the article page
with the reader's text in the form and the rule that stopped it, under a 4xx
status (400 rule, 403 blocked, 404 closed, 409 duplicate, 429 too fast).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from masthead.articles.models import ArticlePage
from masthead.comments import selectors, services
from masthead.comments.forms import AppealForm, AppealTargetForm, CommentEditForm, CommentForm
from masthead.comments.models import Block, Comment, CommentPolicySettings


def _article_response(request, article, *, form, error=None, status=200):
    """The article page as readers see it, with the comment form bound and the refusal shown."""
    context = article.get_context(request)
    context.update({"comment_form": form, "comment_error": error})
    response = TemplateResponse(request, article.get_template(request), context, status=status)
    if isinstance(error, services.RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def _thread_url(comment_or_article, anchor="comments"):
    article = getattr(comment_or_article, "article", comment_or_article)
    return f"{article.url}#{anchor}"


@require_POST
def submit(request, article_id: int):
    article = ArticlePage.objects.published().filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article")
    guests_allowed = CommentPolicySettings.for_request(request).guests_may_comment
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
    if not form.is_valid():
        return _article_response(request, article, form=form, status=400)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], article=article).first()
        if parent is None:
            return _article_response(request, article, form=form, status=400)
    try:
        comment = services.comment_submit(
            article=article,
            text=form.cleaned_data["text"],
            author=request.user if request.user.is_authenticated else None,
            visitor=services.Visitor.from_request(request),
            parent=parent,
            guest_name=form.cleaned_data.get("guest_name", ""),
            guest_email=form.cleaned_data.get("guest_email", ""),
            guests_allowed=guests_allowed,
        )
    except services.ArticleClosed:
        raise Http404("Comments are closed")
    except services.CommentError as error:
        return _article_response(request, article, form=form, error=error, status=error.status)
    if comment.status == Comment.Status.PUBLISHED:
        messages.success(request, _("Your comment is published."), extra_tags="comments")
        return HttpResponseRedirect(_thread_url(article, f"comment-{comment.pk}"))
    rule = comment.verdict_rule
    text = _("Your comment awaits moderation.")
    if rule is not None:
        text = f"{text} {rule.explanation()}"
    messages.info(request, text, extra_tags="comments")
    return HttpResponseRedirect(_thread_url(article, f"comment-{comment.pk}"))


def _own_comment(request, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if comment.author_id != request.user.pk:
        raise Http404("Not your comment")
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment = _own_comment(request, pk)
    error, status = None, 200
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                comment = services.comment_edit(
                    comment=comment, user=request.user, text=form.cleaned_data["text"], visitor=services.Visitor.from_request(request)
                )
            except services.CommentError as refusal:
                error, status = refusal, refusal.status
            else:
                if comment.status == Comment.Status.HELD:
                    messages.info(request, _("Your comment awaits moderation."), extra_tags="comments")
                else:
                    messages.success(request, _("Your comment is saved."), extra_tags="comments")
                return HttpResponseRedirect(_thread_url(comment, f"comment-{comment.pk}"))
        else:
            status = 400
    else:
        if block := services.active_block(request.user):
            error, status = services.AccountBlocked(block), 403
        elif not comment.can_be_changed_by(request.user):
            error, status = services.NotAllowed(_("This comment can no longer be edited.")), 403
        form = CommentEditForm(initial={"text": comment.text})
    return render(request, "comments/edit.html", {"comment": comment, "form": form, "comment_error": error}, status=status)


@login_required
@require_POST
def delete(request, pk: int):
    comment = _own_comment(request, pk)
    try:
        services.comment_delete(comment=comment, user=request.user)
    except services.CommentError as error:
        return render(request, "comments/refused.html", {"comment_error": error, "comment": comment}, status=error.status)
    messages.success(request, _("Your comment is deleted."), extra_tags="comments")
    return HttpResponseRedirect(_thread_url(comment))


@login_required
@require_POST
def report(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk, status=Comment.Status.PUBLISHED)
    try:
        services.comment_report(comment=comment, reporter=request.user)
    except services.CommentError as error:
        return render(request, "comments/refused.html", {"comment_error": error, "comment": comment}, status=error.status)
    messages.success(request, _("Thank you: the moderators will look at this comment."), extra_tags="comments")
    return HttpResponseRedirect(_thread_url(comment, f"comment-{comment.pk}"))


@login_required
@require_POST
def appeal(request):
    form = AppealForm(request.POST)
    target = AppealTargetForm(request.POST)
    if not target.is_valid():
        return render(request, "comments/refused.html", {"comment_error": services.CommentError(_("This appeal names no comment or block of yours."))}, status=400)
    comment = block = None
    if target.cleaned_data["comment"]:
        comment = get_object_or_404(Comment, pk=target.cleaned_data["comment"], author=request.user)
    elif target.cleaned_data["block"]:
        block = get_object_or_404(Block, pk=target.cleaned_data["block"], user=request.user)
    else:
        raise Http404("Nothing to appeal")
    if not form.is_valid():
        return render(request, "comments/refused.html", {"comment_error": services.CommentError(_("Please write your appeal (up to 1,000 characters)."))}, status=400)
    try:
        services.appeal_submit(user=request.user, text=form.cleaned_data["text"], comment=comment, block=block)
    except services.CommentError as error:
        return render(request, "comments/refused.html", {"comment_error": error}, status=error.status)
    messages.success(request, _("Your appeal is sent. The answer will come by e-mail and appear on this page."), extra_tags="comments")
    return HttpResponseRedirect(reverse("readers:account"))


