"""Decisions: the register, each decision's page and lineage, the exports and the feed."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest

from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import (
    STRICT_NOTE,
    copy_site,
    edit,
    epoch_on,
    run_cli,
    run_subprocess,
    snapshot,
    synthetic_site,
)
from tests.htmlpage import read_page
from tests.test_search_index import indexed_meta

# What a screen reader alone hears before each theme of the register's filter.
HIDDEN = '<span class="visually-hidden">Decisions on </span>'

DECIDED = """---
title: Decided
date: 2024-02-01
themes: [foi-implications]
decisions:
  - id: meet-monthly
    text: We meet once a month.
    themes: [foi-implications]
  - id: notes-in-public
    text: Summaries are published, not minutes.
    principles: [listen-first]
    review: 2024-03-01
  - id: later-review
    text: We keep a shared folder.
    review: 2024-06-01
---
We decided things.
"""
SUPERSEDING = """---
title: Superseding
date: 2024-02-20
themes: [permission-to-engage]
decisions:
  - id: meet-fortnightly
    text: We meet every two weeks.
    themes: [foi-implications, permission-to-engage]
    supersedes: meet-monthly
---
We changed our minds.
"""
WEEKLY = """---
title: Weekly now
date: 2024-03-04
themes: [permission-to-engage]
decisions:
  - id: meet-weekly
    text: We meet every week.
    themes: [permission-to-engage]
    principles: [use-web-data]
    supersedes: meet-fortnightly
---
Faster again.
"""


def decided_site(root: Path) -> Path:
    """The minimal site with a line of three decisions, one due for review and one not yet."""
    site = copy_site("minimal", root)
    meetings = site / "content/meetings"
    (meetings / "2024-02-01-decided.md").write_text(DECIDED)
    (meetings / "2024-02-20-superseding.md").write_text(SUPERSEDING)
    (meetings / "2024-03-04-weekly.md").write_text(WEEKLY)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("decided")
    site = decided_site(root / "site")
    out = root / "_site"
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    return out


def items(page, css: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [attrs.get("id", "") for attrs in page.find_all("li", **{"class": css})]


def build_into(site: Path, out: Path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    """`nominutes build` of `site` into `out`, run in this process."""
    return run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_register_lists_in_force_newest_first_then_superseded(built: Path) -> None:
    html = (built / "decisions/index.html").read_text()
    in_force = section(html, "in-force-heading")
    # page_size is 2: in force, newest first, fills the first page
    assert in_force.index("decision-meet-weekly") < in_force.index("decision-notes-in-public")
    assert "superseded-heading" not in html
    page = read_page(built, "decisions/index.html")
    assert "As of 11 March 2024: 3 in force, 1 due for review; 2 superseded." in page.text
    assert page.find_all("a", href="page/2/", rel="next")
    assert page.find_all("nav", **{"aria-label": "Pages of decisions"})
    # the second page holds what is left over, the third the oldest two (as a list of
    # meetings is cut: see test_pages)
    second = (built / "decisions/page/2/index.html").read_text()
    assert "decision-later-review" in section(second, "in-force-heading")
    assert "superseded-heading" not in second
    assert "in force" not in read_page(built, "decisions/page/2/index.html").text  # no counts
    superseded = section((built / "decisions/page/3/index.html").read_text(), "superseded-heading")
    assert superseded.index("decision-meet-fortnightly") < superseded.index("decision-meet-monthly")
    assert (
        'Superseded</span> by “<a href="../../meet-weekly/">We meet every week.</a>” on '
        '<time datetime="2024-03-04">4 March 2024</time></p>'
    ) in superseded
    assert (
        'Superseded</span> by “<a href="../../meet-fortnightly/">We meet every two weeks.</a>” '
        "on "
        '<time datetime="2024-02-20">20 February 2024</time></p>'
    ) in superseded


def test_the_registers_pages_number_its_decisions_down_to_the_oldest(built: Path) -> None:
    """Five decisions, two a page: 5 and 4 on the first, 3 on the second (what is left over),
    the two superseded 2 and 1 on the third; a decision keeps its number as others are added."""
    numbers = [
        [(ol.get("reversed"), ol.get("start")) for ol in read_page(built, path).find_all("ol")]
        for path in (
            "decisions/index.html",
            "decisions/page/2/index.html",
            "decisions/page/3/index.html",
        )
    ]
    assert numbers == [[("", "5")], [("", "3")], [("", "2")]]


def test_only_the_register_numbers_decisions(built: Path) -> None:
    """A decision's number is its place in the register: the register's list of a theme's
    decisions, a theme's page, a meeting's and the agenda pack's lists do not number it 1, 2
    as well: their decisions are an unnumbered list."""
    for path, ids in [
        ("decisions/by-theme/permission-to-engage/index.html", ["decision-meet-weekly"]),
        ("themes/permission-to-engage/index.html", ["theme-decision-meet-weekly"]),
        ("meetings/2024-02-01-decided/index.html", ["decided-meet-monthly"]),
    ]:
        html = (built / path).read_text()
        page = read_page(built, path)
        assert page.find_all("ul", **{"class": "decisions"}), path
        assert not page.find_all("ol", **{"class": "decisions"}), path
        for decision in ids:
            assert f'<li id="{decision}"' in html.split('<ul class="decisions">')[1]
    register = read_page(built, "decisions/index.html")
    assert register.find_all("ol", **{"class": "decisions", "reversed": "", "start": "5"})


def test_due_for_review_is_marked_in_words(built: Path) -> None:
    html = (built / "decisions/index.html").read_text()
    due = html[
        html.index('id="decision-notes-in-public"') : html.index(
            "</li>", html.index('id="decision-notes-in-public"')
        )
    ]
    assert 'class="review-due"' in due
    assert (
        '<span class="badge badge-review">Due for review</span> since '
        '<time datetime="2024-03-01">1 March 2024</time>' in due
    )
    later = (built / "decisions/page/2/index.html").read_text()
    assert 'To be reviewed by <time datetime="2024-06-01">1 June 2024</time>' in later
    assert "Due for review" not in section(later, "in-force-heading")


def test_the_registers_counts_lead_to_the_decisions_due_for_review_and_superseded(
    built: Path, tmp_path: Path
) -> None:
    """The register's "1 due for review" and "2 superseded" are links, one tap from its top,
    to lists of just those decisions (which link back, their own count as text); a theme's
    list counts its own, and its "2 superseded" leads to them under its own "Superseded"
    heading, not to a list of every theme's; no link is dead."""

    def lead(path: str) -> str:
        html = (built / path).read_text()
        start = html.index('<p class="lead">')
        return html[start : html.index("</p>", start)]

    assert lead("decisions/index.html").endswith(
        ': 3 in force, <a href="by-status/due-for-review/">1 due for review</a>;'
        ' <a href="by-status/superseded/">2 superseded</a>.'
    )
    due = (built / "decisions/by-status/due-for-review/index.html").read_text()
    assert "<h1>Decisions due for review</h1>" in due
    assert 'id="decision-notes-in-public"' in due
    assert "decision-later-review" not in due and "decision-meet-weekly" not in due
    assert lead("decisions/by-status/due-for-review/index.html").endswith(
        ': 3 in force, 1 due for review; <a href="../superseded/">2 superseded</a>.'
    )
    superseded = (built / "decisions/by-status/superseded/index.html").read_text()
    assert "<h1>Superseded decisions</h1>" in superseded
    listed = section(superseded, "superseded-heading")
    assert listed.index("decision-meet-fortnightly") < listed.index("decision-meet-monthly")
    assert "decision-meet-weekly" not in listed
    assert '<ul class="decisions">' in listed  # numbered only in the register's own list
    assert lead("decisions/by-status/superseded/index.html").endswith(
        ': 3 in force, <a href="../due-for-review/">1 due for review</a>; 2 superseded.'
    )
    assert lead("decisions/by-theme/permission-to-engage/index.html").endswith(
        ': 1 in force; <a href="./#superseded-heading">1 superseded</a>.'
    )
    on_theme = (built / "decisions/by-theme/permission-to-engage/index.html").read_text()
    assert "decision-meet-fortnightly" in section(on_theme, "superseded-heading")
    site = decided_site(tmp_path / "site")
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err


def test_a_themes_count_of_superseded_decisions_leads_to_the_page_they_start_on(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """With more of a theme's decisions in force than its first page holds, its "1
    superseded" leads to the later page that lists it, under its "Superseded" heading."""
    site = decided_site(tmp_path / "site")
    (site / "content/meetings/2024-03-06-more.md").write_text(
        "---\ntitle: More\ndate: 2024-03-06\nthemes: [permission-to-engage]\ndecisions:\n"
        "  - {id: open-door, text: Anyone may come., themes: [permission-to-engage]}\n"
        "  - {id: short-notes, text: Notes stay short., themes: [permission-to-engage]}\n"
        "---\nMore.\n"
    )
    out = tmp_path / "out"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    first = (out / "decisions/by-theme/permission-to-engage/index.html").read_text()
    start = first.index('<p class="lead">')
    assert first[start : first.index("</p>", start)].endswith(
        ': 3 in force; <a href="page/2/#superseded-heading">1 superseded</a>.'
    )
    assert 'id="superseded-heading"' not in first
    later = (out / "decisions/by-theme/permission-to-engage/page/2/index.html").read_text()
    assert "decision-meet-fortnightly" in section(later, "superseded-heading")


# Noon on 25 February 2024: after the meeting of 20 February, before that of 4 March
# (written ahead), which supersedes the decision made on 20 February.
BEFORE_WEEKLY = "1708862400"


def test_a_decision_superseded_at_a_meeting_not_yet_held_stands_until_its_day(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built on 25 February, with the meeting of 4 March written ahead: the decision it
    replaces is in force until then, and the register, its page, its theme's list and its
    themes' pages all say "to be superseded on 4 March 2024", never "superseded"."""
    site = decided_site(tmp_path / "site")
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch, BEFORE_WEEKLY).code == 0
    by = '<time datetime="2024-03-04">4 March 2024</time> by <a href="{}">We meet every week.</a>'
    row = '<p class="meta" data-pagefind-ignore>To be superseded on ' + by + "</p>"

    register = (out / "decisions/index.html").read_text()
    assert (
        '<time datetime="2024-02-25">25 February 2024</time>: 3 in force, 1 agreed ahead (not yet '
        "in force); "
        '<a href="by-status/superseded/">1 superseded</a>.</p>'
    ) in register
    in_force = section(register, "in-force-heading")
    assert 'id="decision-meet-fortnightly"' in in_force
    assert row.format("meet-weekly/") in in_force
    superseded = (out / "decisions/by-status/superseded/index.html").read_text()
    listed = section(superseded, "superseded-heading")
    assert "decision-meet-fortnightly" not in listed and "decision-meet-monthly" in listed

    page = (out / "decisions/meet-fortnightly/index.html").read_text()
    assert (
        '<p data-pagefind-meta="status:In force; to be superseded by “We meet every week.” on '
        '4 March 2024" data-pagefind-filter="Decision status:In force">Status as of <time '
        'datetime="2024-02-25">25 February 2024</time>: <span class="badge badge-in-force" '
        'data-mark=";">In force</span><span aria-hidden="true">;</span><span '
        "data-pagefind-ignore> to be superseded on "
        + by.format("../meet-weekly/")
        + "</span></p>"  # the decision's own full stop ends the sentence: none after it
    ) in page
    assert "badge-superseded" not in page.split('id="lineage-heading"')[0]

    for theme in ("foi-implications", "permission-to-engage"):
        html = (out / f"themes/{theme}/index.html").read_text()
        listed = section(html, "theme-decisions-heading")
        assert 'id="theme-decision-meet-fortnightly"' in listed, theme
        assert row.format("../../decisions/meet-weekly/") in listed, theme
    foi = (out / "decisions/by-theme/foi-implications/index.html").read_text()
    assert "decision-meet-fortnightly" in section(foi, "in-force-heading")
    assert row.format("../../meet-weekly/") in section(foi, "in-force-heading")

    feed = (out / "decisions/feed.xml").read_text()
    assert "To be superseded by “We meet every week.” at “Weekly now”, 4 March 2024." in feed
    assert "Superseded by “We meet every week.”" not in feed

    # On its day, the meeting has met: superseded, on every page
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0  # 4 March, noon
    page = (out / "decisions/meet-fortnightly/index.html").read_text()
    assert (
        '<span class="badge badge-superseded">Superseded</span><span data-pagefind-ignore> by '
        '“<a href="../meet-weekly/">We meet every week.</a>” on '
        '<time datetime="2024-03-04">4 March 2024</time></span></p>'
    ) in page
    assert "To be superseded" not in (out / "themes/foi-implications/index.html").read_text()
    feed = (out / "decisions/feed.xml").read_text()
    assert "Superseded by “We meet every week.” at “Weekly now”, 4 March 2024." in feed
    # the build that kept the files of 25 February made again all that the day changed
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0
    assert snapshot(out) == snapshot(fresh)
    assert "decision-meet-fortnightly" in section(
        (out / "decisions/by-status/superseded/index.html").read_text(), "superseded-heading"
    )


def test_a_decision_of_a_meeting_not_yet_held_will_replace_the_one_it_supersedes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built on 25 February, with the meeting of 4 March written ahead: the decision made
    there will replace the one of 20 February on 4 March, and its page, the register, its
    theme's list and its meeting's page say so, never "Replaces:"; from 4 March they say
    "Replaces:" (what the decision does, not "Replaced:", as if it had been), as a build
    without the cache does."""
    site = decided_site(tmp_path / "site")
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch, BEFORE_WEEKLY).code == 0
    will = (
        '<p class="meta" data-pagefind-ignore>Will replace “<a href="{}">We meet every two '
        'weeks.</a>” on <time datetime="2024-03-04">4 March 2024</time></p>'
    )
    replaced = '<p class="meta" data-pagefind-ignore>Replaces: <a href="{}">We meet every two'
    shown = {
        "decisions/index.html": "meet-fortnightly/",
        "decisions/by-theme/permission-to-engage/index.html": "../../meet-fortnightly/",
        "themes/permission-to-engage/index.html": "../../decisions/meet-fortnightly/",
        "meetings/2024-03-04-weekly/index.html": "../../decisions/meet-fortnightly/",
    }
    for path, href in shown.items():
        html = (out / path).read_text()
        assert will.format(href) in html, path
        assert replaced.format(href) not in html, path

    page = (out / "decisions/meet-weekly/index.html").read_text()
    assert will.format("../meet-fortnightly/").replace("</time></p>", "</time>.</p>") in page
    assert "Replaces:" not in page and "Replaced:" not in page
    lineage = section(page, "lineage-heading")
    assert (
        "<p>Every decision in this line, oldest first; each replaced the one before it, or "
        "will on the day of the meeting that made it.</p>"
    ) in lineage
    assert (
        '<time datetime="2024-03-04">4 March 2024</time> ·&nbsp;Will replace the one before it on '
        "that day</p>"
    ) in lineage

    # On its day, the meeting has met: it replaced the decision, on every page
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0  # 4 March, noon
    for path, href in shown.items():
        html = (out / path).read_text()
        assert replaced.format(href) in html, path
        assert "Will replace" not in html, path
    page = (out / "decisions/meet-weekly/index.html").read_text()
    assert "Will replace" not in page
    assert "each replaced the one before it.</p>" in page
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0
    assert snapshot(out) == snapshot(fresh)


def test_a_decision_of_a_meeting_not_yet_held_is_not_in_force_until_its_day(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built on 25 February, with the meeting of 4 March written ahead: the decision made
    there is "agreed ahead", in force from 4 March, not in force beside the one it will
    replace: its page, the register (listed apart, not counted in force), the feed, the
    exports and search say so, and its meeting's page says what it will supersede. From 4
    March all read as for a meeting held, as a build without the cache does."""
    site = decided_site(tmp_path / "site")
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch, BEFORE_WEEKLY).code == 0
    on = '<time datetime="2024-03-04">4 March 2024</time>'
    page = (out / "decisions/meet-weekly/index.html").read_text()
    assert (
        '<p data-pagefind-meta="status:Agreed ahead; in force from 4 March 2024" '
        'data-pagefind-filter="Decision status:Agreed ahead">Status as of <time '
        'datetime="2024-02-25">25 February 2024</time>: <span class="badge badge-ahead" '
        'data-mark=";">Agreed ahead</span><span aria-hidden="true">;</span> in force from '
        f"{on}.</p>"
    ) in page
    assert "badge-in-force" not in page.split('id="lineage-heading"')[0]

    register = (out / "decisions/index.html").read_text()
    assert ": 3 in force, 1 agreed ahead (not yet in force); " in register
    ahead = section(register, "ahead-heading")
    assert "Agreed ahead, not yet in force</h2>" in ahead
    assert 'id="decision-meet-weekly"' in ahead
    assert (
        '<p class="meta" data-pagefind-ignore><span class="badge badge-ahead" data-mark=";">'
        f'Agreed ahead</span><span aria-hidden="true">;</span> in force from {on}</p>'
    ) in ahead
    assert "decision-meet-weekly" not in section(register, "in-force-heading")
    assert 'reversed start="5"' in ahead  # the register still counts down to 1

    feed = (out / "decisions/feed.xml").read_text()
    assert (
        "<summary>Decided at “Weekly now” on 4 March 2024. Agreed ahead; in force from 4 March "
        "2024. It will replace “We meet every two weeks.” on 4 March 2024.</summary>"
    ) in feed
    assert "It replaces" not in feed.split("</entry>")[0]

    records = {d["id"]: d for d in json.loads((out / "decisions.json").read_text())["decisions"]}
    assert records["meet-weekly"]["status"] == "agreed-ahead"
    assert records["meet-fortnightly"]["status"] == "in-force"
    rows = {
        r["id"]: r
        for r in csv.DictReader(
            io.StringIO((out / "decisions.csv").read_text(encoding="utf-8-sig"))
        )
    }
    assert rows["meet-weekly"]["status"] == "agreed-ahead"
    assert indexed_meta(out)["/decisions/meet-weekly/"]["status"] == (
        "Agreed ahead; in force from 4 March 2024"
    )

    theme = (out / "themes/permission-to-engage/index.html").read_text()
    listed = section(theme, "theme-decisions-heading")
    assert "Decisions in force or agreed ahead</h2>" in listed
    assert (
        f'data-mark=";">Agreed ahead</span><span aria-hidden="true">;</span> in force from {on}</p>'
    ) in listed

    principles = (out / "principles/index.html").read_text()
    assert (
        '<span class="named"><a href="../decisions/meet-weekly/">We meet every week.</a></span> '
        '<span class="badge '
        f'badge-ahead" data-mark=";">Agreed ahead</span><span aria-hidden="true">;</span> in force '
        f"from {on}</li>"
    ) in principles
    home_feed = (out / "feed.xml").read_text()
    assert "&lt;li&gt;1 decision to be superseded&lt;/li&gt;" in home_feed

    meeting = (out / "meetings/2024-03-04-weekly/index.html").read_text()
    assert '<h2 id="superseded-here-heading">To be superseded here</h2>' in meeting
    assert "<li>1 decision to be superseded</li>" in meeting
    assert "Superseded here" not in meeting and "1 decision superseded" not in meeting

    # On its day, the meeting has met: the decision is in force, as any other
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0  # 4 March, noon
    page = (out / "decisions/meet-weekly/index.html").read_text()
    assert 'data-pagefind-filter="Decision status:In force"' in page
    assert '<span class="badge badge-in-force" data-mark=".">In force</span>' in page
    register = (out / "decisions/index.html").read_text()
    assert ": 3 in force, " in register and "agreed ahead" not in register
    assert "ahead-heading" not in register
    assert "decision-meet-weekly" in section(register, "in-force-heading")
    feed = (out / "decisions/feed.xml").read_text()
    assert "It replaces “We meet every two weeks.”" in feed
    assert "Agreed ahead" not in feed and "will replace" not in feed
    records = {d["id"]: d for d in json.loads((out / "decisions.json").read_text())["decisions"]}
    assert records["meet-weekly"]["status"] == "in-force"
    theme = (out / "themes/permission-to-engage/index.html").read_text()
    assert '<h2 id="theme-decisions-heading">Decisions in force</h2>' in theme
    assert "Agreed ahead" not in theme
    assert "badge-ahead" not in (out / "principles/index.html").read_text()
    assert "to be superseded" not in (out / "feed.xml").read_text()
    meeting = (out / "meetings/2024-03-04-weekly/index.html").read_text()
    assert '<h2 id="superseded-here-heading">Superseded here</h2>' in meeting
    assert "<li>1 decision superseded</li>" in meeting
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch, "1709553600").code == 0
    assert snapshot(out) == snapshot(fresh)


def test_theme_filters_are_links_to_pages(built: Path) -> None:
    page = read_page(built, "decisions/by-theme/permission-to-engage/index.html")
    assert page.find_all("a", href="./", **{"aria-current": "page"})
    assert page.find_all("a", href="../../")  # back to all themes
    html = (built / "decisions/by-theme/permission-to-engage/index.html").read_text()
    assert "Permission to engage (2)" in html
    assert "decision-meet-weekly" in section(html, "in-force-heading")
    assert "decision-meet-fortnightly" in section(html, "superseded-heading")
    assert "decision-notes-in-public" not in html
    foi = (built / "decisions/by-theme/foi-implications/page/2/index.html").read_text()
    assert "decision-meet-monthly" in foi and "decision-meet-weekly" not in foi


def test_the_theme_filter_counts_decisions_and_says_so(built: Path) -> None:
    """Every link of the filter counts decisions, superseded too: the first, "All
    decisions (5)", is the 3 in force and 2 superseded (it read "All themes (5)", as if
    there were five themes; there are two)."""
    page = read_page(built, "decisions/index.html")
    assert "3 in force, 1 due for review; 2 superseded." in page.text
    assert (
        "Filter By status Due for review (1), Superseded (2) By theme All decisions (5) "
        "Decisions on FOI implications (4) Decisions on "
        "Permission to engage (2)" in page.text
    )
    assert "All themes" not in page.text
    on_theme = read_page(built, "decisions/by-theme/permission-to-engage/index.html")
    assert "By theme All decisions (5) Decisions on FOI implications (4)" in on_theme.text


def test_a_later_page_of_the_register_marks_the_filter_chosen(built: Path) -> None:
    """A later page's filter marks the one chosen, bold and announced as current, so it does
    not read as the theme under each decision; its counts are on the first page alone (a
    decision added would otherwise make every page of the register again)."""
    for later in ("decisions/page/2/index.html", "decisions/page/3/index.html"):
        text = read_page(built, later).text
        assert (
            "Filter By status Due for review, Superseded By theme All decisions Decisions on "
            "FOI implications Decisions on Permission to engage"
        ) in text
    # the filter chosen is marked on every page of its list, as the page itself on its first
    assert (
        f'<a href="../../" aria-current="true">{HIDDEN}FOI implications</a>'
        in (built / "decisions/by-theme/foi-implications/page/2/index.html").read_text()
    )
    assert (
        '<a href="../../" aria-current="true">All decisions</a>'
        in (built / "decisions/page/2/index.html").read_text()
    )


@pytest.mark.parametrize(
    "path",
    [
        "decisions/index.html",
        "decisions/page/2/index.html",
        "decisions/by-theme/foi-implications/page/2/index.html",
    ],
)
def test_no_two_links_of_the_register_say_the_same_and_lead_apart(built: Path, path: str) -> None:
    """A screen reader's list of a page's links names each: a theme's filter link is named
    for its decisions ("Decisions on FOI implications", its page's heading), not only as the
    theme under a decision is, which leads to the theme's page. A later page's filter has no
    counts to tell them apart."""
    page = lxml.html.parse(built / path).getroot()
    targets: dict[str, set[str]] = {}
    for link in page.xpath("//main//a[@href]"):
        name = " ".join(link.text_content().split())
        targets.setdefault(name, set()).add(link.get("href"))
    assert {name: found for name, found in targets.items() if len(found) > 1} == {}
    assert [name for name in targets if name.startswith("Decisions on FOI implications")]


def test_many_themes_fold_the_filter_so_a_phone_reaches_the_decisions(
    built: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A few themes are listed as they are; more than eight are folded under a disclosure
    that says which list is shown (a phone would scroll past a screen of links)."""
    assert "<details" not in (built / "decisions/index.html").read_text()
    site = synthetic_site(tmp_path / "synthetic", 60)
    edit(site, "site.yml", "page_size: 10", "page_size: 2")  # theme-33's three: two pages
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    register = (out / "decisions/index.html").read_text()
    assert "<summary>All decisions: choose from 14 themes</summary>" in register
    folded = register[register.index("<details") : register.index("</details>")]
    assert folded.count("<li>") == 15  # all decisions, and each theme with a decision
    assert f'<a href="by-theme/theme-22/">{HIDDEN}Theme theme-22 (2)</a>' in folded
    on_theme = (out / "decisions/by-theme/theme-33/index.html").read_text()
    assert "<summary>Theme theme-33: choose from 14 themes</summary>" in on_theme
    later = (out / "decisions/by-theme/theme-33/page/2/index.html").read_text()
    assert "<summary>Theme theme-33: choose from 14 themes</summary>" in later


def test_a_decision_page_shows_its_whole_lineage_oldest_first(built: Path) -> None:
    html = (built / "decisions/meet-fortnightly/index.html").read_text()
    # its id, given to search after the rest (an excerpt opens with its words); its words
    # are given to search apart from its title, which search would boost
    assert (
        '<p class="meta" data-pagefind-ignore data-pagefind-meta="title:">Decision '
        "<code>meet-fortnightly</code>"
    ) in html
    assert '<data value="Decision meet-fortnightly" data-pagefind-index-attrs="value">' in html
    assert (
        '<h1 data-pagefind-weight="2" data-pagefind-meta="superseded_title">'
        "We meet every two weeks.</h1>"
    ) in html
    # a superseded decision's status, settled when it was replaced: no "as of", the day it
    # was replaced, one full stop;
    # its search result says by which decision and when, and its successor's words are not
    # indexed as its own
    assert (
        '<p data-pagefind-meta="status:Superseded by “We meet every week.” on 4 March 2024" '
        'data-pagefind-filter="Decision status:Superseded">Status: '
        '<span class="badge badge-superseded">Superseded</span><span data-pagefind-ignore> by '
        '“<a href="../meet-weekly/">We meet every week.</a>” on '
        '<time datetime="2024-03-04">4 March 2024</time></span></p>'
    ) in html
    lineage = section(html, "lineage-heading")
    monthly = lineage.index('<a href="../meet-monthly/">We meet once a month.</a>')
    this = lineage.index("<strong>We meet every two weeks.</strong> (this decision)")
    weekly = lineage.index('<a href="../meet-weekly/">We meet every week.</a>')
    assert monthly < this < weekly
    weekly_page = (built / "decisions/meet-weekly/index.html").read_text()
    assert 'href="../../principles/#principle-use-web-data"' in weekly_page
    assert 'href="../../meetings/2024-03-04-weekly/">Weekly now</a>' in weekly_page
    # in force with no review date: nothing but a meeting can change that, so no date
    assert '<h1 data-pagefind-weight="2">We meet every week.</h1>' in weekly_page
    assert (
        '<p data-pagefind-meta="status:In force" data-pagefind-filter="Decision status:In force">'
        'Status: <span class="badge badge-in-force" data-mark=".">In force</span>'
        '<span aria-hidden="true">.</span></p>'
    ) in weekly_page
    alone = (built / "decisions/later-review/index.html").read_text()
    assert "lineage-heading" not in alone
    # a review date ahead: it falls due with time alone, so its status is as of the build date
    assert (
        '<p data-pagefind-meta="status:In force" data-pagefind-filter="Decision status:In force">'
        'Status as of <time datetime="2024-03-11">11 March 2024</time>: '
        '<span class="badge badge-in-force" data-mark=";">In force</span>'
        '<span aria-hidden="true">;</span> to be reviewed by '
        '<time datetime="2024-06-01">1 June 2024</time>.</p>'
    ) in alone
    due = (built / "decisions/notes-in-public/index.html").read_text()
    assert (
        '<p data-pagefind-meta="status:In force; due for review since 1 March 2024" '
        'data-pagefind-filter="Decision status:In force">Status: '
    ) in due
    assert "Due for review</span> since" in due


def test_decisions_json_has_its_documented_shape(built: Path) -> None:
    raw = (built / "decisions.json").read_bytes()
    document = json.loads(raw)
    assert (
        raw == (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    )
    assert [d["id"] for d in document["decisions"]] == [
        "meet-weekly",
        "meet-fortnightly",
        "meet-monthly",
        "notes-in-public",
        "later-review",
    ]
    assert document["decisions"][1] == {
        "id": "meet-fortnightly",
        "text": "We meet every two weeks.",
        "url": "https://example.org/group/decisions/meet-fortnightly/",
        "status": "superseded",
        "due_for_review": False,
        "review": None,
        "last_reviewed": None,
        "themes": ["foi-implications", "permission-to-engage"],
        "principles": [],
        "decided_at": {
            "meeting": "2024-02-20-superseding",
            "date": "2024-02-20",
            "url": "https://example.org/group/meetings/2024-02-20-superseding/",
        },
        "supersedes": "meet-monthly",
        "superseded_by": "meet-weekly",
        "superseded_on": "2024-03-04",
    }
    assert document["decisions"][3]["due_for_review"] is True
    assert document["generated"] == "2024-03-11"


def test_decisions_csv_bytes(built: Path) -> None:
    text = (built / "decisions.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "id,text,status,due_for_review,review,themes,principles,decided_at,decided_on,"
        "supersedes,superseded_by,url,last_reviewed,superseded_on"
    )
    assert text.splitlines()[3] == (
        "meet-monthly,We meet once a month.,superseded,no,,foi-implications,,Decided,2024-02-01,"
        ",meet-fortnightly,https://example.org/group/decisions/meet-monthly/,,2024-02-20"
    )
    assert text.splitlines()[4] == (
        'notes-in-public,"Summaries are published, not minutes.",in-force,yes,2024-03-01,'
        "foi-implications,listen-first,Decided,2024-02-01,,,"
        "https://example.org/group/decisions/notes-in-public/,,"
    )
    assert len(list(csv.reader(io.StringIO(text)))) == 6


def test_decisions_feed(built: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built / "decisions/feed.xml").read_bytes())
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries][:2] == [
        "We meet every week.",
        "We meet every two weeks.",
    ]
    assert entries[0].findtext(f"{atom}id") == "https://example.org/group/decisions/meet-weekly/"
    assert entries[0].findtext(f"{atom}updated").startswith("2024-03-04")
    assert entries[0].findtext(f"{atom}summary") == (
        "Decided at “Weekly now” on 4 March 2024. It replaces “We meet every two weeks.”"
    )
    assert feed.findtext(f"{atom}updated").startswith("2024-03-04")


def test_a_decision_s_feed_entry_says_when_it_is_to_be_reviewed_as_its_page_does(
    built: Path,
) -> None:
    """notes-in-public and later-review were made with a review date: their entries say
    when, as their pages do; meet-weekly, with none, and meet-monthly, superseded, say none."""
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built / "decisions/feed.xml").read_bytes())
    entries = {e.findtext(f"{atom}id").split("/")[-2]: e for e in feed.findall(f"{atom}entry")}
    summaries = {name: e.findtext(f"{atom}summary") for name, e in entries.items()}
    assert summaries["notes-in-public"] == (
        "Decided at “Decided” on 1 February 2024. To be reviewed by 1 March 2024."
    )
    assert summaries["later-review"] == (
        "Decided at “Decided” on 1 February 2024. To be reviewed by 1 June 2024."
    )
    content = entries["later-review"].findtext(f"{atom}content")
    assert content == (
        '<p>Decided at <a href="https://example.org/group/meetings/2024-02-01-decided/">'
        "Decided</a> on 1 February 2024.</p><p>To be reviewed by 1 June 2024.</p>"
    )
    assert "review" not in summaries["meet-weekly"] + summaries["meet-monthly"]
    page = read_page(built, "decisions/later-review/index.html").text
    assert "to be reviewed by 1 June 2024" in page


def test_a_feed_entry_ends_the_words_of_a_decision_replaced_with_no_full_stop(
    tmp_path: Path,
) -> None:
    """meet-monthly written with no full stop: meet-fortnightly's entry, which replaced it,
    still reads as sentences, not "…once a month Superseded by…", the words it replaced in
    quotes as the decision that superseded it is named, their full stop after them; its HTML
    links them, the full stop after the link."""
    site = decided_site(tmp_path / "site")
    edit(site, "content/meetings/2024-02-01-decided.md", "once a month.", "once a month")
    out = tmp_path / "_site"
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((out / "decisions/feed.xml").read_bytes())
    [entry] = [
        e for e in feed.findall(f"{atom}entry") if "meet-fortnightly" in e.findtext(f"{atom}id")
    ]
    assert entry.findtext(f"{atom}summary") == (
        "Decided at “Superseding” on 20 February 2024. It replaces “We meet once a month”. "
        "Superseded by “We meet every week.” at “Weekly now”, 4 March 2024."
    )
    base = "https://example.org/group/"
    assert (
        f'<p>It replaces <a href="{base}decisions/meet-monthly/">We meet once a month</a>.</p>'
    ) in entry.findtext(f"{atom}content")


def test_a_superseded_decisions_feed_entry_says_what_superseded_it_and_is_updated_then(
    built: Path, tmp_path: Path
) -> None:
    """meet-monthly (1 February) was superseded on 20 February by meet-fortnightly, itself
    superseded on 4 March by meet-weekly: each entry says so, in words and linked, with
    dates written as pages write them, and is updated on the day it was superseded, so a feed
    reader shows the change; it was still published on the day it was made."""
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built / "decisions/feed.xml").read_bytes())
    entries = {e.findtext(f"{atom}id").split("/")[-2]: e for e in feed.findall(f"{atom}entry")}
    monthly, fortnightly = entries["meet-monthly"], entries["meet-fortnightly"]
    assert monthly.findtext(f"{atom}published").startswith("2024-02-01")
    assert monthly.findtext(f"{atom}updated").startswith("2024-02-20")
    assert monthly.findtext(f"{atom}summary") == (
        "Decided at “Decided” on 1 February 2024. "
        "Superseded by “We meet every two weeks.” at “Superseding”, 20 February 2024."
    )
    base = "https://example.org/group/"
    content = monthly.find(f"{atom}content")
    assert content is not None and content.get("type") == "html"
    assert content.text == (
        f'<p>Decided at <a href="{base}meetings/2024-02-01-decided/">Decided</a> on '
        "1 February 2024.</p>"
        f'<p>Superseded by “<a href="{base}decisions/meet-fortnightly/">We meet every two '
        f'weeks.</a>” at <a href="{base}meetings/2024-02-20-superseding/">Superseding</a>, '
        "20 February 2024.</p>"
    )
    assert fortnightly.findtext(f"{atom}published").startswith("2024-02-20")
    assert fortnightly.findtext(f"{atom}updated").startswith("2024-03-04")
    assert fortnightly.findtext(f"{atom}summary") == (
        "Decided at “Superseding” on 20 February 2024. It replaces “We meet once a month.” "
        "Superseded by “We meet every week.” at “Weekly now”, 4 March 2024."
    )
    # a decision in force is updated when it was made, and says nothing of being superseded
    in_force = entries["notes-in-public"]
    assert in_force.findtext(f"{atom}updated").startswith("2024-02-01")
    assert "Superseded" not in (in_force.find(f"{atom}content").text or "")
    # the same notes and build date give the same bytes
    site = decided_site(tmp_path / "site")
    again = tmp_path / "_site"
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(again)])
    assert result.code == 0, result.err
    assert (again / "decisions/feed.xml").read_bytes() == (
        built / "decisions/feed.xml"
    ).read_bytes()


def test_register_is_in_the_navigation_and_the_sitemap(built: Path) -> None:
    home = read_page(built, "index.html")
    assert home.find_all("a", href="./decisions/")
    sitemap = (built / "sitemap.xml").read_text()
    assert (
        "<loc>https://example.org/group/decisions/meet-weekly/</loc><lastmod>2024-03-04</lastmod>"
        in sitemap
    )
    assert "<loc>https://example.org/group/decisions/</loc>" in sitemap


def test_a_decision_page_is_indexed_for_search_as_a_decision(built: Path) -> None:
    html = (built / "decisions/meet-weekly/index.html").read_text()
    assert 'data-pagefind-body data-pagefind-filter="Kind of page:Decisions"' in html
    meeting = (built / "meetings/2024-03-04-weekly/index.html").read_text()
    assert 'data-pagefind-filter="Kind of page:Meetings"' in meeting


def test_a_review_date_before_the_meeting_is_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    site = decided_site(tmp_path / "site")
    weekly = site / "content/meetings/2024-03-04-weekly.md"
    weekly.write_text(
        weekly.read_text().replace(
            "supersedes: meet-fortnightly", "supersedes: meet-fortnightly\n    review: 2024-01-01"
        )
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (
        "content/meetings/2024-03-04-weekly.md:11:13: warning: decision 'meet-weekly' is to be "
        "reviewed on 2024-01-01, before the meeting that made it (2024-03-04); "
        "check the review date"
    ) in run.problem_lines
    assert run.code == 0


# (file, text, replacement): every way an edit can change what decisions show.
WEEKLY_FILE = "content/meetings/2024-03-04-weekly.md"
DECIDED_FILE = "content/meetings/2024-02-01-decided.md"
SUPERSEDING_FILE = "content/meetings/2024-02-20-superseding.md"
DECISION_EDITS = [
    (WEEKLY_FILE, "text: We meet every week.", "text: We meet every Monday."),
    (DECIDED_FILE, "review: 2024-03-01", "review: 2024-04-01"),
    (SUPERSEDING_FILE, "title: Superseding", "title: Superseding, renamed"),
    (WEEKLY_FILE, "    supersedes: meet-fortnightly\n", ""),
    (
        DECIDED_FILE,
        "themes: [foi-implications]\n  - id: notes",
        "themes: [permission-to-engage]\n  - id: notes",
    ),
    # the meeting's own themes: its decisions that give none of their own move with them
    (DECIDED_FILE, "date: 2024-02-01\nthemes: [foi-implications]", "date: 2024-02-01\nthemes: []"),
    (
        DECIDED_FILE,
        "date: 2024-02-01\nthemes: []",
        "date: 2024-02-01\nthemes: [permission-to-engage]",
    ),
    # a decision's own `themes: []`: on no theme
    (DECIDED_FILE, "    review: 2024-06-01\n", "    review: 2024-06-01\n    themes: []\n"),
    (SUPERSEDING_FILE, "date: 2024-02-20", "date: 2024-01-20"),  # now before what it supersedes
    (SUPERSEDING_FILE, "date: 2024-01-20", "date: 2024-02-21"),
    (WEEKLY_FILE, "decisions:\n", "decisions:\n  - id: new-decision\n    text: Something new.\n"),
    # a later meeting reviews a decision and keeps it, says more of it, is renamed
    (
        WEEKLY_FILE,
        "decisions:\n",
        "decisions:\n  - id: notes-in-public\n    review: 2024-09-01\n    note: We keep it.\n",
    ),
    (WEEKLY_FILE, "note: We keep it.", "note: We keep it, for now."),
    # the reviewed decision reworded where it was made: the reviewing meeting's entry follows
    (DECIDED_FILE, "text: Summaries are published, not", "text: Summaries are published, never"),
    (WEEKLY_FILE, "title: Weekly now", "title: Weekly, renamed"),
    (WEEKLY_FILE, "    review: 2024-09-01\n    note", "    note"),
]


def _apply(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    assert old in path.read_text(), (relative, old)
    path.write_text(path.read_text().replace(old, new, 1))


@pytest.mark.slow
def test_a_rebuild_with_the_cache_equals_a_fresh_build(tmp_path: Path, capsys, monkeypatch) -> None:
    site = decided_site(tmp_path / "site")
    out, fresh = tmp_path / "out", tmp_path / "fresh"

    def build(target: Path, *extra: str) -> int:
        command = ["build", "--source", str(site), "--output", str(target), *extra]
        return run_cli(command, capsys, monkeypatch).code

    assert build(out) == 0
    for relative, old, new in DECISION_EDITS:
        _apply(site, relative, old, new)
        code = build(out)
        assert code == build(fresh, "--no-cache"), (relative, old)
        if code == 0:
            assert snapshot(out) == snapshot(fresh), (relative, old)


def test_serve_updates_equal_a_full_build(tmp_path: Path) -> None:
    site = decided_site(tmp_path / "site")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 9)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        failed = False
        for relative, old, new in DECISION_EDITS:
            _apply(site, relative, old, new)
            good = dev.rebuild({relative})
            if not good:  # the superseded decision is now later: an error, reported in full
                assert "a decision can only supersede one made at an earlier meeting" in str(
                    dev.problems
                )
                failed = True
                continue
            # after a failed build, serve builds in full once
            assert dev.last_rebuild == ("full" if failed else "incremental"), (relative, old)
            failed = False
            assert dev.files == make_site(replace(dev.options, cache=False)).files, (relative, old)
    finally:
        dev.httpd.server_close()


# --- meeting pages, theme pages, principles, feeds and the home page -----------------------


def test_a_meeting_page_lists_what_it_decided_and_superseded(built: Path) -> None:
    html = (built / "meetings/2024-02-20-superseding/index.html").read_text()
    decided = section(html, "decided-heading")
    assert '<a href="../../decisions/meet-fortnightly/">We meet every two weeks.</a>' in decided
    assert "Decided at this meeting" in decided  # not a link to the page itself
    assert 'href="../2024-02-20-superseding/"' not in decided
    here = section(html, "superseded-here-heading")
    assert '<a href="../../decisions/meet-monthly/">We meet once a month.</a>' in here
    assert "Decided at <a" in here  # where the replaced decision was made
    assert (
        "superseded-here-heading"
        not in (built / "meetings/2024-02-01-decided/index.html").read_text()
    )


def test_theme_and_principles_pages_list_their_decisions(built: Path) -> None:
    theme = (built / "themes/permission-to-engage/index.html").read_text()
    listed = section(theme, "theme-decisions-heading")
    assert 'id="theme-decision-meet-weekly"' in listed
    assert 'id="theme-decision-meet-fortnightly"' not in listed  # superseded
    assert "Every decision on Permission to engage (2)" in listed
    principles = read_page(built, "principles/index.html").text
    assert "Decisions that cite it: Summaries are published, not minutes." in principles


def test_the_principles_page_counts_a_principles_decisions_and_names_the_register_it_links_to(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """More decisions cite a principle than the page lists (page_size 2): the page says how
    many of them it lists, and its link says it leads to every decision in the register, with
    the register's own count, not the principle's."""
    site = decided_site(tmp_path / "site")
    (site / "content/meetings/2024-03-20-cited.md").write_text(
        "---\ntitle: Cited\ndate: 2024-03-20\ndecisions:\n"
        "  - {id: ask-first, text: We ask before we publish., principles: [listen-first]}\n"
        "  - {id: read-back, text: We read the notes back., principles: [listen-first]}\n"
        "---\nTwo more.\n"
    )
    out = tmp_path / "_site"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    principles = lxml.html.fromstring((out / "principles/index.html").read_text())
    listed = principles.get_element_by_id("principle-listen-first").getparent()
    assert [a.text_content() for a in listed.xpath("./ul[last()]//a")] == [
        "We ask before we publish.",
        "We read the notes back.",
    ]
    (more,) = listed.xpath('./p[a[@href="../decisions/"]]')
    assert " ".join(more.text_content().split()) == (
        "The latest 2 of the 3 decisions that cite it. Every decision, in the register (7)"
    )
    register = lxml.html.fromstring((out / "decisions/index.html").read_text())
    (here,) = register.xpath('//nav[@class="filters"]//a[@aria-current="page"]')
    assert here.text_content() == "All decisions (7)"
    other = principles.get_element_by_id("principle-use-web-data").getparent()
    assert not other.xpath('.//a[@href="../decisions/"]')  # one decision cites it: listed


# --- a decision with no themes of its own is on its meeting's, as an action is ---------------


def test_a_theme_page_lists_and_counts_a_decision_its_meeting_made_with_no_themes_of_its_own(
    built: Path,
) -> None:
    """'notes-in-public' and 'later-review' give no themes: they are on their meeting's, FOI
    implications (the starter's template writes decisions so; they were on no theme)."""
    theme = (built / "themes/foi-implications/index.html").read_text()
    listed = section(theme, "theme-decisions-heading")
    assert 'id="theme-decision-notes-in-public"' in listed
    assert 'id="theme-decision-later-review"' in listed
    assert "Every decision on FOI implications (4)" in listed
    page = (built / "decisions/notes-in-public/index.html").read_text()
    assert (
        '<a href="../../themes/foi-implications/" data-pagefind-filter="Theme:FOI implications">'
        "FOI implications</a>" in page
    )


def test_the_register_lists_a_decision_with_no_themes_of_its_own_under_its_meeting_s(
    built: Path,
) -> None:
    foi = (built / "decisions/by-theme/foi-implications/index.html").read_text()
    in_force = section(foi, "in-force-heading")
    assert 'id="decision-notes-in-public"' in in_force
    assert 'id="decision-later-review"' in in_force
    assert f'<a href="./" aria-current="page">{HIDDEN}FOI implications (4)</a>' in foi
    permission = (built / "decisions/by-theme/permission-to-engage/index.html").read_text()
    assert "decision-notes-in-public" not in permission


def test_the_exports_and_feed_give_a_decision_with_no_themes_of_its_own_its_meeting_s(
    built: Path,
) -> None:
    document = json.loads((built / "decisions.json").read_bytes())
    themes = {d["id"]: d["themes"] for d in document["decisions"]}
    assert themes["notes-in-public"] == themes["later-review"] == ["foi-implications"]
    assert themes["meet-weekly"] == ["permission-to-engage"]  # its own, as written
    rows = (built / "decisions.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows[5].startswith("later-review,We keep a shared folder.,in-force,no,2024-06-01,")
    assert rows[5].split(",")[5] == "foi-implications"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built / "decisions/feed.xml").read_bytes())
    entry = next(
        e
        for e in feed.findall(f"{atom}entry")
        if e.findtext(f"{atom}id").endswith("/later-review/")
    )
    assert [c.get("term") for c in entry.findall(f"{atom}category")] == ["FOI implications"]


def test_a_decision_written_with_themes_empty_is_on_no_theme_as_an_action_is(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`themes: []` written out says the decision is on no theme (an action's says the same);
    `themes:` with nothing after it is as if left out: the meeting's."""
    site = decided_site(tmp_path / "site")
    edit(site, DECIDED_FILE, "    review: 2024-06-01\n", "    review: 2024-06-01\n    themes: []\n")
    edit(
        site, DECIDED_FILE, "principles: [listen-first]", "principles: [listen-first]\n    themes:"
    )
    out = tmp_path / "out"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    document = json.loads((out / "decisions.json").read_bytes())
    themes = {d["id"]: d["themes"] for d in document["decisions"]}
    assert themes["later-review"] == []
    assert themes["notes-in-public"] == ["foi-implications"]
    foi = (out / "decisions/by-theme/foi-implications/index.html").read_text()
    assert "decision-later-review" not in foi and "decision-notes-in-public" in foi
    assert "<h2>Themes</h2>" not in (out / "decisions/later-review/index.html").read_text()


def test_the_principles_page_marks_a_citing_decision_that_was_superseded(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A reader of the principles page is not left to think a replaced decision stands."""
    site = decided_site(tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-02-20-superseding.md",
        "    supersedes: meet-monthly\n",
        "    supersedes: meet-monthly\n    principles: [use-web-data]\n",
    )
    out = tmp_path / "out"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    html = (out / "principles/index.html").read_text()
    cited = html[html.index('id="principle-use-web-data"') :]
    assert (
        '<li><span class="named"><a href="../decisions/meet-weekly/">We meet every week.</a>'
        "</span></li>\n"
        '      <li><span class="named"><a href="../decisions/meet-fortnightly/">'
        "We meet every two weeks.</a></span> "
        '<span class="badge badge-superseded">Superseded</span></li>'
    ) in cited


def test_the_meetings_own_words_have_a_heading_of_their_own_after_what_changed(
    built: Path,
) -> None:
    """After "Since the last meeting", the summary's text is under "Discussion": else a
    reader (and a screen reader's list of headings, and search's excerpts) takes its first
    paragraphs for part of what changed. A first meeting opens with its text."""
    html = (built / "meetings/2024-02-20-superseding/index.html").read_text()
    since, discussion = html.index('id="since-heading"'), html.index('id="discussion-heading"')
    assert since < discussion < html.index('<div class="prose">')
    assert '<h2 id="discussion-heading">Discussion</h2>' in html
    first = (built / "meetings/2024-01-15-kick-off/index.html").read_text()
    assert "since-heading" not in first and "discussion-heading" not in first


def test_since_the_last_meeting_opens_the_page_the_feed_entry_and_the_home_page(
    built: Path,
) -> None:
    html = (built / "meetings/2024-02-20-superseding/index.html").read_text()
    since = section(html, "since-heading")
    assert (
        'Since <a href="../2024-02-12-reporting-back/">Reporting back</a> on '
        '<time datetime="2024-02-12">12 February 2024</time>:'
    ) in since
    assert "<li>1 decision made</li>" in since and "<li>1 decision superseded</li>" in since
    assert since.index("<li>1 decision made</li>") < since.index("1 decision superseded")
    home = read_page(built, "index.html").text
    assert "Latest meeting Third meeting, 11 March 2024" in home
    assert "What changed at Third meeting Since the last meeting" in home
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built / "feed.xml").read_bytes())
    entry = next(
        e for e in feed.findall(f"{atom}entry") if e.findtext(f"{atom}title") == "Superseding"
    )
    content = entry.findtext(f"{atom}content") or ""
    assert content.startswith(
        "<h2>Since the last meeting</h2><ul><li>1 decision made</li>"
        "<li>1 decision superseded</li></ul><h2>Discussion</h2>"
    )
    assert (  # what it replaced, as the meeting's page and the decisions feed say
        '<h2>Decided</h2><ul><li><a href="https://example.org/group/decisions/meet-fortnightly/">'
        'We meet every two weeks</a> (replaces: <a href="https://example.org/group/decisions/'
        'meet-monthly/">We meet once a month</a>).</li></ul>'
    ) in content
    kick_off = next(
        e for e in feed.findall(f"{atom}entry") if e.findtext(f"{atom}title") == "Reporting back"
    )
    assert (
        '<li><a href="https://example.org/group/actions/live-policy-issue/">'
        "Think of a live policy issue</a> (done)</li>"
    ) in (kick_off.findtext(f"{atom}content") or "")


def test_the_home_page_shows_the_next_meeting_date(tmp_path: Path, capsys, monkeypatch) -> None:
    site = decided_site(tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text().replace("summary:", "next_meeting: 2024-04-22\nsummary:"))
    assert (
        run_cli(
            ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
        ).code
        == 0
    )
    home = read_page(tmp_path / "o", "index.html").text
    assert "Next meeting 22 April 2024" in home


def test_principle_status_is_shown_in_words(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    principles = site / "content/principles.md"
    principles.write_text(
        principles.read_text().replace(
            "text: Listen before you speak.\n",
            "text: Listen before you speak.\n    status: agreed\n",
        )
    )
    out = tmp_path / "o"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    html = (out / "principles/index.html").read_text()
    assert '<span class="badge badge-principle-agreed">Agreed</span>' in html
    assert html.count("badge-principle-") == 1


# --- report-back ------------------------------------------------------------------------------


def test_an_action_due_but_not_reported_back_is_a_warning_and_shown_apart(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "o"
    run = build_into(site, out, capsys, monkeypatch)
    assert run.code == 0  # time-made warnings never stop a site from publishing
    assert (
        "content/meetings/2024-03-11-third.md:3:7: warning: action 'write-guidance' was due by "
        "1 March 2024; this meeting does not report back on it (add '- id: write-guidance' with "
        "its status under actions; if the meeting did not get to it, with a note saying so: "
        "note: Not discussed; carried to the next meeting)"
    ) in run.problem_lines
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    missed = section(html, "not-reported-heading")
    assert 'id="not-reported-write-guidance"' in missed
    assert "reported-heading" not in html.replace("not-reported-heading", "")
    # the meeting that did report back shows the status then and now where they differ
    back = (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    reported = section(back, "reported-heading")
    assert 'id="reported-live-policy-issue"' in reported
    then = '<span class="badge badge-done">Done</span>'
    assert (
        f'<td data-label="Status then" data-pagefind-ignore>{then} at this meeting</td>'
    ) in reported
    assert '<td data-label="Status now" data-pagefind-ignore>Still done</td>' in reported
    assert "Last update" not in reported
    # an update naming the action silences the warning and moves it to "Reported back"
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "themes: [permission-to-engage]\n",
            "themes: [permission-to-engage]\nactions:\n  - id: write-guidance\n    status: done\n",
        )
    )
    run = build_into(site, out, capsys, monkeypatch)
    assert not [line for line in run.problem_lines if "report back" in line]
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert 'id="reported-write-guidance"' in section(html, "reported-heading")
    assert "not-reported-heading" not in html


def test_an_entry_left_as_new_meeting_wrote_it_is_not_reported_back(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A meeting file `new meeting` wrote, one entry filled in and one left as it was: the
    untouched one is shown and counted as not reported on, everywhere; its entry is warned of
    (an error with --strict), and not as one the meeting left out."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "themes: [permission-to-engage]\n",
            "themes: [permission-to-engage]\nactions:\n"
            "  - id: live-policy-issue\n    status: done\n    note: Shared with the board.\n"
            "  - id: write-guidance\n    status: in-progress\n    note:\n",
        )
    )
    out = tmp_path / "o"
    run = build_into(site, out, capsys, monkeypatch)
    assert run.code == 0
    assert (
        "content/meetings/2024-03-11-third.md:10:9: warning: action 'write-guidance' is listed "
        "but nothing about it changed; set its status or write a note (it was due by 1 March "
        "2024: if the meeting did not get to it, say so: note: Not discussed; carried to the "
        "next meeting)"
    ) in run.problem_lines
    assert not [line for line in run.problem_lines if "does not report back" in line]
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert "reported-heading" not in html.replace("not-reported-heading", "")
    assert 'id="not-reported-write-guidance"' in section(html, "not-reported-heading")
    updates = section(html, "updates-heading")
    assert "<caption data-pagefind-ignore>Updates made at this meeting</caption>" in updates
    assert 'id="updated-live-policy-issue"' in updates and "write-guidance" not in updates
    for page in ("meetings/2024-03-11-third/index.html", "index.html"):
        text = read_page(out, page).text
        assert "1 action still overdue: Write guidance on engaging online" in text, page
        assert "reported on at this meeting" not in text, page
    entry = unescape((out / "feed.xml").read_text().split("<entry>")[1])
    assert "<li>1 action still overdue</li>" in entry and "reported on" not in entry
    assert 'live-policy-issue/">Think of a live policy issue</a> (done)' in entry
    # listed, as on its page: not as an update
    assert (
        'write-guidance/">Write guidance on engaging online</a> (due, not reported back)' in entry
    )
    assert "(in progress)" not in entry
    history = read_page(out, "actions/write-guidance/index.html").text
    assert "Reporting back" in history and "Third meeting" not in history
    [exported] = [
        a
        for a in json.loads((out / "actions.json").read_text())["actions"]
        if a["id"] == "write-guidance"
    ]
    assert [e["meeting"] for e in exported["history"]] == [
        "2024-01-15-kick-off",
        "2024-02-12-reporting-back",
    ]
    # the actions calendar's to-do was last changed at the meeting that changed it
    todo = (out / "actions.ics").read_text().split("BEGIN:VTODO")[-1]
    assert "UID:action-write-guidance@" in todo and "DTSTAMP:20240212T000000Z" in todo
    strict = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert strict.code == 1
    assert (
        "content/meetings/2024-03-11-third.md:10:9: error: action 'write-guidance' is listed "
        "but nothing about it changed; set its status or write a note (it was due by 1 March "
        "2024: if the meeting did not get to it, say so: note: Not discussed; carried to the "
        "next meeting)" + STRICT_NOTE
    ) in strict.problem_lines
    # a note makes it a report: shown as reported back, warned of no more
    third.write_text(third.read_text().replace("    note:\n", "    note: Drafted.\n"))
    run = build_into(site, out, capsys, monkeypatch)
    assert not [line for line in run.problem_lines if "write-guidance" in line]
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert 'id="reported-write-guidance"' in section(html, "reported-heading")
    home = read_page(out, "index.html").text
    assert "1 action still overdue (reported on at this meeting)" in home


def test_an_action_updated_long_after_it_fell_due_is_reported_back_then(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Due by the third meeting, which does not update it, an action dropped at a fourth is
    reported back there, late; a fifth meeting's note on it is just another update."""
    site = copy_site("minimal", tmp_path / "site")
    meetings = site / "content/meetings"
    (meetings / "2024-04-01-fourth.md").write_text(
        "---\ntitle: Fourth meeting\ndate: 2024-04-01\nthemes: [permission-to-engage]\n"
        "actions:\n  - id: write-guidance\n    status: dropped\n    note: Overtaken.\n"
        "---\nFourth.\n"
    )
    (meetings / "2024-05-06-fifth.md").write_text(
        "---\ntitle: Fifth meeting\ndate: 2024-05-06\nthemes: [permission-to-engage]\n"
        "actions:\n  - id: write-guidance\n    note: The new framework covers it.\n"
        "---\nFifth.\n"
    )
    out = tmp_path / "o"
    build = ["build", "--source", str(site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch, epoch_on(date(2024, 5, 6)))  # all five held
    assert run.code == 0
    third = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert 'id="not-reported-write-guidance"' in section(third, "not-reported-heading")
    fourth = (out / "meetings/2024-04-01-fourth/index.html").read_text()
    reported = section(fourth, "reported-heading")
    assert (
        "<caption data-pagefind-ignore>Actions due by this meeting, updated at it for the "
        "first time since they fell due</caption>"
    ) in reported
    assert 'id="reported-write-guidance"' in reported and "Overtaken." in reported
    assert "updates-heading" not in fourth and "not-reported-heading" not in fourth
    fifth = (out / "meetings/2024-05-06-fifth/index.html").read_text()
    assert "reported-heading" not in fifth
    updates = section(fifth, "updates-heading")
    assert "<caption data-pagefind-ignore>Updates made at this meeting</caption>" in updates
    assert 'id="updated-write-guidance"' in updates


def test_updates_are_other_updates_only_beside_the_actions_reported_back(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "o"
    run = build_into(site, out, capsys, monkeypatch)
    assert run.code == 0
    back = (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    assert "<caption data-pagefind-ignore>Other updates made at this meeting</caption>" in back
    # with no due dates, nothing is reported back: its updates are the only ones
    kick_off = site / "content/meetings/2024-01-15-kick-off.md"
    text = kick_off.read_text()
    kick_off.write_text(
        text.replace("    due: 2024-02-12\n", "").replace("    due: 2024-03-01\n", "")
    )
    run = build_into(site, out, capsys, monkeypatch)
    assert run.code == 0
    back = (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    assert "reported-heading" not in back
    caption = "<caption data-pagefind-ignore>Updates made at this meeting</caption>"
    assert caption in section(back, "updates-heading")
    assert "Other updates" not in back


def test_renaming_a_meeting_remakes_only_the_decision_pages_that_show_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A decision's row shows its text and its meeting's title: only the pages that show the
    renamed meeting's decisions (or link them) are made again, not every decision's page."""
    site = decided_site(tmp_path / "site")
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    pages = {
        name: out / f"decisions/{name}/index.html" for name in ("notes-in-public", "meet-weekly")
    }
    before = {name: page.stat().st_mtime_ns for name, page in pages.items()}
    _apply(site, WEEKLY_FILE, "title: Weekly now", "title: Weekly, renamed")
    assert run_cli(command, capsys, monkeypatch).code == 0
    assert pages["notes-in-public"].stat().st_mtime_ns == before["notes-in-public"]
    assert pages["meet-weekly"].stat().st_mtime_ns != before["meet-weekly"]
    assert "Weekly, renamed" in pages["meet-weekly"].read_text()


def test_a_new_decision_remakes_the_register_not_every_page_that_shows_a_decision(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A decision's row reads that decision's key alone: a new meeting that makes a decision
    replacing none makes again the register's first pages, not its later ones or the pages of
    the meetings and decisions that show other rows (at 10,000 meetings, a third of the site
    was made again)."""
    site = decided_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build_into(site, out, capsys, monkeypatch).code == 0
    unrelated = [
        "decisions/page/3/index.html",  # the register's oldest two, cut as meetings are
        "decisions/notes-in-public/index.html",
        "decisions/meet-weekly/index.html",
        "meetings/2024-02-01-decided/index.html",
        "meetings/2024-02-20-superseding/index.html",
    ]
    before = {page: (out / page).stat().st_mtime_ns for page in unrelated}
    register = (out / "decisions/index.html").read_text()
    (site / "content/meetings/2024-03-06-new.md").write_text(
        "---\ntitle: A new one\ndate: 2024-03-06\ndecisions:\n"
        "  - id: share-the-folder\n    text: We share the folder with everyone.\n---\nNew.\n"
    )
    assert build_into(site, out, capsys, monkeypatch).code == 0
    assert {page: (out / page).stat().st_mtime_ns for page in unrelated} == before
    assert "We share the folder with everyone." not in register
    assert "We share the folder with everyone." in (out / "decisions/index.html").read_text()
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_a_decisions_search_result_says_whether_it_still_stands(built: Path) -> None:
    """A result shows its metadata beside its title: a superseded decision, or one due for
    review, says so there, before anyone quotes it; a superseded one names the decision that
    replaced it and when. Its words are given apart from its (empty) title, which search
    boosts five-fold; the search page shows them as its title. It names its successor by its
    words, as the register does, not by its id, which a reader does not know."""
    meta = indexed_meta(built)
    assert meta["/decisions/meet-monthly/"] == {
        "kind": "Decision",
        "date": "1 February 2024",
        "status": "Superseded by “We meet every two weeks.” on 20 February 2024",
        "superseded_title": "We meet once a month.",
    }
    assert meta["/decisions/notes-in-public/"]["status"] == (
        "In force; due for review since 1 March 2024"
    )
    assert meta["/decisions/meet-weekly/"] == {
        "kind": "Decision",
        "date": "4 March 2024",
        "status": "In force",
    }


# --- a decision reviewed and kept at a later meeting ---------------------------------------

REVIEWING_FILE = "content/meetings/2024-03-08-reviewing.md"
REVIEWING = """---
title: Reviewing
date: 2024-03-08
decisions:
  - id: notes-in-public
    review: 2024-09-01
    note: Readers find the summaries; we keep them.
  - id: later-review
next_meeting: 2024-07-01
---
We looked again at two decisions.
"""


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`built`'s site with a later meeting that reviews and keeps two of its decisions: one
    to be reviewed again in September, one with no further review."""
    root = tmp_path_factory.mktemp("reviewed")
    site = decided_site(root / "site")
    (site / REVIEWING_FILE).write_text(REVIEWING)
    out = root / "_site"
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    return out


def test_a_decision_reviewed_and_kept_is_no_longer_due_in_the_register(reviewed: Path) -> None:
    html = (reviewed / "decisions/index.html").read_text()
    start = html.index('id="decision-notes-in-public"')
    row = html[start : html.index("</li>", start)]
    assert "review-due" not in html and "Due for review" not in row
    assert 'To be reviewed by <time datetime="2024-09-01">1 September 2024</time>' in row
    assert 'Reviewed and kept on <time datetime="2024-03-08">8 March 2024</time>' in row
    # in the order it happened: kept at a review, then to be reviewed again
    assert row.index("Reviewed and kept on") < row.index("To be reviewed by")


def test_a_decision_s_page_lists_its_reviews(reviewed: Path) -> None:
    html = (reviewed / "decisions/notes-in-public/index.html").read_text()
    reviews = section(html, "reviews-heading")
    assert (
        'Reviewed and kept at <a href="../../meetings/2024-03-08-reviewing/">Reviewing</a>, '
        '<time datetime="2024-03-08">8 March 2024</time>; to be reviewed again by '
        '<time datetime="2024-09-01">1 September 2024</time>.'
    ) in reviews
    assert "Readers find the summaries; we keep them." in reviews
    assert "Due for review" not in html
    later = section((reviewed / "decisions/later-review/index.html").read_text(), "reviews-heading")
    assert "8 March 2024</time>; no further review set." in later


def test_the_reviewing_meeting_lists_the_decisions_it_reviewed(reviewed: Path) -> None:
    html = (reviewed / "meetings/2024-03-08-reviewing/index.html").read_text()
    listed = section(html, "reviewed-heading")
    assert '<a href="../../decisions/notes-in-public/">Summaries are published' in listed
    assert (
        'Kept; to be reviewed again by <time datetime="2024-09-01">1 September 2024</time>'
    ) in listed
    assert "Readers find the summaries; we keep them." in listed
    assert '<a href="../../decisions/later-review/">We keep a shared folder.</a>' in listed
    assert "Kept; no further review set" in listed


REPLACING_REVIEWED = """---
title: Replacing
date: 2024-03-10
decisions:
  - id: notes-on-request
    text: Summaries are sent on request.
    supersedes: notes-in-public
---
We changed how summaries go out.
"""


def test_a_reviewing_meeting_says_a_decision_it_kept_was_superseded_since(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Reviewing kept notes-in-public till 1 September; Replacing, two days later, replaced
    it. Reviewing's page says what became of it, not a review that will not come; the one it
    kept that stands still says when it is to be reviewed again."""
    site = decided_site(tmp_path / "site")
    (site / REVIEWING_FILE).write_text(REVIEWING)
    (site / "content/meetings/2024-03-10-replacing.md").write_text(REPLACING_REVIEWED)
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    listed = read_page(out, "meetings/2024-03-08-reviewing/index.html").text
    assert (
        "Summaries are published, not minutes. Kept; superseded since by “Summaries are sent on "
        "request.” at Replacing, 10 March 2024 · decided at Decided, 1 February 2024 "
        "Readers find the summaries; we keep them."
    ) in listed
    html = (out / "meetings/2024-03-08-reviewing/index.html").read_text()
    html = section(html, "reviewed-heading")
    assert (
        'Kept; superseded since by “<a href="../../decisions/notes-on-request/">Summaries are '
        'sent on request.</a>” at <a href="../2024-03-10-replacing/">Replacing</a>, '
        '<time datetime="2024-03-10">10 March 2024</time> ·&nbsp;decided at'
    ) in html
    assert "1 September 2024" not in html
    assert "We keep a shared folder. Kept; no further review set" in listed


def test_a_reviewing_meeting_s_feed_entry_says_a_decision_it_kept_was_superseded_since(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """As its page says it: Reviewing kept notes-in-public till 1 September, and Replacing
    replaced it two days later; Reviewing's feed entry says so, with links, not the review
    that will not come, and the decision it kept that stands still gives its next review."""
    site = decided_site(tmp_path / "site")
    (site / REVIEWING_FILE).write_text(REVIEWING)
    (site / "content/meetings/2024-03-10-replacing.md").write_text(REPLACING_REVIEWED)
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((out / "feed.xml").read_bytes())
    entry = next(
        e for e in feed.findall(f"{atom}entry") if e.findtext(f"{atom}title") == "Reviewing"
    )
    content = entry.findtext(f"{atom}content") or ""
    assert content.endswith(
        "<h2>Decisions reviewed</h2><ul>"
        '<li><a href="https://example.org/group/decisions/notes-in-public/">'
        "Summaries are published, not minutes</a> "
        '(kept; superseded since by “<a href="https://example.org/group/decisions/'
        'notes-on-request/">Summaries are sent on request.</a>” at '
        '<a href="https://example.org/group/meetings/2024-03-10-replacing/">Replacing</a>, '
        "10 March 2024)."
        "<p>Readers find the summaries; we keep them.</p></li>"
        '<li><a href="https://example.org/group/decisions/later-review/">'
        "We keep a shared folder</a> (kept; no further review set).</li></ul>"
    )
    assert "1 September 2024" not in content


def test_since_the_last_meeting_counts_the_decisions_reviewed(
    reviewed: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Where it counts the decisions made: the meeting's page, its feed entry, and the home
    page when it is the latest meeting."""
    since = (
        "Since the last meeting Since Weekly now on 4 March 2024: 1 action still overdue: "
        "Write guidance on engaging online 2 decisions reviewed Discussion"
    )
    assert since in read_page(reviewed, "meetings/2024-03-08-reviewing/index.html").text
    feed = unescape((reviewed / "feed.xml").read_text())
    entry = feed[feed.index("<title>Reviewing</title>") :]
    assert (
        "<h2>Since the last meeting</h2><ul><li>1 action still overdue</li>"
        "<li>2 decisions reviewed</li></ul>"
    ) in entry
    site = decided_site(tmp_path / "site")
    (site / "content/meetings/2024-03-20-reviewing.md").write_text(
        REVIEWING.replace("date: 2024-03-08", "date: 2024-03-20")
    )
    out = tmp_path / "o"
    build = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch, "1711929600").code == 0  # on 1 April 2024
    home = read_page(out, "index.html").text
    assert (
        "What changed at Reviewing Since the last meeting Since Third meeting on 11 March 2024: "
    ) in home
    assert "engaging online 2 decisions reviewed Reviewing 20 March 2024" in home


def test_the_reviewing_meeting_s_feed_entry_lists_the_decisions_it_reviewed(
    reviewed: Path,
) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((reviewed / "feed.xml").read_bytes())
    entry = next(
        e for e in feed.findall(f"{atom}entry") if e.findtext(f"{atom}title") == "Reviewing"
    )
    content = entry.findtext(f"{atom}content") or ""
    assert content.endswith(
        "<h2>Decisions reviewed</h2><ul>"
        '<li><a href="https://example.org/group/decisions/notes-in-public/">'
        "Summaries are published, not minutes</a> "
        "(kept; to be reviewed again by 1 September 2024)."
        "<p>Readers find the summaries; we keep them.</p></li>"
        '<li><a href="https://example.org/group/decisions/later-review/">'
        "We keep a shared folder</a> (kept; no further review set).</li></ul>"
    )


def test_the_agenda_pack_follows_the_new_review_date(reviewed: Path) -> None:
    """By 1 July both decisions would be due; the review moved one on and settled the other."""
    assert "Decisions due for review" not in (reviewed / "next/index.html").read_text()


def test_the_exports_give_the_review_date_and_when_it_was_last_reviewed(reviewed: Path) -> None:
    document = json.loads((reviewed / "decisions.json").read_bytes())
    record = next(d for d in document["decisions"] if d["id"] == "notes-in-public")
    assert (record["due_for_review"], record["review"], record["last_reviewed"]) == (
        False,
        "2024-09-01",
        "2024-03-08",
    )
    rows = (reviewed / "decisions.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows[4] == (
        'notes-in-public,"Summaries are published, not minutes.",in-force,no,2024-09-01,'
        "foi-implications,listen-first,Decided,2024-02-01,,,"
        "https://example.org/group/decisions/notes-in-public/,2024-03-08,"
    )


AHEAD = """---
title: Ahead
date: 2024-03-25
decisions:
  - id: shared-drive
    text: We keep a shared drive.
    supersedes: later-review
---
Written ahead.
"""


def test_the_exports_say_when_a_decision_was_superseded_and_by_what(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built on 12 March: meet-monthly was superseded on 20 February and meet-fortnightly on
    4 March; notes-in-public was reviewed and kept; shared-drive, agreed ahead at a meeting
    of 25 March, will replace later-review on that day. Each file, read back, gives the day a
    decision stopped (or stops) being in force and what replaced it, in the CSV's last
    column; the ones not replaced give none."""
    site = decided_site(tmp_path / "site")
    (site / REVIEWING_FILE).write_text(REVIEWING)
    (site / "content/meetings/2024-03-25-ahead.md").write_text(AHEAD)
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch, epoch_on(date(2024, 3, 12))).code == 0

    records = {d["id"]: d for d in json.loads((out / "decisions.json").read_bytes())["decisions"]}
    replaced = {
        i: (d["status"], d["superseded_by"], d["superseded_on"]) for i, d in records.items()
    }
    assert replaced == {
        "meet-monthly": ("superseded", "meet-fortnightly", "2024-02-20"),
        "meet-fortnightly": ("superseded", "meet-weekly", "2024-03-04"),
        "meet-weekly": ("in-force", None, None),
        "notes-in-public": ("in-force", None, None),
        "later-review": ("in-force", "shared-drive", "2024-03-25"),
        "shared-drive": ("agreed-ahead", None, None),
    }
    assert records["notes-in-public"]["last_reviewed"] == "2024-03-08"

    text = (out / "decisions.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "id,text,status,due_for_review,review,themes,principles,decided_at,decided_on,"
        "supersedes,superseded_by,url,last_reviewed,superseded_on"
    )
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert {i: (r["superseded_by"], r["superseded_on"]) for i, r in rows.items()} == {
        "meet-monthly": ("meet-fortnightly", "2024-02-20"),
        "meet-fortnightly": ("meet-weekly", "2024-03-04"),
        "meet-weekly": ("", ""),
        "notes-in-public": ("", ""),
        "later-review": ("shared-drive", "2024-03-25"),
        "shared-drive": ("", ""),
    }
    assert rows["shared-drive"]["status"] == "agreed-ahead"
    assert rows["notes-in-public"]["last_reviewed"] == "2024-03-08"


def test_the_decisions_feed_updates_a_reviewed_decision_s_entry(reviewed: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((reviewed / "decisions/feed.xml").read_bytes())
    entry = next(
        e
        for e in feed.findall(f"{atom}entry")
        if e.findtext(f"{atom}id", "").endswith("/notes-in-public/")
    )
    assert entry.findtext(f"{atom}updated").startswith("2024-03-08")
    assert entry.findtext(f"{atom}summary") == (
        "Decided at “Decided” on 1 February 2024. Reviewed and kept at “Reviewing”, 8 March 2024; "
        "to be reviewed again by 1 September 2024."
    )


def test_new_meeting_offers_the_decisions_due_for_review_as_lines_to_uncomment(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = decided_site(tmp_path / "site")
    command = ["new", "meeting", "--source", str(site), "--date", "2024-03-20", "--title", "Next"]
    assert run_cli(command, capsys, monkeypatch).code == 0
    path = site / "content/meetings/2024-03-20-next.md"
    text = path.read_text()
    assert (
        "# decisions:\n"
        "#   - id: notes-in-public  # Summaries are published, not minutes (review due "
        "2024-03-01).\n"
        "#     review:  # when to review it again, YYYY-MM-DD\n"
        "#     note:\n"
    ) in text
    assert "later-review" not in text  # due in June, after this meeting
    assert run_cli(["check", "--drafts", "--source", str(site)], capsys, monkeypatch).code == 0
    kept = text.replace("# decisions:", "decisions:").replace("#   - id:", "  - id:")
    kept = kept.replace("#     review:  #", "    review: 2024-12-01  #")
    kept = kept.replace("#     note:", "    note: Kept.").replace("draft: true", "draft: false")
    path.write_text(kept)
    out = tmp_path / "out"
    build = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert build.code == 0, build.err
    row = section((out / "decisions/notes-in-public/index.html").read_text(), "reviews-heading")
    assert "Kept." in row and "1 December 2024" in row


# --- a review missed ----------------------------------------------------------------------

WEEKLY_FILE_PATH = "content/meetings/2024-03-04-weekly.md"
THIRD_FILE = "content/meetings/2024-03-11-third.md"


def _reviews_missed(run) -> list[str]:  # type: ignore[no-untyped-def]
    """The warnings of a missed review among a run's problems (the minimal site's action
    not reported back is one too)."""
    return [line for line in run.problem_lines if "was due for review" in line]


def _missed(path: str, line: int, col: int, due: str, *, decisions: bool = True) -> str:
    """The warning, at a meeting's `decisions:`, or, with none (`decisions` false), at its
    `date:`, saying to start one."""
    where = "" if decisions else "under a new `decisions:` line, "
    return (
        f"{path}:{line}:{col}: warning: decision 'notes-in-public' was due for review by {due}; "
        f"this meeting neither reviews nor supersedes it: {where}record a review that keeps it "
        "(- id: notes-in-public, with review: a later date), or a decision that supersedes it; "
        "if the meeting did not get to it, leave it: this clears once a later meeting reviews "
        "or supersedes it"
    )


def test_a_decision_the_first_meeting_on_its_review_date_does_not_review_is_a_warning(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Due for review on 1 March, the meeting of 4 March neither reviews nor supersedes it: a
    warning at that meeting's `decisions:`, which never stops the site from publishing."""
    site = decided_site(tmp_path / "site")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert _reviews_missed(run) == [_missed(WEEKLY_FILE_PATH, 5, 1, "1 March 2024")]
    assert build_into(site, tmp_path / "out", capsys, monkeypatch).code == 0


def test_a_review_the_meeting_did_not_get_to_never_fails_strict(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """CI builds with --strict: a meeting that truthfully did not review a decision due is
    warned of, and its site still publishes, the register saying the decision is due."""
    site = decided_site(tmp_path / "site")
    args = ["--strict", "--source", str(site)]
    check = run_cli(["check", *args, "--format", "github"], capsys, monkeypatch)
    assert check.code == 0
    missed = [line for line in check.out.splitlines() if "was due for review" in line]
    assert len(missed) == 1 and missed[0].startswith(
        f"::warning file={WEEKLY_FILE_PATH},line=5,col=1::decision 'notes-in-public' was due"
    )
    out = tmp_path / "out"
    build = run_cli(["build", *args, "--output", str(out)], capsys, monkeypatch)
    assert build.code == 0, build.err
    assert _reviews_missed(build) == [_missed(WEEKLY_FILE_PATH, 5, 1, "1 March 2024")]
    assert "Due for review" in read_page(out, "decisions/index.html").text


def test_a_review_missed_at_a_meeting_with_no_decisions_is_warned_at_its_date_line(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A review that set the next review for 9 March: the meeting of 11 March (which records
    no decision) misses it, told at its `date:` (at line 1, a writer in the web editor looked
    at the '---' line) to start a `decisions:` list. A later meeting that reviews it makes
    the omission moot."""
    site = decided_site(tmp_path / "site")
    (site / REVIEWING_FILE).write_text(REVIEWING.replace("2024-09-01", "2024-03-09"))
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert _reviews_missed(run) == [_missed(THIRD_FILE, 3, 7, "9 March 2024", decisions=False)]
    (site / "content/meetings/2024-03-25-later.md").write_text(
        "---\ntitle: Later\ndate: 2024-03-25\nthemes: [foi-implications]\ndecisions:\n"
        "  - id: notes-in-public\n---\nKept it.\n"
    )
    assert _reviews_missed(run_cli(["check", "--source", str(site)], capsys, monkeypatch)) == []


def test_a_review_missed_only_by_a_draft_waits_for_it_to_be_published(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """As a report-back on an action: a draft's missed review is warned about with --drafts,
    once its day has come (the draft of 8 April, on 10 April)."""
    site = decided_site(tmp_path / "site")
    edit(site, "content/meetings/2024-02-01-decided.md", "review: 2024-03-01", "review: 2024-04-01")
    draft = "content/meetings/2024-04-08-draft.md"
    april = "1712707200"  # 10 April 2024
    args = ["check", "--source", str(site)]
    assert _reviews_missed(run_cli(args, capsys, monkeypatch, april)) == []
    run = run_cli([*args, "--drafts"], capsys, monkeypatch, april)
    assert _reviews_missed(run) == [_missed(draft, 3, 7, "1 April 2024", decisions=False)]


ANNOUNCED = "content/meetings/2024-03-25-announced.md"


def test_a_meeting_not_held_yet_is_told_of_no_review_or_report_back_it_did_not_record(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Published on 11 March ahead of its day, 25 March, a meeting that had not met was told
    it neither reviews nor supersedes a decision due for review on 18 March, and does not
    report back on an action due on 15 March: it is told only that it is dated ahead. Once
    its day has passed (26 March), it is told both, and --strict still publishes."""
    site = decided_site(tmp_path / "site")
    edit(site, "content/meetings/2024-02-01-decided.md", "review: 2024-03-01", "review: 2024-03-18")
    edit(site, "content/meetings/2024-01-15-kick-off.md", "due: 2024-03-01", "due: 2024-03-15")
    (site / ANNOUNCED).write_text(
        "---\ntitle: Announced\ndate: 2024-03-25\nthemes: [foi-implications]\n---\nTo come.\n"
    )
    args = ["--strict", "--source", str(site)]
    check = run_cli(["check", *args], capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (
        0,
        [
            f"{ANNOUNCED}:3:7: warning: date 2024-03-25 is after today (2024-03-11), so the "
            "meeting is published ahead of its day, as an agenda may be up to four weeks before "
            "it: write up what it did once it has met, or correct the date if it met on another "
            "day"
        ],
    )
    out = tmp_path / "out"
    build = run_cli(["build", *args, "--output", str(out)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (0, check.problem_lines)

    held = "1711411200"  # 26 March 2024
    check = run_cli(["check", *args], capsys, monkeypatch, held)
    assert (check.code, check.problem_lines) == (
        0,
        [
            f"{ANNOUNCED}:3:7: warning: action 'write-guidance' was due by 15 March 2024; this "
            "meeting does not report back on it (add '- id: write-guidance' with its status "
            "under actions; if the meeting did not get to it, with a note saying so: note: Not "
            "discussed; carried to the next meeting)",
            _missed(ANNOUNCED, 3, 7, "18 March 2024", decisions=False),
        ],
    )
    build = run_cli(["build", *args, "--output", str(out)], capsys, monkeypatch, held)
    assert (build.code, build.problem_lines) == (0, check.problem_lines)


def test_a_review_date_passed_with_no_meeting_since_never_fails_strict(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Review dates that only the passing of time has reached, with no meeting on or after
    them yet, are shown on the register, and are no warning: `check --strict` and
    `build --strict` publish (the action overdue by then is a warning they pass too)."""
    site = decided_site(tmp_path / "site")
    edit(site, "content/meetings/2024-02-01-decided.md", "review: 2024-03-01", "review: 2024-05-01")
    edit(site, "content/meetings/2024-01-15-kick-off.md", "due: 2024-03-01", "due: 2024-04-01")
    july = "1719792000"  # 1 July 2024: both review dates passed, the last meeting 11 March
    args = ["--strict", "--source", str(site)]
    check = run_cli(["check", *args], capsys, monkeypatch, epoch=july)
    assert check.code == 0
    assert [line for line in check.problem_lines if "review" in line] == []
    build = run_cli(["build", *args, "--output", str(tmp_path / "out")], capsys, monkeypatch, july)
    assert build.code == 0
    assert build.problem_lines == check.problem_lines
    assert all(": warning: " in line and "overdue" in line for line in build.problem_lines)
    register = (tmp_path / "out/decisions/index.html").read_text()
    assert (
        '<span class="badge badge-review">Due for review</span> since '
        '<time datetime="2024-05-01">1 May 2024</time>' in register
    )


def test_a_feed_entry_puts_an_action_title_s_own_stop_after_its_brackets(tmp_path: Path) -> None:
    """An action's title ending in its own full stop was listed "Think of a live policy
    issue. (raised)" in the meeting's feed entry: the stop goes after the brackets, as a
    decision's does; a title with none is listed as written."""
    site = copy_site("minimal", tmp_path / "site")
    kick_off = site / "content/meetings/2024-01-15-kick-off.md"
    kick_off.write_text(
        kick_off.read_text().replace(
            "title: Think of a live policy issue\n", "title: Think of a live policy issue.\n"
        )
    )
    out = tmp_path / "_site"
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((out / "feed.xml").read_bytes())
    entry = next(
        e
        for e in feed.findall(f"{atom}entry")
        if e.findtext(f"{atom}title") == "Kick-off: first meeting"
    )
    content = entry.findtext(f"{atom}content") or ""
    assert (
        '<li><a href="https://example.org/group/actions/live-policy-issue/">'
        "Think of a live policy issue</a> (raised).</li>"
        '<li><a href="https://example.org/group/actions/write-guidance/">'
        "Write guidance on engaging online</a> (raised)</li>"
    ) in content


def test_the_register_s_filters_lead_to_its_lists_by_status(built_sample: Path) -> None:
    """The register's filters open with "By status", leading to /decisions/by-status/ (once
    reached from the sitemap alone), and its lists with their counts, as the tracker's "By
    status" does; on a list by status, that one is marked as the page shown."""
    register = lxml.html.parse(str(built_sample / "decisions/index.html"))
    (nav,) = register.xpath("//nav[@aria-label='Filter decisions']")
    first = nav.xpath("./div")[0]
    (heading,) = first.xpath("./h3/a")
    assert (heading.text_content(), heading.get("href")) == ("By status", "by-status/")
    assert [(a.text_content(), a.get("href")) for a in first.xpath("./p/a")] == [
        ("Due for review (1)", "by-status/due-for-review/"),
        ("Superseded (1)", "by-status/superseded/"),
    ]
    listed = lxml.html.parse(str(built_sample / "decisions/by-status/superseded/index.html"))
    current = listed.xpath("//nav[@aria-label='Filter decisions']//a[@aria-current='page']")
    assert [a.text_content() for a in current] == ["Superseded (1)"]
    theme = built_sample / "decisions/by-theme/foi-implications/index.html"
    assert "By status" not in theme.read_text()  # its own "Superseded" heading
