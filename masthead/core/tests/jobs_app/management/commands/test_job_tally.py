"""A job whose every run leaves one line in a file (TEST_JOB_TALLY), then takes TEST_JOB_SLEEP seconds."""

import os
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args, **options):
        with open(os.environ["TEST_JOB_TALLY"], "a") as tally:
            tally.write(f"{os.getpid()}\n")
        time.sleep(float(os.environ.get("TEST_JOB_SLEEP", "0")))
