"""The app's page cache through Django's test client: hits, exact purges, HTTP headers, who is never served a copy."""

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.core import surrogate
from masthead.core.models import SiteSettings
from masthead.pagecache import store
from masthead.pagecache.middleware import PageCacheMiddleware
from masthead.pagecache.models import Purge
from masthead.testing import make_article, make_rubric

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_POLL = 0  # every lookup reads the purges, as a process does after its interval
    return settings


@pytest.fixture
def edit(django_capture_on_commit_callbacks):
    """Run an editorial action and what waits for its commit (the purges), as in a real request."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    return response, response.get("X-Page-Cache")


def test_an_anonymous_readers_second_view_is_a_hit_without_any_query(client, site_tree, page_cache, django_assert_num_queries):
    page_cache.PAGE_CACHE_POLL = 60  # between two reads of the purges, a hit reads nothing but the cache
    article = make_article("Выборы в регионе")
    first, state = fetch(client, article.url)
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = fetch(client, article.url)
    assert state == "hit"
    assert second.content == first.content
    assert "Выборы в регионе" in second.content.decode()
    # The copy carries the headers the layers below the cache set: the policy, the content type.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["X-Request-ID"] != first["X-Request-ID"]  # but each answer has its own request id


def test_shared_pages_carry_cache_control_validators_and_surrogate_keys(client, site_tree, page_cache):
    rubric = make_rubric("Политика")
    article = make_article(rubrics=[rubric])
    response, _ = fetch(client, article.url)
    control = response["Cache-Control"]
    assert control.startswith("public, max-age=60, s-maxage=600")
    assert "stale-while-revalidate=" in control and "stale-if-error=" in control
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    keys = response["xkey"].split()
    assert {"site", f"a{article.pk}", f"p{article.pk}", f"r{rubric.pk}", "menu"} <= set(keys)
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Cookie" in response["Vary"]


def test_a_conditional_get_with_the_etag_is_answered_304(client, site_tree, page_cache):
    article = make_article()
    first, _ = fetch(client, article.url)
    again = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_shared_links_with_tracking_or_made_up_parameters_share_one_copy(client, site_tree, page_cache):
    article = make_article()
    fetch(client, article.url)
    _, state = fetch(client, article.url + "?utm_source=telegram&fbclid=abc")
    assert state == "hit"
    # A flood of made-up parameters cannot fill the cache with copies of one page and push others out.
    assert {fetch(client, f"{article.url}?x={n}")[1] for n in range(5)} == {"hit"}
    _, state = fetch(client, article.url + "?x=" + "a" * 400)
    assert state == "bypass"


def test_a_signed_in_reader_gets_a_fresh_private_render_never_the_cached_copy(client, site_tree, page_cache, django_user_model):
    article = make_article()
    fetch(client, article.url)
    fetch(client, article.url)
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.com", "pw-long-enough"))
    response, state = fetch(client, article.url)
    assert state is None
    assert response["Cache-Control"] == "private, no-cache"
    assert "xkey" not in response


def test_search_results_are_never_shared(client, site_tree, page_cache):
    make_article("Налоги")
    response, state = fetch(client, "/search/?q=налоги")
    assert response.status_code == 200
    assert state is None and "xkey" not in response


def test_publishing_a_new_revision_purges_that_article_and_no_other(client, site_tree, page_cache, edit):
    first, second = make_article("Первая"), make_article("Вторая")
    for article in (first, second):
        fetch(client, article.url)

    def retitle():
        first.title = "Первая, исправленная"
        first.save_revision().publish()

    edit(retitle)
    response, state = fetch(client, first.url)
    assert state == "miss" and "Первая, исправленная" in response.content.decode()
    assert fetch(client, second.url)[1] == "hit"


def test_unpublishing_purges_the_article_and_every_listing_showing_it_but_not_others(client, site_tree, page_cache, edit):
    politics, sport = make_rubric("Политика"), make_rubric("Спорт")
    gone = make_article("Снятая статья", rubrics=[politics])
    other = make_article("Матч", rubrics=[sport])
    for url in (gone.url, politics.get_absolute_url(), sport.get_absolute_url(), other.url, "/"):
        fetch(client, url)
    edit(gone.unpublish)
    assert client.get(gone.url).status_code == 404
    listing, state = fetch(client, politics.get_absolute_url())
    assert state == "miss" and "Снятая статья" not in listing.content.decode()
    home, state = fetch(client, "/")
    assert state == "miss" and "Снятая статья" not in home.content.decode()
    assert fetch(client, sport.get_absolute_url())[1] == "hit"
    assert fetch(client, other.url)[1] == "hit"


def test_a_new_article_purges_its_rubric_listing_and_the_home_page(client, site_tree, page_cache, edit):
    politics, sport = make_rubric("Политика"), make_rubric("Спорт")
    make_article(rubrics=[politics])
    make_article(rubrics=[sport])
    for url in (politics.get_absolute_url(), sport.get_absolute_url(), "/"):
        fetch(client, url)
    edit(lambda: make_article("Свежая новость", rubrics=[politics]))
    listing, state = fetch(client, politics.get_absolute_url())
    assert state == "miss" and "Свежая новость" in listing.content.decode()
    assert "Свежая новость" in fetch(client, "/")[0].content.decode()
    assert fetch(client, sport.get_absolute_url())[1] == "hit"


def test_renaming_a_rubric_purges_the_pages_naming_it(client, site_tree, page_cache, edit):
    politics, sport = make_rubric("Политика"), make_rubric("Спорт", kind="topic")
    article = make_article(rubrics=[politics])
    elsewhere = make_article(rubrics=[sport])
    for url in (article.url, elsewhere.url):
        fetch(client, url)

    def rename():
        politics.name = "Власть"
        politics.save()

    edit(rename)
    response, state = fetch(client, article.url)
    assert state == "miss" and "Власть" in response.content.decode()
    # The sections menu names every section, so every page showing the menu is purged too.
    assert fetch(client, elsewhere.url)[1] == "miss"


def test_editing_the_site_settings_purges_every_page(client, site_tree, page_cache, edit):
    article = make_article()
    fetch(client, article.url)

    def retag():
        SiteSettings.objects.get().save()  # the row the first page view created

    edit(retag)
    assert fetch(client, article.url)[1] == "miss"


def test_a_purge_written_by_another_process_is_honoured(client, site_tree, page_cache):
    article, other = make_article(), make_article()
    fetch(client, article.url)
    fetch(client, other.url)
    Purge.objects.create(keys=f"a{article.pk}")  # as another app process records it
    assert fetch(client, article.url)[1] == "miss"
    assert fetch(client, other.url)[1] == "hit"


def test_page_cache_off_stores_nothing_but_keeps_the_headers(client, site_tree, page_cache):
    page_cache.PAGE_CACHE = False
    article = make_article()
    fetch(client, article.url)
    response, state = fetch(client, article.url)
    assert state == "off"
    assert "s-maxage" in response["Cache-Control"] and f"a{article.pk}" in response["xkey"]


def shared_view(sets_cookie=False, status=200):
    def view(request):
        surrogate.page("thing")
        response = HttpResponse(f"rendered {view.calls}", status=status)
        view.calls += 1
        if sets_cookie:
            response.set_cookie("tracking", "1")
        return response

    view.calls = 0
    return view


@pytest.mark.parametrize(
    "view, cookies",
    [
        (shared_view(sets_cookie=True), {}),
        (shared_view(status=404), {}),
        (shared_view(), {"sessionid": "abc"}),
        (shared_view(), {"messages": "abc"}),
    ],
    ids=["response-sets-a-cookie", "not-found", "session-cookie", "pending-message"],
)
def test_never_stored_or_served_from_the_cache(view, cookies, page_cache):
    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()
    for _ in range(2):
        request = factory.get("/anything/")
        request.COOKIES.update(cookies)
        response = middleware(request)
        assert response.get("X-Page-Cache") != "hit"
    assert view.calls == 2
    assert caches["pages"].get(store.key_for(request)) is None  # nothing stored


def test_approving_a_held_comment_purges_its_article_page_and_not_the_listings(client, site_tree, page_cache, edit, django_user_model):
    from masthead.comments.models import Comment
    from masthead.comments.services import Moderation, comment_moderate

    rubric = make_rubric("Политика")
    article = make_article(rubrics=[rubric])
    for url in (article.url, rubric.get_absolute_url()):
        fetch(client, url)
    author = django_user_model.objects.create_user("anna", "anna@example.org", "pw-long-enough")
    held = Comment.objects.create(article=article, author=author, text="Дельное замечание о бюджете", text_hash="x", status="held")
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.org", "pw-long-enough")
    assert edit(lambda: comment_moderate(comment=held, moderator=moderator, action=Moderation.APPROVE))
    response, state = fetch(client, article.url)
    assert state == "miss" and "Дельное замечание о бюджете" in response.content.decode()
    assert fetch(client, rubric.get_absolute_url())[1] == "hit"


def test_an_article_coming_due_purges_the_pages_it_joins(client, site_tree, page_cache, edit):
    import datetime as dt

    from django.utils import timezone

    from masthead.articles.freshness import bump_for_articles_come_due
    from masthead.articles.models import ArticlePage, ArticleRubric
    from masthead.core.models import ContentVersion

    rubric = make_rubric("Политика")
    make_article(rubrics=[rubric])
    scheduled = make_article("Заранее запланированная", rubrics=[rubric], published_at=timezone.now() + dt.timedelta(hours=1))
    fetch(client, rubric.get_absolute_url())
    assert "Заранее запланированная" not in fetch(client, rubric.get_absolute_url())[0].content.decode()
    # Its time comes (moved back rather than waiting an hour), and the periodic job notices.
    due = timezone.now() - dt.timedelta(minutes=1)
    ArticlePage.objects.filter(pk=scheduled.pk).update(published_at=due)
    ArticleRubric.objects.filter(page=scheduled).update(listed_at=due)  # the listing's copy of the time
    ContentVersion.objects.filter(pk=1).update(checked_at=timezone.now() - dt.timedelta(minutes=5))
    assert edit(bump_for_articles_come_due)
    listing, state = fetch(client, rubric.get_absolute_url())
    assert state == "miss" and "Заранее запланированная" in listing.content.decode()


def test_a_page_purged_while_it_rendered_is_answered_but_kept_by_nobody(page_cache):
    from masthead.pagecache.purge import purge_now

    def view(request):
        surrogate.page("thing")
        purge_now(["thing"])  # an editor's change commits while this page renders
        return HttpResponse("rendered before the change")

    request = RequestFactory().get("/changing/")
    response = PageCacheMiddleware(view)(request)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert "s-maxage=0" in response["Cache-Control"]
    assert caches["pages"].get(store.key_for(request)) is None
