"""The policy engine: text in, findings out, then one verdict from the rules' actions.

Plain code with no models: `check_text` is what the table test and the
benchmark drive. The comments app feeds it the rules and word lists from the
database (masthead/comments/rules.py) and adds the checks that need history
(masthead/comments/flood.py).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .handles import find_handles
from .links import find_links
from .normalize import Folded, fold
from .shape import ShapeLimits, is_all_caps, is_empty, is_too_long
from .words import WordMatcher


class Action:
    """What a rule does to a comment it matches (stored on the Rule model as text)."""

    REJECT = "reject"
    HOLD = "hold"
    FLAG = "flag"
    OFF = "off"

    SEVERITY = {REJECT: 3, HOLD: 2, FLAG: 1, OFF: 0}


class RuleCode:
    """The engine's checks; each is one Rule row an editor can retune."""

    LINKS = "links"
    BANNED_WORDS = "banned_words"
    RATE_LIMIT = "rate_limit"
    DUPLICATE = "duplicate"
    NEW_ACCOUNT = "new_account"
    NO_USER_AGENT = "no_user_agent"
    GUEST = "guest"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    ALL_CAPS = "all_caps"
    HANDLES = "handles"

    ALL = (
        LINKS, BANNED_WORDS, RATE_LIMIT, DUPLICATE, NEW_ACCOUNT, NO_USER_AGENT, GUEST, EMPTY, TOO_LONG, ALL_CAPS, HANDLES
    )


# The published policy: links and banned words refused with their reason,
# flood and shape held for a moderator. An empty comment has nothing to hold.
# A messenger handle is held, not refused: "@name" may be a reply to a reader.
DEFAULT_ACTIONS: dict[str, str] = {
    RuleCode.LINKS: Action.REJECT,
    RuleCode.BANNED_WORDS: Action.REJECT,
    RuleCode.RATE_LIMIT: Action.REJECT,
    RuleCode.DUPLICATE: Action.REJECT,
    RuleCode.NEW_ACCOUNT: Action.HOLD,
    RuleCode.NO_USER_AGENT: Action.HOLD,
    RuleCode.GUEST: Action.HOLD,
    RuleCode.EMPTY: Action.REJECT,
    RuleCode.TOO_LONG: Action.HOLD,
    RuleCode.ALL_CAPS: Action.HOLD,
    RuleCode.HANDLES: Action.HOLD,
}


@dataclass(frozen=True)
class Finding:
    rule: str
    start: int = 0  # span in the stored text
    end: int = 0
    matched: str = ""
    detail: str = ""


@dataclass
class Verdict:
    action: str  # the strongest action among the findings ("publish" when none)
    findings: list[Finding] = field(default_factory=list)
    deciding: Finding | None = None

    PUBLISH = "publish"


def check_text(
    text: str,
    *,
    words: WordMatcher,
    own_hosts: Iterable[str] = (),
    own_handles: Iterable[str] = (),
    limits: ShapeLimits = ShapeLimits(),
) -> list[Finding]:
    """Findings for a cleaned comment text. Bounded: one pass per check over a capped text."""
    folded = fold(text)
    if is_empty(folded):
        return [Finding(RuleCode.EMPTY)]
    findings = [
        _finding(RuleCode.LINKS, folded, link.start, link.end, link.host) for link in find_links(folded, own_hosts)
    ]
    findings += [
        _finding(RuleCode.HANDLES, folded, handle.start, handle.end, handle.handle)
        for handle in find_handles(folded, own_handles)
    ]
    findings += [
        _finding(RuleCode.BANNED_WORDS, folded, match.start, match.end, match.entry) for match in words.find(folded)
    ]
    if is_too_long(text, limits):
        findings.append(Finding(RuleCode.TOO_LONG, limits.long_chars, len(text)))
    if is_all_caps(text, limits):
        findings.append(Finding(RuleCode.ALL_CAPS, 0, len(text)))
    return findings


def _finding(rule: str, folded: Folded, start: int, end: int, detail: str) -> Finding:
    start, end = folded.span(start, end)
    return Finding(rule, start, end, folded.original[start:end], detail)


def decide(findings: list[Finding], actions: Mapping[str, str] = DEFAULT_ACTIONS) -> Verdict:
    """The verdict: reject beats hold beats flag; the first finding of the strongest rule decides."""
    verdict = Verdict(Verdict.PUBLISH, findings)
    best = 0
    for finding in findings:
        action = actions.get(finding.rule, DEFAULT_ACTIONS.get(finding.rule, Action.HOLD))
        severity = Action.SEVERITY.get(action, 0)
        if severity > best:
            best, verdict.action, verdict.deciding = severity, action, finding
    return verdict
