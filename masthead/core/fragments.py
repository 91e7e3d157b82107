"""Rendered HTML that depends only on published content and the reader's language.

The sections menu, the archive calendar and the home page's blocks are the
same for every reader of one language until something is published, so each is
rendered once and kept under the content version (`masthead.core.cache`).
Template tags of any app call `cached_fragment`; templates use the
`{% cached_fragment "name" part... %}` block tag of the `masthead` library.
A fragment keeps the surrogate keys its render collected and says them again
when it is served from the cache, so the page around it is purged when what the
fragment shows changes (`masthead.core.surrogate`).
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from masthead.core import surrogate
from masthead.core.cache import cached

T = TypeVar("T")


def cached_fragment(name: str, render: Callable[[], str], *, vary_on: Iterable = (), timeout: int = 600) -> SafeString:
    """The HTML `render()` gives, kept per language (and `vary_on` values) until the content changes."""
    return mark_safe(cached_render(name, lambda: str(render()), vary_on=vary_on, timeout=timeout))  # our own templates' output


def cached_render(name: str, render: Callable[[], T], *, vary_on: Iterable = (), timeout: int = 600) -> T:
    """What `render()` gives (any picklable value), kept as `cached_fragment` keeps HTML, surrogate keys included."""
    # Hashed as Django's {% cache %} hashes them: any value makes a valid, short key.
    key = make_template_fragment_key(f"{name}:k:{translation.get_language()}", [str(part) for part in vary_on])

    def render_with_keys() -> tuple[T, tuple[str, ...]]:
        with surrogate.collecting() as collected:
            value = render()
        return value, tuple(sorted(collected.keys))

    value, keys = cached(key, render_with_keys, timeout=timeout)
    surrogate.shows(*keys)
    return value
