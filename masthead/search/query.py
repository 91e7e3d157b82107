"""A reader's query, made safe and made into lexemes.

Everything typed is text: quotes, `*`, `-`, `NEAR`, `OR`, `&`, SQL all become
words or nothing. The query goes through the same morphology as the articles;
each word becomes "any of its lemmas", and every word must be present. Only the
first MAX_QUERY_CHARS characters and MAX_TERMS words are used, so no input can
make the database work harder than a long honest query.

The database never sees what the reader typed: the FTS5 MATCH string and the
tsquery are built here from lexemes (letters, digits and "_" only), each quoted.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from masthead.lib import morphology

MAX_QUERY_CHARS = 300
MAX_TERMS = 32
# A phrase bonus is sought for this many adjacent pairs at most (each may have several readings).
MAX_PAIRS = 64


@dataclass(frozen=True)
class Query:
    """The terms of a query: one tuple of alternative lexemes per word."""

    terms: tuple[tuple[str, ...], ...] = ()
    pairs: tuple[str, ...] = ()
    words: frozenset[str] = field(default_factory=frozenset)  # every lexeme, for highlighting

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5_required(self, columns: tuple[str, ...] = ()) -> str:
        """The FTS5 MATCH expression of the required terms, in these columns only when named."""
        main = " AND ".join("(" + " OR ".join(_fts5_string(x) for x in term) + ")" for term in self.terms)
        return "{" + " ".join(columns) + "} : (" + main + ")" if columns else main

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every term required; adjacent pairs, when present, add to the rank."""
        main = self.fts5_required()
        if not self.pairs:
            return main
        pairs = " OR ".join(_fts5_string(pair) for pair in self.pairs)
        return f"({main}) OR (({main}) AND ({pairs}))"

    def tsquery(self) -> str:
        """The tsquery literal of the required terms (cast with ::tsquery: no parser runs on it)."""
        return " & ".join("(" + " | ".join(quote_lexeme(x) for x in term) + ")" for term in self.terms)

    def pairs_tsquery(self) -> str:
        return " | ".join(quote_lexeme(pair) for pair in self.pairs)


def quote_lexeme(lexeme: str) -> str:
    """A lexeme as a tsvector/tsquery literal: quoted, quotes and backslashes doubled."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _fts5_string(lexeme: str) -> str:
    return '"' + lexeme.replace('"', '""') + '"'


def clean(raw: str) -> str:
    """The query as the reader typed it, bounded and single-spaced (to show back and to parse)."""
    return " ".join(raw[: MAX_QUERY_CHARS * 2].split())[:MAX_QUERY_CHARS]


def parse(raw: str) -> Query:
    """The lexemes of a query; an empty Query when nothing searchable was typed."""
    tokens = morphology.tokens(clean(raw))
    meaningful = [t for t in tokens if not morphology.is_stopword(t.word)] or tokens
    terms = tuple(dict.fromkeys(morphology.lemmas(t.word, True) for t in meaningful[:MAX_TERMS]))
    if not terms:
        return Query()
    ordered = [morphology.lemmas(t.word, True) for t in meaningful[:MAX_TERMS]]
    pairs = tuple(
        dict.fromkeys(f"{a}_{b}" for first, second in itertools.pairwise(ordered) for a in first for b in second)
    )[:MAX_PAIRS]
    return Query(terms=terms, pairs=pairs, words=frozenset(x for term in terms for x in term))
