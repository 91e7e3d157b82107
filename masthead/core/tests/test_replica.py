"""The read-replica router: which reads go to the replica, and when they fall back to the primary.

The `replica` alias of the test settings is the test database itself (a test
mirror), so these run on SQLite as on PostgreSQL; a lagging or failing replica
is played by the lag measurement or by a statement that fails on that alias.
The real primary and streaming replica are in test_replica_cluster.py.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connections, router, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from masthead.core import replica
from masthead.core.models import ContentVersion
from masthead.testing import make_article

BOTH = ["default", "replica"]


@pytest.fixture
def routed(settings):
    """The router and middleware as DATABASE_REPLICA_URL installs them, with a fresh view of the replica."""
    settings.DATABASE_ROUTERS = ["masthead.core.replica.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                      "masthead.core.replica.ReplicaReadsMiddleware")
    settings.MIDDLEWARE = middleware
    settings.DATABASE_REPLICA_MAX_LAG = 5.0
    replica.health.reset()
    yield
    replica.health.reset()


def serve(request, view=None):
    """Run `view` inside the middleware; returns (response, where a read of a page would go)."""
    seen = []

    def get_response(request):
        if view:
            view(request)
        seen.append(router.db_for_read(Page))
        return HttpResponse("ok")

    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    response = replica.ReplicaReadsMiddleware(get_response)(request)
    return response, seen[0]


def write(request):
    ContentVersion.objects.update_or_create(pk=1, defaults={"number": 7})


factory = RequestFactory()


@pytest.mark.django_db(databases=BOTH)
def test_it_sends_a_reader_page_read_to_the_replica(routed):
    response, alias = serve(factory.get("/news/some-story/"))
    assert alias == "replica"
    assert replica.PIN_COOKIE not in response.cookies


@pytest.mark.django_db(databases=BOTH)
def test_a_signed_in_reader_reads_from_the_replica_too(routed):
    request = factory.get("/en/news/")
    request.user = SimpleNamespace(is_authenticated=True)
    assert serve(request)[1] == "replica"


@pytest.mark.django_db(databases=BOTH)
def test_writes_go_to_the_primary_even_on_a_reader_page(routed):
    seen = []
    serve(factory.get("/news/"), lambda request: seen.append(router.db_for_write(ContentVersion)))
    assert seen == ["default"]


@pytest.mark.django_db(databases=BOTH)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/3/edit/", "/django-admin/", "/accounts/login/",
                                  "/en/accounts/login/", "/healthz"])
def test_the_admin_account_pages_and_health_read_from_the_primary(routed, path):
    assert serve(factory.get(path))[1] == "default"


@pytest.mark.django_db(databases=BOTH)
def test_a_post_reads_from_the_primary_and_pins_the_writer_to_it(routed):
    response, alias = serve(factory.post("/comments/post/", {"text": "x"}), write)
    assert alias == "default"
    pin = response.cookies[replica.PIN_COOKIE]
    assert pin["max-age"] == 5 + replica.PIN_MARGIN and pin["httponly"]


@pytest.mark.django_db(databases=BOTH)
def test_a_post_that_wrote_nothing_does_not_pin(routed):
    response, alias = serve(factory.post("/search/", {"q": "x"}), lambda request: list(Page.objects.all()[:1]))
    assert alias == "default" and replica.PIN_COOKIE not in response.cookies


@pytest.mark.django_db(databases=BOTH)
def test_a_get_that_wrote_reads_its_write_from_the_primary_and_is_pinned(routed):
    response, alias = serve(factory.get("/news/"), write)
    assert alias == "default"
    assert replica.PIN_COOKIE in response.cookies


@pytest.mark.django_db(databases=BOTH)
def test_a_pinned_client_reads_from_the_primary(routed):
    request = factory.get("/news/")
    request.COOKIES[replica.PIN_COOKIE] = "1"
    assert serve(request)[1] == "default"


@pytest.mark.django_db(databases=BOTH)
def test_reads_inside_the_requests_own_transaction_go_to_the_primary(routed):
    seen = []

    def view(request):
        with transaction.atomic():
            seen.append(router.db_for_read(Page))

    serve(factory.get("/news/"), view)
    assert seen == ["default"]


def test_outside_a_request_everything_goes_to_the_primary(routed):
    assert router.db_for_read(Page) == "default"
    assert router.db_for_write(Page) == "default"


def test_migrations_run_on_the_primary_only_and_relations_span_both(db):  # Page() reads its content type
    routes = replica.ReplicaRouter()
    assert routes.allow_migrate("default", "articles") is True
    assert routes.allow_migrate("replica", "articles") is False
    one, other = Page(), Page()
    one._state.db, other._state.db = "default", "replica"
    assert routes.allow_relation(one, other) is True


@pytest.mark.django_db(databases=BOTH)
def test_a_lagging_replica_sends_reads_to_the_primary_until_it_catches_up(routed, monkeypatch):
    lag = {"seconds": 30.0}
    monkeypatch.setattr(replica, "measure_lag", lambda connection: lag["seconds"])
    assert serve(factory.get("/news/"))[1] == "default"
    lag["seconds"] = 0.2
    assert serve(factory.get("/news/"))[1] == "default"  # the measurement is kept for a moment
    replica.health.checked_at -= replica.CHECK_EVERY  # that moment has passed
    assert serve(factory.get("/news/"))[1] == "replica"


@pytest.mark.django_db(databases=BOTH)
def test_an_unreachable_replica_is_left_alone_for_a_while_then_retried(routed, monkeypatch):
    calls = []

    def unreachable(connection):
        calls.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replica, "measure_lag", unreachable)
    assert [serve(factory.get("/news/"))[1] for _ in range(3)] == ["default"] * 3
    assert len(calls) == 1  # the pause: no connection attempt per request
    monkeypatch.setattr(replica, "measure_lag", lambda connection: 0.0)
    replica.health.down_until = 0.0  # the pause is over
    assert serve(factory.get("/news/"))[1] == "replica"


@pytest.mark.django_db(databases=BOTH)
def test_a_replica_connection_that_fails_sends_the_request_to_the_primary(routed, monkeypatch):
    def refuse():
        raise OperationalError("could not connect")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refuse)
    assert serve(factory.get("/news/"))[1] == "default"
    assert replica.health.down_until > 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_article_page_is_read_from_the_replica(routed, site_tree):
    article = make_article("Статья с реплики")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = Client().get(article.url)
    assert response.status_code == 200 and "Статья с реплики" in response.content.decode()
    assert any("wagtailcore_page" in query["sql"] for query in on_replica.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_page_whose_replica_fails_midway_is_served_from_the_primary(routed, site_tree):
    article = make_article("Статья переживёт реплику")
    failed = []

    def fail_once(execute, sql, params, many, context):
        if not failed:
            failed.append(sql)
            return execute("SELECT * FROM replica_went_away", None, many, context)
        return execute(sql, params, many, context)

    client = Client(raise_request_exception=False)
    with connections["replica"].execute_wrapper(fail_once):
        response = client.get(article.url)
    assert failed, "the page read nothing from the replica"
    assert response.status_code == 200 and "Статья переживёт реплику" in response.content.decode()
    assert replica.health.down_until > 0  # and the process leaves the replica alone for a while


@pytest.mark.django_db(databases=BOTH)
def test_an_anonymous_page_is_read_from_the_primary_while_the_replica_is_behind_it(routed, monkeypatch):
    """An anonymous page may be shared by the caches: it is never rendered from behind the primary's commits."""
    monkeypatch.setattr(replica, "caught_up_with_primary", lambda replica_connection, primary: False)
    assert serve(factory.get("/news/"))[1] == "default"
    signed_in = factory.get("/news/")
    signed_in.user = SimpleNamespace(is_authenticated=True)  # their own page: the lag limit is enough
    assert serve(signed_in)[1] == "replica"


@pytest.mark.parametrize("measured, shown", [(0.0, "ok"), (60.0, "behind"), (OperationalError("refused"), "unavailable")])
def test_healthz_reports_the_replica_without_taking_the_node_out(settings, client, monkeypatch, db, measured, shown):
    settings.DATABASE_REPLICA_URL = "postgres://replica.example/news"

    def measure(connection):
        if isinstance(measured, Exception):
            raise measured
        return measured

    monkeypatch.setattr(replica, "measure_lag", measure)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["replica"] == shown
    assert response.json()["status"] == ("ok" if shown == "ok" else "degraded")


@pytest.mark.django_db(databases=BOTH)
def test_reads_leave_the_replica_at_once_when_it_fails_during_the_request(routed):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Page))
        replica.health.trip()  # another thread's read failed meanwhile
        seen.append(router.db_for_read(Page))

    serve(factory.get("/news/"), view)
    assert seen == ["replica", "default"]


def test_a_primary_that_cannot_tell_its_position_is_not_the_replicas_fault():
    def refuse():
        raise OperationalError("primary down")

    replica_connection = SimpleNamespace(vendor="postgresql", cursor=lambda: pytest.fail("the replica was asked"))
    assert replica.caught_up_with_primary(replica_connection, SimpleNamespace(cursor=refuse)) is False
