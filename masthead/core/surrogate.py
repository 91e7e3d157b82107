"""Surrogate keys: the names of what a response shows, so caches can drop exactly the pages an edit touches.

A page collects keys while it renders: the article it is (`a12`), the articles
its teasers show, the rubrics, authors and tags it names, the listing it is
(`list-r3`). An edit then purges by key (`masthead.pagecache.purge`), and the
app's page cache and the proxy in front (Varnish's xkey) drop every page tagged
with it and nothing else.

This module only collects: it has no idea what a key means, so any layer can
say what it shows (`shows`) and a view can say that its response is a reader
page fit for shared caches (`page`). Rendered fragments kept in the cache
(`masthead.core.fragments`) keep the keys their render collected and say them
again on a hit, so a page assembled from cached pieces still knows its keys.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Collected:
    keys: set[str] = field(default_factory=set)
    is_page: bool = False  # a view said: a reader page, the same for every anonymous reader
    # Seconds until time alone changes the page (no edit marks that moment, so no purge comes).
    lifetime: float | None = None


_current: ContextVar[Collected | None] = ContextVar("masthead_surrogate_keys", default=None)


def key_of(thing) -> str:
    """A string is a key already; a model instance names its own (`surrogate_key`)."""
    return thing if isinstance(thing, str) else thing.surrogate_key


def shows(*things) -> None:
    """This response shows these things (keys or objects with a `surrogate_key`)."""
    collected = _current.get()
    if collected is not None:
        collected.keys.update(key_of(thing) for thing in things if thing)


def shows_all(things: Iterable) -> None:
    shows(*things)


def page(*things) -> None:
    """This response is a reader page (the same for every anonymous reader) showing these things."""
    collected = _current.get()
    if collected is not None:
        collected.is_page = True
        collected.keys.update(key_of(thing) for thing in things if thing)


def changes_in(seconds: float) -> None:
    """This response changes by itself within `seconds` (the news sitemap's 48 hours): no shared copy may outlive it."""
    collected = _current.get()
    if collected is not None:
        collected.lifetime = seconds if collected.lifetime is None else min(collected.lifetime, seconds)


@contextmanager
def collecting() -> Iterator[Collected]:
    """Collect the keys said inside; nested collections also report to the enclosing one."""
    outer = _current.get()
    collected = Collected()
    token = _current.set(collected)
    try:
        yield collected
    finally:
        _current.reset(token)
        if outer is not None:
            outer.keys.update(collected.keys)
            if collected.lifetime is not None and (outer.lifetime is None or collected.lifetime < outer.lifetime):
                outer.lifetime = collected.lifetime  # the sooner of the two (0 included)
