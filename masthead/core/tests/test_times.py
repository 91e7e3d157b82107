import datetime as dt

from django.utils import translation

from masthead.core import times

MOMENT = dt.datetime(2022, 3, 2, 20, 57, tzinfo=dt.UTC)


def test_dateline_in_english_names_moscow_time_and_city():
    with translation.override("en"):
        assert times.format_dateline(MOMENT, "Moscow") == "02.03.2022 23:57 (Moscow time), Moscow"


def test_dateline_in_russian_uses_msk_label():
    with translation.override("ru"):
        assert times.format_dateline(MOMENT, "Москва") == "02.03.2022 23:57 (мск), Москва"


def test_label_comes_from_settings(settings):
    settings.TIME_ZONE = "Asia/Almaty"
    settings.TIME_ZONE_LABELS = {"en": "Almaty time", "ru": "алм"}
    with translation.override("en"):
        assert times.format_timestamp(MOMENT) == "03.03.2022 02:57 (Almaty time)"  # UTC+6 in 2022


def test_day_bounds_are_the_local_day_in_utc():
    start, end = times.day_bounds(dt.date(2022, 3, 3))
    assert start == dt.datetime(2022, 3, 2, 21, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2022, 3, 3, 21, 0, tzinfo=dt.UTC)


def test_month_bounds_cross_the_year():
    start, end = times.month_bounds(2022, 12)
    assert start == dt.datetime(2022, 11, 30, 21, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2022, 12, 31, 21, 0, tzinfo=dt.UTC)
