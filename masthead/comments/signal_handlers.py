"""The comments app reacts to other apps' events: an archive import brings old comments."""

from masthead.core.imports import articles_imported


def take_imported_comments(sender, items, **kwargs):
    """Imported comments become comments (see comments.imports); their ids go back to the importer."""
    from masthead.comments.imports import comments_import

    if not any(item.comments for item in items):
        return {}
    return comments_import(items=items)


def register_signal_handlers():
    articles_imported.connect(take_imported_comments, dispatch_uid="comments_imported_comments")
