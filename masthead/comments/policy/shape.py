"""The shape of a comment: empty once invisible characters are gone, too long, shouting."""

from dataclasses import dataclass

from .normalize import Folded


@dataclass(frozen=True)
class ShapeLimits:
    long_chars: int = 3000  # longer than this is held (the hard cap is checked before, by the form)
    caps_min_letters: int = 20  # shorter comments may shout a word or two ("СРОЧНО")
    caps_ratio: float = 0.8


def is_empty(folded: Folded) -> bool:
    return not any(c.isalnum() for c in folded.text)


def is_too_long(text: str, limits: ShapeLimits) -> bool:
    return len(text) > limits.long_chars


def is_all_caps(text: str, limits: ShapeLimits) -> bool:
    letters = sum(map(str.isalpha, text))
    if letters < limits.caps_min_letters:
        return False
    return sum(map(str.isupper, text)) / letters >= limits.caps_ratio
