"""schema.org NewsArticle for the article page, as search engines read it."""

from django.conf import settings
from django.templatetags.static import static

from masthead.core.media_storage import absolute_media_url


def news_article(article, request=None) -> dict:
    authors = article.get_authors()
    modified = article.last_published_at or article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": article.canonical_url(),
        "headline": article.title[:110],
        "description": article.lead,
        "inLanguage": article.language,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": max(filter(None, [modified, article.published_at])).isoformat() if article.published_at else None,
        "author": [
            {"@type": "Person", "name": author.display_name(article.language), "url": settings.SITE_URL + author.get_absolute_url()}
            for author in authors
        ],
        "articleSection": [rubric.display_name(article.language) for rubric in article.get_rubrics()],
        "keywords": [tag.name for tag in article.get_tags()],
        "publisher": {
            "@type": "Organization",
            "name": settings.WAGTAIL_SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": settings.SITE_URL + static("masthead/icons/icon-512.png"), "width": 512, "height": 512},
        },
    }
    if article.lead_image:
        try:
            data["image"] = [absolute_media_url(article.lead_image.get_rendition("fill-1200x675").url)]
        except OSError:  # SourceImageIOError included
            pass  # the file is gone (a restore without media): the page still renders
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    return {key: value for key, value in data.items() if value not in (None, [], "")}
