"""`make bench` for comments: the policy engine's time per comment.

2,000-character comments made of the demo articles' words (one word in ten
unseen, as real comments bring new words) against lists of 5,000 banned words
per language. Target: p95 <= 5 ms. The list is compiled once, as in a running
process, and compiling is reported apart.
"""

import json
import os
import random
import time
from pathlib import Path

from masthead.comments.policy import check_text, compile_word_lists
from masthead.comments.policy.default_words import default_entries
from masthead.comments.policy.normalize import clean_text
from masthead.core.benchmarking import percentiles

DEMO = Path(__file__).resolve().parent.parent / "core" / "demo" / "newsroom.json"
LIST_SIZE = 5_000
COMMENT_CHARS = 2_000


def synthetic_entries(rng: random.Random, per_language: int) -> list[tuple[str, str]]:
    entries = default_entries()
    russian, latin = "абвгдежзиклмнопрстуфхцчшщыэюя", "abcdefghijklmnopqrstuvwxyz"
    for language, alphabet in (("ru", russian), ("en", latin)):
        entries += [(language, "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 10)))) for _ in range(per_language)]
    return entries


def demo_words() -> list[str]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    words = []
    for article in data["articles"]:
        for block in article["body"]:
            if isinstance(block["value"], str):
                words += block["value"].split()
    return words


def make_comment(rng: random.Random, words: list[str]) -> str:
    out, length = [], 0
    while length < COMMENT_CHARS:
        word = rng.choice(words) if rng.random() < 0.9 else "".join(rng.choice("абвгдеклмнопрст") for _ in range(7))
        out.append(word)
        length += len(word) + 1
    return clean_text(" ".join(out)[:COMMENT_CHARS])


def run(report, options) -> None:
    rng = random.Random(5)
    entries = synthetic_entries(rng, LIST_SIZE)
    start = time.perf_counter()
    words = compile_word_lists(entries)
    report.add("comments", "compile 2×5,000-word lists", (time.perf_counter() - start) * 1000, "ms", "once per list change")
    vocabulary = demo_words()
    count = 300 if options.get("quick") else 2_100
    comments = [make_comment(rng, vocabulary) for _ in range(count)]
    # A running process has met most of the language before: warm up unmeasured.
    for text in comments[:100]:
        check_text(text, words=words, own_hosts=("masthead.example",))
    # Wall time, and the CPU time of this thread: on a shared machine the wall-clock
    # tail is mostly waiting for a CPU, which the CPU figure leaves out.
    wall, cpu = [], []
    for text in comments[100:]:
        began, began_cpu = time.perf_counter(), time.thread_time()
        check_text(text, words=words, own_hosts=("masthead.example",))
        cpu.append((time.thread_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
    figures, cpu_figures = percentiles(wall), percentiles(cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    note = f"{figures['n']} comments of {COMMENT_CHARS} chars, 2×{LIST_SIZE} words; load {load:.1f} on {os.cpu_count()} CPUs"
    report.add("comments", "policy engine p50 (wall)", figures["p50"], "ms", note)
    report.add("comments", "policy engine p95 (wall)", figures["p95"], "ms", "target <= 5 ms")
    report.add("comments", "policy engine p50 (CPU)", cpu_figures["p50"], "ms", "thread CPU time")
    report.add("comments", "policy engine p95 (CPU)", cpu_figures["p95"], "ms", "target <= 5 ms")
    worst, shape = hostile_worst(words)
    report.add("comments", "slowest hostile shape (CPU)", worst, "ms", f"{len(HOSTILE_SHAPES)} shapes at the size cap; slowest: {shape}")


# Texts built to make the policy's patterns backtrack, at the comment size cap (COMMENTS_MAX_CHARS).
HOSTILE_SHAPES = {
    "a。a。…": "a。" * 2500, "a[.]a[.]…": "a[.]" * 1250, "a d0t a d0t …": "a d0t " * 834, "a ( dot ) …": "a ( dot ) " * 500,
    "х*х*…": "х*" * 2500, "х*й х*й …": "х*й " * 1250, "a-a-…": "a-" * 2500, "e.v.i.l.c.o.m …": "e.v.i.l.c.o.m " * 358,
    "evil,com …": "evil,com " * 556, "14/88/…": "14/88/" * 834, "&#46;a…": "&#46;a" * 834, "пример точка …": "пример точка " * 385,
    "word. word. …": "word. " * 834, "@a@a…": "@a" * 2500, "* * …": "*" * 5000,
}


def hostile_worst(words) -> tuple[float, str]:
    """The slowest shape's CPU time in ms (best of three, so a scheduler hiccup is not reported)."""
    worst, name = 0.0, ""
    for shape, text in HOSTILE_SHAPES.items():
        best = min(_cpu_ms(text[:5000], words) for _ in range(3))
        if best > worst:
            worst, name = best, shape
    return worst, name


def _cpu_ms(text: str, words) -> float:
    began = time.thread_time()
    check_text(text, words=words, own_hosts=("masthead.example",))
    return (time.thread_time() - began) * 1000
