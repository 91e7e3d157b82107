"""A large generated corpus for `make bench`: 20,000 articles in seconds, not hours.

Creating pages one by one through Wagtail costs tens of milliseconds each, so
this writes the tree rows in bulk, computing treebeard's paths itself. It is
for benchmark databases only; the demo newsroom goes through Wagtail's API.
"""

import datetime as dt
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page

from masthead.articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, ArticleRubric, ArticleTag, Author, Rubric

WORDS_RU = "выборы бюджет парламент депутаты закон регион энергетика экспорт зерно суд реформа налог министр губернатор тариф".split()
WORDS_EN = "election budget parliament deputies law region energy export grain court reform tax minister governor tariff".split()
BATCH = 1000


def ensure_corpus(size: int, seed: int = 7, stdout=None) -> int:
    """Make sure at least `size` published articles exist; return how many were added."""
    from masthead.pages.setup import build_site

    existing = ArticlePage.objects.count()
    if existing >= size:
        return 0
    _, news = build_site()
    rng = random.Random(seed + existing)
    authors = _ensure(Author, [dict(name=f"Автор {i}", name_en=f"Author {i}", slug=f"bench-author-{i}") for i in range(40)])
    rubric_rows = [dict(name=f"Рубрика {i}", name_en=f"Rubric {i}", slug=f"bench-rubric-{i}", kind=kind, on_home_page=i < 3)
                   for i, kind in enumerate(["section"] * 6 + ["region"] * 6 + ["topic"] * 6 + ["format"] * 2)]
    rubrics = _ensure(Rubric, rubric_rows)
    tags = [Tag.objects.get_or_create(name=f"тег {i}", defaults={"slug": f"teg-{i}"})[0] for i in range(300)]
    added = 0
    while existing + added < size:
        count = min(BATCH, size - existing - added)
        with transaction.atomic():
            news = ArticleIndexPage.objects.get(pk=news.pk)
            _add_batch(news, existing + added, count, rng, authors, rubrics, tags)
        added += count
        if stdout:
            stdout.write(f"corpus: {existing + added}/{size}\n")
    return added


def _ensure(model, rows):
    objects = []
    for row in rows:
        obj, _ = model.objects.get_or_create(slug=row["slug"], defaults=row)
        objects.append(obj)
    return objects


def _add_batch(news, offset, count, rng, authors, rubrics, tags):
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    start = timezone.now() - dt.timedelta(days=3 * 365)
    pages = []
    for i in range(count):
        n = offset + i
        language = "ru" if n % 3 else "en"
        words = WORDS_RU if language == "ru" else WORDS_EN
        title = " ".join(rng.choice(words) for _ in range(7)).capitalize() + f" {n}"
        slug = f"bench-{n}"
        moment = start + dt.timedelta(minutes=n * 79 % (3 * 365 * 24 * 60))
        pages.append(
            Page(
                title=title, draft_title=title, slug=slug, content_type=content_type, locale=locale,
                translation_key=uuid.uuid4(), depth=news.depth + 1,
                path=ArticleIndexPage._get_path(news.path, news.depth + 1, news.numchild + i + 1),
                numchild=0, url_path=f"{news.url_path}{slug}/", live=True, has_unpublished_changes=False,
                first_published_at=moment, last_published_at=moment,
            )
        )
    Page.objects.bulk_create(pages)
    created = Page.objects.filter(path__in=[p.path for p in pages]).values_list("pk", "path", "title", "first_published_at")
    authors_rows, rubric_rows, tag_rows = [], [], []
    for pk, path, title, moment in created:
        language = "ru" if rng.random() < 0.66 else "en"
        words = WORDS_RU if language == "ru" else WORDS_EN
        paragraphs = [" ".join(rng.choice(words) for _ in range(80)) for _ in range(rng.randint(5, 9))]
        body = [{"type": "paragraph", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in paragraphs]
        article = ArticlePage(page_ptr_id=pk, lead=" ".join(rng.choice(words) for _ in range(25)), body=body,
                              language=language, dateline="Москва", published_at=moment, live=True)
        article.set_editions()
        article.save_base(raw=True)
        listed = article.listing_values()
        for order, author in enumerate(rng.sample(authors, rng.randint(1, 2))):
            authors_rows.append(ArticleAuthor(page_id=pk, author=author, sort_order=order, **listed))
        for order, rubric in enumerate(rng.sample(rubrics, rng.randint(1, 4))):
            rubric_rows.append(ArticleRubric(page_id=pk, rubric=rubric, sort_order=order, **listed))
        for tag in rng.sample(tags, rng.randint(0, 5)):
            tag_rows.append(ArticleTag(content_object_id=pk, tag=tag, **listed))
    ArticleAuthor.objects.bulk_create(authors_rows)
    ArticleRubric.objects.bulk_create(rubric_rows)
    ArticleTag.objects.bulk_create(tag_rows)
    Page.objects.filter(pk=news.pk).update(numchild=news.numchild + count)
