"""Personas and builders shared by the comments tests: reader, another reader, moderator, editor."""

import itertools

import pytest
from django.contrib.auth.models import Group, Permission

from masthead.comments.models import Comment
from masthead.readers.models import ReaderProfile

_n = itertools.count(1)
UA = "Mozilla/5.0 (X11; Linux x86_64) Test"


def make_reader(name: str | None = None, **extra):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    n = next(_n)
    user = get_user_model().objects.create_user(
        username=f"reader{n}", email=f"reader{n}@example.org", password="correct horse battery", **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ReaderProfile.objects.create(user=user, display_name=name or f"Читатель {n}", language="ru")
    return user


def make_comment(article, author, text="Обычный комментарий", status=Comment.Status.PUBLISHED, **fields):
    from masthead.comments.services import text_hash

    return Comment.objects.create(article=article, author=author, text=text, text_hash=text_hash(text), status=status, **fields)


@pytest.fixture
def article(site_tree):
    from masthead.testing import make_article

    return make_article("Бюджет на осень", paragraphs=["Депутаты обсудили бюджет."])


@pytest.fixture
def reader(db):
    return make_reader("Анна")


@pytest.fixture
def other_reader(db):
    return make_reader("Борис")


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="moderator", email="mod@example.org", password="x")
    group, _ = Group.objects.get_or_create(name="Comment moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="moderate_comment")
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    """Can enter the admin but has no right to moderate comments."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="editor", email="ed@example.org", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def seasoned(settings):
    """New-account holding off, so a clean comment publishes at once."""
    settings.COMMENTS_NEW_ACCOUNT_HELD = 0
    return settings
