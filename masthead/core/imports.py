"""What an archive import hands over to the apps that own the rest of an article's past.

The importer knows articles; the view count belongs to pageviews and the
comments to the comments app, and the importer may not import either (the
layer contracts: engagement apps stand above the importer). So it sends
`articles_imported` once per committed batch, inside the transaction that wrote
the articles, and each app that cares connects a receiver in its
`AppConfig.ready()`. Without a receiver nothing happens: the count stays on the
import record, the comments in `importers.ImportedComment`.

The payload is plain data, defined here so that sender and receivers share it
without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent with `items`: a list of ImportedArticle. A receiver may return a dict
# {"<article id>:<comment key>": comment id} for the comments it stored (new and
# already known), which the importer keeps so the next import of the same file
# leaves those comments alone.
articles_imported = Signal()


@dataclass
class ImportedComment:
    """One comment of the old site. `key` is unique within its article and stable across
    re-imports; `comment_id` is the id a receiver returned last time (None: new)."""

    key: str
    text: str
    author_name: str = ""
    author_email: str = ""
    created_at: dt.datetime | None = None
    parent_key: str = ""
    approved: bool = True
    comment_id: int | None = None


@dataclass
class ImportedArticle:
    article_id: int
    language: str = "ru"
    views: int | None = None
    comments: list[ImportedComment] = field(default_factory=list)


def comment_ids(responses: list[tuple[object, object]]) -> dict[str, int]:
    """The {"<article id>:<comment key>": comment id} the receivers of one `send` returned, merged."""
    found: dict[str, int] = {}
    for _, response in responses:
        if isinstance(response, dict):
            found.update(response)
    return found
