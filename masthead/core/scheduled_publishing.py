"""Scheduled publishing and expiry that a killed job neither loses nor repeats.

Wagtail's `publish_scheduled` publishes a due revision in several autocommitted
steps: it first clears `approved_go_live_at` on the page's revisions, then saves
the page live, then sends `page_published` (the Telegram outbox, search, the
page cache listen) and writes the log. A job killed between the first two steps
left the article unpublished with nothing due any more: the article was never
published. Here each revision is published (and each expired object
unpublished) in one transaction that first re-reads, under a row lock, whether
it is still due: a job killed halfway leaves it due for the next run, and a run
that finds it already done by another does nothing.
"""

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision


def draft_state_models() -> list[type]:
    """The models Wagtail's command unpublishes on expiry: pages and every snippet with draft state."""
    return [Page] + [m for m in apps.get_models() if issubclass(m, DraftStateMixin) and not issubclass(m, Page)]


def unpublish_expired() -> int:
    """Unpublish every live object whose expiry has passed, each in its own transaction; how many."""
    done = 0
    for model in draft_state_models():
        due = model.objects.filter(live=True, expire_at__lt=timezone.now()).order_by("expire_at")
        for pk in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                obj = model.objects.select_for_update().filter(pk=pk, live=True, expire_at__lt=timezone.now()).first()
                if obj is not None:
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                    done += 1
    return done


def publish_due_revisions() -> int:
    """Publish every revision whose approved go-live time has passed, each in its own transaction; how many."""
    done = 0
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        if publish_revision_if_due(pk):
            done += 1
    return done


def publish_revision_if_due(pk: int) -> bool:
    """Publish revision `pk` if it is still due; False when another run (or an editor) got there first."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().filter(pk=pk, approved_go_live_at__lt=timezone.now()).first()
        if revision is None:
            return False
        revision.publish(log_action="wagtail.publish.scheduled")
    return True
