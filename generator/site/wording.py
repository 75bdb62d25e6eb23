"""How nominutes' own sentences hold the group's words (a meeting's title, a decision), the
same on its pages, in its feeds and calendars and in its email: a sentence that ends in a
title ending in its own '.', '?' or '!' takes no second full stop, and a title in plain text
is named in quotes, so that one with a comma in it reads as one title; words in brackets
after a decision's go before its own full stop, as in any sentence; and a decision's or a
principle's words with more of the sentence after them are named in quotes ("Will replace
“We meet every two weeks.” on 4 March 2024"), their own full stop kept inside."""

from __future__ import annotations

# What ends a sentence already, and the closing quotes that may follow it ("“What next?”").
_ENDINGS = (".", "?", "!", "…")
_CLOSING_QUOTES = "\"'”’»"


def full_stop(words: object) -> str:
    """The full stop a sentence ending in `words` (a title, a decision's text; its `str()`)
    needs: "" after its own '.', '?', '!' or '…', within closing quotes or not ("Published
    ahead of its day: What next?"), else "."."""
    ended = str(words).rstrip().rstrip(_CLOSING_QUOTES)
    return "" if ended.endswith(_ENDINGS) else "."


def sentence(words: str) -> str:
    """`words` ending a sentence: with a full stop after them, unless they end in one."""
    return f"{words}{full_stop(words)}"


def apart_from_stop(words: str) -> tuple[str, str]:
    """`words` and the full stop that ends them, apart, so that words in brackets go before
    it, where a sentence has them: ("We meet monthly", ".") for "We meet monthly.", to read
    "We meet monthly (replaces: …)."; (`words`, "") for words ending otherwise, in a '?',
    '!' or '…' (or "..."), which stay where they are."""
    ended = words.rstrip()
    if ended.endswith(".") and not ended.endswith(".."):
        return ended[:-1], "."
    return words, ""


def quoted(title: str) -> str:
    """A meeting's `title` named in a sentence of plain text: “Reporting back, and
    permission to engage”, whose comma does not read as the end of a list's item."""
    return f"“{title}”"
