"""Comments react to other apps' events here (connected in `CommentsConfig.ready`)."""

from masthead.comments.models import Comment
from masthead.comments.selectors import bump_thread


def reader_renamed(sender, *, user, **kwargs) -> None:
    """Guests' cached threads show the old name: rebuild every thread the reader commented in."""
    article_ids = Comment.objects.filter(author=user).order_by().values_list("article_id", flat=True).distinct()
    for article_id in article_ids:
        bump_thread(article_id)
