"""The shape of `make bench`: each app measures, one report shows the figures side by side.

`manage.py bench` runs `manage.py bench_target` once per database (SQLite and,
when reachable, PostgreSQL) in a subprocess with its own DATABASE_URL. There,
every app that has a `bench.py` with `run(report, options)` adds its figures.
"""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    section: str
    metric: str
    value: float | str
    unit: str = ""
    note: str = ""


@dataclass
class Report:
    target: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, metric: str, value, unit: str = "", note: str = "") -> None:
        self.figures.append(Figure(section, metric, value, unit, note))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def to_json(self) -> str:
        return json.dumps({"target": self.target, "figures": [asdict(f) for f in self.figures], "notes": self.notes})

    @classmethod
    def from_json(cls, text: str) -> "Report":
        data = json.loads(text)
        return cls(data["target"], [Figure(**f) for f in data["figures"]], data.get("notes", []))


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95_index = max(0, int(round(0.95 * len(ordered))) - 1)
    return {"p50": statistics.median(ordered), "p95": ordered[p95_index], "n": len(ordered)}


def time_calls(call: Callable[[], object], repeat: int, warmup: int = 5) -> list[float]:
    """Wall-clock milliseconds of each of `repeat` calls, after `warmup` unmeasured ones."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def render_markdown(reports: list[Report]) -> str:
    targets = [r.target for r in reports]
    rows: dict[tuple[str, str], dict[str, Figure]] = {}
    for report in reports:
        for figure in report.figures:
            rows.setdefault((figure.section, figure.metric), {})[report.target] = figure
    lines = ["# Masthead benchmark report", "", "| section | metric | " + " | ".join(targets) + " | note |"]
    lines.append("|" + "---|" * (len(targets) + 3))
    for (section, metric), by_target in rows.items():
        cells = []
        for target in targets:
            figure = by_target.get(target)
            cells.append(_format(figure) if figure else "—")
        note = next((f.note for f in by_target.values() if f.note), "")
        lines.append(f"| {section} | {metric} | " + " | ".join(cells) + f" | {note} |")
    for report in reports:
        for text in report.notes:
            lines.append(f"\n- {report.target}: {text}")
    return "\n".join(lines) + "\n"


def _format(figure: Figure) -> str:
    value = figure.value
    if isinstance(value, float):
        value = f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value} {figure.unit}".strip()
