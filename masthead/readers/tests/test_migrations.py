"""Profiles made while ReaderProfile lived in comments survive its move to readers (cleaned), and the move reverses."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("comments", "0002_default_rules_and_words"), ("readers", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_a_profile_made_in_comments_is_there_after_the_move():
    old_apps = _migrate(BEFORE)
    assert "comments_readerprofile" in connection.introspection.table_names()
    User = old_apps.get_model("auth", "User")
    OldProfile = old_apps.get_model("comments", "ReaderProfile")
    user = User.objects.create(username="anna", email="anna@example.org")
    OldProfile.objects.create(user=user, display_name="Анна", notify_replies=False, language="en")
    spoofer = User.objects.create(username="spoofer", email="spoofer@example.org")
    OldProfile.objects.create(user=spoofer, display_name="\u202eNIMDA\u200b")
    try:
        new_apps = _migrate(_latest())
        tables = connection.introspection.table_names()
        assert "readers_readerprofile" in tables and "comments_readerprofile" not in tables
        profile = new_apps.get_model("readers", "ReaderProfile").objects.get(user_id=user.pk)
        assert (profile.display_name, profile.notify_replies, profile.language) == ("Анна", False, "en")
        # Names saved before the display-name check lose their format characters.
        assert new_apps.get_model("readers", "ReaderProfile").objects.get(user_id=spoofer.pk).display_name == "NIMDA"
        # The model in use reads the same row through the user, as comments do.
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.get(pk=user.pk).reader_profile.display_name == "Анна"
        # Going back gives comments its table and the row again.
        old_apps = _migrate(BEFORE)
        assert old_apps.get_model("comments", "ReaderProfile").objects.get(user_id=user.pk).display_name == "Анна"
    finally:
        _migrate(_latest())
