"""Build the peer site: migrate, then create or update its one article (idempotent).

`--article FILE` takes the article Masthead's bench measures (JSON: title, intro,
published_at, body as [{"type", "value"}]) so both sites serve the same text;
without it the article keeps what it had, or a placeholder on the first build.
"""

import json
from pathlib import Path
from datetime import datetime, timezone

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

from news.models import ArticlePage

SLUG = "article"
PLACEHOLDER = {
    "title": "Placeholder article",
    "intro": "<p>Replaced by the measured Masthead article when `make bench` runs.</p>",
    "published_at": "2026-01-01T09:00:00+00:00",
    "body": [{"type": "paragraph", "value": "<p>Placeholder.</p>"}],
}


class Command(BaseCommand):
    help = "Migrate the peer's database and create or update its article; prints the article's path."

    def add_arguments(self, parser):
        parser.add_argument("--article", help="JSON file with title, intro, published_at and body.")

    def handle(self, *args, **options):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        site = Site.objects.get(is_default_site=True)
        root = site.root_page.specific
        data = json.loads(open(options["article"], encoding="utf-8").read()) if options["article"] else None
        article = ArticlePage.objects.child_of(root).filter(slug=SLUG).first()
        if article is None:
            article = ArticlePage(slug=SLUG, **fields(data or PLACEHOLDER))
            root.add_child(instance=article)
            article.save_revision().publish()
        elif data and any(getattr(article, name) != value for name, value in fields(data).items()
                          if name != "body") or (data and list(article.body.raw_data) != fields(data)["body"]):
            for name, value in fields(data).items():
                setattr(article, name, value)
            article.save_revision().publish()
        self.stdout.write(article.url_path[len(root.url_path) - 1:])


def fields(data: dict) -> dict:
    """The model's fields from the exported article; blocks the peer has no type for are left out."""
    kinds = {"paragraph", "subheading", "quote"}
    return {
        "title": data["title"],
        "intro": data["intro"],
        "published_at": datetime.fromisoformat(data["published_at"]).astimezone(timezone.utc),
        "body": [{"type": b["type"], "value": b["value"]} for b in data["body"] if b["type"] in kinds],
    }
