"""The plain records every parser yields; services.article_import takes them in.

Parsers know nothing of Django models: they turn bytes into these dataclasses
(or into a RecordError saying what went wrong and where), so each format can be
tested on its own and the one write path stays in services.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ParsedAuthor:
    name: str
    slug: str = ""  # the source's login or nicename, matched against Author.slug
    email: str = ""


@dataclass
class ParsedComment:
    source_id: str
    text: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    created_at: dt.datetime | None = None
    parent_source_id: str = ""
    approved: bool = True


@dataclass
class ParsedArticle:
    """One article as the source gave it.

    `body` is a list of (block type, value) pairs in the ArticlePage body's own
    block types: ("paragraph", sanitised rich-text HTML), ("subheading", text),
    ("quote", text), ("embed", url), and ("image", {"src", "alt", "caption"})
    which the import resolves to an image or a link. `published_at` is aware
    (UTC or with the source's offset) or None (the import time is used).
    `status` is "published", "scheduled" (goes live at `published_at`) or "draft".
    """

    source_key: str
    source: str
    title: str
    old_url: str = ""
    slug: str = ""
    lead: str = ""
    body: list[tuple[str, str]] = field(default_factory=list)
    authors: list[ParsedAuthor] = field(default_factory=list)
    rubrics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None
    status: str = "published"
    language: str = ""
    dateline: str = ""
    views: int | None = None
    story_of_the_day: bool = False
    comments: list[ParsedComment] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    password_protected: bool = False


@dataclass
class RecordError:
    """A record that could not be read; `where` points into the source (file, item, line)."""

    source: str
    where: str
    message: str
    source_key: str = ""
    title: str = ""


@dataclass
class Skipped:
    """An item that is not an article (a WordPress attachment, menu item, page, trashed post)."""

    source: str
    reason: str
