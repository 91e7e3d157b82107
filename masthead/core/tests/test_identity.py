"""The client's address is read from X-Forwarded-For only when a trusted proxy sent the request."""

from django.test import RequestFactory

from masthead.core.identity import client_ip, keyed_hash, visitor_key

rf = RequestFactory()


def request_from(remote: str, forwarded: str | None = None, agent: str = "Mozilla/5.0"):
    extra = {"REMOTE_ADDR": remote, "HTTP_USER_AGENT": agent}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(request_from("127.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_hops_the_client_invented_are_skipped(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    # The client wrote "1.2.3.4" itself; our proxies appended the real address and their own.
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


def test_an_untrusted_sender_cannot_pick_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_proxy_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(request_from("127.0.0.1", "not-an-address, <script>")) == "127.0.0.1"


def test_visitor_keys_differ_by_purpose_and_hide_the_address():
    request = request_from("198.51.100.7")
    typos, comments = visitor_key(request, "typos"), visitor_key(request, "comments")
    assert typos != comments
    # A hex digest: the dotted address cannot appear in it (a bare "198" may, by chance).
    assert len(typos) == 32 and set(typos) <= set("0123456789abcdef")
    assert visitor_key(request_from("198.51.100.7", agent="other"), "typos") == typos  # the address alone


def test_a_key_with_the_browser_changes_with_the_browser():
    one = visitor_key(request_from("198.51.100.7", agent="A"), "views", with_user_agent=True)
    two = visitor_key(request_from("198.51.100.7", agent="B"), "views", with_user_agent=True)
    assert one != two


def test_keyed_hash_depends_on_the_secret(settings):
    first = keyed_hash("typos", "x")
    settings.SECRET_KEY = "another-secret-" + "x" * 40
    assert keyed_hash("typos", "x") != first
