"""Language editions: which articles each edition lists, kept as one flag per edition on every listing row.

An edition is the interface language: Russian at `/`, English under `/en/`
(or the other way round, by LANGUAGE_CODE). Each edition lists the articles
written in its language, plus the other language's articles the editors
cross-posted (`ArticlePage.cross_posted`). The article page itself is reachable
in both editions; only the listings choose.

Why a flag per edition (`edition_ru`, `edition_en`) on the listing rows and on
the article, and not a filter on `language`: a listing is a keyset range read
of an index (masthead/articles/listings.py). "Written in English or
cross-posted" is an OR over two columns, which no single index range answers:
the database would walk the rubric's whole range by date probing each row, and
for the smaller edition (a few English stories in a big rubric) that is most of
the rubric. A flag that is simply true for every article the edition lists
turns the OR into one equality, so the index (owner, edition_xx, listed_at
desc, page desc) gives the edition's page as a range of 21 entries again, as
before. Two booleans beside `listed_at` cost a few bytes per row and one index
per edition in place of the old one; they are written wherever `listed_at` is
(ArticlePage.save and sync_listed_at, the importers' bulk path, the bench
corpus), from `flags()` below, so the rule lives here only.
"""

from masthead.core.bilingual import LANGUAGES, reader_language

EDITIONS = LANGUAGES


def current(language: str | None = None) -> str:
    """The edition a request is in: its interface language ("ru" or "en"), else the site's default."""
    return reader_language(language)


def field(edition: str | None = None) -> str:
    """The name of the flag that marks what `edition` (default: the current one) lists: "edition_en"."""
    return f"edition_{current(edition)}"


def flags(language: str, cross_posted: bool) -> dict[str, bool]:
    """{"edition_ru": ..., "edition_en": ...} for an article: its own language's edition, every edition when cross-posted."""
    return {field(edition): cross_posted or edition == language for edition in EDITIONS}
