from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures():
    return FIXTURES


@pytest.fixture
def import_file(site_tree):
    """Import paths through the real pipeline; returns the outcomes."""
    from masthead.importers.services import articles_import
    from masthead.importers.sources import ParsedArticle, RecordError, iter_records

    def run(*paths, fmt="auto", dry_run=False, bulk=False):
        outcomes, errors = [], []
        records = []
        for record in iter_records([str(p) for p in paths], fmt):
            if isinstance(record, ParsedArticle):
                records.append(record)
            elif isinstance(record, RecordError):
                errors.append(record)
        outcomes = list(articles_import(records=records, dry_run=dry_run, bulk=bulk))
        return outcomes, errors

    return run
