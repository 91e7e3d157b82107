"""The editors' side of Telegram autoposting: one article's deliveries and switches, and the list of all."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.http import require_POST

from masthead.core.admin_access import plain_403
from masthead.articles.models import ArticlePage
from masthead.distribution import services
from masthead.distribution.models import ArticleAutopost, TelegramPost
from masthead.distribution.permissions import can_see_report, can_steer_article


class AutopostForm(forms.Form):
    enabled = forms.BooleanField(label=_("Post this article to Telegram"), required=False)
    repost_next_publish = forms.BooleanField(
        label=_("Post the next published edit again"),
        required=False,
        help_text=_("Once: the next time the article is published, it goes to the channel again."),
    )


def _article(request, page_id: int) -> ArticlePage:
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not can_steer_article(request.user, article):
        raise PermissionDenied
    return article


@plain_403
def article_telegram(request, page_id: int):
    article = _article(request, page_id)
    choice = ArticleAutopost.objects.filter(article=article).first()
    initial = {"enabled": choice.enabled if choice else True, "repost_next_publish": bool(choice and choice.repost_next_publish)}
    if request.method == "POST":
        form = AutopostForm(request.POST)
        if form.is_valid():
            services.autopost_choose(article=article, **form.cleaned_data)
            messages.success(request, gettext("Telegram settings of this article saved."))
            return redirect("distribution_article", article.pk)
    else:
        form = AutopostForm(initial=initial)
    context = {
        "article": article,
        "form": form,
        "posts": TelegramPost.objects.filter(article=article).order_by("-created_at", "-pk"),
        "configured": bool(services.telegram_channels()),
    }
    return TemplateResponse(request, "distribution/admin/article_telegram.html", context)


@plain_403
@require_POST
def post_action(request, post_id: int, action: str):
    post = get_object_or_404(TelegramPost, pk=post_id)
    _article(request, post.article_id)
    if action == "retry":
        done = services.telegram_post_retry(post=post)
        message = gettext("The post will be sent again within a minute.")
    elif action == "mark-sent":
        done = services.telegram_post_mark_sent(post=post)
        message = gettext("Marked as posted; it will not be sent again.")
    else:
        raise PermissionDenied
    if done:
        messages.success(request, message)
    else:
        messages.warning(request, gettext("The post has changed meanwhile; nothing done."))
    return redirect("distribution_article", post.article_id)


@plain_403
def report(request):
    if not can_see_report(request.user):
        raise PermissionDenied
    posts = TelegramPost.objects.select_related("article").order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state in TelegramPost.State.values:
        posts = posts.filter(state=state)
    page = Paginator(posts, 50).get_page(request.GET.get("p"))
    context = {"page_obj": page, "states": TelegramPost.State.choices, "state": state}
    return TemplateResponse(request, "distribution/admin/report.html", context)
