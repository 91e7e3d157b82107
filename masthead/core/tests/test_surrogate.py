"""Surrogate keys and lifetimes collected while a response renders (masthead.core.surrogate)."""

from masthead.core import surrogate


def test_a_nested_collection_reports_its_keys_and_the_soonest_change_outward():
    with surrogate.collecting() as page:
        surrogate.changes_in(300)
        with surrogate.collecting() as fragment:
            surrogate.shows("a1")
            surrogate.changes_in(0)  # changes right now: nothing may keep it
        with surrogate.collecting():
            surrogate.changes_in(60)
    assert fragment.keys == {"a1"} and page.keys == {"a1"}
    assert page.lifetime == 0


def test_without_a_lifetime_a_page_keeps_none():
    with surrogate.collecting() as page:
        with surrogate.collecting():
            surrogate.shows("a2")
    assert page.lifetime is None
    surrogate.changes_in(5)  # outside any response: nothing to tell, nothing raised
