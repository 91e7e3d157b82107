"""Personas and builders shared by the typo tests."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from masthead.core import freshness
from masthead.testing import make_article, make_rubric

PARAGRAPHS = [
    "Президент подписал указ «О мерах поддержки» в понедельник.",
    "Документ вступает в силу&nbsp;с 1 января. Эксперты считают, что указ изменит рынок.",
    "Указ опубликован на портале правовой информации.",
]


@pytest.fixture
def page_tree_root(transactional_db):
    """Transactional tests get the migrated database back (masthead/conftest.py); the page
    tree and site are built by site_tree. Kept as the name these tests ask for."""
    freshness.forget()


@pytest.fixture
def rubric(db):
    return make_rubric("Политика", slug="politics")


@pytest.fixture
def article(site_tree, rubric):
    return make_article("Указ о мерах поддержки", paragraphs=PARAGRAPHS, rubrics=[rubric])


class Reader:
    """A reader's browser: fetches a CSRF token as typos.js does, then posts JSON."""

    def __init__(self, **client_kwargs):
        self.client = Client(enforce_csrf_checks=True, **client_kwargs)
        self.token = None

    def report(self, target, fragment, /, *, raw: bytes | None = None, **fields):
        if self.token is None:
            self.token = self.client.get("/typos/token/").json()["token"]
        payload = {"article": target.pk, "revision": target.live_revision_id, "fragment": fragment, **fields}
        body = raw if raw is not None else json.dumps(payload)
        return self.client.post(
            "/typos/report/", body, content_type="application/json", headers={"X-CSRFToken": self.token}
        )


@pytest.fixture
def reader():
    return Reader(HTTP_USER_AGENT="Mozilla/5.0 reader", REMOTE_ADDR="203.0.113.7")


def make_editor(django_user_model, username="editor", *, perms=("review_typoreport", "add_correction"), email=None):
    user = django_user_model.objects.create_user(username, email or f"{username}@example.com", "pw")
    group, _ = Group.objects.get_or_create(name=f"typos-{'-'.join(perms) or 'none'}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in perms:
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="typos"))
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_editor(django_user_model)


@pytest.fixture
def limited_editor(db, django_user_model):
    return make_editor(django_user_model, "limited", perms=())


from masthead.core.tests.stores import store  # noqa: E402,F401  (the shared rate-limit store fixture)
