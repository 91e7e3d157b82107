"""`publish_scheduled` that stops in the middle of each publish, where a killed job hurts most.

Wagtail has already cleared the revision's go-live time when it saves the page:
there the job touches TEST_JOB_STARTED and sleeps TEST_JOB_SLEEP seconds, for the
test to kill it with SIGKILL.
"""

import os
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models.signals import pre_save

from masthead.articles.models import ArticlePage


def pause(sender, instance, **kwargs):
    if instance.live:
        Path(os.environ["TEST_JOB_STARTED"]).write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("TEST_JOB_SLEEP", "0")))


class Command(BaseCommand):
    def handle(self, *args, **options):
        pre_save.connect(pause, sender=ArticlePage, dispatch_uid="slow_publish_scheduled")
        call_command("publish_scheduled")
