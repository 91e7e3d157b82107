import pytest

from masthead.testing import make_article
from masthead.typos.demo import load_demo
from masthead.typos.models import Correction, TypoReport

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_queue_and_the_log(site_tree):
    article = make_article(paragraphs=["Правительство подготовило законопроект о местном самоуправлении и бюджетах."])
    load_demo({}, [({}, article)])
    report = TypoReport.objects.get()
    assert report.located and report.fragment == "законопроект"
    assert Correction.objects.filter(article=article).exists()
