"""Article pages saved from a site (File > Save page as, a crawler's copy).

Metadata comes from the page's own declarations, in this order of trust:
JSON-LD (NewsArticle and kin, also inside @graph), OpenGraph / article:*
properties, then plain meta tags and <title>. The main text is found by
trafilatura (a maintained extractor, not scraping rules of our own), then goes
through the same sanitiser as every body (body.html_to_blocks) and the same
furniture filter as text captures. Byline, date, rubrics, tags and view count
fall back on what trafilatura and the visible page text show.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator

import lxml.html
import trafilatura

from masthead.importers.body import clean_text, html_to_blocks, html_to_text
from masthead.importers.sources.common import (
    guess_language,
    language_from_code,
    parse_count,
    parse_iso_datetime,
    source_key,
    split_rubrics,
    unique_names,
)
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor, RecordError
from masthead.importers.sources.text import VIEWS, _is_date_line, furniture_kind, parse_date_line

ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "webpage"}
JSON_LD_MAX = 1_000_000
VIEWS_IN_TEXT = re.compile(r"(?:views|просмотров|просмотры)\s*:?\s*(\d[\d\s\u00a0,.]{0,15}\d|\d)", re.IGNORECASE)


def parse(text: str, source: str) -> Iterator[ParsedArticle | RecordError]:
    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        yield RecordError(source, "file", f"the HTML cannot be read: {error}")
        return
    meta = page_metadata(document)
    document_found = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, include_images=False
    )
    extracted = document_found.as_dict() if document_found is not None else {}
    body_html = trafilatura.extract(
        text, output_format="html", include_comments=False, include_formatting=True, include_links=True, include_tables=False
    ) or ""
    title = clean_text(meta.get("title") or extracted.get("title") or "")
    if not title:
        yield RecordError(source, "file", "no headline found (no JSON-LD headline, og:title or <title>)")
        return
    url = meta.get("url") or extracted.get("url") or ""
    blocks = [
        block for block in html_to_blocks(body_html, base_url=url)
        if not furniture_kind(html_to_text(block[1])) and html_to_text(block[1]) != title
    ]
    visible = clean_text(document.text_content()) if document is not None else ""
    try:
        shown_at, dateline = _date_from_text(document)
    except ValueError as error:
        if meta.get("published_at") is None:
            yield RecordError(source, "file", f"the date cannot be parsed: {error}", title=title)
            return
        shown_at, dateline = None, ""
    published_at = meta.get("published_at") or shown_at
    if published_at is None and extracted.get("date"):
        published_at = parse_iso_datetime(f"{extracted['date']}T00:00:00")
    authors = meta.get("authors") or _split_authors(extracted.get("author") or "")
    rubrics, story = split_rubrics(meta.get("rubrics") or list(_as_list(extracted.get("categories"))))
    tags = meta.get("tags") or list(_as_list(extracted.get("tags")))
    views = meta.get("views")
    if views is None:
        match = VIEWS_IN_TEXT.search(visible)
        views = parse_count(match.group(1)) if match else None
    key_value = url or hashlib.sha256(f"{title}|{published_at.isoformat() if published_at else ''}".encode()).hexdigest()
    yield ParsedArticle(
        source_key=source_key("url" if url else "html", key_value),
        source=source,
        title=title,
        old_url=url,
        lead=clean_text(meta.get("description") or extracted.get("description") or ""),
        body=blocks,
        authors=[ParsedAuthor(name=name) for name in unique_names(authors)],
        rubrics=rubrics,
        tags=unique_names(tags),
        published_at=published_at,
        language=meta.get("language") or guess_language(title + " " + visible[:2000]),
        dateline=dateline,
        views=views,
        story_of_the_day=story,
    )


def page_metadata(document) -> dict:
    """What the page declares about itself: JSON-LD first, then OpenGraph, then meta tags."""
    found: dict = {}
    for item in _json_ld_articles(document):
        _merge(found, {
            "title": html_to_text(str(item.get("headline") or item.get("name") or "")),
            "description": html_to_text(str(item.get("description") or "")),
            "published_at": parse_iso_datetime(str(item.get("datePublished") or "")),
            "authors": [_name(a) for a in _as_list(item.get("author")) if _name(a)],
            "rubrics": [str(s) for s in _as_list(item.get("articleSection")) if s],
            "tags": _keywords(item.get("keywords")),
            "url": _url(item.get("url")) or _url(_id(item.get("mainEntityOfPage"))),
            "views": _views(item.get("interactionStatistic")),
            "language": language_from_code(str(item.get("inLanguage") or "")),
        })
    props: dict[str, list[str]] = {}
    for element in document.iter("meta"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        if name and element.get("content") is not None:
            props.setdefault(name, []).append(element.get("content"))
    first = lambda *names: next((props[n][0] for n in names if props.get(n)), "")  # noqa: E731
    canonical = next((l.get("href") for l in document.iter("link") if (l.get("rel") or "").lower() == "canonical"), "")
    title_element = document.find(".//title")
    _merge(found, {
        "title": clean_text(first("og:title", "twitter:title") or (title_element.text_content() if title_element is not None else "")),
        "description": clean_text(first("og:description", "description", "twitter:description")),
        "published_at": parse_iso_datetime(first("article:published_time", "og:published_time", "pubdate", "date")),
        "authors": [clean_text(a) for a in props.get("article:author", []) + props.get("author", []) if clean_text(a) and not a.startswith("http")],
        "rubrics": [clean_text(s) for s in props.get("article:section", []) if clean_text(s)],
        "tags": [clean_text(t) for t in props.get("article:tag", []) if clean_text(t)] or _keywords(first("news_keywords", "keywords")),
        "url": _url(first("og:url")) or _url(canonical),
        "language": language_from_code(document.get("lang") or first("og:locale")),
    })
    return found


def _merge(found: dict, values: dict) -> None:
    for key, value in values.items():
        if value not in (None, "", []) and key not in found:
            found[key] = value


def _json_ld_articles(document) -> Iterator[dict]:
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > JSON_LD_MAX:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        stack = _as_list(data)
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(_as_list(item.get("@graph")))
            types = {str(t).lower() for t in _as_list(item.get("@type"))}
            if types & ARTICLE_TYPES and (item.get("headline") or "webpage" not in types):
                yield item


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or ""
    return clean_text(str(value)) if not str(value).startswith("http") else ""


def _id(value) -> str:
    return value.get("@id", "") if isinstance(value, dict) else str(value or "")


def _url(value) -> str:
    value = clean_text(str(value or ""))
    return value if value.startswith(("http://", "https://")) else ""


def _keywords(value) -> list[str]:
    items = []
    for item in _as_list(value):
        items += [clean_text(part) for part in str(item).split(",") if clean_text(part)]
    return items


def _views(value) -> int | None:
    for item in _as_list(value):
        if isinstance(item, dict):
            kind = str(item.get("interactionType") or "")
            kind = kind.get("@type", "") if isinstance(kind, dict) else kind
            if any(word in kind for word in ("Watch", "Read", "View")):
                count = parse_count(str(item.get("userInteractionCount") or ""))
                if count is not None:
                    return count
    return None


def _split_authors(text: str) -> list[str]:
    return [part.strip() for part in re.split(r";|,|\s+и\s+|\s+and\s+", text or "") if part.strip()]


def _date_from_text(document):
    """A date line as the page prints it ("02.03.2022 23:57 (мск), Москва"), when it declares none."""
    for element in document.iter("time", "span", "div", "p"):
        line = clean_text(element.text_content())
        if line and len(line) <= 120 and _is_date_line(line):
            return parse_date_line(line)
    return None, ""
