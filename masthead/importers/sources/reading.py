"""From paths to records: walking directories, gunzipping, telling formats apart,
and decoding bytes once into canonical text."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from masthead.importers.sources.records import ParsedArticle, RecordError, Skipped

FORMATS = ("auto", "wxr", "html", "text")
SNIFF_BYTES = 64 * 1024
DETECT_BYTES = 1024 * 1024
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}

Record = ParsedArticle | RecordError | Skipped


class UnreadableInput(Exception):
    """The bytes are not text we can read (empty, binary, undetectable encoding, too large)."""


def max_document_bytes() -> int:
    """The cap on one HTML page or text capture, and on one WXR item's text."""
    return settings.IMPORTERS_MAX_ITEM_BYTES


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file under the given paths, directories walked in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.name not in SKIPPED_NAMES:
                    yield child
        else:
            yield path


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, gunzipped on the fly when it is gzip (by content, not by name)."""
    handle = open(path, "rb")
    magic = handle.read(2)
    handle.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=handle, mode="rb")
    return handle


def read_capped(path: Path, limit: int) -> bytes:
    with open_binary(path) as handle:
        try:
            data = handle.read(limit + 1)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise UnreadableInput(f"cannot read the file: {error}") from error
    if len(data) > limit:
        raise UnreadableInput(f"the document is larger than the {limit:,}-byte limit")
    return data


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """The encoding of `sample`: a BOM, else strict UTF-8, else charset-normalizer's best guess.

    A declared charset is not trusted: cp1251 files labelled UTF-8 are common in
    old exports, and decoding by the label would turn them into mojibake.
    """
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # A few stray bytes in an otherwise UTF-8 file: UTF-8 it is (they become U+FFFD).
    lenient = sample.decode("utf-8", errors="replace")
    if lenient and lenient.count("\ufffd") / len(lenient) < 0.001:
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:DETECT_BYTES]).best()
    if best is None:
        raise UnreadableInput("the encoding cannot be detected: this looks like binary data")
    return best.encoding


def looks_binary(text: str) -> bool:
    """Mostly control characters or replacement marks: not a text document."""
    if not text:
        return False
    sample = text[:SNIFF_BYTES]
    bad = sum(1 for char in sample if (char < " " and char not in "\t\n\r\f") or char == "\ufffd")
    return bad / len(sample) > 0.05


def decode_document(data: bytes) -> str:
    """Bytes to canonical text, once: BOM dropped, CRLF and CR as LF, NUL removed."""
    if not data.strip():
        raise UnreadableInput("the file is empty")
    encoding = detect_encoding(data, complete=True)
    text = data.decode(encoding, errors="replace")
    if looks_binary(text):
        raise UnreadableInput("this is binary data, not text")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def sniff_format(head: str) -> str:
    """Tell WXR, HTML and plain text apart by their opening characters."""
    start = head.lstrip("\ufeff \t\r\n")[:4096].lower()
    if start.startswith("<?xml") or start.startswith("<rss"):
        if "<html" in start and "<rss" not in start:
            return "html"
        return "wxr"
    if start.startswith("<") and any(marker in start for marker in ("<html", "<!doctype html", "<head", "<body", "<meta", "<article", "<div", "<p", "<title")):
        return "html"
    return "text"


def iter_records(paths: Iterable[str | os.PathLike], fmt: str = "auto") -> Iterator[Record]:
    """Records from every file under `paths`, in order; unreadable files become RecordErrors."""
    for path in iter_files(paths):
        yield from iter_file_records(path, fmt)


def iter_file_records(path: Path, fmt: str = "auto") -> Iterator[Record]:
    source = str(path)
    try:
        with open_binary(path) as handle:
            head_bytes = handle.read(SNIFF_BYTES)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield RecordError(source, "file", f"cannot read the file: {error}")
        return
    if not head_bytes.strip():
        yield RecordError(source, "file", "the file is empty")
        return
    try:
        encoding = detect_encoding(head_bytes, complete=len(head_bytes) < SNIFF_BYTES)
    except UnreadableInput as error:
        yield RecordError(source, "file", str(error))
        return
    head = head_bytes.decode(encoding, errors="replace")
    if looks_binary(head):
        yield RecordError(source, "file", "this is binary data, not text")
        return
    kind = sniff_format(head) if fmt == "auto" else fmt
    if kind == "wxr":
        from masthead.importers.sources import wxr

        yield from wxr.parse(lambda: open_text(path, encoding), source)
        return
    try:
        text = decode_document(read_capped(path, max_document_bytes()))
    except UnreadableInput as error:
        yield RecordError(source, "file", str(error))
        return
    parser = _document_parser(kind)
    yield from parser(text, source)


def _document_parser(kind: str) -> Callable[[str, str], Iterator[Record]]:
    if kind == "html":
        from masthead.importers.sources.html import parse
    else:
        from masthead.importers.sources.text import parse
    return parse


class CleanTextStream:
    """A read-only text stream without the control characters XML forbids (NUL and kin),
    which an export sometimes carries and which would stop the parser at the first one."""

    CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

    def __init__(self, stream: io.TextIOBase):
        self.stream = stream

    def read(self, size: int = -1) -> str:
        return self.CONTROL.sub("", self.stream.read(size))

    def close(self) -> None:
        self.stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_text(path: Path, encoding: str) -> CleanTextStream:
    """A streaming text view of a (possibly gzipped) file in the detected encoding.

    Invalid bytes further in than the detection sample become U+FFFD instead of
    stopping a 2 GB import half-way.
    """
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    return CleanTextStream(io.TextIOWrapper(open_binary(path), encoding=encoding, errors="replace", newline=None))
