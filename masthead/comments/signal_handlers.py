"""Comments react to other apps' events here (connected in `CommentsConfig.ready`):
a reader's rename refreshes the cached threads, an archive import brings old comments."""

from masthead.comments.models import Comment
from masthead.comments.selectors import bump_thread
from masthead.core.imports import articles_imported
from masthead.readers.signals import reader_renamed


def refresh_threads_of_renamed_reader(sender, *, user, **kwargs) -> None:
    """Guests' cached threads show the old name: rebuild every thread the reader commented in."""
    article_ids = Comment.objects.filter(author=user).order_by().values_list("article_id", flat=True).distinct()
    for article_id in article_ids:
        bump_thread(article_id)


def take_imported_comments(sender, items, **kwargs):
    """Imported comments become comments (see comments.imports); their ids go back to the importer."""
    from masthead.comments.imports import comments_import

    if not any(item.comments for item in items):
        return {}
    return comments_import(items=items)


def register_signal_handlers():
    reader_renamed.connect(refresh_threads_of_renamed_reader, dispatch_uid="comments.reader_renamed")
    articles_imported.connect(take_imported_comments, dispatch_uid="comments_imported_comments")
