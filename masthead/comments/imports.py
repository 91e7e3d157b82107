"""Comments of an imported archive become real comments under their articles.

The importer sends `core.imports.articles_imported`; this takes the comments
out of it. Kept from the old site: the thread (a reply under its parent; replies
go one level deep here, so a reply to a reply hangs under the top comment), the
original date, the author's name as a guest name (no account is created; the
e-mail is stored as a guest's e-mail is, never shown). Approved comments are
published, the rest wait for a moderator. Written in bulk, without the policy
engine: these were moderated on the old site, and a 100,000-post archive
cannot wait for one save per comment.

Idempotent: each comment's id goes back to the importer with its key, and a
comment that comes back with an id is left as moderators have it now.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from masthead.comments.models import Comment
from masthead.comments.selectors import bump_threads
from masthead.comments.services import text_hash
from masthead.core.imports import ImportedArticle, ImportedComment
from masthead.lib.text import strip_control_chars

NAME_MAX = 60


def comments_import(*, items: list[ImportedArticle]) -> dict[str, int]:
    """Store the new comments of every item; returns {comment key: comment id} for all of them."""
    known: dict[tuple[int, str], int] = {}
    for item in items:
        for comment in item.comments:
            if comment.comment_id is not None:
                known[(item.article_id, comment.key)] = comment.comment_id
    existing_ids = set(Comment.objects.filter(pk__in=list(known.values())).values_list("pk", flat=True))
    known = {k: v for k, v in known.items() if v in existing_ids}
    tops, replies = [], []
    for item in items:
        by_key = {c.key: c for c in item.comments}
        for comment in item.comments:
            if (item.article_id, comment.key) in known or not comment.text.strip():
                continue
            top_key = _top_key(comment, by_key)
            row = _row(item, comment)
            (tops if top_key is None else replies).append((item.article_id, comment.key, top_key, row))
    _create(tops, known)
    for article_id, key, top_key, row in replies:
        row.parent_id = known.get((article_id, top_key))  # None: the parent was not kept; shown at the top
    _create(replies, known)
    touched = {article_id for article_id, *_ in tops + replies}
    transaction.on_commit(lambda: bump_threads(touched))
    return {_wire_key(article_id, key): pk for (article_id, key), pk in known.items()}


def _wire_key(article_id: int, key: str) -> str:
    return f"{article_id}:{key}"


def _top_key(comment: ImportedComment, by_key: dict[str, ImportedComment]) -> str | None:
    """The key of the thread's top comment, or None when the comment is one; loops end at the top."""
    seen = {comment.key}
    current = comment
    while current.parent_key and current.parent_key in by_key and current.parent_key not in seen:
        seen.add(current.parent_key)
        current = by_key[current.parent_key]
    if current is comment:
        return None if not comment.parent_key or comment.parent_key not in by_key else comment.parent_key
    return current.key


def _row(item: ImportedArticle, comment: ImportedComment) -> Comment:
    text = strip_control_chars(comment.text).strip()
    return Comment(
        article_id=item.article_id,
        guest_name=" ".join(strip_control_chars(comment.author_name).split())[:NAME_MAX],
        guest_email=_email(comment.author_email),
        text=text,
        text_hash=text_hash(text),
        status=Comment.Status.PUBLISHED if comment.approved else Comment.Status.HELD,
        language=item.language if item.language in {"ru", "en"} else "ru",
        **({"created_at": comment.created_at} if comment.created_at else {}),
    )


def _email(value: str) -> str:
    value = (value or "").strip()[:254]
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _create(rows: list, known: dict[tuple[int, str], int]) -> None:
    created = Comment.objects.bulk_create([row for *_, row in rows], batch_size=500)
    for (article_id, key, _, _), comment in zip(rows, created):
        known[(article_id, key)] = comment.pk
