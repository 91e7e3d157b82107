"""Parsers for the archives Masthead can take in: WordPress WXR, saved HTML pages,
plain-text page captures. `iter_records` walks paths and yields their records."""

from masthead.importers.sources.reading import FORMATS, iter_records
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor, ParsedComment, RecordError, Skipped

__all__ = ["FORMATS", "iter_records", "ParsedArticle", "ParsedAuthor", "ParsedComment", "RecordError", "Skipped"]
