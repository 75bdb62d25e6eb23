"""The contrast of the colours a group's own stylesheets (`extra_css`) give the default
stylesheet's custom properties, in light and dark mode, as a reader's browser takes them."""

from __future__ import annotations

import colorsys
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, Severity
from generator.site.theme_files import BUILTIN_THEME, THEMES_FOLDER, static_files

SCHEMES = ("light", "dark")
NEEDED = 4.5  # WCAG 2.2 AA, for text
# Text (and a status's words) on what it sits on: the page, a panel, the focus colour; the
# pairs README's table of the properties promises 4.5:1 for.
PAIRS = (
    *(
        (text, ground)
        for text in (
            "--text", "--muted", "--link", "--visited", "--open", "--progress", "--done",
            "--dropped", "--overdue",
        )
        for ground in ("--bg", "--panel")
    ),
    ("--focus-text", "--focus"),
)  # fmt: skip
_DARK_BLOCK = "@media screen and (prefers-color-scheme: dark) { :root { %s: %s; } }"


@dataclass(frozen=True)
class Declaration:
    """A colour property set on the page's root: where (`path`, a site's file, or "" for the
    base stylesheet), in which schemes it holds, and its colour as written and as #rrggbb."""

    path: str
    line: int
    col: int
    name: str
    written: str
    colour: str
    schemes: tuple[str, ...]


def declarations(text: str, path: str) -> list[Declaration]:
    """Each custom property a stylesheet sets to a colour on `:root` (or `html`), in order,
    with the colour schemes it holds in: both, unless inside `@media (prefers-color-scheme:
    …)`; none inside `@media print`. Colours are #rgb, #rrggbb (the alpha of #rgba and
    #rrggbbaa is left out), rgb(), hsl() and CSS's names (`teal`); other values are passed
    over."""
    plain = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    found, stack, start = [], [], 0
    for mark in re.finditer(r"[{};]", plain):
        at, char = mark.start(), mark.group()
        piece = plain[start:at]
        if char == "{":
            stack.append(" ".join(piece.split()).lower())
        elif piece.lstrip().startswith("--") and stack and _on_root(stack[-1]):
            schemes = _schemes(stack[:-1])
            name, colon, value = piece.partition(":")
            colour = _colour(value) if colon and schemes else None
            if colour:
                where = start + len(piece) - len(piece.lstrip())
                line = plain.count("\n", 0, where) + 1
                col = where - plain.rfind("\n", 0, where)
                written = " ".join(value.split())
                found.append(Declaration(path, line, col, name.strip(), written, colour, schemes))
        if char == "}" and stack:
            stack.pop()
        start = at + 1
    return found


def _on_root(selectors: str) -> bool:
    return any(s.strip() in (":root", "html") for s in selectors.split(","))


def _schemes(outer: Sequence[str]) -> tuple[str, ...]:
    """The colour schemes a rule inside the at-rules `outer` holds in."""
    schemes = set(SCHEMES)
    for prelude in outer:
        if not prelude.startswith("@media"):
            continue
        query = prelude.replace(" ", "")
        if "print" in query and "screen" not in query and "all" not in query:
            return ()
        for scheme in SCHEMES:
            if f"prefers-color-scheme:{scheme}" in query:
                schemes &= {scheme}
    return tuple(s for s in SCHEMES if s in schemes)


_HSL = re.compile(r"hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%\s*(?:[,/].*)?\)")


def _colour(value: str) -> str | None:
    """`value` as #rrggbb, if it is a colour written as #rgb(a), #rrggbb(aa), rgb(), hsl()
    or by its name in CSS."""
    value = value.replace("!important", "").strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3,4}", value):
        return "#" + "".join(c * 2 for c in value[1:4])
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", value):
        return value[:7]
    if found := re.fullmatch(r"rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*([,/].*)?\)", value):
        return "#" + "".join(f"{min(int(c), 255):02x}" for c in found.groups()[:3])
    if found := _HSL.fullmatch(value):
        hue, saturation, lightness = (float(part) for part in found.groups())
        channels = colorsys.hls_to_rgb(
            hue % 360 / 360, min(lightness, 100) / 100, min(saturation, 100) / 100
        )
        return "#" + "".join(f"{round(c * 255):02x}" for c in channels)
    if re.fullmatch(r"[a-z]+", value):
        import webcolors  # only when a stylesheet names a colour

        try:
            return webcolors.name_to_hex(value)
        except ValueError:  # not a colour's name: `transparent`, `inherit`, a misspelling
            return None
    return None


def contrast(one: str, other: str) -> float:
    """WCAG 2.2's contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _mixed(colour: str, toward: str, share: float) -> str:
    """`colour` moved `share` of the way to `toward` (each #rrggbb)."""
    ends = [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (colour, toward)]
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(*ends, strict=True))


def _ratio(value: float) -> str:
    """A contrast as a reader is told it, never rounded up to what it falls short of."""
    return f"{math.floor(value * 10) / 10:g}:1"


def palettes(found: Iterable[Declaration]) -> dict[str, dict[str, Declaration]]:
    """Each scheme's colour properties, each by the declaration that wins it (the last that
    holds in that scheme, as the stylesheets are linked in order)."""
    won: dict[str, dict[str, Declaration]] = {scheme: {} for scheme in SCHEMES}
    for declaration in found:
        for scheme in declaration.schemes:
            won[scheme][declaration.name] = declaration
    return won


def brand_colour_problems(source: Path, site_theme: str, extra_css: Sequence[str]) -> list[Problem]:
    """A warning at each colour property a group's stylesheet in `extra_css` sets that
    leaves a pair a reader meets (`PAIRS`) below 4.5:1, in either scheme, saying the pair,
    its contrast and a colour of the same hue that reaches 4.5:1. One set for both schemes
    (outside `@media (prefers-color-scheme: dark)`) that dark mode then shows against its
    dark page, or under its light text, says to set it again for dark mode, and how."""
    if not extra_css:
        return []
    own = source / THEMES_FOLDER / site_theme
    published = static_files([own, BUILTIN_THEME] if own != BUILTIN_THEME else [own])
    base = published.get("style.css", BUILTIN_THEME / "static" / "style.css")
    found = declarations(base.read_text(encoding="utf-8", errors="replace"), "")
    problems: list[Problem] = []
    for name in extra_css:
        path = published.get(name)
        if path is None or not path.is_relative_to(source):
            continue  # not there: an error of its own (`static_settings_problems`)
        shown = path.relative_to(source).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        found += declarations(text, shown)
        problems += dark_on_paper(text, shown)
    won = palettes(found)
    # Dark mode as it would be with the group's colours for both schemes left out: what a
    # colour set again for dark mode is suggested against.
    own_dark = palettes(d for d in found if not d.path or d.schemes == ("dark",))["dark"]
    for scheme in SCHEMES:
        palette = won[scheme]
        worst: dict[Declaration, list[tuple[float, str, str]]] = {}
        for text, ground in PAIRS:
            if text not in palette or ground not in palette:
                continue
            ratio = contrast(palette[text].colour, palette[ground].colour)
            if ratio >= NEEDED:
                continue
            if blamed := _blamed(palette[text], palette[ground], scheme):
                worst.setdefault(blamed, []).append((ratio, text, ground))
        for blamed, pairs in worst.items():
            leaking = scheme == "dark" and "light" in blamed.schemes
            others = own_dark if leaking else palette
            # where the group did set it for dark mode, but before this, which overrides it
            earlier = next((d for d in found if d.path == blamed.path and d.name == blamed.name
                            and d.schemes == ("dark",) and d.line < blamed.line), None)  # fmt: skip
            problems.append(_warning(blamed, scheme, pairs, palette, others, leaking, earlier))
    return sorted(problems)


_DARK_MEDIA = re.compile(r"@media\b([^{;]*)\{", re.I)


def dark_on_paper(text: str, path: str) -> list[Problem]:
    """A warning at each `@media (prefers-color-scheme: dark)` block of a group's stylesheet
    that sets custom properties and does not say `screen`: a browser printing from a device
    in dark mode takes its colours too, light text on white paper."""
    plain = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    problems = []
    for found in _DARK_MEDIA.finditer(plain):
        query = " ".join(found.group(1).split())
        squeezed = query.replace(" ", "").lower()
        if "prefers-color-scheme:dark" not in squeezed or "screen" in squeezed:
            continue
        if "print" in squeezed:  # `not print and …`, or print itself: not on paper
            continue
        depth, end = 1, found.end()
        while depth and end < len(plain):
            depth += {"{": 1, "}": -1}.get(plain[end], 0)
            end += 1
        if not re.search(r"[{;]\s*--[\w-]+\s*:", plain[found.end() - 1 : end]):
            continue
        mended = "@media screen and " + re.sub(r"^all\s+and\s+", "", query, flags=re.I)
        line = plain.count("\n", 0, found.start()) + 1
        col = found.start() - plain.rfind("\n", 0, found.start())
        message = (
            f"@media {query} holds on paper too: a page printed from a device in dark mode "
            f"takes its colours, light text on a white sheet; write: {mended}"
        )
        problems.append(Problem(path, line, col, message, Severity.WARNING))
    return problems


def _blamed(text: Declaration, ground: Declaration, scheme: str) -> Declaration | None:
    """Which of a pair short of contrast in `scheme` a warning is at: in dark mode, the one
    the group set for both schemes, if only one was (if both, light mode shows the same pair,
    and is warned of); else the text, if the group set it, or the ground."""
    if scheme == "dark":
        leaking = [d for d in (text, ground) if d.path and "light" in d.schemes]
        if len(leaking) == 2:
            return None
        if leaking:
            return leaking[0]
    return text if text.path else ground if ground.path else None


def _warning(
    blamed: Declaration,
    scheme: str,
    pairs: list[tuple[float, str, str]],
    palette: Mapping[str, Declaration],
    others: Mapping[str, Declaration],
    leaking: bool,
    earlier: Declaration | None,
) -> Problem:
    """The warning at `blamed`, whose colour leaves `pairs` (each its contrast, text and
    ground) short in `scheme`, with a colour that brings each to 4.5:1 against `others`."""
    ratio, text, ground = min(pairs)
    if blamed.name == text:
        pair = f"{text} on {ground} ({palette[ground].colour})"
    else:
        pair = f"{text} ({palette[text].colour}) on {ground}"
    grounds = {ground for _, ground in PAIRS}
    beyond = others.get(blamed.name) if leaking and blamed.name in grounds else None
    suggested, toward = _suggested(blamed, others, beyond)
    short = f"has a contrast of {_ratio(ratio)}, below the 4.5:1 text needs"
    if leaking and earlier:
        message = (
            f"{blamed.name}: {blamed.written} comes after its dark mode colour (line "
            f"{earlier.line}), so dark mode takes this one, where {pair} {short}: move the "
            "@media screen and (prefers-color-scheme: dark) block below this"
        )
    elif leaking:
        message = (
            f"{blamed.name}: {blamed.written} is not set again for dark mode, so dark mode "
            f"keeps it, where {pair} {short}; set it again for dark mode, after it: "
            + _DARK_BLOCK
            % (blamed.name, suggested)
        )
    else:
        lighter = "lighter" if toward == "#ffffff" else "darker"
        message = (
            f"{blamed.name}: {blamed.written} leaves {pair} in {scheme} mode with a contrast of "
            f"{_ratio(ratio)}, below the 4.5:1 text needs: choose a {lighter} colour, such as "
            f"{suggested}"
        )
    return Problem(blamed.path, blamed.line, blamed.col, message, Severity.WARNING)


def _suggested(
    blamed: Declaration, others: Mapping[str, Declaration], beyond: Declaration | None
) -> tuple[str, str]:
    """A colour of `blamed`'s hue, moved toward white or black (the end it is moved toward
    too), that gives every pair it is in 4.5:1 against `others`; with `beyond`, also at
    least as far from them as it (a ground set again for dark mode: as dark as dark mode's
    own, so that a text colour suggested against that reads on it too)."""
    facing = [
        others[other].colour
        for text, ground in PAIRS
        if blamed.name in (text, ground)
        and (other := ground if blamed.name == text else text) in others
    ]
    toward = max(("#ffffff", "#000000"), key=lambda end: min(contrast(end, f) for f in facing))

    def far(colour: str) -> bool:
        if beyond is None:
            return True
        lighter = _luminance(colour) - _luminance(beyond.colour)
        return lighter >= 0 if toward == "#ffffff" else lighter <= 0

    for step in range(51):
        colour = _mixed(blamed.colour, toward, step / 50)
        if far(colour) and min(contrast(colour, f) for f in facing) >= NEEDED:
            return colour, toward
    return toward, toward
