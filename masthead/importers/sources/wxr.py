"""WordPress eXtended RSS (WXR 1.0-1.2), the file WordPress's Tools > Export writes.

Parsed as a stream with defusedxml: each <item> is turned into a record when it
ends and then dropped, so a 2 GB export stays flat in memory. A DOCTYPE is
refused outright (WXR never has one), which refuses entity expansion (billion
laughs, quadratic blow-up) and external entities (XXE) before they expand;
nesting deeper than MAX_DEPTH is refused too. A truncated or broken file ends
with one error record saying where; the items before it are kept.

Posts (post_type "post") become articles; attachments, pages, menu items and
trashed or auto-draft posts are skipped. Approved comments travel with their post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TextIO
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from xml.etree.ElementTree import ParseError, TreeBuilder

from masthead.importers.body import clean_text, html_to_blocks, html_to_text
from masthead.importers.sources.common import (
    UTC,
    guess_language,
    language_from_code,
    parse_count,
    parse_rfc2822,
    parse_sql_datetime,
    site_zone,
    source_key,
    split_rubrics,
    unique_names,
)
from masthead.importers.sources.reading import max_document_bytes
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor, ParsedComment, RecordError, Skipped

MAX_DEPTH = 64
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
VIEW_META_KEYS = {"views", "post_views_count", "_views", "wpb_post_views_count", "pvc_views", "_post_views", "post_views"}


class TooDeep(Exception):
    pass


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def child_text(element, name: str, ns_part: str = "") -> str:
    """Text of the first direct child with local name `name` (and a namespace containing ns_part)."""
    for child in element:
        if local(child.tag) == name and (not ns_part or ns_part in namespace(child.tag)):
            return child.text or ""
    return ""


def parse(open_stream: Callable[[], TextIO], source: str) -> Iterator[ParsedArticle | RecordError | Skipped]:
    """Records from a WXR file; `open_stream` gives the decoded text."""
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    authors: dict[str, ParsedAuthor] = {}
    attachments: dict[str, str] = {}
    channel_language = ""
    depth = 0
    stack = []
    index = 0
    failed = False
    with open_stream() as stream:
        events = iterparse(stream, events=("start", "end"), parser=parser)
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise TooDeep()
                    stack.append(element)
                    continue
                depth -= 1
                stack.pop()
                name = local(element.tag)
                if name == "item":
                    index += 1
                    yield from _item_records(element, source, index, authors, attachments, channel_language)
                    element.clear()
                    if stack:
                        stack[-1].remove(element)
                elif name == "author" and "wordpress.org/export" in namespace(element.tag) and len(stack) == 2:
                    author = _author(element)
                    if author:
                        authors[author.slug] = author
                elif name == "language" and len(stack) == 2:
                    channel_language = language_from_code(element.text or "")
        except TooDeep:
            failed = True
            yield RecordError(source, f"after item {index}", f"the XML nests deeper than {MAX_DEPTH} levels; refused")
        except DefusedXmlException as error:
            failed = True
            yield RecordError(source, f"after item {index}", f"unsafe XML refused ({type(error).__name__}: DTDs and entities are not allowed)")
        except ParseError as error:
            failed = True
            line, column = getattr(error, "position", (0, 0))
            reason = "the file ends in the middle of the XML (truncated?)" if "no element found" in str(error) or "unclosed token" in str(error) else "the XML is malformed"
            yield RecordError(source, f"line {line}, column {column}, after item {index}", f"{reason}: {error}")
    if index == 0 and not failed:
        yield RecordError(source, "file", "no <item> found: this is not a WordPress export")


def _author(element) -> ParsedAuthor | None:
    login = clean_text(child_text(element, "author_login"))
    display = clean_text(child_text(element, "author_display_name"))
    if not display:
        first = clean_text(child_text(element, "author_first_name"))
        last = clean_text(child_text(element, "author_last_name"))
        display = f"{first} {last}".strip()
    if not login and not display:
        return None
    return ParsedAuthor(name=display or login, slug=login or display, email=clean_text(child_text(element, "author_email")))


def _item_records(element, source, index, authors, attachments, channel_language):
    where = f"item {index}"
    fields = {}
    categories, tags, meta, comments = [], [], {}, []
    size = 0
    for child in element:
        name, ns = local(child.tag), namespace(child.tag)
        size += len(child.text or "")
        if name == "category":
            domain = child.get("domain", "category")
            text = clean_text(html_to_text(child.text or ""))
            if domain == "post_tag":
                tags.append(text)
            elif domain == "category":
                categories.append(text)
        elif name == "postmeta":
            meta[clean_text(child_text(child, "meta_key"))] = child_text(child, "meta_value")
        elif name == "comment":
            comments.append(child)
        elif name == "encoded":
            fields["excerpt" if "excerpt" in ns else "content"] = child.text or ""
        else:
            fields.setdefault(name, child.text or "")
    title = clean_text(html_to_text(fields.get("title", "")))
    guid = clean_text(fields.get("guid", ""))
    link = clean_text(fields.get("link", ""))
    post_type = fields.get("post_type", "post").strip() or "post"
    status = fields.get("status", "publish").strip()
    if post_type == "attachment":
        url = clean_text(fields.get("attachment_url", "")) or guid
        if url and fields.get("post_id"):
            attachments[fields["post_id"].strip()] = url
        yield Skipped(source, f"{where}: attachment {url}")
        return
    if post_type != "post" or status in {"trash", "auto-draft", "inherit"}:
        yield Skipped(source, f"{where}: {post_type} ({status})")
        return
    key_value = guid or link or fields.get("post_id", "")
    key = source_key("wxr", key_value) if key_value else ""
    if size > max_document_bytes():
        yield RecordError(source, where, f"the item is too large ({size:,} characters; the limit is {max_document_bytes():,})", key, title[:200])
        return
    if not key:
        yield RecordError(source, where, "the item has no guid, link or post id to key it on", "", title[:200])
        return
    try:
        published_at = _published_at(fields)
    except ValueError as error:
        yield RecordError(source, where, f"the publication date cannot be parsed: {error}", key, title[:200])
        return
    body = html_to_blocks(fields.get("content", ""), base_url=link)
    rubrics, story = split_rubrics(categories)
    login = clean_text(fields.get("creator", ""))
    author_list = []
    if login:
        author_list.append(authors.get(login) or ParsedAuthor(name=login, slug=login))
    thumbnail = attachments.get((meta.get("_thumbnail_id") or "").strip())
    views = next((parse_count(meta[k]) for k in VIEW_META_KEYS if k in meta and parse_count(meta[k]) is not None), None)
    text_sample = title + " " + " ".join(value for _, value in body[:5])
    yield ParsedArticle(
        source_key=key,
        source=f"{source} ({where})",
        title=title,
        old_url=link,
        slug=clean_text(unquote(fields.get("post_name", ""))),
        lead=html_to_text(fields.get("excerpt", "")),
        body=body,
        authors=author_list,
        rubrics=rubrics,
        tags=unique_names(tags),
        published_at=published_at,
        status="published" if status in PUBLISHED_STATUSES else "draft",
        language=guess_language(text_sample, default=channel_language),
        views=views,
        story_of_the_day=story,
        comments=[c for c in (_comment(c) for c in comments) if c],
        attachments=[thumbnail] if thumbnail else [],
    )


def _published_at(fields: dict) -> dt.datetime | None:
    """post_date_gmt; WordPress leaves it zero on drafts, then post_date (site time) or pubDate."""
    gmt = parse_sql_datetime(fields.get("post_date_gmt", ""), UTC)
    if gmt:
        return gmt
    local_time = parse_sql_datetime(fields.get("post_date", ""), site_zone())
    if local_time:
        return local_time.astimezone(UTC)
    pub_date = fields.get("pubDate", "").strip()
    return parse_rfc2822(pub_date) if pub_date else None


def _comment(element) -> ParsedComment | None:
    if child_text(element, "comment_approved").strip() != "1":
        return None
    if child_text(element, "comment_type").strip() not in {"", "comment"}:
        return None  # pingbacks and trackbacks are not readers' comments
    text = html_to_text(child_text(element, "comment_content"))
    if not text:
        return None
    try:
        created = parse_sql_datetime(child_text(element, "comment_date_gmt"), UTC)
    except ValueError:
        created = None
    parent = child_text(element, "comment_parent").strip()
    return ParsedComment(
        source_id=child_text(element, "comment_id").strip(),
        text=text,
        author_name=clean_text(child_text(element, "comment_author"))[:200],
        author_email=clean_text(child_text(element, "comment_author_email"))[:254],
        author_url=clean_text(child_text(element, "comment_author_url"))[:500],
        created_at=created,
        parent_source_id="" if parent in {"", "0"} else parent,
    )
