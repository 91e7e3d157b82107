"""The demo fills the newsletter's admin: subscribers of both editions in every state, and a draft to preview."""

import pytest

from masthead.articles.models import Rubric
from masthead.newsletter.demo import load_demo
from masthead.newsletter.models import Issue, Subscriber
from masthead.newsletter.sending import issue_context
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def test_the_demo_adds_subscribers_and_a_draft_issue_whose_links_leave_the_site_whole(site_tree, settings):
    settings.SITE_URL = "https://demo.example"
    Rubric.objects.create(name="Политика", slug="politics", kind=Rubric.Kind.SECTION)
    article = make_article("Выборы в парламент")
    load_demo({}, [({}, article)])
    load_demo({}, [({}, article)])  # a second run adds nothing

    confirmed = Subscriber.objects.filter(state=Subscriber.State.CONFIRMED)
    assert {s.language for s in confirmed} == {"ru", "en"}
    assert set(Subscriber.objects.values_list("state", flat=True)) == set(Subscriber.State.values)
    assert Subscriber.objects.get(email="ivan.sidorov@example.org").rubrics.get().slug == "politics"

    issue = Issue.objects.get()
    assert issue.state == Issue.State.DRAFT and issue.kind == Issue.Kind.ONE_OFF
    context = issue_context(issue, issue.language)
    assert f'href="https://demo.example{article.url}"' in context["body_html"]
    assert "https://demo.example/archive/" in context["body_text"]
