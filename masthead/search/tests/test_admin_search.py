"""The Wagtail admin's page search finds articles by any word form, through the admin view itself."""

import pytest

from masthead.testing import make_article

pytestmark = pytest.mark.django_db


def admin_search(admin_client, q):
    response = admin_client.get("/admin/pages/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("q", ["Екатеринбург", "Екатеринбурга", "екатеринбургом", "выборов Екатеринбурге"])
def test_an_inflected_form_finds_the_article(admin_client, site_tree, q):
    make_article("Выборы в Екатеринбурге", lead="Итоги голосования.")
    make_article("Погода в Омске")
    html = admin_search(admin_client, q)
    assert "Выборы в Екатеринбурге" in html and "Погода в Омске" not in html


def test_english_forms_and_the_results_fragment_too(admin_client, site_tree):
    make_article("Heat wave grips Europe", language="en", lead="Temperatures heated past records.")
    assert "Heat wave grips Europe" in admin_search(admin_client, "heating")
    fragment = admin_client.get("/admin/pages/search/results/", {"q": "heated"})
    assert fragment.status_code == 200 and "Heat wave grips Europe" in fragment.content.decode()


def test_drafts_are_still_found_by_wagtails_own_search(admin_client, site_tree):
    make_article("Выборы в Екатеринбурге")
    make_article("Черновик про Екатеринбург", live=False)
    html = admin_search(admin_client, "Екатеринбург")
    assert "Выборы в Екатеринбурге" in html and "Черновик про Екатеринбург" in html
    drafts = admin_search(admin_client, "Екатеринбург live:no")
    assert "Черновик про Екатеринбург" in drafts and "Выборы в Екатеринбурге" not in drafts


@pytest.mark.parametrize("q", ["", "***", '"', "a" * 2000, "live:yes", "NEAR(a b)"])
def test_odd_queries_do_not_break_the_admin_search(admin_client, site_tree, q):
    make_article("Выборы в Екатеринбурге")
    assert admin_client.get("/admin/pages/search/", {"q": q}).status_code == 200
