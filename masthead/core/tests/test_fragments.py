"""`{% cached_fragment %}`: rendered once per language, parts and content version."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from masthead.core.freshness import bump_content_version

pytestmark = pytest.mark.django_db

TEMPLATE = Template('{% load masthead %}{% cached_fragment "probe" day %}{{ render }}{% endcached_fragment %}')


class Renders:
    """Counts how often the fragment's body is actually rendered."""

    def __init__(self):
        self.calls = 0

    def __str__(self):
        self.calls += 1
        return f"<b>render {self.calls}</b>"


def render(renders: Renders, day: str = "2026-11-30") -> str:
    return TEMPLATE.render(Context({"render": renders, "day": day}, autoescape=False))


def test_the_body_is_rendered_once_until_the_content_changes():
    renders = Renders()
    assert render(renders) == "<b>render 1</b>"
    assert render(renders) == "<b>render 1</b>"
    bump_content_version()
    assert render(renders) == "<b>render 2</b>"


def test_each_language_and_part_has_its_own_copy():
    renders = Renders()
    with translation.override("ru"):
        render(renders)
        render(renders, day="2026-12-01")  # the next day's home page
    with translation.override("en"):
        render(renders)
    assert renders.calls == 3


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load masthead %}{% cached_fragment %}x{% endcached_fragment %}")
