"""Messenger handles: "@evil_channel", "тг: evil_channel" — a link without a dot.

A handle sends a reader to a channel as surely as a URL does, but "@name" is
also how readers answer each other, so this is its own rule (held for a
moderator by default) rather than part of the links rule, which refuses.
Only Latin handles count: messengers' usernames are Latin, readers' Russian
display names are not. Works on the folded text, like links.py.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .normalize import TO_LATIN_LETTERS, Folded

# Telegram's usernames: 5 to 32 of Latin letters, digits and underscores, starting with a letter.
_AT_HANDLE = re.compile(r"(?<![\w@.+-])@([a-z][a-z0-9_]{4,31})(?![\w@-])")
# A messenger named, then a colon or a dash, then the name, with or without "@".
_MESSENGERS = (
    r"telegram|телеграм\w*|телег\w*|тг|tg|whatsapp|ватсап\w*|вотсап\w*|viber|вайбер\w*|signal|discord|дискорд\w*"
    r"|instagram|инстаграм\w*|инста|insta|skype|скайп\w*"
)
_NAMED_HANDLE = re.compile(rf"(?<!\w)(?:{_MESSENGERS})\s*[:\-—–]\s*@?([a-z][a-z0-9_.]{{3,31}})(?![\w@-])")


_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True)
class HandleMatch:
    start: int
    end: int
    handle: str


def find_handles(folded: Folded, own_handles: Iterable[str] = ()) -> list[HandleMatch]:
    """Every third-party handle in the folded text, as spans of the folded text."""
    text = folded.text
    own = {handle.strip().lstrip("@").lower() for handle in own_handles}
    found: dict[int, HandleMatch] = {}
    if "@" in text:
        # Cyrillic look-alikes inside a Latin handle ("@еvil_channel") read as Latin;
        # same length, so spans hold. A handle needs one letter typed in Latin:
        # "@Маркова" is a reply to a reader, though every letter has a Latin twin.
        latin = text.translate(TO_LATIN_LETTERS)
        for match in _AT_HANDLE.finditer(latin):
            if _LATIN.search(text, match.start(1), match.end(1)) and match.group(1) not in own:
                found[match.start()] = HandleMatch(match.start(), match.end(), "@" + match.group(1))
    if ":" in text or "-" in text or "—" in text or "–" in text:
        for match in _NAMED_HANDLE.finditer(text):
            name = match.group(1).rstrip(".")
            if name not in own and not any(m.start < match.end() and match.start() < m.end for m in found.values()):
                found[match.start()] = HandleMatch(match.start(), match.start(1) + len(name), "@" + name)
    return sorted(found.values(), key=lambda handle: handle.start)
