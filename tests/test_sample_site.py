"""The repository's own sample site: it builds, every link works, and the story holds together."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import REPO, run_subprocess, snapshot
from tests.htmlpage import broken_links, read_page

FIRST = "meetings/2013-06-12-first-working-group/index.html"
SECOND = "meetings/2013-07-10-reporting-back/index.html"


def test_every_internal_link_and_anchor_resolves(built_sample: Path) -> None:
    assert broken_links(built_sample) == []


def test_first_meeting_page(built_sample: Path) -> None:
    page = read_page(built_sample, FIRST)
    text = page.text
    assert "Digital in policy making: bringing it all together" in text
    assert "Written by Tim Lloyd" in text
    for theme in [
        "value-of-online-engagement",
        "policy-already-in-place",
        "foi-implications",
        "permission-to-engage",
        "day-jobs-and-ways-of-working",
    ]:
        assert f"../../themes/{theme}/" in page.links
    assert "A: Watching, not yet taking part" in text and "64%" in text  # 14 of 22
    assert page.find_all("table")  # the Markdown table and the self-assessment
    assert "fn1" in page.ids  # the footnote
    assert "../../actions/live-policy-issue/" in page.links


def test_a_footnotes_links_are_named_for_a_screen_reader(built_sample: Path) -> None:
    """Named by what they do, not by their marks "[1]" and "↩", under a heading "Footnotes"
    that only a screen reader meets (the notes follow a line across the page)."""
    html = (built_sample / FIRST).read_text()
    assert '<a aria-label="Footnote 1" href="#fn1" id="fnref1">[1]</a>' in html
    assert '<a aria-label="Back to reference 1" href="#fnref1" class="footnote-backref">' in html
    notes = html[html.index('<section class="footnotes">') :]
    assert notes.index('<h2 class="visually-hidden" data-pagefind-ignore>Footnotes</h2>') < (
        notes.index('<ol class="footnotes-list">')
    )


def test_a_table_in_a_meetings_text_scrolls_in_a_region_named_by_its_column_headings(
    built_sample: Path,
) -> None:
    """So that on a phone it scrolls rather than breaking short words, as the site's tables do."""
    html = (built_sample / FIRST).read_text()
    named = 'aria-label="Table: Group, Members"'
    region = f'<div class="table-scroll" role="region" {named} tabindex="0">'
    assert html.count(region + "\n<table>\n") == 1
    assert html[html.index(region) :].index("</table>\n</div>") > 0


def test_a_meetings_landmarks_are_its_scrolling_tables_alone(built_sample: Path) -> None:
    """Its sections are found by their headings; a named section would be a landmark, around
    a table's region, ten to a page."""
    for path in sorted(built_sample.glob("meetings/*/index.html")):
        page = read_page(built_sample, str(path.relative_to(built_sample)))
        sections = page.find_all("section")
        assert sections and not [s for s in sections if "aria-labelledby" in s or "aria-label" in s]
        regions = page.find_all("div", role="region")
        assert all(r["class"] == "table-scroll" for r in regions)
        assert len(regions) == len(page.find_all("div", **{"class": "table-scroll"}))


def test_second_meeting_reports_back_the_first_meetings_actions(built_sample: Path) -> None:
    page = read_page(built_sample, SECOND)
    text = page.text
    reported = text[text.index("Reported back") : text.index("Actions raised")]
    assert "Think of a live policy issue" in reported
    assert "Find an online conversation" in reported
    assert "Every member brought a live issue" in reported


def test_tracker_marks_the_unfinished_permission_note_overdue(built_sample: Path) -> None:
    page = read_page(built_sample, "actions/index.html")
    assert page.find_all("tr", id="action-permission-guidance", **{"class": "overdue"})
    assert not page.find_all("tr", id="action-live-policy-issue", **{"class": "overdue"})
    assert 'Follow up strategy "Action 14"' in page.text


def test_draft_is_not_published(built_sample: Path) -> None:
    assert not (built_sample / "meetings/2013-10-09-draft-agenda").exists()


def test_make_site_command_builds_into_underscore_site(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(
        REPO,
        clone,
        symlinks=True,
        ignore=shutil.ignore_patterns(".venv", "_site", ".git", ".*cache", "tests"),
    )
    run = run_subprocess(["build", "--source", ".", "--output", "_site"], cwd=clone)
    assert run.code == 0, run.err
    assert (clone / "_site/index.html").is_file()


@pytest.mark.slow
def test_output_is_identical_whatever_the_locale_or_file_creation_order(tmp_path: Path) -> None:
    ordered = tmp_path / "ordered"
    shutil.copytree(REPO / "content", ordered / "content")
    shutil.copy(REPO / "site.yml", ordered / "site.yml")
    reversed_ = tmp_path / "reversed"
    (reversed_ / "content").mkdir(parents=True)
    shutil.copy(REPO / "site.yml", reversed_ / "site.yml")
    for path in sorted((REPO / "content").rglob("*"), reverse=True):  # create files newest-first
        target = reversed_ / path.relative_to(REPO)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
            os.utime(target, (0, 0))
    one = run_subprocess(["build", "--source", str(ordered)], LC_ALL="C", TZ="UTC")
    two = run_subprocess(
        ["build", "--source", str(reversed_)],
        LC_ALL="C.UTF-8",
        TZ="America/Anchorage",
        PYTHONHASHSEED="99",
    )
    assert one.code == two.code == 0, one.err + two.err
    assert snapshot(ordered / "_site") == snapshot(reversed_ / "_site")


def search_records(site: Path) -> dict[str, dict]:
    """Each indexed page's record in the search index, by its URL."""
    records = {}
    for shard in json.loads((site / "pagefind/shards.json").read_text()):
        for fragment in (site / "pagefind" / shard / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
            record = json.loads(data)
            records[record["url"]] = record
    return records


def sub_results(record: dict) -> list[str]:
    """The headings a search result offers as its sub-results (Pagefind takes the headings
    with an id and some text)."""
    return [
        a["text"]
        for a in record["anchors"]
        if re.fullmatch(r"h\d", a["element"]) and a["text"].strip()
    ]


def test_search_files_each_theme_s_page_under_its_title_alone(built_sample: Path) -> None:
    """Search's filter by theme offers each theme's title as it is (its page's heading says
    more on a later page, which search does not index), and files each theme's page under its
    own title alone."""
    records = search_records(built_sample)
    titles = {
        f"/themes/{path.stem}/": path.read_text().split("title: ", 1)[1].split("\n", 1)[0]
        for path in (REPO / "content/themes").glob("*.md")
    }
    for url, title in titles.items():
        assert records[url]["filters"]["Theme"] == [title], url
    filed = {value for record in records.values() for value in record["filters"].get("Theme", ())}
    assert filed == set(titles.values())
    assert not [url for url in records if url.startswith("/themes/") and "/page/" in url]


def test_search_results_lead_to_what_was_said_and_decided_not_to_page_furniture(
    built_sample: Path,
) -> None:
    """A meeting's sub-results are its own headings, its decisions and actions; a decision's
    none (its lineage lists other decisions); no excerpt shows "Themes:" or "Replaces:"."""
    records = search_records(built_sample)
    meeting = records["/meetings/2013-09-11-departmental-digital-strategies/"]
    assert sub_results(meeting) == [
        "Discussion",
        "Agenda for 9 October",  # the agenda the meeting wrote for the next
        "Decided",
        "Superseded here",
        "Reported back",
        "Actions raised",
        "Actions updated",
    ]
    assert "Since the last meeting" not in meeting["content"]
    assert "Themes:" not in meeting["content"] and "Replaces:" not in meeting["content"]
    assert "Each meeting reviews progress on Action 14 alongside" in meeting["content"]
    first = records["/meetings/2013-06-12-first-working-group/"]
    assert "Two scenarios" in sub_results(first) and "Actions raised" in sub_results(first)
    decision = records["/decisions/one-theme-each-meeting/"]
    assert sub_results(decision) == []
    assert "Lineage" not in decision["content"]
    # its status names what replaced it, whose words are not indexed as its own (they would
    # find it as often as the decision in force)
    assert decision["meta"]["status"] == (
        "Superseded by “Each meeting reviews progress on Action 14 alongside one of the themes.” "
        "on 11 September 2013"
    )
    assert "alongside one of the themes" not in decision["content"]


def heard(element: lxml.html.HtmlElement) -> str:
    """The words of `element` as a screen reader hears them: what is aria-hidden left out,
    the mark the stylesheet reads at the end of an element with a `data-mark`, and each
    badge, an inline-block box, read apart from the text around it (spaces either side, as
    Chromium's accessibility tree has it), its end marked with a NUL."""
    said = [element.text or ""]
    for child in element:
        if isinstance(child, lxml.html.HtmlElement) and child.get("aria-hidden") != "true":
            inner = heard(child) + child.get("data-mark", "")
            said.append(f" {inner} \0" if "badge" in child.get("class", "").split() else inner)
        said.append(child.tail or "")
    return "".join(said)


def test_no_badge_is_heard_with_a_space_before_the_mark_that_follows_it(built_sample: Path):
    """On every page of the sample site, a badge followed by a full stop, comma, semicolon
    or colon is heard with it ("Status: In force."), not apart ("In force ."), though the
    mark is shown after the badge's box, as before (test_browser hears it in Chromium)."""
    checked = 0
    for path in sorted(built_sample.rglob("*.html")):
        tree = lxml.html.parse(str(path))
        for block in tree.xpath("//*[span[contains(concat(' ', @class, ' '), ' badge ')]]"):
            words = " ".join(heard(block).split())
            assert not re.search(r"\0 ?[.,;:]", words), (path, words)
            checked += 1
    assert checked > 50
    page = lxml.html.parse(str(built_sample / "decisions/every-member-takes-an-action/index.html"))
    (status,) = page.xpath("//p[starts-with(normalize-space(), 'Status:')]")
    assert " ".join(heard(status).replace("\0", "").split()) == "Status: In force."
    assert "".join(status.itertext()) == "Status: In force."  # as seen
    stylesheet = (built_sample / "static/style.css").read_text()
    assert '[data-mark]::after { content: "" / attr(data-mark); }' in stylesheet
