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

from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from masthead.core import surrogate
from masthead.core.cache import cached


def cached_fragment(name: str, render: Callable[[], str], *, vary_on: Iterable = (), timeout: int = 600) -> SafeString:
    """The HTML `render()` gives, kept per language (and `vary_on` values) until the content changes."""
    # Hashed as Django's {% cache %} hashes them: any value makes a valid, short key.
    key = make_template_fragment_key(f"{name}:k:{translation.get_language()}", [str(part) for part in vary_on])

    def render_with_keys() -> tuple[str, tuple[str, ...]]:
        with surrogate.collecting() as collected:
            html = str(render())
        return html, tuple(sorted(collected.keys))

    html, keys = cached(key, render_with_keys, timeout=timeout)
    surrogate.shows(*keys)
    return mark_safe(html)  # our own templates' output
