"""The one check a display name passes, at sign-up and on the account page alike.

A name is shown beside every comment, so what a reader types must read as
what it is: format characters (Unicode Cf: bidi overrides and isolates such as
U+202E, zero-width spaces and joiners, the BOM), controls and blank "letters"
(Hangul fillers, the Braille blank) are removed, since "\u202eNIMDA" displays as
"ADMIN" and mirrors the timestamp beside it. Whitespace runs become one space.
A name with nothing visible left is refused, not saved empty.

Which names are reserved for the newsroom is decided by the apps that show
names (comments' policy folds look-alikes before comparing): each registers a
`masthead_display_name_checks` hook, a function `(name) -> None` that raises
`ValidationError`. Readers stay below those apps and import none of them.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

MAX_LENGTH = 60

# Categories never drawn as a glyph of their own: format, control, surrogate, private use, unassigned,
# line and paragraph separators.
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters and symbols that render as nothing, used to make "invisible" names.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")


def _kept(char: str) -> bool:
    return unicodedata.category(char) not in _DROPPED_CATEGORIES and char not in _BLANK_GLYPHS


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "ZCM"


def strip_invisible(value: str) -> str:
    """NFC, without format characters, controls and blank letters, whitespace runs as one space."""
    name = unicodedata.normalize("NFC", value)
    return " ".join("".join(c if _kept(c) else (" " if c.isspace() else "") for c in name).split())


def clean_display_name(value: str) -> str:
    """The name as it will be stored and shown; `ValidationError` if it may not be used."""
    if "\x00" in value:
        raise ValidationError(_("The text contains a NUL character."), code="nul")
    name = strip_invisible(value)
    if not any(_visible(c) for c in name):
        raise ValidationError(_("Please give a name with visible letters."), code="empty")
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            _("The name is too long: at most %(limit)d characters.") % {"limit": MAX_LENGTH}, code="too_long"
        )
    for check in hooks.get_hooks("masthead_display_name_checks"):
        check(name)
    return name
