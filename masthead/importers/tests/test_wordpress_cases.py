"""WordPress's awkward cases, each in fixtures/wordpress-cases.xml (written for these tests in
the shapes of WordPress's theme unit test data and its importer's fixtures)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from masthead.articles.models import ArticlePage, Author, Rubric
from masthead.comments.models import Comment
from masthead.comments.selectors import thread_for
from masthead.importers.models import ImportedComment, ImportRecord
from masthead.importers.services import ImportOptions

pytestmark = pytest.mark.django_db

CASES = "wordpress-cases.xml"
POSTS = 12  # items that are posts (two attachments are skipped)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def imported(site_tree, import_file, fixtures):
    outcomes, errors = import_file(fixtures / CASES)
    assert errors == [] and [o.status for o in outcomes] == ["created"] * POSTS, [(o.title, o.error) for o in outcomes]
    return {o.title: o for o in outcomes}


@pytest.mark.parametrize("bulk", [False, True], ids=["item-by-item", "bulk"])
def test_a_second_import_of_every_fixture_is_all_unchanged(site_tree, import_file, fixtures, bulk):
    paths = [fixtures / CASES, fixtures / "wordpress-other-site.xml", fixtures / "wordpress.xml"]
    first, _ = import_file(*paths, bulk=bulk)
    assert {o.status for o in first} == {"created"}, [(o.title, o.error) for o in first if o.status != "created"]
    comments = Comment.objects.count()
    second, _ = import_file(*paths, bulk=bulk)
    assert [o.status for o in second] == ["unchanged"] * len(first)
    assert Comment.objects.count() == comments


def test_a_password_protected_post_is_a_flagged_draft(site_tree, fixtures):
    lines, _ = run(fixtures / CASES)
    [line] = [line for line in lines if line["title"] == "Protected post"]
    assert line["flags"] == ["password-protected"]
    article = ArticlePage.objects.get(title="Protected post")
    assert not article.live
    assert not ArticlePage.objects.live().filter(lead__contains="Secret").exists()


def test_posts_sharing_a_guid_stay_two_and_other_sites_never_collide(site_tree, import_file, fixtures):
    import_file(fixtures / CASES)
    import_file(fixtures / "wordpress-other-site.xml")
    assert ArticlePage.objects.filter(title__startswith="Shared guid").count() == 4
    assert ImportRecord.objects.filter(source_key="wxr:cases.example|202").exists()
    assert ImportRecord.objects.filter(source_key="wxr:other.example|202").exists()


@pytest.mark.parametrize("bulk", [False, True], ids=["item-by-item", "bulk"])
def test_a_post_opening_with_a_heading_or_quote_gets_its_lead_from_that_text(site_tree, import_file, fixtures, bulk):
    outcomes, _ = import_file(fixtures / CASES, bulk=bulk)
    heading = ArticlePage.objects.get(title="Opens with a heading")
    assert heading.lead == "A heading first" and heading.live
    assert [b.block_type for b in heading.body] == ["subheading", "paragraph"]
    quote = ArticlePage.objects.get(title="Opens with a quote")
    assert quote.lead == "A quote first."
    for article in (heading, quote):
        article.full_clean()  # the model accepts what the import made


def test_both_paths_make_the_same_articles(site_tree, import_file, fixtures):
    def snapshot():
        return sorted(
            (a.title, a.lead, a.live, [b.block_type for b in a.body], a.published_at is not None)
            for a in ArticlePage.objects.all()
        )

    import_file(fixtures / CASES)
    one = snapshot()
    ArticlePage.objects.all().delete()
    ImportRecord.objects.all().delete()
    import_file(fixtures / CASES, bulk=True)
    assert snapshot() == one


def test_media_become_image_embed_and_faithful_text_blocks(site_tree, import_file, fixtures):
    import_file.options = None
    from masthead.importers.services import articles_import
    from masthead.importers.sources import ParsedArticle, iter_records

    records = [r for r in iter_records([fixtures / CASES]) if isinstance(r, ParsedArticle) and r.title == "Media post"]
    [outcome] = articles_import(records=records, options=ImportOptions(media_root=fixtures / "media"))
    assert outcome.status == "created"
    body = ArticlePage.objects.get(title="Media post").body
    kinds = [b.block_type for b in body]
    assert kinds[:4] == ["image", "paragraph", "image", "paragraph"]
    assert body[0].value["image"].title == "The hall"  # the full-size file the link pointed to
    assert 'href="https://cases.example/wp-content/uploads/2022/03/missing.jpg"' in str(body[1].value)
    assert "A missing photo" in str(body[1].value)
    assert "gallery-2.jpg" in str(body[3].value)  # gallery image not in the folder: a link-out
    html = [str(b.value) for b in body]
    assert any("interview.mp3" in h for h in html)
    embeds = [b.value.url for b in body if b.block_type == "embed"]
    assert embeds == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871",
        "https://twitter.com/kremlin_e/status/1234567890", "https://t.me/durov/142",
    ]
    text = " ".join(html)
    assert "<b>WXR</b>" in text and "WordPress eXtended RSS" in text
    assert "<b>Party | Seats</b>" in text and "A | 312" in text
    assert "3. third" in text and "4. fourth" in text
    assert "def f():<br>\u00a0\u00a0\u00a0\u00a0return 1" in text


def test_without_a_media_folder_images_are_links_with_their_alt_text(imported):
    body = ArticlePage.objects.get(title="Media post").body
    assert "image" not in [b.block_type for b in body]
    assert "The hall" in str(body[0].value)


def test_categories_are_topics_and_the_menu_shows_only_sections(imported, client):
    article = ArticlePage.objects.get(title="Categorised post")
    assert [(r.name, r.kind) for r in article.get_rubrics()] == [("Politics", "topic"), ("Cats and dogs", "topic")]
    html = client.get("/").content.decode()
    assert "Cats and dogs" not in html


def test_a_rubric_map_chooses_sections_renames_and_drops(site_tree, fixtures, tmp_path, client):
    mapping = tmp_path / "rubrics.csv"
    mapping.write_text("# category,rubric,kind\nPolitics,Политика,section\nCats and dogs,-\n", encoding="utf-8")
    run(fixtures / CASES, "--rubric-map", mapping)
    article = ArticlePage.objects.get(title="Categorised post")
    assert [(r.name, r.kind) for r in article.get_rubrics()] == [("Политика", "section")]
    assert not Rubric.objects.filter(name="Cats and dogs").exists()


def test_a_scheduled_post_is_scheduled_and_redirects_only_from_go_live(imported, client):
    article = ArticlePage.objects.get(title="Scheduled post")
    assert not article.live
    assert article.go_live_at == dt.datetime(2099, 1, 1, 9, 0, tzinfo=dt.UTC)
    assert article.latest_revision.approved_go_live_at == article.go_live_at
    assert imported["Scheduled post"].flags == ["scheduled"]
    assert not Redirect.objects.filter(redirect_page=article).exists()
    # Go-live comes: Wagtail's publish_scheduled publishes the approved revision.
    past = timezone.now() - dt.timedelta(minutes=1)
    ArticlePage.objects.filter(pk=article.pk).update(go_live_at=past, published_at=past)
    article.latest_revision.__class__.objects.filter(pk=article.latest_revision.pk).update(approved_go_live_at=past)
    call_command("publish_scheduled", stdout=io.StringIO())
    redirect = Redirect.objects.get(redirect_page=article)
    assert redirect.old_path == "/archives/208" and redirect.is_permanent


def test_titles_authors_untitled_and_undated(imported):
    assert ArticlePage.objects.filter(title="Reversed title with isolates").exists()
    assert Author.objects.get(name="Jane Doe").slug == "jane-doe"
    untitled = imported["An untitled post that starts with these words…"]
    assert untitled.flags == ["untitled"]
    undated = ArticlePage.objects.get(title="Undated draft")
    assert abs((undated.published_at - timezone.now()).total_seconds()) < 120
    assert imported["Undated draft"].flags == ["undated"]


def test_imported_comments_become_real_comments(imported, client):
    article = ArticlePage.objects.get(title="Commented post")
    comments = {c.guest_name: c for c in Comment.objects.filter(article=article)}
    assert set(comments) == {"Alice", "Bob", "Carol", "Dave"}  # no spam, pingback or trackback
    assert comments["Alice"].parent is None and comments["Alice"].author is None
    assert comments["Bob"].parent == comments["Alice"]
    assert comments["Carol"].parent == comments["Alice"]  # replies go one level deep here
    assert comments["Alice"].created_at == dt.datetime(2022, 3, 3, 7, 0, tzinfo=dt.UTC)
    assert comments["Alice"].guest_email == "alice@example.com"
    assert comments["Dave"].status == Comment.Status.HELD
    assert {c.status for n, c in comments.items() if n != "Dave"} == {Comment.Status.PUBLISHED}
    assert thread_for(article).count == 3
    assert ImportedComment.objects.filter(article=article, comment_id__isnull=False).count() == 4


def test_editors_changes_survive_a_reimport_unless_overwritten(site_tree, fixtures, tmp_path):
    run(fixtures / CASES)
    article = ArticlePage.objects.get(title="Categorised post")
    article.lead = "An editor's lead."
    article.save_revision().publish()
    changed = tmp_path / "changed.xml"
    changed.write_text((fixtures / CASES).read_text().replace("Text under many categories.", "New text."))
    lines, err = run(changed)
    [line] = [line for line in lines if line["title"] == "Categorised post"]
    assert line["status"] == "kept" and line["note"] == "edited since import"
    assert ArticlePage.objects.get(pk=article.pk).lead == "An editor's lead."
    lines, _ = run(changed, "--overwrite")
    [line] = [line for line in lines if line["title"] == "Categorised post"]
    assert line["status"] == "updated"
    assert ArticlePage.objects.get(pk=article.pk).lead == "New text."


def test_errors_are_in_the_commands_language(site_tree, tmp_path):
    from masthead.importers.tests.wxr_builder import item, wxr

    path = tmp_path / "empty.xml"
    path.write_text(wxr(item(1, "Пусто", body=" ")))
    with pytest.raises(Exception):
        run(path, "--language", "ru")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception):
        call_command("import_articles", str(path), "--language", "ru", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["error"] == "в статье нет текста"
    out = io.StringIO()
    with pytest.raises(Exception):
        call_command("import_articles", str(path), "--language", "en", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["error"] == "the article has no text"
