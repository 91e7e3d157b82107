"""Flood limits on comments, as `core.ratelimit` limits: how often a visitor may try, how much may be accepted.

- attempts: every submission of a visitor counts, refused ones included
  (COMMENTS_ATTEMPTS_PER_MINUTE a minute);
- accepted per hour: per account (COMMENTS_PER_HOUR) and per visitor whatever
  the account (COMMENTS_VISITOR_PER_HOUR), so rotating accounts does not help;
- the minimum interval (COMMENTS_MIN_INTERVAL), per account and per visitor:
  one accepted comment per interval, kept exactly (a limit of one per window
  is a mark that expires an interval after the comment it allowed).

The accepted limits are looked at twice. `peek_accepted` before the comment is
judged tells a reader who is too fast at once and counts nothing; `accept`, at
the moment of acceptance, counts them all in one atomic `hit_all`, and that
count alone decides: eight parallel posts all pass the peek, only the first
increment fits the interval. (A post that loses that race has still counted,
which only makes the limit stricter.)

A visitor is `Visitor.key` (a keyed hash of the address from
`masthead.core.identity`), an account is its primary key. When no store can
count, the decisions say `store_down`; the caller holds the comment for a
moderator rather than publish it unchecked.
"""

from django.conf import settings

from masthead.core import ratelimit
from masthead.core.ratelimit import Decision, Limit

HOUR = 3600


def attempt(*, visitor: str) -> Decision:
    """Count one submission of the visitor, whatever becomes of it."""
    return ratelimit.hit(Limit("comments.attempts", settings.COMMENTS_ATTEMPTS_PER_MINUTE, 60), visitor)


def peek_accepted(*, account: str | None, visitor: str) -> Decision:
    """Whether one more accepted comment would be within every limit, counting nothing."""
    decisions = [ratelimit.peek(limit, key) for limit, key in _accepted_limits(account, visitor)]
    if any(decision.store_down for decision in decisions):
        return next(decision for decision in decisions if decision.store_down)
    refused = [decision.retry_after for decision in decisions if not decision]
    return Decision(False, max(refused)) if refused else ratelimit.ALLOWED


def accept(*, account: str | None, visitor: str) -> Decision:
    """Count an accepted comment against every limit at once; refused if it does not fit after all."""
    return ratelimit.hit_all(_accepted_limits(account, visitor))


def _accepted_limits(account: str | None, visitor: str) -> list[tuple[Limit, str]]:
    interval = settings.COMMENTS_MIN_INTERVAL
    # A window of at least a second; an interval of 0 or less switches the limit off.
    spacing = {"limit": 1 if interval > 0 else 0, "window": max(interval, 1)}
    pairs = [
        (Limit("comments.interval.visitor", **spacing), visitor),
        (Limit("comments.hour.visitor", settings.COMMENTS_VISITOR_PER_HOUR, HOUR), visitor),
    ]
    if account:
        pairs += [
            (Limit("comments.interval.account", **spacing), account),
            (Limit("comments.hour.account", settings.COMMENTS_PER_HOUR, HOUR), account),
        ]
    return pairs
