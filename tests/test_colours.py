"""The default theme's colours: the README's table of its custom properties is the
stylesheet's, and each pair a reader meets has WCAG 2.2 AA contrast in light and dark mode."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

STYLESHEET = REPO / "generator/themes/default/static/style.css"
DARK = "@media screen and (prefers-color-scheme: dark)"
# Text (and a status's words) on what it sits on: the page, a panel, the focus colour.
PAIRS = [
    *(
        (text, ground)
        for text in ("text", "muted", "link", "visited", "open", "progress", "done", "dropped")
        for ground in ("bg", "panel")
    ),
    ("overdue", "bg"),
    ("overdue", "panel"),
    ("focus-text", "focus"),
]


def colours(scheme: str) -> dict[str, str]:
    """The colour properties as a page in `scheme` has them (dark: the light ones, with
    those the dark block sets again)."""
    css = STYLESHEET.read_text(encoding="utf-8")
    light_block, dark_part = css.split(DARK, 1)
    found = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6});", light_block))
    if scheme == "dark":
        found |= dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6});", dark_part.split("\n}\n")[0]))
    return found


def contrast(one: str, other: str) -> float:
    """WCAG 2.2's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_readme_table_gives_each_colour_property_and_its_light_and_dark_values() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(--[\w-]+)` \| [^|]+ \| `(#[0-9a-f]{6})` \| `(#[0-9a-f]{6})` \|$",
                      readme, re.M)  # fmt: skip
    light, dark = colours("light"), colours("dark")
    assert [name for name, _, _ in rows] == list(light)
    assert {name: (on_light, on_dark) for name, on_light, on_dark in rows} == {
        name: (light[name], dark[name]) for name in light
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_pair_of_colours_a_reader_meets_has_aa_contrast(scheme: str) -> None:
    found = colours(scheme)
    low = {
        f"--{text} on --{ground}": round(contrast(found[f"--{text}"], found[f"--{ground}"]), 2)
        for text, ground in PAIRS
        if contrast(found[f"--{text}"], found[f"--{ground}"]) < 4.5
    }
    assert low == {}


def test_no_colour_outside_a_property_but_in_print() -> None:
    """A group's brand sets the properties; a colour written into a rule instead (the text on
    the focus colour, once) would stay as it is whatever the brand sets."""
    css = STYLESHEET.read_text(encoding="utf-8")
    screen = re.sub(r"@media print \{.*?\n\}\n", "", css, flags=re.S)
    rules = [line for line in screen.splitlines() if not line.strip().startswith("--")]
    assert [line for line in rules if re.search(r"#[0-9a-fA-F]{3,6}\b", line)] == []
