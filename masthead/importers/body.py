"""Imported HTML and text into ArticlePage body blocks, through an allowlist sanitiser.

Only p, a[href http(s)], b/strong, i/em, sup, sub and br survive inside a
paragraph; headings become subheading blocks, blockquotes quote blocks, lists
one paragraph per item, images a link to the image (nothing is downloaded).
Script, style, iframe, object, base, meta and every on*= or style attribute
are dropped with their content where they carry any.
"""

from __future__ import annotations

import html
import re

import lxml.html
import nh3

from masthead.lib.text import strip_control_chars

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "figure", "figcaption", "img", "table", "tr", "hr", "pre"}
# The first pass keeps structure (which becomes blocks) and drops everything active.
STRUCTURE_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "sup", "sub", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "img", "figure", "figcaption", "table", "tr", "td", "th", "hr", "pre"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form", "button", "select", "textarea", "title", "head"}
INLINE_TAGS = {"a", "b", "i", "sup", "sub", "br"}
SUBHEADING_MAX = 200
SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|playlist|contact-form[\w-]*|vc_[\w-]+|et_pb_[\w-]+|fusion_[\w-]+)\b[^\]]*\]"
    r"|\[/[a-z_][\w-]*\]"
    r"|\[[a-z_][\w-]*\s+[\w-]+=[^\]]*\]",
    re.IGNORECASE,
)
BLOCK_MARKUP = re.compile(r"<(p|div|h[1-6]|blockquote|ul|ol|table|figure)\b", re.IGNORECASE)
WHITESPACE = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def clean_text(text: str) -> str:
    """Plain text for titles, leads, names: no control characters, one space between words."""
    text = strip_control_chars(text or "").replace("\u00a0", " ")
    return WHITESPACE.sub(" ", text).strip()


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment (entities decoded once)."""
    if not fragment or "<" not in fragment:
        return clean_text(html.unescape(fragment or ""))
    cleaned = nh3.clean(fragment, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return clean_text(html.unescape(cleaned))


def strip_shortcodes(text: str) -> str:
    return SHORTCODE.sub("", text)


def autop(text: str) -> str:
    """WordPress stores posts without <p>: blank lines separate paragraphs (wpautop's rule).

    Runs that already open with a block element are left as they are.
    """
    parts = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        part if BLOCK_MARKUP.match(part) else f"<p>{part.replace(chr(10), '<br>')}</p>" for part in parts
    )


def html_to_blocks(fragment: str, *, base_url: str = "") -> list[tuple[str, str]]:
    """Body blocks from an HTML fragment (a WordPress post, an extracted article)."""
    fragment = strip_control_chars(fragment or "").replace("\r\n", "\n")
    fragment = autop(strip_shortcodes(fragment))
    relative = ("rewrite_with_base", base_url) if base_url.startswith(("http://", "https://")) else "deny"
    safe = nh3.clean(
        fragment,
        tags=STRUCTURE_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}, "img": {"src", "alt"}},
        url_schemes={"http", "https"},
        url_relative=relative,
        link_rel=None,
    )
    if not safe.strip():
        return []
    root = lxml.html.fragment_fromstring(safe, create_parent="div")
    builder = _BlockBuilder()
    builder.walk(root)
    builder.flush()
    return builder.blocks


def paragraphs_to_blocks(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Body blocks from plain-text paragraphs (text captures)."""
    return [("paragraph", f"<p>{html.escape(clean_text(p), quote=False)}</p>") for p in paragraphs if clean_text(p)]


def blocks_text(blocks: list[tuple[str, str]]) -> list[str]:
    return [html_to_text(value) for _, value in blocks]


class _BlockBuilder:
    """Walks the sanitised tree: block elements close the paragraph being gathered."""

    def __init__(self):
        self.blocks: list[tuple[str, str]] = []
        self.inline: list[str] = []

    def add_inline(self, markup: str) -> None:
        self.inline.append(markup)

    def flush(self) -> None:
        markup = "".join(self.inline)
        self.inline = []
        # <br><br> inside a run of text is a paragraph break in hand-written HTML.
        for part in re.split(r"(?:<br\s*/?>\s*){2,}", markup):
            paragraph = _paragraph(part)
            if paragraph:
                self.blocks.append(("paragraph", paragraph))

    def text_block(self, kind: str, element) -> None:
        self.flush()
        text = clean_text(element.text_content())
        if not text:
            return
        if kind == "subheading" and len(text) > SUBHEADING_MAX:
            self.blocks.append(("paragraph", f"<p><b>{html.escape(text, quote=False)}</b></p>"))
        else:
            self.blocks.append((kind, text))

    def walk(self, element) -> None:
        if element.text:
            self.add_inline(html.escape(element.text, quote=False))
        for child in element:
            self.visit(child)
            if child.tail:
                self.add_inline(html.escape(child.tail, quote=False))

    def visit(self, child) -> None:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.text_block("subheading", child)
        elif tag == "blockquote":
            self.text_block("quote", child)
        elif tag in {"p", "li", "figcaption", "pre", "td", "th"}:
            self.flush()
            prefix = "• " if tag == "li" else ""
            if prefix:
                self.add_inline(prefix)
            self.walk(child)
            self.flush()
        elif tag in {"ul", "ol", "figure", "table", "tr"}:
            self.flush()
            self.walk(child)
            self.flush()
        elif tag == "hr":
            self.flush()
        elif tag == "img":
            self.add_inline(_image_link(child))
        elif tag in INLINE_TAGS or tag in {"strong", "em"}:
            self.add_inline(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        else:
            self.walk(child)


def _image_link(element) -> str:
    src = element.get("src") or ""
    label = clean_text(element.get("alt") or "") or src.rsplit("/", 1)[-1] or "image"
    if not src:
        return html.escape(label, quote=False)
    return f'<a href="{html.escape(src)}">{html.escape(label, quote=False)}</a>'


STRONG = re.compile(r"<(/?)strong\b")
EM = re.compile(r"<(/?)em\b")
EDGE_BREAKS = re.compile(r"^(?:\s|<br>)+|(?:\s|<br>)+$")
BARE_LINK = re.compile(r"<a>(.*?)</a>")
ANY_TAG = re.compile(r"<[^>]*>")


def _paragraph(markup: str) -> str:
    """One paragraph in Wagtail's rich-text format, or "" when it holds no text."""
    if "<strong" in markup:
        markup = STRONG.sub(r"<\1b", markup)
    if "<em" in markup:
        markup = EM.sub(r"<\1i", markup)
    inner = nh3.clean(
        markup,
        tags=INLINE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative="deny",
        link_rel=None,
    )
    inner = WHITESPACE.sub(" ", inner.replace("\u00a0", " ").replace("\n", " "))
    if "<br>" in inner:
        inner = EDGE_BREAKS.sub("", inner)  # nh3 writes every break as "<br>"
    inner = inner.strip()
    if "<a>" in inner:
        inner = BARE_LINK.sub(r"\1", inner)  # links whose href was refused
    if not html.unescape(ANY_TAG.sub("", inner)).strip():
        return ""
    return f"<p>{inner}</p>"
