"""Duplicates arriving at once merge into one report without losing a count."""

import threading

import pytest
from django.db import connection

from masthead.typos.models import TypoReport
from masthead.typos.services import typo_report_submit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_tree_root")]


def test_concurrent_duplicates_merge_with_an_exact_count(article):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Shared-cache in-memory SQLite raises "table is locked" without waiting; the real
        # file database (WAL, busy timeout, IMMEDIATE) queues writers instead.
        pytest.skip("needs a file or server database")
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors = []

    def submit(n):
        try:
            barrier.wait()
            typo_report_submit(article=article, revision=article.live_revision, fragment="подписал указ", visitor=f"v{n}")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = TypoReport.objects.get()
    assert report.count == threads_count
