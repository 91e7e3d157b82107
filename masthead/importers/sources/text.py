"""Plain-text page captures: a browser's "save as text", a web archive's text extraction.

A capture has no markup, so the article is found by these rules, applied in order:

1. Normalise: non-breaking and other odd spaces become plain spaces, control
   characters go, trailing spaces go. Each line is then judged on its own.
2. Page furniture is dropped wherever it stands (`furniture_kind` names each kind):
   calls to subscribe on social networks ("Подписывайтесь на нас в Telegram,
   Дзен, VK", "Follow us on Telegram"), the "select text and press Ctrl+Enter"
   prompt, comment-rules notices, newsletter widgets ("Подпишитесь на рассылку",
   "Your e-mail", "Subscribe"), "thank you" widgets ("Спасибо! Теперь редакция в
   курсе."), share/print buttons, copyright lines, and archive calendar grids:
   a weekday header ("Пн Вт Ср Чт Пт Сб Вс", "Mo Tu We...") with the rows of day
   numbers (1-31) and the month/navigation lines next to it.
3. Tag lines ("Теги:", "Tags:", "Метки:") are furniture too, but a filled one
   gives the article's tags first.
4. A URL line (a bare http(s) address, or "URL: ...", at the top or bottom)
   gives the old URL; a web archive's address is unwrapped to the original one.
5. The headline is the first remaining line, unless that line is a rubric
   line (short items split on • | / or "," or naming the story of the day)
   with a date within the next three lines: then the rubrics come first and
   the headline is the second line.
6. The header follows, until the first line that reads as body text (longer
   than HEADER_LINE_MAX or ending a sentence): in it a date line (numeric
   "02.03.2022 23:57", "2 марта 2022, 23:57", "March 2, 2022 23:57", "Wednesday,
   2 March 2022", ISO) with its timezone note ("(Moscow time)", "(мск)", "MSK",
   "UTC+3"; none means the site's timezone) and, after the note, the dateline
   city; the note may stand on the next line of its own (real captures indent
   it with non-breaking spaces: "02.03.2022 23:57" / "  (Moscow time), Moscow");
   a view count ("Views: 975", "Просмотров: 1 204" with a non-breaking or thin
   space, "975 просмотров"); a rubric line ("Рубрика: Политика" or, after the
   date or views, a line of up to eight short items split on , • | /, even
   when it has more than eight words); a byline (a line before the date: "By
   Jane Doe", "Автор: ...", or a short run of capitalised names, split on ","
   and "и"/"and"; a closing full stop, as in "Ainur Kurmanov.", is the byline's,
   not a sentence's). Lines of only (non-breaking) spaces are blank.
7. The body is the rest; a YouTube/Vimeo/Twitter/Telegram address on a line
   of its own is an embed there, not the page's old URL. Lines separated by blank lines are joined when the
   capture is hard-wrapped (blocks of several lines, none longer than 100
   characters); otherwise each line is a paragraph.
8. A paragraph ending in "..." or "…" whose beginning is the beginning of
   another paragraph is the page's abridged repeat of the lead: dropped.
9. The lead is the first body paragraph (services.article_import moves it).
10. A "story of the day" rubric ("Сюжет дня") sets the editorial flag instead of
    becoming a rubric (common.split_rubrics).
11. A line that looks like a date but is not one ("31.02.2022 25:61") makes the
    record an error: a wrong date is worse than none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from masthead.importers.body import EMBED_URL, clean_text, paragraphs_to_blocks
from masthead.importers.sources.common import (
    guess_language,
    is_story_of_the_day,
    parse_count,
    site_zone,
    source_key,
    split_rubrics,
    unique_names,
)
from masthead.importers.sources.records import ParsedArticle, ParsedAuthor, RecordError
from masthead.lib.text import strip_control_chars

HEADER_LINE_MAX = 120
HEADER_LINES_MAX = 8
ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000]")
INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

SOCIAL = r"(telegram|телеграм\w*|дзен\w*|dzen|zen|vk|вконтакте|vkontakte|youtube|ютуб\w*|twitter|твиттер\w*|x\.com|facebook|фейсбук\w*|instagram|инстаграм\w*|rutube|одноклассник\w*|ok\.ru|whatsapp|viber|max)"
FURNITURE = [
    ("subscribe", re.compile(
        r"(подписыва\w+|подпишитесь|подписаться|читайте|следите за|присоединяйтесь|мы)\b.{0,40}\b(в|на)\s+(нас\s+)?(в\s+|на\s+)?" + SOCIAL
        + r"|(follow|subscribe to|join|find)\s+us\b.{0,30}\b(on|in)\s+" + SOCIAL
        + r"|^(наш|наши)\s+(канал|каналы)\b.{0,40}" + SOCIAL,
        re.IGNORECASE)),
    ("typo prompt", re.compile(r"ctrl\s*\+?\s*enter", re.IGNORECASE)),
    ("comment rules", re.compile(
        r"правила\s+(комментирования|комментариев|публикации комментариев)|комментарии\s+(модерируются|премодерируются|закрыты)"
        r"|(чтобы|для того чтобы)\s+(оставить|написать)\s+комментарий|оставьте\s+комментарий|^комментарии\s*\(?\d*\)?\s*$"
        r"|comment(ing)?\s+(rules|policy|guidelines)|comments\s+are\s+(moderated|closed)|(log|sign)\s+in\s+to\s+(comment|leave)"
        r"|^leave\s+a\s+(comment|reply)|^comments\s*\(?\d*\)?\s*$",
        re.IGNORECASE)),
    ("newsletter", re.compile(
        r"подпи\w+\s+на\s+(нашу\s+|еженедельную\s+|ежедневную\s+)?рассылк|рассылк\w+\s+(новостей|редакции)|^ваш\s+e-?mail|^введите\s+(ваш\s+)?e-?mail"
        r"|newsletter|^your\s+e-?mail|^enter\s+your\s+e-?mail|^(subscribe|подписаться|sign\s+up)\s*!?$",
        re.IGNORECASE)),
    ("thank you", re.compile(
        r"^спасибо\s*!|редакция\s+(в\s+курсе|уведомлена|получила)|^thank\s+you\s*!|(the\s+)?editors\s+(have\s+been|are|were)\s+(notified|informed)|we\s+have\s+been\s+notified",
        re.IGNORECASE)),
    ("share", re.compile(r"^(поделиться|share|share this|печать|print|версия для печати|print version|в избранное|скопировать ссылку|copy link)\s*:?\s*$", re.IGNORECASE)),
    ("copyright", re.compile(r"^(©|\(c\)\s)|все права защищены|all rights reserved", re.IGNORECASE)),
]
TAG_LINE = re.compile(r"^(теги|тэги|метки|tags|tagged|keywords|ключевые слова)\s*:?\s*(.*)$", re.IGNORECASE)
WEEKDAYS = r"(пн|вт|ср|чт|пт|сб|вс|mo|tu|we|th|fr|sa|su|mon|tue|wed|thu|fri|sat|sun)"
CALENDAR_HEADER = re.compile(rf"^{WEEKDAYS}(\s+{WEEKDAYS}){{4,6}}$", re.IGNORECASE)
CALENDAR_ROW = re.compile(r"^\d{1,2}(\s+\d{1,2}){0,6}$")
MONTHS_RU = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
MONTHS_RU_GENITIVE = {"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12}
MONTHS_EN = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTHS_EN.update({m[:3]: i for m, i in list(MONTHS_EN.items())})
MONTH_WORD = r"[A-Za-zА-Яа-яЁё]+\.?"
CALENDAR_NAV = re.compile(rf"^(«|<|‹)?\s*{MONTH_WORD}(\s+\d{{4}})?\s*(»|>|›)?(\s+(«|<|‹)?\s*{MONTH_WORD}(\s+\d{{4}})?\s*(»|>|›)?)?$")

TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
DATE_PATTERNS = [
    re.compile(rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?:\s*(?:г\.|года)?[,\s]+(?:в\s+|at\s+)?{TIME})?"),
    re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?:[T\s]+{TIME}(?::\d{{2}})?)?"),
    re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<month_ru>{'|'.join(MONTHS_RU_GENITIVE)})\s+(?P<year>\d{{4}})(?:\s*(?:г\.|года)?[,\s]+(?:в\s+)?{TIME})?", re.IGNORECASE),
    re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<month_en>[A-Za-z]{{3,9}})\.?\s+(?P<year>\d{{4}})(?:[,\s]+(?:at\s+)?{TIME})?"),
    re.compile(rf"(?P<month_en>[A-Za-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})(?:[,\s]+(?:at\s+)?{TIME})?"),
]
LOOSE_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
MOSCOW = r"moscow\s+time|msk|мск|по\s+московскому\s+времени|московское\s+время|moscow"
ZONE_NOTE = re.compile(
    rf"^\s*,?\s*\(?\s*(?P<zone>{MOSCOW}|(?:utc|gmt)\s*(?P<offset>[+-−]\s*\d{{1,2}}(?::?\d{{2}})?)?)\s*\)?",
    re.IGNORECASE,
)
VIEWS = re.compile(
    r"^(?:(?:views|просмотров|просмотры|прочитано|прочтений)\s*:?\s*(?P<a>\d[\d\s,.]*)|(?P<b>\d[\d\s,.]*)\s*(?:просмотр\w*|views|прочтени\w*))$",
    re.IGNORECASE,
)
RUBRIC_LINE = re.compile(r"^(рубрика|рубрики|раздел|section|rubric|category|categories)\s*:\s*(.+)$", re.IGNORECASE)
BYLINE = re.compile(r"^(by|автор|авторы|текст|author|authors|written by)\s*:?\s+(.+)$", re.IGNORECASE)
URL_LINE = re.compile(r"^(?:(?:url|source|источник|адрес)\s*:\s*)?(https?://\S+)$", re.IGNORECASE)
ARCHIVE_URL = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(https?://.+)$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…:;»\"]$")


def parse(text: str, source: str) -> Iterator[ParsedArticle | RecordError]:
    try:
        yield parse_capture(text, source)
    except CaptureError as error:
        yield RecordError(source, error.where, error.message, title=error.title)


class CaptureError(Exception):
    def __init__(self, where: str, message: str, title: str = ""):
        super().__init__(message)
        self.where, self.message, self.title = where, message, title


def normalise(text: str) -> list[str]:
    text = strip_control_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = INVISIBLE.sub("", ODD_SPACES.sub(" ", text))
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]


def furniture_kind(line: str) -> str:
    """Which kind of page furniture the line is, or "" when it may be article text."""
    for kind, pattern in FURNITURE:
        if pattern.search(line):
            return kind
    return ""


def parse_capture(text: str, source: str) -> ParsedArticle:
    lines = normalise(text)
    tags: list[str] = []
    old_url = ""
    kept: list[tuple[int, str]] = []  # (line number, text); "" stands for a paragraph break
    calendar = _calendar_lines(lines)
    for number, line in enumerate(lines, 1):
        if number in calendar:
            continue
        if not line:
            kept.append((number, ""))
            continue
        tag_match = TAG_LINE.match(line)
        if tag_match:
            tags += [t.strip(" #") for t in re.split(r"[,;|]|\s#", tag_match.group(2)) if t.strip(" #")]
            continue
        url_match = URL_LINE.match(line)
        if url_match and not EMBED_URL.match(line):
            old_url = old_url or _unwrap_archive(url_match.group(1))
            continue
        if furniture_kind(line):
            continue
        kept.append((number, line))
    content = [(n, l) for n, l in kept if l]
    if not content:
        raise CaptureError("file", "no text found in the capture")
    leading_rubrics: list[str] = []
    if _rubrics_first(content):
        leading_rubrics = _split_list(content[0][1])
        content = content[1:]
    title_number, title = content[0]
    header, body_start = _header(content[1:])
    if leading_rubrics:
        header["rubrics"] = leading_rubrics + [r for r in header.get("rubrics", []) if r not in leading_rubrics]
    published_at, dateline = None, ""
    date_line = header.get("date")
    if date_line:
        number, line = date_line
        try:
            published_at, dateline = parse_date_line(line)
        except ValueError as error:
            raise CaptureError(f"line {number}", f"the date cannot be parsed: {error}", title) from None
    body_lines = [(n, l) for n, l in kept if n >= body_start]
    paragraphs = _paragraphs(body_lines)
    paragraphs = _drop_lead_repeats(paragraphs)
    rubrics, story = split_rubrics(header.get("rubrics", []))
    source_value = old_url or f"{title}|{published_at.isoformat() if published_at else ''}"
    key = source_key("url" if old_url else "text", old_url or hashlib.sha256(source_value.encode()).hexdigest())
    return ParsedArticle(
        source_key=key,
        source=source,
        title=clean_text(title),
        old_url=old_url,
        body=paragraphs_to_blocks(paragraphs),
        authors=[ParsedAuthor(name=name) for name in header.get("authors", [])],
        rubrics=rubrics,
        tags=unique_names(tags),
        published_at=published_at,
        language=guess_language(title + " " + " ".join(paragraphs[:3])),
        dateline=dateline,
        views=header.get("views"),
        story_of_the_day=story,
    )


def _calendar_lines(lines: list[str]) -> set[int]:
    """Line numbers of archive calendar grids: the weekday header, its day rows, its month lines."""
    drop: set[int] = set()
    for index, line in enumerate(lines):
        if not CALENDAR_HEADER.match(line):
            continue
        drop.add(index + 1)
        # Above: the month title and navigation ("Март 2022", "« Фев").
        above = index - 1
        while above >= 0 and (not lines[above] or _is_calendar_nav(lines[above])) and index - above <= 3:
            if lines[above]:
                drop.add(above + 1)
            above -= 1
        below = index + 1
        while below < len(lines) and (not lines[below] or _is_day_row(lines[below]) or _is_calendar_nav(lines[below])):
            if lines[below]:
                drop.add(below + 1)
            below += 1
    return drop


def _is_day_row(line: str) -> bool:
    return bool(CALENDAR_ROW.match(line)) and all(1 <= int(n) <= 31 for n in line.split())


def _is_calendar_nav(line: str) -> bool:
    if len(line) > 30 or not CALENDAR_NAV.match(line):
        return False
    words = [w.strip("«»<>‹›.").lower() for w in line.split() if not w.strip("«»<>‹›").isdigit()]
    return bool(words) and all(_is_month(w) for w in words if w)


MONTHS_RU_SHORT = {"янв", "фев", "мар", "апр", "май", "мая", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "дек"}


def _is_month(word: str) -> bool:
    return (
        word in MONTHS_EN
        or word in MONTHS_RU_GENITIVE
        or word in MONTHS_RU_SHORT
        or any(word.startswith(stem) for stem in MONTHS_RU if len(stem) > 2)
    )


def _unwrap_archive(url: str) -> str:
    match = ARCHIVE_URL.match(url)
    url = match.group(1) if match else url
    return url if urlsplit(url).scheme in {"http", "https"} else ""


def _header(content: list[tuple[int, str]]) -> tuple[dict, int]:
    """Byline, date, views and rubrics from the lines under the headline; and where the body starts."""
    header: dict = {}
    body_start = content[0][0] if content else 10**9
    skip = set()
    for position, (number, line) in enumerate(content[:HEADER_LINES_MAX]):
        if position in skip:
            continue
        views = VIEWS.match(line)
        if views and "views" not in header:
            count = parse_count(views.group("a") or views.group("b"))
            if count is not None:
                header["views"] = count
                body_start = number + 1
                continue
        if "date" not in header and _is_date_line(line):
            following = content[position + 1] if position + 1 < len(content) else None
            if following and _is_zone_line(following[1]):
                # The zone note and the city on a line of their own, under the time.
                line = f"{line} {following[1]}"
                skip.add(position + 1)
                number = following[0]
            header["date"] = (number, line)
            body_start = number + 1
            continue
        rubric = RUBRIC_LINE.match(line)
        if rubric:
            header["rubrics"] = _split_list(rubric.group(2))
            body_start = number + 1
            continue
        byline = BYLINE.match(line)
        if byline and "authors" not in header and len(line) <= HEADER_LINE_MAX:
            header["authors"] = _split_names(byline.group(2))
            body_start = number + 1
            continue
        if "rubrics" not in header and ("date" in header or "views" in header) and is_rubric_list(line):
            header["rubrics"] = _split_list(line)
            body_start = number + 1
            continue
        if "date" not in header and "authors" not in header and _is_signed_byline(line):
            header["authors"] = _split_names(line)
            body_start = number + 1
            continue
        if _reads_as_body(line):
            break
        if "date" not in header and "authors" not in header and _looks_like_names(line):
            header["authors"] = _split_names(line)
        elif "rubrics" not in header and ("date" in header or "authors" in header):
            header["rubrics"] = _split_list(line)
        elif "authors" not in header and _looks_like_names(line):
            header["authors"] = _split_names(line)
        else:
            break
        body_start = number + 1
    return header, body_start


def _is_zone_line(line: str) -> bool:
    """"(Moscow time), Moscow", "(мск), Алматы", "MSK": a timezone note standing alone."""
    note = ZONE_NOTE.match(line)
    if not note or len(line) > 80:
        return False
    rest = line[note.end():].strip(" ,.;:—-–()")
    return not any(c.isdigit() for c in rest) and len(rest.split()) <= 4


RUBRIC_SEPARATORS = re.compile(r"[,•|/·]")
RUBRIC_ITEMS_MAX = 8


def is_rubric_list(line: str) -> bool:
    """A line of short items (at most eight, each of at most four words), or one naming the
    story of the day: "Politics, World, Story of the day, Analysis", "Экономика • Главное за день"."""
    if SENTENCE_END.search(line) or len(line) > HEADER_LINE_MAX or any(c.isdigit() for c in line):
        return False
    items = [item.strip() for item in RUBRIC_SEPARATORS.split(line) if item.strip()]
    if not items or len(items) > RUBRIC_ITEMS_MAX or any(len(item.split()) > 4 or len(item) > 40 for item in items):
        return False
    return len(items) >= 2 or any(is_story_of_the_day(item) for item in items)


def _is_signed_byline(line: str) -> bool:
    """"Ainur Kurmanov.", "Марина Ковалёва.": names that end with the full stop some sites print."""
    return line.endswith(".") and not line.endswith("..") and len(line) <= 80 and _looks_like_names(line.rstrip(". "))


def _rubrics_first(content: list[tuple[int, str]]) -> bool:
    """The capture opens with the rubric line and the headline comes second (a date follows soon)."""
    if len(content) < 3 or not is_rubric_list(content[0][1]):
        return False
    first = content[0][1]
    if not (re.search(r"[•|/·]", first) or any(is_story_of_the_day(i) for i in RUBRIC_SEPARATORS.split(first))):
        return False
    return any(_is_date_line(line) for _, line in content[2:5])


WEEKDAY_NAMES = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс"
)
DATE_LABEL = re.compile(
    rf"^(опубликовано|публикация|дата|обновлено|published|posted|updated|date)?\s*:?\s*(?:(?:{WEEKDAY_NAMES})\.?,?\s*)?$",
    re.IGNORECASE,
)


def _is_date_line(line: str) -> bool:
    """A line that is a date (with its zone and city), not a sentence that mentions one."""
    if len(line) > HEADER_LINE_MAX:
        return False
    match = _find_date(line) or LOOSE_DATE.search(line)
    return bool(match) and bool(DATE_LABEL.match(line[: match.start()]))


def _reads_as_body(line: str) -> bool:
    return len(line) > HEADER_LINE_MAX or len(line.split()) > 8 or bool(SENTENCE_END.search(line))


def _looks_like_names(line: str) -> bool:
    words = [w for w in re.split(r"[\s,]+", line) if w and w.lower() not in {"и", "and"}]
    return 2 <= len(words) <= 8 and all(w[0].isupper() for w in words) and not any(c.isdigit() for c in line)


def _split_names(text: str) -> list[str]:
    parts = re.split(r",|\s+и\s+|\s+and\s+|&", text)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _split_list(text: str) -> list[str]:
    return [p.strip(" .") for p in re.split(r"[,•|/·]", text) if p.strip(" .")]


def _find_date(line: str):
    for pattern in DATE_PATTERNS:
        match = pattern.search(line)
        if match and _month_number(match) is not None:
            return match
    return None


def _month_number(match) -> int | None:
    groups = match.groupdict()
    if groups.get("month"):
        return int(groups["month"])
    if groups.get("month_ru"):
        return MONTHS_RU_GENITIVE.get(groups["month_ru"].lower())
    if groups.get("month_en"):
        return MONTHS_EN.get(groups["month_en"].lower().rstrip("."))
    return None


def parse_date_line(line: str) -> tuple[dt.datetime, str]:
    """"02.03.2022 23:57 (Moscow time), Moscow" -> (2022-03-02T20:57Z, "Moscow").

    Raises ValueError (with the text in question) when the line holds no valid date.
    """
    match = _find_date(line)
    if match is None:
        raise ValueError(repr(line[:80]))
    groups = match.groupdict()
    hour = int(groups.get("hour") or 0)
    minute = int(groups.get("minute") or 0)
    try:
        naive = dt.datetime(int(groups["year"]), _month_number(match), int(groups["day"]), hour, minute)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{match.group(0)!r} ({error})") from None
    rest = line[match.end():]
    zone = site_zone()
    note = ZONE_NOTE.match(rest)
    if note:
        zone = _zone(note.group("zone"), note.group("offset"))
        rest = rest[note.end():]
    dateline = rest.strip(" ,.;:—-–()")
    if len(dateline) > 60 or any(c.isdigit() for c in dateline):
        dateline = ""
    return naive.replace(tzinfo=zone).astimezone(dt.UTC), dateline


def _zone(name: str, offset: str | None) -> dt.tzinfo:
    if offset:
        sign = -1 if offset.strip()[0] in "-−" else 1
        digits = re.sub(r"[^\d]", "", offset)
        hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or minutes >= 60:
            raise ValueError(f"impossible offset {offset!r}")
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    if re.match(MOSCOW, name, re.IGNORECASE):
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Moscow")
    return dt.UTC


def _paragraphs(lines: list[tuple[int, str]]) -> list[str]:
    blocks: list[list[str]] = [[]]
    for _, line in lines:
        if not line:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    wrapped = any(len(b) > 1 for b in blocks) and len(blocks) > 1 and max(len(l) for b in blocks for l in b) <= 100
    if wrapped:
        return [" ".join(b) for b in blocks]
    return [line for b in blocks for line in b]


def _drop_lead_repeats(paragraphs: list[str]) -> list[str]:
    result = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.endswith(("...", "…")):
            stem = paragraph.rstrip(".… ").casefold()
            others = (p.casefold() for i, p in enumerate(paragraphs) if i != index)
            if len(stem) >= 20 and any(other.startswith(stem) and len(other) > len(stem) for other in others):
                continue
        result.append(paragraph)
    return result
