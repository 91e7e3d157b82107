"""Load the demo newsroom into an empty database (what `make run` does on first start).

It lives in pages, the top content app, because it builds the whole site: the
page tree, the site settings, authors, rubrics and articles; each feature app
then adds its part through its own `demo.py`, found by name, never imported.
"""

import datetime as dt
import importlib
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, Author, Rubric
from masthead.core.models import SiteSettings, SubscribeChannel
from masthead.lib.text import transliterated_slug
from masthead.pages.models import HomePage

# The newsroom's data stays in core/demo/, where the feature apps' demos and tests read it too.
DEMO_FILE = Path(__file__).resolve().parents[3] / "core" / "demo" / "newsroom.json"
HOME_SECTIONS = {"politics", "economy", "society"}
PALETTE = [(155, 28, 28), (30, 64, 120), (40, 100, 70), (120, 80, 20), (70, 50, 110)]


class Command(BaseCommand):
    help = "Load the demo newsroom (authors, rubrics, articles) unless articles exist already."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE), help="The newsroom JSON to load.")

    def handle(self, *args, **options):
        if ArticlePage.objects.exists() or Author.objects.exists() or Rubric.objects.exists():
            self.stdout.write("The database has a newsroom already; the demo newsroom is not loaded.")
            return
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        with transaction.atomic():
            home, news = build_site_tree()
            configure_site_settings(data["site"], Site.objects.get(is_default_site=True))
            authors = {row["slug"]: Author.objects.create(**row) for row in data["authors"]}
            rubrics = {
                row["slug"]: Rubric.objects.create(on_home_page=row["slug"] in HOME_SECTIONS, sort_order=index, **row)
                for index, row in enumerate(data["rubrics"])
            }
            loaded = [
                (row, create_article(news, row, authors, rubrics, with_image=index % 4 == 0))
                for index, row in enumerate(data["articles"])
            ]
            run_app_demo_hooks(data, loaded)
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo newsroom: {len(data['articles'])} articles."))


def run_app_demo_hooks(data: dict, loaded: list[tuple[dict, ArticlePage]]) -> None:
    """Let each app add its part of the demo: `masthead.<app>.demo.load_demo(data, loaded)`."""
    for app in apps.get_app_configs():
        if not app.name.startswith("masthead."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.demo":
                raise
            continue
        if hasattr(module, "load_demo"):  # core/demo/ is the data folder, not a hook
            module.load_demo(data, loaded)


def build_site_tree() -> tuple[HomePage, ArticleIndexPage]:
    """Replace Wagtail's welcome page with our home page and its news index."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Deleting the welcome page cascades to its Site; both are made anew below.
        for page in root.get_children().specific():
            page.delete()
        home = root.add_child(instance=HomePage(title=settings.WAGTAIL_SITE_NAME, slug="home"))
    address = urlsplit(settings.SITE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname or "localhost",
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    news = ArticleIndexPage.objects.first() or home.add_child(instance=ArticleIndexPage(title="Новости", slug="news"))
    return home, news


def configure_site_settings(site_data: dict, site: Site) -> None:
    site_settings = SiteSettings.for_site(site)
    site_settings.tagline_en = site_data.get("tagline_en", "")
    site_settings.tagline_ru = site_data.get("tagline_ru", "")
    site_settings.about_en = "An independent newsroom covering politics and the economy of Russia, Kazakhstan and Central Asia."
    site_settings.about_ru = "Независимая редакция о политике и экономике России, Казахстана и Центральной Азии."
    site_settings.contact_email = "newsroom@masthead.example"
    site_settings.save()
    for order, channel in enumerate(site_data.get("channels", [])):
        SubscribeChannel.objects.create(settings=site_settings, sort_order=order, **channel)


def create_article(news, row: dict, authors: dict, rubrics: dict, with_image: bool) -> ArticlePage:
    published_at = dt.datetime.fromisoformat(row["published_at"])
    article = ArticlePage(
        title=row["headline"],
        slug=transliterated_slug(row["headline"]),
        lead=row["lead"],
        language=row["language"],
        cross_posted=row.get("cross_posted", False),
        dateline=row.get("dateline", ""),
        published_at=published_at,
        story_of_the_day=dt.date.fromisoformat(row["story_of_the_day"]) if row.get("story_of_the_day") else None,
        body=[body_block(block) for block in row["body"]],
    )
    article.article_authors = [ArticleAuthor(author=authors[slug], sort_order=i) for i, slug in enumerate(row["authors"])]
    article.article_rubrics = [ArticleRubric(rubric=rubrics[slug], sort_order=i) for i, slug in enumerate(row["rubrics"])]
    if with_image:
        article.lead_image = demo_image(row["headline"], len(row["headline"]))
        article.lead_image_caption = "Иллюстрация редакции" if row["language"] == "ru" else "Newsroom illustration"
        article.lead_image_credit = "Masthead"
    news.add_child(instance=article)
    article.tags.set(row.get("tags", []))
    article.save_revision().publish()
    # A demo article was published at its own time, not at the moment of loading.
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published_at, last_published_at=published_at)
    return article


def body_block(block: dict) -> tuple:
    if block["type"] == "paragraph":
        return ("paragraph", RichText(f"<p>{escape(block['value'])}</p>"))
    return (block["type"], block["value"])


def escape(text: str) -> str:
    from django.utils.html import escape as html_escape

    return str(html_escape(text))


def demo_image(title: str, seed: int) -> Image:
    """An abstract banded illustration, made here, so the demo needs no downloads."""
    from PIL import Image as PILImage, ImageDraw

    colour = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", (1200, 675), (245, 241, 232))
    draw = ImageDraw.Draw(picture)
    for band in range(9):
        shade = tuple(min(255, c + band * 18) for c in colour)
        draw.rectangle([band * 140 - 40, 0, band * 140 + 90, 675], fill=shade)
    draw.ellipse([760, 140, 1100, 480], fill=(245, 241, 232))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return Image.objects.create(title=title[:255], file=ImageFile(buffer, name=f"demo-{seed}.jpg"))
