"""The one check of a display name: invisible and direction-changing characters go, staff names stay refused."""

import pytest
from django.core.exceptions import ValidationError

from masthead.readers.names import clean_display_name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u202eNIMDA", "NIMDA"),  # right-to-left override: would show as "ADMIN" and mirror what follows
        ("Анна\u202c", "Анна"),
        ("\u2066Anna\u2069 K.", "Anna K."),  # isolates
        ("An\u200bna", "Anna"),  # zero-width space
        ("\ufeffАнна\u200e", "Анна"),  # BOM, left-to-right mark
        ("Anna\u2060K", "AnnaK"),  # word joiner
        ("  Анна \t\n  Петрова  ", "Анна Петрова"),
        ("Анна\u3164Петрова", "АннаПетрова"),  # Hangul filler, a blank letter
        ("Аннa\u0301", "Аннá"),  # a combining accent is kept (NFC)
        ("Ευγενία", "Ευγενία"),
    ],
)
def test_invisible_and_direction_characters_are_removed(typed, stored):
    assert clean_display_name(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e\u202d", "\u2066\u2069", "\u3164\u3164", "\u2800", "\u0301"],
)
def test_a_name_with_nothing_visible_is_refused(typed):
    with pytest.raises(ValidationError) as refusal:
        clean_display_name(typed)
    assert refusal.value.code == "empty"


def test_nul_is_refused_not_dropped():
    with pytest.raises(ValidationError) as refusal:
        clean_display_name("An\x00na")
    assert refusal.value.code == "nul"


@pytest.mark.parametrize(
    "typed", ["Ad\u200bmin", "\u2066Редакция\u2069", "\u202eModerator\u202c", "Mod\u00aderator", "\u0391dmin", "A d m i n"]
)
def test_staff_names_hidden_by_invisible_characters_stay_refused(typed):
    # comments' policy (masthead_display_name_checks hook) decides which names are the newsroom's.
    with pytest.raises(ValidationError) as refusal:
        clean_display_name(typed)
    assert refusal.value.code == "reserved"


def test_a_name_too_long_once_cleaned_is_refused():
    with pytest.raises(ValidationError):
        clean_display_name("я" * 61)
    assert clean_display_name("я" * 60 + "\u200b" * 20) == "я" * 60
