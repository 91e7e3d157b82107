"""Settings of the `manage.py worker` subprocesses in test_worker.py: the test settings plus test-only jobs."""

from config.settings.test import *  # noqa: F401,F403

INSTALLED_APPS = [*INSTALLED_APPS, "masthead.core.tests.jobs_app"]  # noqa: F405
PERIODIC_COMMANDS = {
    "tally": (["test_job_tally"], env.int("TEST_JOB_EVERY", default=3600)),  # noqa: F405
    "publish_scheduled": (["slow_publish_scheduled"], 3600),
}
