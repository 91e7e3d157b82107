"""Lighthouse (12.x, mobile) scores of the reader pages that matter, on a running site.

`make lighthouse` runs it against `make run` on PORT. Each page is measured RUNS
times and the median score per category is reported, as Lighthouse's own docs
advise: one run's performance score moves with whatever else the machine does.
Audits that cost points are listed under the page, so a score below 100 says why.
Lighthouse itself comes from the npm registry into var/lighthouse (once) and
drives Debian's chromium; nothing is downloaded at the site's run time.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

LIGHTHOUSE = "12.8.2"
ROOT = Path(__file__).resolve().parent.parent
PREFIX = ROOT / "var" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def install() -> Path:
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
                        f"lighthouse@{LIGHTHOUSE}"], check=True)
    return binary


def first_article(base: str) -> str:
    """The newest story's address, read off the home page like a reader would find it."""
    html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    marker = 'class="teaser__title"><a href="'
    start = html.index(marker) + len(marker)
    return urllib.parse.urljoin(base + "/", html[start:html.index('"', start)])


def measure(binary: Path, url: str, attempts: int = 3) -> dict:
    """One Lighthouse run; a run Lighthouse itself gives up on (NO_NAVSTART: its trace failed) is run again."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        for attempt in range(1, attempts + 1):
            done = subprocess.run(
                [str(binary), url, "--quiet", "--output=json", f"--output-path={report.name}",
                 "--chrome-flags=--headless=new --no-sandbox"],
                env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            )
            if done.returncode == 0:
                return json.load(open(report.name))
        raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")


def lost_points(result: dict) -> list[str]:
    lost = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category['id']}: {audit['id']} {audit.get('displayValue', '')}".rstrip())
    return lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = install()
    pages = {
        "home": args.base + "/",
        "article": first_article(args.base),
        "rubric": args.base + "/rubric/politics/",
        "English home": args.base + "/en/",
        "search (noindex on purpose)": args.base + "/search/?q=" + urllib.parse.quote("бюджет"),
    }
    print(f"Lighthouse {LIGHTHOUSE}, mobile, median of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
    worst = 100
    for name, url in pages.items():
        results = [measure(binary, url) for _ in range(args.runs)]
        runs = {c: [round(100 * r["categories"][c]["score"]) for r in results] for c in CATEGORIES}
        scores = {c: round(statistics.median(values)) for c, values in runs.items()}
        print(f"{name:28} " + "  ".join(f"{c} {s}" for c, s in scores.items()) + f"   {url}")
        print(f"{'':28} each run: " + "  ".join(f"{c} {'/'.join(map(str, v))}" for c, v in runs.items()))
        for line in sorted({line for r in results for line in lost_points(r)}):
            print(f"    lost in some run: {line}")
        if not name.startswith("search"):
            worst = min(worst, *scores.values())
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
