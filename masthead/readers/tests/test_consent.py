"""Sign-up asks for consent to the processing of personal data, links the privacy policy and keeps the time."""

import pytest
from django.contrib.auth import get_user_model

from masthead.pages.demo import load_demo
from masthead.readers.models import ReaderProfile
from masthead.readers.tests.conftest import signup

pytestmark = pytest.mark.django_db


def test_the_sign_up_form_links_the_privacy_policy_in_the_readers_edition(client, site_tree):
    load_demo({}, [])
    russian = client.get("/accounts/signup/").content.decode()
    english = client.get("/en/accounts/signup/").content.decode()
    assert 'name="consent"' in russian and 'href="/privacy/"' in russian
    assert "политики конфиденциальности" in russian or "политикой конфиденциальности" in russian
    assert 'href="/en/privacy/"' in english and "privacy policy" in english
    assert 'name="consent" checked' not in russian  # never ticked in advance


def test_no_account_without_consent_and_the_reason_is_said(client, site_tree):
    response = signup(client, consent=False)
    assert response.status_code == 200
    assert "Без вашего согласия" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_the_consent_time_is_kept_on_the_profile(client, site_tree):
    assert signup(client).status_code == 302
    profile = ReaderProfile.objects.get()
    assert profile.personal_data_consent_at is not None


def test_without_a_privacy_page_the_consent_is_still_asked(client, site_tree):
    html = client.get("/accounts/signup/").content.decode()
    assert 'name="consent"' in html and "/privacy/" not in html
