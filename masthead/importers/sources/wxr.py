"""WordPress eXtended RSS (WXR 1.0-1.2), the file WordPress's Tools > Export writes.

Parsed as a stream with defusedxml: each <item> is turned into a record when it
ends and then dropped, so a 2 GB export stays flat in memory. A DOCTYPE is
refused outright (WXR never has one), which refuses entity expansion (billion
laughs, quadratic blow-up) and external entities (XXE) before they expand;
nesting deeper than MAX_DEPTH is refused too. A truncated or broken file ends
with one error record saying where; the items before it are kept.

Posts (post_type "post") become articles; attachments, pages, menu items and
trashed or auto-draft posts are skipped. A first, cheap pass reads the
attachments (galleries and featured images name them by id, wherever they
stand in the file). A post is keyed by the export's site and its post id, so
exports of different sites never collide and two posts sharing a guid stay
two; a post id seen twice in one file is an error record. A post with a
password becomes a draft, flagged. Comments travel with their post: approved
and pending ones (pending wait for a moderator), pingbacks, trackbacks and spam
left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
PUBLISHED_STATUSES = {"publish"}
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


@dataclass
class _Channel:
    """What the export says about itself and what earlier items taught: shared by every item."""

    site: str = ""
    language: str = ""
    authors: dict[str, ParsedAuthor] = field(default_factory=dict)
    attachments: dict[str, dict] = field(default_factory=dict)
    seen_posts: set[str] = field(default_factory=set)


def parse(open_stream: Callable[[], TextIO], source: str) -> Iterator[ParsedArticle | RecordError | Skipped]:
    """Records from a WXR file; `open_stream` gives the decoded text (called twice: attachments first)."""
    channel = _Channel(attachments=_attachments(open_stream))
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
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
                    yield from _item_records(element, source, index, channel)
                    element.clear()
                    if stack:
                        stack[-1].remove(element)
                elif len(stack) == 2:
                    _channel_field(channel, name, element)
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


def _channel_field(channel: _Channel, name: str, element) -> None:
    """The channel's own fields: its site (for keys), language and authors."""
    if name == "author" and "wordpress.org/export" in namespace(element.tag):
        author = _author(element)
        if author:
            channel.authors[author.slug] = author
    elif name == "language":
        channel.language = language_from_code(element.text or "")
    elif name == "base_blog_url" or (name == "base_site_url" and not channel.site) or (name == "link" and not channel.site):
        channel.site = _site(element.text or "")


def _site(url: str) -> str:
    """"https://Old.Example.ru/blog/" -> "old.example.ru/blog": the same site whatever the scheme."""
    url = clean_text(url).lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.rstrip("/")


def _attachments(open_stream: Callable[[], TextIO]) -> dict[str, dict]:
    """{attachment post id: {"url", "alt", "caption", "parent"}}, read in a pass of its own.

    Errors are left to the main pass, which reports them where they stand.
    """
    found: dict[str, dict] = {}
    parser = DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    depth = 0
    try:
        with open_stream() as stream:
            for event, element in iterparse(stream, events=("start", "end"), parser=parser):
                if event == "start":
                    depth += 1
                    if depth > MAX_DEPTH:
                        break
                    continue
                depth -= 1
                if local(element.tag) != "item":
                    continue
                if child_text(element, "post_type").strip() == "attachment":
                    post_id = child_text(element, "post_id").strip()
                    url = clean_text(child_text(element, "attachment_url")) or clean_text(child_text(element, "guid"))
                    if post_id and url:
                        found[post_id] = {
                            "url": url,
                            "alt": clean_text(_meta(element).get("_wp_attachment_image_alt", "")),
                            "caption": html_to_text(child_text(element, "encoded", "excerpt")),
                            "parent": child_text(element, "post_parent").strip(),
                        }
                element.clear()
    except (TooDeep, DefusedXmlException, ParseError):
        pass
    return found


def _meta(element) -> dict[str, str]:
    return {
        clean_text(child_text(child, "meta_key")): child_text(child, "meta_value")
        for child in element
        if local(child.tag) == "postmeta"
    }


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


@dataclass
class _Item:
    """One <item>'s children, sorted by kind."""

    fields: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list = field(default_factory=list)
    size: int = 0


def _read_item(element) -> _Item:
    item = _Item()
    for child in element:
        name, ns = local(child.tag), namespace(child.tag)
        item.size += len(child.text or "")
        if name == "category":
            domain = child.get("domain", "category")
            text = clean_text(html_to_text(child.text or ""))
            if domain == "post_tag":
                item.tags.append(text)
            elif domain == "category":
                item.categories.append(text)
        elif name == "postmeta":
            item.meta[clean_text(child_text(child, "meta_key"))] = child_text(child, "meta_value")
        elif name == "comment":
            item.comments.append(child)
        elif name == "encoded":
            item.fields["excerpt" if "excerpt" in ns else "content"] = child.text or ""
        else:
            item.fields.setdefault(name, child.text or "")
    return item


def _item_records(element, source: str, index: int, channel: _Channel) -> Iterator[ParsedArticle | RecordError | Skipped]:
    where = f"item {index}"
    item = _read_item(element)
    fields = item.fields
    title = clean_text(html_to_text(fields.get("title", "")))
    post_type = fields.get("post_type", "post").strip() or "post"
    status = fields.get("status", "publish").strip()
    if post_type == "attachment":
        yield Skipped(source, f"{where}: attachment {clean_text(fields.get('attachment_url', ''))}")
        return
    if post_type != "post" or status in {"trash", "auto-draft", "inherit"}:
        yield Skipped(source, f"{where}: {post_type} ({status})")
        return
    key, problem = _item_key(fields, channel)
    if not problem and item.size > max_document_bytes():
        problem = f"the item is too large ({item.size:,} characters; the limit is {max_document_bytes():,})"
    if not problem:
        try:
            published_at = _published_at(fields)
        except ValueError as error:
            problem = f"the publication date cannot be parsed: {error}"
    if problem:
        yield RecordError(source, where, problem, key, title[:200])
        return
    yield _article(item, title, key, f"{source} ({where})", published_at, channel)


def _item_key(fields: dict[str, str], channel: _Channel) -> tuple[str, str]:
    """The item's key (export site + post id; else its guid or link) and what is wrong with it, if anything."""
    post_id = fields.get("post_id", "").strip()
    if post_id:
        if post_id in channel.seen_posts:
            return source_key("wxr", f"{channel.site}|{post_id}"), f"post id {post_id} appears twice in this file; the second one is not imported"
        channel.seen_posts.add(post_id)
        return source_key("wxr", f"{channel.site}|{post_id}"), ""
    value = clean_text(fields.get("guid", "")) or clean_text(fields.get("link", ""))
    if not value:
        return "", "the item has no post id, guid or link to key it on"
    return source_key("wxr", value), ""


def _article(item: _Item, title: str, key: str, where: str, published_at, channel: _Channel) -> ParsedArticle:
    fields = item.fields
    link = clean_text(fields.get("link", ""))
    status = fields.get("status", "publish").strip()
    post_id = fields.get("post_id", "").strip()
    body = html_to_blocks(fields.get("content", ""), base_url=link, attachments=channel.attachments, post_id=post_id)
    rubrics, story = split_rubrics(item.categories)
    login = clean_text(fields.get("creator", ""))
    authors = [channel.authors.get(login) or ParsedAuthor(name=login, slug=login)] if login else []
    thumbnail = channel.attachments.get((item.meta.get("_thumbnail_id") or "").strip())
    views = next((parse_count(item.meta[k]) for k in VIEW_META_KEYS if k in item.meta and parse_count(item.meta[k]) is not None), None)
    text_sample = title + " " + " ".join(value for kind, value in body[:5] if isinstance(value, str))
    password = (fields.get("post_password") or "").strip()
    return ParsedArticle(
        source_key=key,
        source=where,
        title=title,
        old_url=link,
        slug=clean_text(unquote(fields.get("post_name", ""))),
        lead=html_to_text(fields.get("excerpt", "")),
        body=body,
        authors=authors,
        rubrics=rubrics,
        tags=unique_names(item.tags),
        published_at=published_at,
        status=_status(status, password),
        language=guess_language(text_sample, default=channel.language),
        views=views,
        story_of_the_day=story,
        comments=[c for c in (_comment(c) for c in item.comments) if c],
        attachments=[thumbnail["url"]] if thumbnail else [],
        password_protected=bool(password),
    )


def _status(status: str, password: str) -> str:
    """A password-protected post is not for everyone: a draft, whatever WordPress said."""
    if password:
        return "draft"
    if status == "future":
        return "scheduled"
    return "published" if status in PUBLISHED_STATUSES else "draft"


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
    approved = child_text(element, "comment_approved").strip()
    if approved not in {"1", "0"}:
        return None  # spam and trash
    if child_text(element, "comment_type").strip() not in {"", "comment"}:
        return None  # pingbacks and trackbacks are not readers' comments
    text = html_to_text(child_text(element, "comment_content"))
    source_id = child_text(element, "comment_id").strip()
    if not text or not source_id:
        return None
    try:
        created = parse_sql_datetime(child_text(element, "comment_date_gmt"), UTC)
    except ValueError:
        created = None
    if created is None:
        try:
            created = parse_sql_datetime(child_text(element, "comment_date"), site_zone())
        except ValueError:
            created = None
    parent = child_text(element, "comment_parent").strip()
    return ParsedComment(
        source_id=source_id,
        text=text,
        author_name=clean_text(child_text(element, "comment_author"))[:200],
        author_email=clean_text(child_text(element, "comment_author_email"))[:254],
        author_url=clean_text(child_text(element, "comment_author_url"))[:500],
        created_at=created,
        parent_source_id="" if parent in {"", "0"} else parent,
        approved=approved == "1",
    )
