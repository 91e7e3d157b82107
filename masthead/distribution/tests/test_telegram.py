import datetime as dt
import socket

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from masthead.articles.models import ArticlePage
from masthead.distribution import services, telegram
from masthead.distribution.models import ArticleAutopost, TelegramPost
from masthead.distribution.tests.botapi import FakeBotApi
from masthead.testing import make_article

pytestmark = pytest.mark.django_db
State = TelegramPost.State


@pytest.fixture
def bot(settings, site_tree):
    with FakeBotApi() as api:
        settings.TELEGRAM_BOT_TOKEN = "123:secret"
        settings.TELEGRAM_CHANNELS = ["@masthead_news"]
        settings.TELEGRAM_API_URL = api.url
        settings.TELEGRAM_TIMEOUT = 0.5
        settings.TELEGRAM_MAX_ATTEMPTS = 4
        yield api


def later(seconds=7200):
    return timezone.now() + dt.timedelta(seconds=seconds)


def deliver(**kwargs):
    return services.telegram_deliver_due(**kwargs)


def test_first_publish_writes_one_outbox_row_and_an_edit_does_not(bot):
    article = make_article("Первая")
    assert TelegramPost.objects.filter(article=article).count() == 1
    article.save_revision().publish()
    assert TelegramPost.objects.filter(article=article).count() == 1


def test_editor_can_ask_for_an_edit_to_be_posted_again_once(bot):
    article = make_article("Первая")
    services.autopost_choose(article=article, enabled=True, repost_next_publish=True)
    article.save_revision().publish()
    assert TelegramPost.objects.filter(article=article).count() == 2
    assert not ArticleAutopost.objects.get(article=article).repost_next_publish
    article.save_revision().publish()
    assert TelegramPost.objects.filter(article=article).count() == 2


def test_autopost_switched_off_writes_nothing_and_stops_what_waits(bot):
    article = make_article("Первая")
    services.autopost_choose(article=article, enabled=False, repost_next_publish=False)
    assert TelegramPost.objects.get(article=article).state == State.SKIPPED
    draft = make_article("Черновик", live=False)
    services.autopost_choose(article=draft, enabled=False, repost_next_publish=False)
    draft.save_revision().publish()
    assert not TelegramPost.objects.filter(article=draft).exists()
    deliver(now=later())
    assert bot.posts == []


def test_a_backdated_archive_piece_is_not_autoposted_unless_asked(bot):
    old = make_article("Из архива", published_at=timezone.now() - dt.timedelta(days=30))
    assert not TelegramPost.objects.filter(article=old).exists()
    services.autopost_choose(article=old, enabled=True, repost_next_publish=True)
    old.save_revision().publish()
    assert TelegramPost.objects.filter(article=old).count() == 1


def test_a_publish_that_rolls_back_leaves_no_row(bot):
    draft = make_article("Черновик", live=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        draft.save_revision().publish()
        assert TelegramPost.objects.filter(article=draft).exists()
        raise RuntimeError("the editor's request failed after publishing")
    assert not TelegramPost.objects.filter(article=draft).exists()


def test_nothing_is_queued_without_a_bot(settings, site_tree):
    settings.TELEGRAM_BOT_TOKEN = ""
    make_article("Первая")
    assert not TelegramPost.objects.exists()


def test_delivery_posts_headline_lead_and_link_escaped(bot, settings):
    article = make_article('Цены <b>"выросли"</b> & упали', lead="Лид <script>alert(1)</script>\x07")
    call_command("deliver_telegram", verbosity=0)
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.SENT and post.message_id == 1 and post.sent_at
    assert post.message_url() == "https://t.me/masthead_news/1"
    path, payload = bot.requests[0]
    assert path == "/bot123:secret/sendMessage"
    assert payload["chat_id"] == "@masthead_news" and payload["parse_mode"] == "HTML"
    assert payload["text"] == (
        "<b>Цены &lt;b&gt;&quot;выросли&quot;&lt;/b&gt; &amp; упали</b>\n\n"
        "Лид &lt;script&gt;alert(1)&lt;/script&gt;\n\n"
        f'<a href="{article.canonical_url()}">Читать на сайте</a>'
    )


def test_429_waits_as_long_as_telegram_asks_then_posts_once(bot):
    bot.script.extend([("429", 40)])
    article = make_article("Первая")
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.PENDING and "429" in post.last_error
    assert 35 <= (post.next_attempt_at - timezone.now()).total_seconds() <= 41
    deliver()  # not yet due
    assert len(bot.requests) == 1
    deliver(now=later(41))
    assert TelegramPost.objects.get(article=article).state == State.SENT
    assert len(bot.posts) == 1


def test_5xx_and_refused_connections_are_retried_with_backoff_and_post_once(bot, settings):
    bot.script.extend(["500"])
    article = make_article("Первая")
    deliver()
    first = TelegramPost.objects.get(article=article)
    assert first.state == State.PENDING and first.attempts == 1
    wait = (first.next_attempt_at - timezone.now()).total_seconds()
    assert 0.7 * settings.TELEGRAM_BACKOFF <= wait <= 1.3 * settings.TELEGRAM_BACKOFF

    with socket.socket() as closed:  # a port nobody listens on: refused before anything is sent
        closed.bind(("127.0.0.1", 0))
        refused_url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    settings.TELEGRAM_API_URL = refused_url
    deliver(now=later())
    second = TelegramPost.objects.get(article=article)
    assert second.state == State.PENDING and second.attempts == 2 and "connection failed" in second.last_error
    assert (second.next_attempt_at - timezone.now()).total_seconds() > wait  # the wait grows

    settings.TELEGRAM_API_URL = bot.url
    deliver(now=later(100_000))
    assert TelegramPost.objects.get(article=article).state == State.SENT
    assert len(bot.posts) == 1


def test_gives_up_after_the_limit_with_the_reason(bot):
    bot.script.extend(["500"] * 10)
    article = make_article("Первая")
    for hours in range(1, 8):
        deliver(now=later(hours * 86_400))
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.FAILED and post.attempts == 4
    assert "gave up after 4 attempts" in post.last_error and "500" in post.last_error
    assert bot.posts == []


def test_a_refusal_fails_at_once_with_telegrams_words(bot):
    bot.script.extend(["400"])
    article = make_article("Первая")
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.FAILED and "Bad Request" in post.last_error and post.attempts == 1


@pytest.mark.parametrize("answer", ["lost", ("slow", 1.5)])
def test_a_lost_answer_is_uncertain_and_never_posted_twice(bot, answer):
    bot.script.extend([answer])
    article = make_article("Первая")
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.UNCERTAIN and "no answer" in post.last_error
    for day in range(1, 4):
        deliver(now=later(day * 86_400))
    assert len(bot.posts) == 1  # Telegram posted it once; we never sent it again
    assert services.telegram_post_mark_sent(post=post)
    assert TelegramPost.objects.get(pk=post.pk).state == State.SENT


def test_a_dropped_connection_is_uncertain_until_an_editor_sends_it_again(bot):
    bot.script.extend(["drop"])
    article = make_article("Первая")
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.UNCERTAIN and bot.posts == []
    deliver(now=later())
    assert bot.posts == []
    assert services.telegram_post_retry(post=post)
    deliver()
    assert TelegramPost.objects.get(pk=post.pk).state == State.SENT and len(bot.posts) == 1


def test_a_claimed_row_is_not_sent_by_another_job_and_a_dead_sender_leaves_it_uncertain(bot, settings):
    article = make_article("Первая")
    post = TelegramPost.objects.get(article=article)
    TelegramPost.objects.filter(pk=post.pk).update(state=State.SENDING, claimed_at=timezone.now())
    deliver()
    assert bot.requests == []
    deliver(now=later(settings.TELEGRAM_SENDING_LEASE + 1))
    post.refresh_from_db()
    assert post.state == State.UNCERTAIN and bot.requests == []


def test_an_article_dated_ahead_waits_for_its_time(bot):
    article = make_article("Завтра", published_at=timezone.now() + dt.timedelta(hours=3))
    deliver()
    assert bot.requests == []
    post = TelegramPost.objects.get(article=article)
    assert post.next_attempt_at == article.published_at
    # Re-dated by an editor to an hour ago (as if three hours had passed): due now.
    ArticlePage.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(hours=1))
    deliver(now=later(3 * 3600 + 60))
    assert TelegramPost.objects.get(article=article).state == State.SENT


def test_an_article_re_dated_ahead_after_publishing_waits_again(bot):
    article = make_article("Первая")
    ahead = timezone.now() + dt.timedelta(hours=2)
    ArticlePage.objects.filter(pk=article.pk).update(published_at=ahead)
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.PENDING and post.next_attempt_at == ahead and post.attempts == 0
    assert bot.requests == []


def test_an_article_unpublished_before_delivery_is_not_posted(bot):
    article = make_article("Первая")
    article.unpublish()
    deliver()
    post = TelegramPost.objects.get(article=article)
    assert post.state == State.SKIPPED and bot.requests == []


def test_a_photo_telegram_cannot_fetch_goes_as_text(bot, settings):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Фото", file=get_test_image_file())
    article = make_article("С картинкой", lead_image=image)
    bot.script.extend(["400"])
    deliver()
    assert [path.rsplit("/", 1)[-1] for path, _ in bot.requests] == ["sendPhoto", "sendMessage"]
    assert bot.requests[0][1]["photo"].startswith(settings.SITE_URL + "/media/images/")
    assert TelegramPost.objects.get(article=article).state == State.SENT and len(bot.posts) == 1


def test_message_fits_telegrams_limits_and_cuts_on_a_word():
    text = telegram.message_html(title="Заголовок", lead="слово " * 1000, url="https://x.test/a?b=1&c=2", language="en", limit=1024)
    plain = text.replace("<b>", "").replace("</b>", "").replace("&amp;", "&")
    assert len(plain) - len('<a href="https://x.test/a?b=1&c=2"></a>') <= 1024
    assert "слово…" in text
    assert 'href="https://x.test/a?b=1&amp;c=2"' in text and "Read on the site" in text
