"""Third-party links, plain and disguised.

Works on the folded text (see normalize.py): full-width dots, zero-width
characters and capitals are gone already. What is a domain is decided by the
top-level domain, from a list, so that "т.е.", "3.14" and "Node.js" stay text.

Disguises are tiered by how easily they occur in honest prose: a character a
browser reads as a dot ("。", "%2e", "&#46;") counts before any TLD; a comma or
a middle dot, a spelled-out dot ("d0t", "тчк") or a domain spelled letter by
letter counts only before the short list of TLDs spammers use, so that
"да,no" and "Сказал. Ком в горле" stay text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .normalize import TO_LATIN_LETTERS, Folded

# Generic and country TLDs that readers meet; "it", "in", "is", "at", "be", "to",
# "me" and "no" are words in English, so they count only with a plain dot and no spaces.
TLDS = (
    "com net org info biz xyz online site top club shop store app dev io ai co me tv cc ws link "
    "click live news blog pro name mobi asia tech space website fun icu vip win bid work today page "
    "ru su рф рус москва онлайн сайт орг ком укр бел қаз срб "
    "ua by kz uz kg tj tm am az ge md lv lt ee pl cz sk de at ch fr it es pt nl be dk se no fi "
    "is ie uk gb us ca mx br ar cl au nz jp cn hk tw kr in id vn th my sg ph tr il ae ir "
    "eu int ly gl gg to am fm cx la ms sh ac im nu ws gd vc tk ml ga cf gq"
).split()
# The TLDs that may follow a spelled-out or spaced dot ("example dot com", "example . ru").
SPACED_TLDS = "com net org info biz xyz online site ru su io ly".split()
# After a spelled-out dot only ("пример точка рф", "example тчк ру"): the
# Cyrillic TLDs and their Cyrillic spellings, which are words after a plain dot.
SPELLED_TLDS = {"рф": "рф", "рус": "рус", "ру": "ru", "ком": "com", "орг": "org", "инфо": "info"}
# Spelled letter by letter ("e.v.i.l.c.o.m"): a run that ends in one of these.
RUN_TLDS = ("com", "net", "org", "info", "online", "site", "xyz", "ru", "рф")

# Possessive: a label takes every word character up to the dot, so a long word
# that is not followed by a dot fails at once instead of backtracking letter by letter.
_LABEL = r"[^\W_][\w-]{0,62}+"
_TLD = "|".join(sorted({re.escape(t) for t in TLDS}, key=len, reverse=True))
_SPACED_TLD = "|".join(sorted({re.escape(t) for t in SPACED_TLDS}, key=len, reverse=True))
_DOT_WORD = r"(?:d[o0]t|точка|тчк)"
# Characters and encodings a browser or a reader takes for a dot: the ideographic
# full stop (the half-width one folds to it), the one-dot leader, percent and HTML entities.
_DOT_CHAR = r"(?:[.\u3002\u2024\ufe52]|%2e|&\#0*46;|&\#x0*2e;|&period;|&\#0*12290;|&\#x0*3002;)"
# A dot, or the disguises that keep the domain on one token: [.], (.), {.}, [dot], (точка).
_DOT = (
    rf"(?:{_DOT_CHAR}|\[\s*(?:\.|{_DOT_WORD})\s*\]|\(\s*(?:\.|{_DOT_WORD})\s*\)|\{{\s*(?:\.|{_DOT_WORD})\s*\}})"
)
_SPACED_DOT = (
    rf"(?:[ \t]+(?:{_DOT_WORD}|{_DOT_CHAR})[ \t]+|[ \t]+{_DOT_CHAR}|{_DOT_CHAR}[ \t]+"
    rf"|[ \t]*[\[({{][ \t]*(?:{_DOT_WORD}|{_DOT_CHAR})[ \t]*[\])}}][ \t]*)"
)
# Weak dots: a comma or a middle dot with no space around, only before SPACED_TLDS.
_WEAK_DOT = r"[,\u00b7\u2022\u2027\u30fb]"

# At most 127 labels, as in DNS (253 characters): a long run of labels with no TLD at its end
# ("a[.]a[.]a[.]…", "d0t d0t d0t …") is otherwise tried again from every label in it, quadratic
# in the comment's length. The look-behinds also refuse to start a domain just after a dot of any spelling.
_LABELS = "{1,127}"
_NOT_AFTER_DOT = r"(?<![\w.\u3002\u2024\ufe52;-])"
DOMAIN = re.compile(rf"{_NOT_AFTER_DOT}((?:{_LABEL}{_DOT}){_LABELS}(?:{_TLD}))(?![\w-])")
SPACED_DOMAIN = re.compile(rf"{_NOT_AFTER_DOT}((?:{_LABEL}{_SPACED_DOT}){_LABELS}(?:{_SPACED_TLD}))(?![\w-])")
WEAK_DOMAIN = re.compile(rf"(?<![\w.,-])((?:{_LABEL}{_WEAK_DOT}){_LABELS}(?:{_SPACED_TLD}))(?![\w-])")
SPELLED_DOMAIN = re.compile(
    rf"{_NOT_AFTER_DOT}((?:{_LABEL}(?:[ \t]+{_DOT_WORD}[ \t]+|[ \t]*[\[({{][ \t]*{_DOT_WORD}[ \t]*[\])}}][ \t]*)){_LABELS}({'|'.join(sorted(SPELLED_TLDS, key=len, reverse=True))}))(?![\w-])"
)
# Single letters with small gaps: "e v i l . c o m", "e.v.i.l.c.o.m", "e-v-i-l.com".
LETTER_RUN = re.compile(r"(?<![^\W_])[^\W_](?:[\s.\-_*·,|]{1,3}[^\W_]){3,}(?![^\W_])")
SCHEME_URL = re.compile(r"(?<![a-z])(?:h[tx]{2}ps?|ftp)\s*:\s*/\s*/\s*([^\s/?#<>\"']+)")
PUNYCODE = re.compile(r"(?<![\w-])(?:[\w-]*\.)?xn--[\w-]+(?:\.[\w-]+)*")
# A word that mixes Latin and Cyrillic letters: only then can look-alikes hide a domain.
_MIXED_SCRIPTS = re.compile(r"\b(?=[^\W\d_]*[a-z])(?=[^\W\d_]*[а-яёα-ωіјѕԁ])")
_ANY_LATIN = re.compile(r"[a-z]")
_DOT_SPELLINGS = re.compile(
    rf"\s*(?:\[|\(|\{{)?\s*(?:{_DOT_CHAR}|{_DOT_WORD}|{_WEAK_DOT})\s*(?:\]|\)|\}})?\s*"
)


@dataclass(frozen=True)
class LinkMatch:
    start: int
    end: int
    host: str


def own_host_allowed(host: str, own_hosts: Iterable[str]) -> bool:
    """True for the site's own hosts and their subdomains."""
    host = host.strip(".").lower()
    if host.startswith("www."):
        host = host[4:]
    for own in own_hosts:
        own = own.strip(".").lower()
        if own.startswith("www."):
            own = own[4:]
        if own and (host == own or host.endswith("." + own)):
            return True
    return False


def _host_of(fragment: str) -> str:
    host = _DOT_SPELLINGS.sub(".", fragment).split(":")[0].split("@")[-1]
    label, _, tld = host.rpartition(".")
    return f"{label}.{SPELLED_TLDS[tld]}" if label and tld in SPELLED_TLDS else host


def _spelled_out(run: str) -> str | None:
    """The host a letter-by-letter run spells, or None.

    "e v i l . c o m" keeps its one distinct dot; "e.v.i.l.c.o.m" has none to
    keep, so a run counts only if it ends in a spammer's TLD after at least
    three letters ("т.е.", "и т. д.", "С.С.С.Р." end in none).
    """
    squeezed = re.sub(r"\s+", "", run)
    if DOMAIN.fullmatch(squeezed) and squeezed.count(".") == 1:
        return squeezed
    letters = "".join(_LETTER_OR_DIGIT.findall(run))
    for tld in RUN_TLDS:
        if letters.endswith(tld) and len(letters) - len(tld) >= 3:
            return f"{letters[: -len(tld)]}.{tld}"
    return None


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def find_links(folded: Folded, own_hosts: Iterable[str] = ()) -> list[LinkMatch]:
    """Every third-party link in the folded text, as spans of the folded text."""
    own_hosts = tuple(own_hosts)
    text = folded.text
    found: list[LinkMatch] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, host: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        if not own_host_allowed(host, own_hosts):
            found.append(LinkMatch(start, end, host))

    # Cheap substring tests first: most comments have no URL, no punycode, no Latin.
    if "/" in text:
        for match in SCHEME_URL.finditer(text):
            add(match.start(), match.end(), _host_of(match.group(1)))
    if "xn--" in text:
        for match in PUNYCODE.finditer(text):
            add(match.start(), match.end(), match.group(0))
    for pattern in (DOMAIN, SPACED_DOMAIN, WEAK_DOMAIN, SPELLED_DOMAIN):
        for match in pattern.finditer(text):
            add(match.start(1), match.end(1), _host_of(match.group(1)))
    for match in LETTER_RUN.finditer(text):
        host = _spelled_out(match.group())
        if host:
            add(match.start(), match.end(), host)
    # Cyrillic look-alikes inside a Latin domain ("ехаmple.соm"): seen once the
    # look-alikes read as Latin. Same length, so the spans hold; a match counts
    # only if the reader typed some real Latin letters in it (not "сказал.со").
    mixed = _ANY_LATIN.search(text) and _MIXED_SCRIPTS.search(text)
    latin = text.translate(TO_LATIN_LETTERS) if mixed else text
    if latin != text:
        for pattern in (DOMAIN, SPACED_DOMAIN):
            for match in pattern.finditer(latin):
                original = text[match.start(1) : match.end(1)]
                if any("a" <= c <= "z" for c in original):
                    add(match.start(1), match.end(1), _host_of(match.group(1)))
    found.sort(key=lambda link: link.start)
    return found
