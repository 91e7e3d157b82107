"""Get-or-compute under the content version, with scoped versions."""

import pytest

from masthead.core.cache import bump_scope, bump_scopes, cached
from masthead.core.freshness import bump_content_version

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self, value="v"):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


def test_computes_once_until_the_content_changes():
    compute = Counter()
    assert cached("thing", compute) == "v"
    assert cached("thing", compute) == "v"
    assert compute.calls == 1
    bump_content_version()
    cached("thing", compute)
    assert compute.calls == 2


def test_none_and_false_are_cached_too():
    compute = Counter(value=None)
    cached("nothing", compute)
    cached("nothing", compute)
    assert compute.calls == 1


def test_a_scope_bump_refreshes_only_that_scope():
    thread_one, thread_two = Counter(), Counter()
    cached("thread", thread_one, scope="comments:thread:1")
    cached("thread2", thread_two, scope="comments:thread:2")
    bump_scope("comments:thread:1")
    cached("thread", thread_one, scope="comments:thread:1")
    cached("thread2", thread_two, scope="comments:thread:2")
    assert (thread_one.calls, thread_two.calls) == (2, 1)


def test_bumping_many_scopes_at_once_recomputes_only_theirs():
    one, two, three = Counter(), Counter(), Counter()
    for number, compute in ((1, one), (2, two), (3, three)):
        cached(f"thread{number}", compute, scope=f"comments:thread:{number}")
    bump_scopes(["comments:thread:1", "comments:thread:3"])
    for number, compute in ((1, one), (2, two), (3, three)):
        cached(f"thread{number}", compute, scope=f"comments:thread:{number}")
    assert (one.calls, two.calls, three.calls) == (2, 1, 2)


def test_a_lost_scope_version_never_meets_old_entries():
    from django.core.cache import cache

    compute = Counter()
    cached("thread", compute, scope="comments:thread:9")
    cache.delete("scope:comments:thread:9")  # evicted
    cached("thread", compute, scope="comments:thread:9")
    assert compute.calls == 2
