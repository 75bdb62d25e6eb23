"""A meeting's text as its email carries it: the HTML its page shows, with every link and image
address absolute and nothing a mail client would block or run, and a plain-text form of the
same (headings underlined, lists, quotes, links as "text <URL>", lines wrapped at 72)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html

from generator.site.urls import linkable

# Elements a mail client blocks or runs (or that carry no text), dropped with what they hold.
DROPPED = frozenset(
    {
        "applet",
        "audio",
        "base",
        "button",
        "canvas",
        "embed",
        "form",
        "frame",
        "frameset",
        "iframe",
        "input",
        "link",
        "math",
        "meta",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    }
)
# What makes a table's `.table-scroll` wrapper a region the keyboard can scroll, kept on it.
_SCROLL_REGION = frozenset({("role", "region"), ("tabindex", "0")})
# The attributes kept: what Markdown writes, and the plain ones raw HTML may add.
KEPT_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "alt",
        "title",
        "id",
        "class",
        "aria-label",
        "colspan",
        "rowspan",
        "scope",
        "start",
        "reversed",
        "lang",
        "dir",
        "width",
        "height",
        "datetime",
    }
)
# What keeps a wide table and a long line of code within a phone's width, given on the element
# itself: a mail program that drops the message's <style> (as some of Gmail's apps do) keeps it.
CODE_STYLE = "white-space: pre-wrap; overflow-wrap: anywhere;"
SCROLL_STYLE = "max-width: 100%; overflow-x: auto;"
# A table cell's alignment, as Markdown writes it: the one style kept (any other could fetch).
_ALIGNED = re.compile(r"text-align:\s*(left|right|center);?")
BLOCKS = frozenset(
    {
        *(f"h{level}" for level in range(1, 7)),
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "header", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "summary", "table", "ul"),
    }
)
WIDTH = 72
# A <br> in running text, where every other line break is a space (str.split takes it for one).
LINE_BREAK = "\v"
# Begins each line of a quote in the plain text, once for each level: the email writes it as
# format=flowed's '>' (`mail.flowed`), and stuffs a '>' the text begins a line with.
QUOTED = "\x1d"


@dataclass(frozen=True)
class MailBody:
    """A meeting's text for its email: `html` ("" for none) and `text`, its plain form."""

    html: str
    text: str


def mail_body(html: str, page_url: str) -> MailBody:
    """`html`, a body as its page at the absolute address `page_url` shows it, for an email:
    its addresses resolved as a browser on that page resolves them."""
    if not html.strip():
        return MailBody("", "")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    _make_safe(root, page_url)
    shown = lxml.html.tostring(root, encoding="unicode", method="html")
    return MailBody(shown[len("<div>") : -len("</div>")].strip(), _plain(root, page_url))


def _make_safe(root: lxml.html.HtmlElement, page_url: str) -> None:
    """Take out of the tree just parsed its DROPPED elements, its comments and every attribute
    not kept, and make its addresses absolute from `page_url` (one of another scheme, such as
    javascript:, taken out); give a code block and a table's scroll region the style that
    keeps them within a phone's width."""
    for element in list(root.iter()):
        # (a comment or processing instruction has no tag of its own)
        if not isinstance(element.tag, str) or element.tag.lower() in DROPPED:
            element.drop_tree()
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name == "style" and _ALIGNED.fullmatch(value.strip()):
                continue
            if (name, value) in _SCROLL_REGION and "table-scroll" in element.get("class", ""):
                continue  # a wide table's region, which the keyboard scrolls
            if name not in KEPT_ATTRIBUTES:
                del element.attrib[name]
            elif name in ("href", "src"):
                address = urljoin(page_url, value.strip())
                if linkable(address):
                    element.set(name, address)
                else:
                    del element.attrib[name]
        if element.tag == "pre":
            element.set("style", CODE_STYLE)
        elif element.tag == "div" and "table-scroll" in element.get("class", "").split():
            element.set("style", SCROLL_STYLE)


# --- the plain text -------------------------------------------------------------------------------


def _plain(root: lxml.html.HtmlElement, page_url: str) -> str:
    return "\n\n".join(_blocks(root, page_url, WIDTH)).strip()


def _blocks(container: lxml.html.HtmlElement, page_url: str, width: int) -> list[str]:
    """The blocks `container` holds, each a paragraph of lines: running text between its
    block children makes blocks of its own."""
    blocks: list[str] = []
    words: list[str] = [container.text or ""]

    def end_paragraph() -> None:
        paragraph = _lines("".join(words))
        if paragraph:
            blocks.append(paragraph)
        words.clear()

    for child in container:
        if child.tag in BLOCKS:
            end_paragraph()
            blocks += _block(child, page_url, width)
        else:
            words.append(_inline(child, page_url))
        words.append(child.tail or "")
    end_paragraph()
    return blocks


def _block(element: lxml.html.HtmlElement, page_url: str, width: int) -> list[str]:
    tag = element.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        title = " ".join(_inline_of(element, page_url).split())
        return [f"{title}\n{('=' if tag in ('h1', 'h2') else '-') * min(len(title), width)}"]
    if tag in ("ul", "ol"):
        return [_list(element, page_url, width)]
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(element, page_url, width - 2))
        return ["\n".join(f"{QUOTED}{line}" for line in inner.split("\n"))]
    if tag == "pre":
        code = element.text_content().rstrip("\n")
        return ["\n".join(f"    {line}".rstrip() for line in code.split("\n"))]
    if tag == "table":
        rows = [
            " | ".join(" ".join(_inline_of(cell, page_url).split()) for cell in row)
            for row in element.iter("tr")
        ]
        caption = element.find("caption")  # its name, as the writer wrote it over the table
        named = (
            [] if caption is None else [f"Table: {' '.join(_inline_of(caption, page_url).split())}"]
        )
        return [*named, "\n".join(rows)] if rows else named
    if tag == "hr":
        return ["----"]
    return _blocks(element, page_url, width)


def _list(element: lxml.html.HtmlElement, page_url: str, width: int) -> str:
    items = [child for child in element if child.tag == "li"]
    first = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
    lines = []
    for number, item in enumerate(items, start=first):
        mark = f"{number}. " if element.tag == "ol" else "- "
        apart = "\n\n" if item.find("p") is not None else "\n"  # (a blank line in a loose list)
        inner = apart.join(_blocks(item, page_url, width - len(mark)))
        for index, line in enumerate(inner.split("\n")):
            lines.append((mark if index == 0 else " " * len(mark)) + line if line else "")
    return "\n".join(lines)


def _inline(element: lxml.html.HtmlElement, page_url: str) -> str:
    """An inline element's text: a link as "text <URL>" (its text alone when the URL says no
    more, as a bare address's link, `www.x` to `http://www.x`, or leads to the same page),
    an image as "[Image: alt] <URL>", a line break as LINE_BREAK. The address is in angle
    brackets, as plain text delimits one (RFC 3986, appendix C), not round ones: a link in
    brackets, "(raised in July <URL>)", does not nest them, and a mail program makes it a
    link without taking in the sentence's ")" or "."."""
    tag = element.tag
    if tag == "br":
        return LINE_BREAK
    if tag == "img":
        alt = " ".join((element.get("alt") or "").split())
        src = element.get("src")
        return f"[Image: {alt}]" + (f" <{src}>" if src else "")
    if tag == "a" and "footnote-backref" in (element.get("class") or ""):
        return ""
    text = _inline_of(element, page_url)
    href = element.get("href") if tag == "a" else None
    if not href or href.startswith(f"{page_url}#"):
        return text
    if text in (href, href.removeprefix("mailto:")) or (
        text.startswith("www.") and href == f"http://{text}"
    ):
        return text
    return f"{text} <{href}>" if text.strip() else href


def _inline_of(element: lxml.html.HtmlElement, page_url: str) -> str:
    return (element.text or "") + "".join(
        _inline(child, page_url) + (child.tail or "") for child in element
    )


def _lines(text: str) -> str:
    """Running text as one line, its spaces made one, a LINE_BREAK kept as a line's end."""
    lines = [" ".join(line.split()) for line in text.split(LINE_BREAK)]
    return "\n".join(line for line in lines if line)
