"""A page rendered around its slots: the shell kept, only the fills rendered per request."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import engines
from django.test import RequestFactory
from wagtail import hooks

from masthead.core import surrogate
from masthead.core.freshness import bump_content_version
from masthead.core.page_shell import ShellTemplateResponse, fill_shell, render_shell
from masthead.core.slots import per_revision

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "page.html": "<h1>{{ title }}</h1>{% load slots %}<p>{% slot 'test_meta' %}</p><footer>{% slot 'test_footer' %}</footer>",
    "who.html": "reader={{ user.username|default:'nobody' }} path={{ request.path }} renders={{ renders.count }}",
    "script.html": "<script src=/s.js></script>#{{ scripts.count }}",
    "mark.html": "{{ fake_mark }}",
}


class Counter:
    """Counts its reads, so a test sees how often a template asked for it."""

    def __init__(self):
        self.reads = 0

    @property
    def count(self):
        self.reads += 1
        return self.reads


@pytest.fixture
def page_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)],
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                ],
            },
        }
    ]
    return engines["django"]


@pytest.fixture
def fills():
    """Two slots: the meta line holds a per-request fill, a per-revision script and another per-request fill."""
    who = lambda page, request: "who.html"  # noqa: E731
    script = per_revision(lambda page, request: "script.html")
    stays_out = lambda page, request: None  # noqa: E731
    with hooks.register_temporarily("masthead_test_meta", who), hooks.register_temporarily(
        "masthead_test_meta", script
    ), hooks.register_temporarily("masthead_test_meta", stays_out), hooks.register_temporarily(
        "masthead_test_footer", lambda page, request: "who.html"
    ):
        yield


def request_of(path="/news/a/", user=None):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


def test_the_shell_keeps_per_revision_fills_and_leaves_holes_for_the_rest(page_templates, fills):
    template = page_templates.get_template("page.html")
    context = {"title": "Заголовок", "renders": Counter(), "scripts": Counter()}
    shell = render_shell(template, context, request_of(user=User(username="anna")))
    html = "".join(shell.parts)
    assert "<h1>Заголовок</h1>" in html and "<script src=/s.js></script>#1" in html
    assert "anna" not in html and "reader=" not in html  # the per-request fills are holes
    # A hook that stays out is asked again for each request too: its answer may depend on the request.
    assert [fill[:2] for fill in shell.fills] == [("test_meta", 0), ("test_meta", 2), ("test_footer", 0)]


def test_each_request_fills_the_holes_in_their_places_with_its_own_context(page_templates, fills):
    template = page_templates.get_template("page.html")
    renders, scripts = Counter(), Counter()
    context = {"title": "Заголовок", "renders": renders, "scripts": scripts}
    shell = render_shell(template, context, request_of(user=User(username="anna")))
    html = fill_shell(shell, template, context, request_of("/news/b/", user=User(username="boris")))
    assert html == (
        "<h1>Заголовок</h1><p>reader=boris path=/news/b/ renders=1<script src=/s.js></script>#1</p>"
        "<footer>reader=boris path=/news/b/ renders=2</footer>"
    )
    # The same shell and a reader who is not signed in: the script is not rendered again.
    assert "reader=nobody" in fill_shell(shell, template, context, request_of())
    assert (renders.reads, scripts.reads) == (4, 1)


def test_text_that_looks_like_a_hole_is_left_as_it_is(page_templates):
    template = page_templates.get_template("page.html")
    fake = "<!--slot-000000000000000000000000-->"
    with hooks.register_temporarily("masthead_test_meta", lambda page, request: "mark.html"):
        shell = render_shell(template, {"title": fake, "fake_mark": fake}, request_of())
        html = fill_shell(shell, template, {"title": fake, "fake_mark": fake}, request_of())
    assert len(shell.parts) == 2  # one hole: the title's look-alike did not cut the shell
    assert html.count("&lt;!--slot-000000000000000000000000--&gt;") == 2


def test_a_shell_response_renders_the_page_once_per_content_version(page_templates, fills):
    renders, scripts = Counter(), Counter()

    def respond(user):
        response = ShellTemplateResponse(
            request_of(user=User(username=user)), "page.html", {"title": "T", "renders": renders, "scripts": scripts},
            name="test-page", vary_on=[1, 7],
        )
        with surrogate.collecting() as collected:
            surrogate.shows("a1")
            html = response.render().content.decode()
        return html, collected.keys

    first, keys = respond("anna")
    second, _ = respond("boris")
    assert "reader=anna" in first and "reader=boris" in second
    assert "</script>#1" in second and scripts.reads == 1  # the kept shell
    assert keys == {"a1"}
    bump_content_version()
    third, _ = respond("boris")
    assert "</script>#2" in third  # a publish anywhere: the shell is rendered anew


def test_a_shell_kept_by_a_process_with_other_fills_is_rendered_anew(page_templates, fills):
    """A deploy in progress: a shell from code whose hooks differ is not filled with this code's hooks."""
    renders, scripts = Counter(), Counter()

    def respond():
        response = ShellTemplateResponse(
            request_of(user=User(username="anna")), "page.html", {"title": "T", "renders": renders, "scripts": scripts},
            name="test-page", vary_on=[2],
        )
        return response.render().content.decode()

    respond()
    extra = lambda page, request: "who.html"  # noqa: E731 (another app's fill, first in its slot)
    with hooks.register_temporarily("masthead_test_meta", extra, order=-1):
        html = respond()
    assert "</script>#2" in html  # rendered anew, not the kept shell
    assert html.count("reader=anna") == 3
