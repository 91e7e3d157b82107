"""Information pages (privacy policy, about, contacts, registration details): in the footer of every page,
in the reader's edition, editable in the admin; the privacy policy is what sign-up's consent links."""

import pytest
from django.core.exceptions import ValidationError

from masthead.pages.demo import load_demo
from masthead.pages.models import InfoPage
from masthead.testing import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def info_pages(site_tree):
    load_demo({}, [])
    return {page.role: page for page in InfoPage.objects.all()}


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">'):]


def test_every_page_s_footer_lists_the_information_pages_in_order_in_its_edition(client, info_pages):
    article = make_article("Новость с подвалом")
    for path in ("/", article.url, "/archive/2026/"):
        html = footer(client.get(path).content.decode())
        positions = [html.index(f'href="/{slug}/"') for slug in ("about", "contacts", "privacy", "registration")]
        assert positions == sorted(positions), path
        assert "О редакции" in html and "Политика конфиденциальности" in html
        assert 'href="/corrections/"' in html  # the corrections log, from the typos app's slot
    english = footer(client.get("/en/").content.decode())
    assert 'href="/en/privacy/">Privacy policy<' in english and "Политика" not in english


def test_an_information_page_reads_in_the_readers_edition(client, info_pages):
    russian = client.get("/privacy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "<h1" in russian and "Политика конфиденциальности" in russian and "Мы обрабатываем" in russian
    assert "Privacy policy" in english and "We process" in english and "Мы обрабатываем" not in english


def test_a_page_without_english_text_shows_the_russian_one_in_the_english_edition(client, site_tree):
    home, _news = site_tree
    page = home.add_child(instance=InfoPage(title="Вакансии", slug="jobs", body="<p>Ищем корреспондента.</p>", footer_order=9))
    page.save_revision().publish()
    assert "Ищем корреспондента." in client.get("/en/jobs/").content.decode()


def test_an_unpublished_page_leaves_the_footer_at_once(client, info_pages):
    assert 'href="/contacts/"' in footer(client.get("/").content.decode())
    info_pages["contacts"].unpublish()
    assert 'href="/contacts/"' not in footer(client.get("/").content.decode())
    assert client.get("/contacts/").status_code == 404


def test_a_page_out_of_the_footer_is_still_served(client, info_pages):
    about = info_pages["about"]
    about.footer_order = None
    about.save_revision().publish()
    assert 'href="/about/"' not in footer(client.get("/").content.decode())
    assert client.get("/about/").status_code == 200


def test_two_pages_cannot_share_a_role(info_pages, site_tree):
    home, _news = site_tree
    second = InfoPage(title="Ещё одна политика", slug="privacy-2", role=InfoPage.Role.PRIVACY)
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=second)
    assert "role" in error.value.message_dict


def test_an_editor_adds_an_information_page_in_the_admin(admin_client, site_tree):
    home, _news = site_tree
    response = admin_client.post(
        f"/admin/pages/add/pages/infopage/{home.pk}/",
        {"title": "Реклама", "title_en": "Advertising", "slug": "ads", "body": '{"blocks": [], "entityMap": {}}',
         "body_en": '{"blocks": [], "entityMap": {}}', "role": "", "footer_order": "5", "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = InfoPage.objects.get(slug="ads")
    assert page.live and page.footer_order == 5


def test_a_page_without_a_search_description_is_summed_up_by_its_first_words(client, site_tree):
    home, _news = site_tree
    page = home.add_child(instance=InfoPage(
        title="Вакансии", slug="jobs", body="<p>Ищем корреспондента.</p><p>Пишите &amp; звоните.</p>",
        body_en="<p>We are hiring.</p>",
    ))
    page.save_revision().publish()
    assert '<meta name="description" content="Ищем корреспондента. Пишите &amp; звоните.">' in client.get("/jobs/").content.decode()
    assert '<meta name="description" content="We are hiring.">' in client.get("/en/jobs/").content.decode()
    page.search_description = "Работа в редакции"
    page.save_revision().publish()
    assert '<meta name="description" content="Работа в редакции">' in client.get("/jobs/").content.decode()
