"""Test-only jobs for the `manage.py worker` subprocesses of test_worker.py (installed by worker_settings.py only)."""
