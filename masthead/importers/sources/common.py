"""Small rules every parser shares: keys, languages, numbers, the story-of-the-day rubric."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from django.conf import settings

KEY_MAX = 255
# Rubric names an outlet uses for its daily lead story; they set ArticlePage.story_of_the_day.
STORY_OF_THE_DAY_NAMES = {
    "story of the day",
    "top story",
    "story-of-the-day",
    "сюжет дня",
    "тема дня",
    "главная тема дня",
    "главное за день",
    "syuzhet-dnya",
    "tema-dnya",
}
# WordPress's default category means "no rubric".
NO_RUBRIC_NAMES = {"uncategorized", "uncategorised", "без рубрики", "bez-rubriki"}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def source_key(prefix: str, value: str) -> str:
    """A stable key of bounded length: long guids and URLs are hashed."""
    value = value.strip()
    key = f"{prefix}:{value}"
    if len(key) <= KEY_MAX:
        return key
    return f"{prefix}:sha256:{hashlib.sha256(value.encode()).hexdigest()}"


def guess_language(text: str, default: str = "") -> str:
    """"ru" when Cyrillic letters outnumber Latin ones, "en" when the opposite."""
    sample = text[:1500]
    cyrillic, latin = len(CYRILLIC.findall(sample)), len(LATIN.findall(sample))
    if not cyrillic and not latin:
        return default or settings.LANGUAGE_CODE
    return "ru" if cyrillic >= latin else "en"


def language_from_code(code: str) -> str:
    code = (code or "").strip().lower()[:2]
    return code if code in {"ru", "en"} else ""


def is_story_of_the_day(name: str) -> bool:
    return normalise_name(name) in STORY_OF_THE_DAY_NAMES


def is_no_rubric(name: str) -> bool:
    return normalise_name(name) in NO_RUBRIC_NAMES


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", (name or "").replace("\u00a0", " ")).strip().casefold().replace("ё", "е")


def split_rubrics(names: list[str]) -> tuple[list[str], bool]:
    """Rubric names without duplicates and WordPress's "Uncategorized"; the story-of-the-day
    rubric is taken out and returned as a flag."""
    rubrics, seen, flag = [], set(), False
    for name in names:
        key = normalise_name(name)
        if not key or key in seen or key in NO_RUBRIC_NAMES:
            continue
        seen.add(key)
        if key in STORY_OF_THE_DAY_NAMES:
            flag = True
            continue
        rubrics.append(name.strip())
    return rubrics, flag


def unique_names(names: list[str]) -> list[str]:
    result, seen = [], set()
    for name in names:
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            result.append(re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip())
    return result


def parse_count(text: str) -> int | None:
    """"1 204", "1,204", "1 204" (narrow/non-breaking spaces), "975" -> int; anything else None."""
    digits = re.sub(r"[\s\u00a0\u202f\u2009,.'’]", "", text or "")
    if not digits.isdigit() or len(digits) > 15:
        return None
    return int(digits)


def parse_sql_datetime(value: str, zone: dt.tzinfo) -> dt.datetime | None:
    """WordPress's "2022-03-02 20:57:00" in `zone`; None for WordPress's zero date.

    Raises ValueError for anything else that is not a date.
    """
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    moment = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    return moment.replace(tzinfo=zone)


def parse_rfc2822(value: str) -> dt.datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment


def parse_iso_datetime(value: str) -> dt.datetime | None:
    """ISO 8601 as JSON-LD and OpenGraph give it; naive times are in the site's timezone."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_zone())
    return moment


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


UTC = dt.UTC
