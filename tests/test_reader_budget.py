"""What every reader gets without a browser test: valid HTML, no JavaScript needed, small pages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import html5lib
import pytest

from tests.htmlpage import read_page

CSS_BUDGET = 20 * 1024
PAGE_BUDGET = 100 * 1024


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


@pytest.mark.parametrize("which", ["built_sample", "built_minimal"])
def test_every_page_is_valid_html5(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    for path in html_pages(site):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(path.read_bytes())  # raises on the first parse error
        assert parser.errors == [], path
        page = read_page(site, path.relative_to(site).as_posix())
        ids = Counter(a["id"] for _, a in page.tags if "id" in a)
        assert [i for i, count in ids.items() if count > 1] == [], path


def test_no_page_needs_javascript_to_be_read(built_sample: Path) -> None:
    """Each page's one script, a file of the site's, leads links to index.html when the page
    is opened from a file (and does nothing when it is served), and takes a table's scroll
    region out of the tab order where the table fits (which is in it without the script)."""
    script = (built_sample / "static/site.js").read_text()
    assert re.search(
        r'\nif \(location\.protocol === "file:"\) \{\n.*?\n\}\n'
        r"// A table's scrolling region is a tab stop[^\n]*\n.*?\n\}\)\(\);\n$",
        script,
        re.DOTALL,
    )
    for path in html_pages(built_sample):
        if path.relative_to(built_sample).as_posix() == "search/index.html":
            continue  # search itself is the one feature that needs JavaScript
        html = path.read_text()
        own = re.findall(r'<script src="[^"]*static/site\.js"></script>\n', html)
        assert (len(own), html.count("<script")) == (1, 1), path


def test_css_is_small_and_uses_no_web_fonts(built_sample: Path) -> None:
    stylesheets = list((built_sample / "static").glob("*.css"))
    assert sum(p.stat().st_size for p in stylesheets) < CSS_BUDGET
    for sheet in stylesheets:
        assert "@font-face" not in sheet.read_text()
        assert "@import" not in sheet.read_text()
    fonts = [p for p in built_sample.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".otf"}]
    assert fonts == []


def test_pages_are_under_the_size_budget(built_sample: Path) -> None:
    sizes = {
        p.relative_to(built_sample).as_posix(): p.stat().st_size for p in html_pages(built_sample)
    }
    assert {name: size for name, size in sizes.items() if size >= PAGE_BUDGET} == {}


def test_status_badges_do_not_rely_on_colour_alone(built_minimal: Path) -> None:
    page = read_page(built_minimal, "actions/index.html")
    badges = [a for t, a in page.tags if t == "span" and "badge" in a.get("class", "")]
    assert badges
    assert "In progress" in page.text and "Done" in page.text and "Overdue" in page.text


def test_self_assessment_is_a_chart_with_its_numbers_in_a_table(built_sample: Path) -> None:
    page = read_page(built_sample, "meetings/2013-06-12-first-working-group/index.html")
    svg = page.find_all("svg", role="img")
    assert svg and svg[0]["aria-labelledby"] == "poll-chart-title"
    assert page.find_all("rect", **{"class": "chart-bar"})
    assert len(page.find_all("rect", **{"class": "chart-bar"})) == 3
    text = page.text
    assert "Bar chart of the answers: A 14, B 6, C 2." in text
    raw = (built_sample / "meetings/2013-06-12-first-working-group/index.html").read_text()
    assert '<th scope="row">A: Watching, not yet taking part</th><td>14</td><td>64%</td>' in raw


def test_tracker_summary_and_theme_timeline(built_sample: Path) -> None:
    tracker = read_page(built_sample, "actions/index.html")
    assert "In progress: 2" in tracker.text and "Done: 2" in tracker.text
    assert tracker.find_all("rect", **{"class": "strip-done"})
    theme = read_page(built_sample, "themes/permission-to-engage/index.html")
    # a tick per month the group met in: tall (on) the two the theme came up in
    ticks = {path["class"]: path["d"] for path in theme.find_all("path")}
    assert ticks == {
        "timeline-on": "M5 2h6v20h-6zM200 2h6v20h-6z",
        "timeline-off": "M589 8h6v8h-6z",
    }
