"""Imported HTML and text into ArticlePage body blocks, through an allowlist sanitiser.

Only p, a[href http(s)], b/strong, i/em, sup, sub and br survive inside a
paragraph; headings become subheading blocks, blockquotes quote blocks.
Images (linked or not, in a [caption] or a <figure>) become ("image", {...})
blocks that the import resolves to an image from `--media-root` or to a
link-out with the alt text; a [gallery] becomes its images in a row; a bare
YouTube/Vimeo/Twitter/Telegram address on a line of its own an ("embed", url)
block; [audio] and [video] a link to the file. Lists keep their bullets and
numbers (`<ol start>` included), definition lists their terms in bold, table
rows their cells joined by " | ", <pre> its line breaks. Script, style,
iframe, object, base, meta and every on*= or style attribute are dropped with
their content where they carry any.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import lxml.html
import nh3

from masthead.lib.text import strip_control_chars

# The first pass keeps structure (which becomes blocks) and drops everything active.
STRUCTURE_TAGS = {
    "p", "br", "a", "b", "strong", "i", "em", "sup", "sub", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "ul", "ol", "li", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr",
    "pre", "dl", "dt", "dd", "code",
}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form", "button", "select", "textarea", "title", "head"}
INLINE_TAGS = {"a", "b", "i", "sup", "sub", "br"}
SUBHEADING_MAX = 200
SHORTCODE = re.compile(
    r"\[/?(?:caption|wp_caption|gallery|embed|video|audio|playlist|contact-form[\w-]*|vc_[\w-]+|et_pb_[\w-]+|fusion_[\w-]+)\b[^\]]*\]"
    r"|\[/[a-z_][\w-]*\]"
    r"|\[[a-z_][\w-]*\s+[\w-]+=[^\]]*\]",
    re.IGNORECASE,
)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
MEDIA = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.IGNORECASE | re.DOTALL)
EMBED_SHORTCODE = re.compile(r"\[embed\b[^\]]*\]\s*(https?://[^\s\[]+)\s*\[/embed\]", re.IGNORECASE)
CAPTION = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.IGNORECASE | re.DOTALL)
SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
EMBED_URL = re.compile(
    r"^https?://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?\S+|shorts/\S+|embed/\S+)|youtu\.be/\S+"
    r"|(?:www\.|player\.)?vimeo\.com/\S+"
    r"|(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/\d+\S*"
    r"|t\.me/(?:s/)?[\w]+/\d+\S*)$",
    re.IGNORECASE,
)
BLOCK_MARKUP = re.compile(r"<(p|div|h[1-6]|blockquote|ul|ol|dl|table|figure|pre)\b", re.IGNORECASE)
WHITESPACE = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# Bidi embedding, override and isolate controls: they reorder a headline on screen
# (a title can be made to read as something else); marks (LRM/RLM) go too.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def clean_text(text: str) -> str:
    """Plain text for titles, leads, names: no control characters, one space between words."""
    text = BIDI_CONTROLS.sub("", strip_control_chars(text or "")).replace("\u00a0", " ")
    return WHITESPACE.sub(" ", text).strip()


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment (entities decoded once)."""
    if not fragment or "<" not in fragment:
        return clean_text(html.unescape(fragment or ""))
    cleaned = nh3.clean(fragment, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return clean_text(html.unescape(cleaned))


def strip_shortcodes(text: str) -> str:
    return SHORTCODE.sub("", text)


def shortcode_attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in SHORTCODE_ATTR.finditer(text or "")}


def expand_shortcodes(text: str, attachments: Mapping[str, dict] | None = None, post_id: str = "") -> str:
    """WordPress shortcodes that carry content, as the HTML they stand for; the rest are dropped.

    `attachments` maps an attachment's post id to {"url", "alt", "caption", "parent"}:
    a [gallery ids="..."] shows those, a bare [gallery] the images attached to `post_id`.
    """
    attachments = attachments or {}
    text = EMBED_SHORTCODE.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
    text = GALLERY.sub(lambda m: _gallery_html(shortcode_attributes(m.group(1)), attachments, post_id), text)
    text = MEDIA.sub(lambda m: _media_html(m.group(1), shortcode_attributes(m.group(2)), m.group(3) or ""), text)
    text = CAPTION.sub(_caption_html, text)
    return strip_shortcodes(text)


def _gallery_html(attributes: dict[str, str], attachments: Mapping[str, dict], post_id: str) -> str:
    ids = [i.strip() for i in attributes.get("ids", attributes.get("include", "")).split(",") if i.strip()]
    if not ids:
        ids = [key for key, item in attachments.items() if post_id and item.get("parent") == post_id and _is_image(item.get("url", ""))]
    figures = []
    for key in ids:
        item = attachments.get(key)
        if not item or not item.get("url"):
            continue
        caption = f"<figcaption>{html.escape(item.get('caption', ''), quote=False)}</figcaption>" if item.get("caption") else ""
        figures.append(f'<figure><img src="{html.escape(item["url"])}" alt="{html.escape(item.get("alt", ""))}">{caption}</figure>')
    return "\n\n" + "".join(figures) + "\n\n" if figures else ""


def _media_html(kind: str, attributes: dict[str, str], inner: str) -> str:
    url = attributes.get("src") or next((v for k, v in attributes.items() if k in {"mp3", "ogg", "m4a", "wav", "mp4", "webm", "ogv", "flac"}), "")
    url = url or inner.strip()
    if not url.startswith(("http://", "https://")):
        return ""
    label = {"audio": "Audio", "video": "Video"}[kind.lower()]
    name = html.escape(url.rsplit("/", 1)[-1] or url, quote=False)
    return f'\n\n<p>{label}: <a href="{html.escape(url)}">{name}</a></p>\n\n'


def _caption_html(match: re.Match) -> str:
    inner = match.group(2)
    caption = shortcode_attributes(match.group(1)).get("caption", "")
    images = re.findall(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", inner, re.IGNORECASE)
    rest = inner
    for image in images:
        rest = rest.replace(image, "")
    caption = caption or rest.strip()
    return f"\n\n<figure>{''.join(images)}<figcaption>{caption}</figcaption></figure>\n\n"


def _is_image(url: str) -> bool:
    return bool(re.search(r"\.(jpe?g|png|gif|webp|avif|bmp|tiff?)(\?|$)", url or "", re.IGNORECASE))


def autop(text: str) -> str:
    """WordPress stores posts without <p>: blank lines separate paragraphs (wpautop's rule).

    Runs that already open with a block element are left as they are.
    """
    parts = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        part if BLOCK_MARKUP.match(part) else f"<p>{part.replace(chr(10), '<br>')}</p>" for part in parts
    )


def html_to_blocks(
    fragment: str, *, base_url: str = "", attachments: Mapping[str, dict] | None = None, post_id: str = ""
) -> list[tuple[str, str | dict]]:
    """Body blocks from an HTML fragment (a WordPress post, an extracted article)."""
    fragment = strip_control_chars(fragment or "").replace("\r\n", "\n")
    fragment = autop(expand_shortcodes(fragment, attachments, post_id))
    relative = ("rewrite_with_base", base_url) if base_url.startswith(("http://", "https://")) else "deny"
    safe = nh3.clean(
        fragment,
        tags=STRUCTURE_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "li": {"value"}},
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
    """Body blocks from plain-text paragraphs (text captures); a bare embed address is an embed."""
    blocks = []
    for paragraph in paragraphs:
        text = clean_text(paragraph)
        if EMBED_URL.match(text):
            blocks.append(("embed", text))
        elif text:
            blocks.append(("paragraph", f"<p>{html.escape(text, quote=False)}</p>"))
    return blocks


def block_text(kind: str, value) -> str:
    """The readable text of one block (an image's caption or alt; an embed's address)."""
    if isinstance(value, dict):
        return clean_text(value.get("caption") or value.get("alt") or "")
    return html_to_text(value) if kind == "paragraph" else clean_text(value)


def blocks_text(blocks: list[tuple[str, str]]) -> list[str]:
    return [block_text(kind, value) for kind, value in blocks]


class _BlockBuilder:
    """Walks the sanitised tree: block elements close the paragraph being gathered."""

    def __init__(self):
        self.blocks: list[tuple[str, str | dict]] = []
        self.inline: list[str] = []

    def add_inline(self, markup: str) -> None:
        self.inline.append(markup)

    def flush(self) -> None:
        markup = "".join(self.inline)
        self.inline = []
        # <br><br> inside a run of text is a paragraph break in hand-written HTML.
        for part in re.split(r"(?:<br\s*/?>\s*){2,}", markup):
            paragraph = _paragraph(part)
            if not paragraph:
                continue
            url = _bare_embed(paragraph)
            self.blocks.append(("embed", url) if url else ("paragraph", paragraph))

    def text_block(self, kind: str, element) -> None:
        self.flush()
        text = clean_text(element.text_content())
        if not text:
            return
        if kind == "subheading" and len(text) > SUBHEADING_MAX:
            self.blocks.append(("paragraph", f"<p><b>{html.escape(text, quote=False)}</b></p>"))
        else:
            self.blocks.append((kind, text))

    def image(self, element, link: str = "", caption: str = "") -> None:
        src = element.get("src") or ""
        if not src:
            return
        self.flush()
        # A thumbnail linked to its full size: the full size is the image.
        if link and _is_image(link):
            src = link
        self.blocks.append(("image", {"src": src, "alt": clean_text(element.get("alt") or ""), "caption": caption[:300]}))

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
        elif tag in {"ul", "ol"}:
            self.list_items(child, numbered=tag == "ol")
        elif tag in {"p", "li", "dd", "figcaption"}:
            self.paragraph(child)
        elif tag == "dt":
            self.flush()
            text = clean_text(child.text_content())
            if text:
                self.blocks.append(("paragraph", f"<p><b>{html.escape(text, quote=False)}</b></p>"))
        elif tag == "pre":
            self.preformatted(child)
        elif tag == "tr":
            self.table_row(child)
        elif tag == "figure":
            self.figure(child)
        elif tag == "img":
            self.image(child)
        elif tag == "a" and child.find(".//img") is not None:
            self.linked_images(child)
        elif tag in {"dl", "table", "thead", "tbody", "tfoot", "td", "th"}:
            self.flush()
            self.walk(child)
            self.flush()
        elif tag == "hr":
            self.flush()
        elif tag in INLINE_TAGS or tag in {"strong", "em"}:
            self.add_inline(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        else:
            self.walk(child)

    def paragraph(self, element, prefix: str = "") -> None:
        self.flush()
        if prefix:
            self.add_inline(prefix)
        self.walk(element)
        self.flush()

    def list_items(self, element, *, numbered: bool) -> None:
        self.flush()
        number = _int(element.get("start"), 1) if numbered else 0
        for child in element:
            if isinstance(child.tag, str) and child.tag == "li":
                if numbered:
                    number = _int(child.get("value"), number)
                self.paragraph(child, prefix=f"{number}. " if numbered else "• ")
                number += 1
            else:
                self.visit(child)
            if child.tail and child.tail.strip():
                self.add_inline(html.escape(child.tail, quote=False))
        self.flush()

    def preformatted(self, element) -> None:
        self.flush()
        lines = [html.escape(line.rstrip(), quote=False) for line in element.text_content().strip("\n").split("\n")]
        if any(line.strip() for line in lines):
            # Leading spaces become non-breaking ones, so indentation survives rendering.
            lines = [re.sub(r"^ +", lambda m: "\u00a0" * len(m.group(0)), line) for line in lines]
            self.blocks.append(("paragraph", "<p>" + "<br>".join(lines) + "</p>"))

    def table_row(self, element) -> None:
        self.flush()
        cells = [c for c in element if isinstance(c.tag, str) and c.tag in {"td", "th"}]
        texts = [clean_text(cell.text_content()) for cell in cells]
        if not any(texts):
            return
        text = html.escape(" | ".join(texts), quote=False)
        header = all(cell.tag == "th" for cell in cells)
        self.blocks.append(("paragraph", f"<p><b>{text}</b></p>" if header else f"<p>{text}</p>"))

    def figure(self, element) -> None:
        self.flush()
        caption_element = element.find(".//figcaption")
        caption = clean_text(caption_element.text_content()) if caption_element is not None else ""
        images = list(element.iter("img"))
        for image in images:
            link = next((a.get("href", "") for a in image.iterancestors("a")), "")
            self.image(image, link=link, caption=caption if len(images) == 1 else "")
        if caption_element is not None and (not images or len(images) > 1):
            self.paragraph(caption_element)
        for child in element:
            if isinstance(child.tag, str) and child.tag not in {"img", "a", "figcaption"} and child.find(".//img") is None:
                self.visit(child)

    def linked_images(self, element) -> None:
        link = element.get("href") or ""
        for image in element.iter("img"):
            self.image(image, link=link)
        text = clean_text(element.text_content())
        if text:
            self.add_inline(f'<a href="{html.escape(link)}">{html.escape(text, quote=False)}</a>' if link else html.escape(text, quote=False))


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _bare_embed(paragraph: str) -> str:
    """The address when a paragraph is only an embeddable URL (as text or as a link to itself)."""
    inner = paragraph[3:-4].strip()
    link = re.fullmatch(r'<a href="([^"]+)">([^<]*)</a>', inner)
    if link and html.unescape(link.group(2)).strip() in {html.unescape(link.group(1)), ""}:
        inner = link.group(1)
    url = html.unescape(inner)
    return url if "<" not in url and EMBED_URL.match(url) else ""


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
