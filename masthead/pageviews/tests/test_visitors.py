import pytest
from django.core import signing
from django.test import RequestFactory

from masthead.core import identity
from masthead.pageviews import visitors
from masthead.pageviews.tests.conftest import BROWSER_UA

BOTS = {
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "HeadlessChrome": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "curl": "curl/8.5.0",
    "python-requests": "python-requests/2.32.3",
    "TelegramBot": "TelegramBot (like TwitterBot)",
    "facebookexternalhit": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot": "Twitterbot/1.0",
    "empty": "",
    "blank": "   ",
}
READERS = {
    "Chrome": BROWSER_UA,
    "Firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Safari iPhone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    "Yandex Browser": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
}


@pytest.mark.parametrize("user_agent", BOTS.values(), ids=BOTS.keys())
def test_crawlers_previews_and_headless_browsers_are_bots(user_agent):
    assert visitors.is_bot(user_agent)


@pytest.mark.parametrize("user_agent", READERS.values(), ids=READERS.keys())
def test_ordinary_browsers_are_readers(user_agent):
    assert not visitors.is_bot(user_agent)


@pytest.mark.parametrize(
    "header,value",
    [("HTTP_SEC_PURPOSE", "prefetch"), ("HTTP_SEC_PURPOSE", "prefetch;prerender"), ("HTTP_PURPOSE", "prefetch"), ("HTTP_X_MOZ", "prefetch")],
)
def test_prefetch_and_prerender_requests_are_recognised(header, value):
    assert visitors.is_prefetch(RequestFactory().post("/", **{header: value}))


def test_plain_request_is_not_a_prefetch():
    assert not visitors.is_prefetch(RequestFactory().post("/"))


def test_forwarded_for_is_ignored_without_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert identity.client_ip(request) == "203.0.113.5"


def test_forwarded_for_is_believed_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.9")
    assert identity.client_ip(request) == "198.51.100.7"


def test_garbage_forwarded_for_from_trusted_proxy_falls_back_to_proxy_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>, not-an-ip")
    assert identity.client_ip(request) == "10.0.0.2"


def test_visitor_without_cookie_is_a_daily_hash_that_holds_no_ip():
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=BROWSER_UA)
    visitor = visitors.visitor_from_request(request)
    assert len(visitor.key) == 32 and "203.0.113.5" not in visitor.key
    assert visitor.key == visitors.visitor_from_request(request).key
    assert visitor.new_cookie and visitor.new_cookie_key


def test_signed_cookie_is_the_visitor():
    cookie, key = visitors.new_visitor_cookie()
    request = RequestFactory().post("/")
    request.COOKIES[visitors.COOKIE_NAME] = cookie
    visitor = visitors.visitor_from_request(request)
    assert visitor.key == key and visitor.new_cookie is None


@pytest.mark.parametrize("value", ["abc", "abc:def", signing.Signer(salt="other").sign("x"), "x" * 5000])
def test_forged_cookie_is_refused(value):
    request = RequestFactory().post("/")
    request.COOKIES[visitors.COOKIE_NAME] = value
    with pytest.raises(visitors.ForgedVisitor):
        visitors.visitor_from_request(request)
