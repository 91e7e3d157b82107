"""`make bench` for comments: the policy engine's time per comment.

2,000-character comments made of the demo articles' words (one word in ten
unseen, as real comments bring new words) against lists of 5,000 banned words
per language. Target: p95 <= 5 ms. The list is compiled once, as in a running
process, and compiling is reported apart.
"""

import json
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
    samples = []
    for text in comments[100:]:
        began = time.perf_counter()
        check_text(text, words=words, own_hosts=("masthead.example",))
        samples.append((time.perf_counter() - began) * 1000)
    figures = percentiles(samples)
    note = f"{figures['n']} comments of {COMMENT_CHARS} chars, 2×{LIST_SIZE} words"
    report.add("comments", "policy engine p50", figures["p50"], "ms", note)
    report.add("comments", "policy engine p95", figures["p95"], "ms", "target <= 5 ms")
