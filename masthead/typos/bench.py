"""Figures for `make bench`: locating fragments, the report endpoint, the queue, the digest."""

import datetime as dt
import json
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.core.benchmarking import percentiles, time_calls
from masthead.typos.locate import Block, locate

WORDS = "указ рынок правительство заявил министр the decree market «реформа» сказал что в и на".split()


def _body(rng: random.Random, blocks: int, words: int) -> list[Block]:
    return [Block(f"b{i}", i, " ".join(rng.choice(WORDS) for _ in range(words)) + ".") for i in range(blocks)]


def _add(report, section, metric, samples, note=""):
    figures = percentiles(samples)
    report.add(section, f"{metric} p50", round(figures["p50"], 3), "ms", note)
    report.add(section, f"{metric} p95", round(figures["p95"], 3), "ms", f"n={figures['n']}")


def _publish_article(slug: str, paragraphs: list[str]):
    """An article of the bench's own, published as an editor publishes one (bench code never uses test helpers)."""
    from masthead.articles.models import ArticleAuthor, ArticlePage, ArticleRubric, Author, Rubric
    from masthead.pages.setup import build_site

    _, news = build_site()
    article = ArticlePage(
        title="Бенчмарк опечаток",
        slug=slug,
        lead="Статья для замеров сообщений об опечатках.",
        published_at=timezone.now() - dt.timedelta(hours=1),
        body=[("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs],
    )
    article.article_authors = [ArticleAuthor(author=Author.objects.create(name="Бенчмарк", slug=slug), sort_order=0)]
    article.article_rubrics = [ArticleRubric(rubric=Rubric.objects.create(name="Бенчмарк", slug=slug), sort_order=0)]
    news.add_child(instance=article)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def run(report, options):
    quick = options.get("quick")
    repeat = 20 if quick else 200
    rng = random.Random(4)

    # Locating: a long article where the fragment occurs hundreds of times.
    body = _body(rng, 60, 120)
    fragment = "указ"
    _add(report, "typos", "locate, common word in 60x120-word body", time_calls(
        lambda: locate(body, fragment, block_hint="b30", offset_hint=40, before_hint="министр ", after_hint=" рынок"),
        repeat,
    ), "every occurrence scored by its context")
    _add(report, "typos", "locate, fragment absent", time_calls(lambda: locate(body, "нет такого текста"), repeat))

    # The endpoint, end to end through middleware and CSRF.
    from masthead.typos.models import TypoReport

    tag = f"typos-bench-{timezone.now().timestamp():.0f}"
    with transaction.atomic():
        article = _publish_article(tag, [b.text for b in _body(rng, 12, 80)])
    client = Client(enforce_csrf_checks=True, SERVER_NAME="localhost")
    token = client.get("/typos/token/").json()["token"]
    text = article.body[5].value.source
    words = [w for w in text.replace("<p>", "").replace("</p>", "").split() if len(w) > 3]
    counter = iter(range(10**9))

    def post(fragment_text):
        payload = {"article": article.pk, "revision": article.live_revision_id, "fragment": fragment_text, "block": article.body[5].id}
        response = client.post("/typos/report/", json.dumps(payload), content_type="application/json", headers={"X-CSRFToken": token})
        assert response.status_code == 201, response.status_code

    with override_settings(TYPOS_RATE_LIMIT=10**9):
        _add(report, "typos", "POST /typos/report/ new or merged", time_calls(
            lambda: post(" ".join(words[(i := next(counter)) % (len(words) - 2): i % (len(words) - 2) + 2])), repeat
        ))
        _add(report, "typos", "POST /typos/report/ duplicate (merge)", time_calls(lambda: post(words[0]), repeat))

    # The queue with many open reports.
    now = timezone.now()
    TypoReport.objects.bulk_create(
        [
            TypoReport(article=article, revision_id=article.live_revision_id, fragment=f"фрагмент {i}", fingerprint=f"bench-{now.timestamp()}-{i}",
                       located=True, block_id=article.body[0].id, context_before="до " * 30, context_after=" после" * 30)
            for i in range(2000)
        ]
    )
    chief, _ = get_user_model().objects.get_or_create(username="typos-bench-chief", defaults={"is_superuser": True, "is_staff": True})
    admin = Client(SERVER_NAME="localhost")
    admin.force_login(chief)
    # Plain static storage: the bench database has no collectstatic manifest behind it.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        _add(report, "typos", "admin queue page (2000+ open)", time_calls(lambda: admin.get("/admin/typos/"), 10 if quick else 50, warmup=2))

    # One digest of the newest reports, rendered and sent through the locmem backend.
    from masthead.typos.emails import send_digest

    reports = list(TypoReport.objects.filter(article=article).select_related("article")[:200])
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        _add(report, "typos", "render and send one digest (200 reports, 50 listed)", time_calls(
            lambda: send_digest(user=chief, reports=reports), 10 if quick else 50, warmup=1
        ))
    TypoReport.objects.filter(article=article).delete()
