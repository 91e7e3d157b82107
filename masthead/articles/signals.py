"""Signals the content apps send for others to react to."""

from django.dispatch import Signal

# Sent (sender=ArticlePage, ids=[...], articles=[...]) after articles were written in bulk,
# without the page signals Wagtail sends one by one: the importer's bulk path. `articles`
# (optional) are those pages as saved, so a receiver need not read them again. Apps that
# keep something per article (the search index) bring themselves up to date here.
articles_bulk_saved = Signal()
