"""Times as the newsroom prints them: site timezone, its label, the dateline city.

Stored times are UTC; everything a reader sees is in settings.TIME_ZONE with
the label for the reader's language, e.g. "02.03.2022 23:57 (Moscow time), Moscow".
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_site_time(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(site_zone())


def site_today() -> dt.date:
    return to_site_time(timezone.now()).date()


def zone_label(language: str | None = None) -> str:
    """The label readers know the site's timezone by: "Moscow time", "мск"."""
    labels = settings.TIME_ZONE_LABELS
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return labels.get(language) or labels.get("en") or settings.TIME_ZONE


def format_timestamp(moment: dt.datetime, language: str | None = None) -> str:
    """"02.03.2022 23:57 (Moscow time)": numeric, so it reads the same in every language."""
    local = to_site_time(moment)
    return f"{local:%d.%m.%Y %H:%M} ({zone_label(language)})"


def format_dateline(moment: dt.datetime, city: str = "", language: str | None = None) -> str:
    stamp = format_timestamp(moment, language)
    return f"{stamp}, {city}" if city else stamp


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC half-open interval covering one calendar day in the site's timezone."""
    zone = site_zone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return day_bounds(first)[0], day_bounds(following)[0]


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return day_bounds(dt.date(year, 1, 1))[0], day_bounds(dt.date(year + 1, 1, 1))[0]


def _admin_zone_note() -> str:
    return gettext("Times are in %(label)s (%(zone)s).") % {"label": zone_label(), "zone": settings.TIME_ZONE}


# For help texts built at import time: evaluated when the admin renders, in the editor's language.
admin_zone_note = lazy(_admin_zone_note, str)
