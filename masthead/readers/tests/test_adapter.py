"""allauth's own limits see the reader's address, not the proxy's."""

from allauth.account.adapter import get_adapter
from django.test import RequestFactory


def test_behind_a_trusted_proxy_allauth_sees_the_reader(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"


def test_an_untrusted_sender_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
