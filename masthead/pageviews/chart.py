"""A bar chart of daily views as plain geometry, for an SVG drawn by a server-side template."""

import datetime as dt
from dataclasses import dataclass

from django.utils import formats

WIDTH = 640
HEIGHT = 180
TOP = 18  # room for the maximum's label
BOTTOM = 22  # room for the date labels
LEFT = 4
RIGHT = 18  # room for the last date label, centred under its bar
GAP = 2


@dataclass(frozen=True)
class Bar:
    day: dt.date
    views: int
    x: float
    y: float
    width: float
    height: float
    middle: float  # where the date label is centred
    label: str  # "12.03: 45", the bar's tooltip and accessible name
    tick: str  # a date under every seventh bar, else ""


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    peak: int
    total: int


def daily_chart(series: list[tuple[dt.date, int]]) -> Chart:
    """Bars scaled so the busiest day fills the plot; a day with no views keeps a hairline."""
    peak = max((n for _, n in series), default=0)
    plot = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(series))
    bars = []
    for index, (day, views) in enumerate(series):
        height = plot * views / peak if peak else 0
        height = max(height, 1.0)
        stamp = formats.date_format(day, "d.m")
        bars.append(
            Bar(
                day=day,
                views=views,
                x=round(LEFT + index * slot, 2),
                y=round(TOP + plot - height, 2),
                width=round(slot - GAP, 2),
                height=round(height, 2),
                middle=round(LEFT + index * slot + (slot - GAP) / 2, 2),
                label=f"{stamp}: {formats.number_format(views, decimal_pos=0, force_grouping=True)}",
                tick=stamp if (len(series) - 1 - index) % 7 == 0 else "",
            )
        )
    return Chart(bars, WIDTH, HEIGHT, TOP + plot, peak, sum(n for _, n in series))
