"""Unicode-aware LIKE for SQLite.

SQLite's built-in LIKE folds case for ASCII only, so `name__iexact="выборы"`
misses "Выборы" and case-insensitive tags split in two. PostgreSQL gets this
right already; on SQLite we replace like() with one that folds every script.
"""

import functools
import re


@functools.lru_cache(maxsize=512)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)
