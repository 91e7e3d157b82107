import json
from pathlib import Path

import pytest

from masthead.comments.demo import load_demo
from masthead.comments.models import Comment, CommentPolicySettings

pytestmark = pytest.mark.django_db


def test_the_demo_sets_the_policy_and_holds_the_disguised_link(site_tree):
    from masthead.testing import make_article

    data = json.loads((Path(__file__).resolve().parents[2] / "core" / "demo" / "newsroom.json").read_text())
    article = make_article(language="ru")
    load_demo(data, [({}, article)])
    assert CommentPolicySettings.objects.get().policy_ru == data["comment_policy_ru"]
    assert list(Comment.objects.order_by("pk").values_list("status", flat=True)) == ["published", "published", "held"]
    held = Comment.objects.get(status="held")
    assert held.decisions.get(deciding=True).rule_code == "links"
    load_demo(data, [({}, article)])  # a second run adds nothing
    assert Comment.objects.count() == 3
