"""The archive: the years the group met in, each with its count, and each year's meetings by
month, paginated at any density; linked from the home page and each meeting's page; kept
byte for byte by the cache and serve as a meeting moves to another year."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import pytest

from generator.build import build as build_site
from generator.cli import build_options, make_parser
from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import (
    BUILD_EPOCH,
    copy_site,
    edit,
    run_cli,
    snapshot,
    synthetic_site,
)

PAGE_BUDGET = 100 * 1024  # bytes of HTML, as the README says of every page
KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
THIRD = "content/meetings/2024-03-11-third.md"
AUTUMN = """---
title: Autumn meeting
date: 2023-11-20
themes: [foi-implications]
---
Met in the autumn.
"""
# dated after the build date (11 March 2024): the home page lists it as not held yet
SPRING = """---
title: Spring meeting
date: 2024-04-02
themes: [permission-to-engage]
---
To meet in the spring.
"""


def archive_site(root: Path) -> Path:
    """The minimal site (three meetings in 2024 and a draft) with a meeting in 2023 and one
    published ahead of the build date."""
    site = copy_site("minimal", root)
    (site / "content/meetings/2023-11-20-autumn.md").write_text(AUTUMN)
    (site / "content/meetings/2024-04-02-spring.md").write_text(SPRING)
    return site


def page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path).read_bytes())


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def months(html: lxml.html.HtmlElement) -> list[tuple[str, str, list[str]]]:
    """Each month of a year's page: its heading's id and text, and the text of each row."""
    found = []
    for heading in html.xpath("//main/h2"):
        rows = heading.getnext().xpath("./li")
        found.append((heading.get("id"), text(heading), [text(row) for row in rows]))
    return found


@pytest.fixture
def built(tmp_path: Path, capsys, monkeypatch) -> Path:
    site = archive_site(tmp_path / "site")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    return site / "_site"


def test_the_archive_lists_each_year_with_its_count_of_meetings(built: Path) -> None:
    html = page(built, "archive/index.html")
    assert text(html.xpath("//main/h1")[0]) == "Archive"
    years = [
        (
            text(item.xpath(".//a")[0]),
            item.xpath(".//a")[0].get("href"),
            text(item.xpath(".//p")[0]),
        )
        for item in html.xpath("//main//ul/li")
    ]
    # newest first; the draft is not counted, the meeting published ahead is
    assert years == [("2024", "2024/", "4 meetings"), ("2023", "2023/", "1 meeting")]


def test_a_year_lists_its_meetings_by_month_with_their_dates_titles_and_themes(
    built: Path,
) -> None:
    html = page(built, "archive/2024/index.html")
    assert text(html.xpath("//main/h1")[0]) == "Meetings in 2024"
    assert text(html.xpath("//title")[0]).startswith("Meetings in 2024")
    assert text(html.xpath("//main/p[@class='lead']")[0]) == "4 meetings, oldest first. Every year"
    assert months(html) == [
        (
            "january",
            "January 2024",
            ["15 January 2024: Kick-off: first meeting Themes: FOI implications"],
        ),
        (
            "february",
            "February 2024",
            ["12 February 2024: Reporting back Themes: FOI implications Permission to engage"],
        ),
        ("march", "March 2024", ["11 March 2024: Third meeting Themes: Permission to engage"]),
        (
            "april",
            "April 2024",
            ["2 April 2024 (upcoming: not held yet): Spring meeting Themes: Permission to engage"],
        ),
    ]
    links = [a.get("href") for a in html.xpath("//main//li/a[not(@class)]")]
    assert links == [
        "../../meetings/2024-01-15-kick-off/",
        "../../meetings/2024-02-12-reporting-back/",
        "../../meetings/2024-03-11-third/",
        "../../meetings/2024-04-02-spring/",
    ]
    tags = html.xpath("//main//li//a[@class='tag']")
    assert tags[0].get("href") == "../../themes/foi-implications/"
    times = [t.get("datetime") for t in html.xpath("//main//li/time")]
    assert times == ["2024-01-15", "2024-02-12", "2024-03-11", "2024-04-02"]
    # each month's heading is its month, for a machine as for a reader
    headings = [(t.get("datetime"), text(t)) for t in html.xpath("//main/h2/time")]
    assert headings == [
        ("2024-01", "January 2024"),
        ("2024-02", "February 2024"),
        ("2024-03", "March 2024"),
        ("2024-04", "April 2024"),
    ]
    assert "Not yet agreed" not in text(html)  # the draft
    # the year before is linked, and no year after; no pages within the year
    others = html.xpath("//nav[@aria-label='Other years']/a")
    assert [(text(a), a.get("href")) for a in others] == [("Meetings in 2023", "../2023/")]
    assert not html.xpath("//nav[@class='pager' and @aria-label='Pages of meetings in 2024']")
    assert [a.get("href") for a in html.xpath("//main/p[@class='lead']/a")] == ["../"]
    earlier = page(built, "archive/2023/index.html")
    assert months(earlier) == [
        ("november", "November 2023", ["20 November 2023: Autumn meeting Themes: FOI implications"])
    ]
    later = earlier.xpath("//nav[@aria-label='Other years']/a")
    assert [(text(a), a.get("href")) for a in later] == [("Meetings in 2024", "../2024/")]


def test_the_home_page_and_each_meeting_lead_to_the_archive(built: Path) -> None:
    for path, href in (("index.html", "archive/"), ("page/2/index.html", "../../archive/")):
        found = page(built, path).xpath("//main//a[text()='Every meeting, year by year']")
        assert [a.get("href") for a in found] == [href], path
    meeting = page(built, "meetings/2023-11-20-autumn/index.html")
    year = meeting.xpath("//nav[@aria-label='Other meetings']/a[not(@rel)]")
    assert [(text(a), a.get("href")) for a in year] == [
        ("Every meeting in 2023", "../../archive/2023/")
    ]
    meeting = page(built, "meetings/2024-03-11-third/index.html")
    year = meeting.xpath("//nav[@aria-label='Other meetings']/a[not(@rel)]")
    assert [a.get("href") for a in year] == ["../../archive/2024/"]
    # the header's "Meetings" is the section the archive is in (not the page itself)
    for path in ("archive/index.html", "archive/2024/index.html"):
        current = page(built, path).xpath("//nav[@aria-label='Site']//a[@aria-current='true']")
        assert [text(a) for a in current] == ["Meetings"], path


def test_the_archive_is_in_the_sitemap_but_not_search(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text()
    base = "https://example.org/group/"
    assert f"<url><loc>{base}archive/</loc></url>" in sitemap
    assert f"<url><loc>{base}archive/2023/</loc><lastmod>2023-11-20</lastmod></url>" in sitemap
    assert f"<url><loc>{base}archive/2024/</loc><lastmod>2024-04-02</lastmod></url>" in sitemap
    for path in ("archive/index.html", "archive/2024/index.html"):
        assert "data-pagefind-body" not in (built / path).read_text(), path


def test_drafts_are_in_the_archive_only_when_the_home_page_lists_them(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = archive_site(tmp_path / "site")
    run = run_cli(["build", "--drafts", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    out = site / "_site"
    assert "Not yet agreed" in text(page(out, "index.html"))
    html = page(out, "archive/2024/index.html")
    assert months(html)[3][2][1] == "8 April 2024 (upcoming: not held yet): Not yet agreed"
    counts = [text(p) for p in page(out, "archive/index.html").xpath("//main//li/p")]
    assert counts == ["5 meetings", "1 meeting"]


def daily_site(root: Path, first: date, count: int) -> Path:
    """The minimal site's settings and themes, with a meeting every day from `first`."""
    site = copy_site("minimal", root)
    for note in (site / "content/meetings").iterdir():
        note.unlink()
    for index in range(count):
        day = first + timedelta(days=index)
        (site / f"content/meetings/{day}-day-{index}.md").write_text(
            f"---\ntitle: Day {index}\ndate: {day}\nthemes: [foi-implications]\n---\nMet.\n"
        )
    return site


def test_a_long_year_is_cut_into_pages_oldest_first(tmp_path: Path, capsys, monkeypatch) -> None:
    """130 meetings in 2023: 60 on each page, the rest on the last; a month that runs over
    a page's end goes on under its heading on the next."""
    site = daily_site(tmp_path / "site", date(2023, 1, 1), 130)
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    out = site / "_site"
    first, second, third = (
        page(out, f"archive/2023/{path}index.html") for path in ("", "page/2/", "page/3/")
    )
    assert not (out / "archive/2023/page/4").exists()
    assert text(second.xpath("//main/h1")[0]) == "Meetings in 2023, page 2 of 3"
    assert text(first.xpath("//main/p[@class='lead']")[0]) == (
        "130 meetings, oldest first. Every year"
    )
    assert text(second.xpath("//main/p[@class='lead']")[0]) == "Every year"
    rows = [row for html in (first, second, third) for _, _, found in months(html) for row in found]
    assert len(rows) == 130
    assert rows[0] == "1 January 2023: Day 0 Themes: FOI implications"
    assert rows[60] == "2 March 2023: Day 60 Themes: FOI implications"
    assert rows[-1] == "10 May 2023: Day 129 Themes: FOI implications"
    assert [heading for _, heading, _ in months(first)] == [
        "January 2023",
        "February 2023",
        "March 2023",
    ]
    assert [heading for _, heading, _ in months(second)] == ["March 2023", "April 2023"]
    assert [heading for _, heading, _ in months(third)] == ["May 2023"]
    pager = second.xpath("//nav[@aria-label='Pages of meetings in 2023']")[0]
    assert [text(s) for s in pager.xpath("./span[@aria-current='page']")] == ["Page 2 of 3"]
    assert [(text(a), a.get("href"), a.get("rel")) for a in pager.xpath("./a")] == [
        ("Earlier meetings (page 1 of 3)", "../../", "prev"),
        ("Later meetings (page 3 of 3)", "../3/", "next"),
    ]
    # each page of the year is in the sitemap
    sitemap = (out / "sitemap.xml").read_text()
    assert "archive/2023/page/3/</loc><lastmod>2023-05-10</lastmod>" in sitemap


@pytest.mark.slow
def test_a_year_of_daily_meetings_stays_under_the_page_budget(tmp_path: Path) -> None:
    """The benchmark's site meets every day: its year 2000 (364 meetings, each with two to
    four themes) is seven pages, each under 100 KB, every meeting on exactly one."""
    site = synthetic_site(tmp_path / "site", 400)
    args = make_parser().parse_args(["build", "--no-cache", "--source", str(site)])
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        build_site(build_options(args, args.output))
    out = site / "_site"
    pages = sorted(p for p in (out / "archive/2000").rglob("index.html") if p.parent.name != "page")
    assert len(pages) == 7  # (page/ itself leads to the first)
    assert max(p.stat().st_size for p in pages) < PAGE_BUDGET
    seen = []
    for number in range(1, 8):
        html = page(out, f"archive/2000/{'' if number == 1 else f'page/{number}/'}index.html")
        assert f"Page {number} of 7" in text(html.xpath("//nav[@class='pager']")[0])
        seen += [t.get("datetime") for t in html.xpath("//main//li/time")]
    days = [str(date(2000, 1, 3) + timedelta(days=n)) for n in range(364)]  # a leap year
    assert seen == days
    counts = [text(p) for p in page(out, "archive/index.html").xpath("//main//li/p")]
    assert counts == ["36 meetings", "364 meetings"]


# --- kept byte for byte ------------------------------------------------------------------------

# Each changes which year, or which page of a year, a meeting is on: (file, text, replacement;
# None as text writes NEW_YEAR, None as replacement deletes), then what the archive's list of
# years and one year's page say after it.
YEAR_CHANGES = {
    "meeting moved to the year before": (
        (KICK_OFF, "date: 2024-01-15", "date: 2023-12-18"),
        "2024 3 meetings 2023 2 meetings",
        ("2023", "December 2023 18 December 2023: Kick-off: first meeting"),
    ),
    "meeting moved to the year after": (
        (THIRD, "date: 2024-03-11", "date: 2025-01-06"),
        "2025 1 meeting 2024 3 meetings 2023 1 meeting",
        ("2025", "January 2025 6 January 2025 (upcoming: not held yet): Third meeting"),
    ),
    "meeting taken out": (
        (THIRD, "", None),
        "2024 3 meetings 2023 1 meeting",
        ("2024", "February 2024 12 February 2024: Reporting back"),
    ),
    "meeting added in a new year": (
        ("content/meetings/2025-02-03-new-year.md", None, None),
        "2025 1 meeting 2024 4 meetings 2023 1 meeting",
        ("2025", "February 2025 3 February 2025 (upcoming: not held yet): New year meeting"),
    ),
}
NEW_YEAR = """---
title: New year meeting
date: 2025-02-03
themes: [foi-implications]
---
A new year.
"""


def make_change(site: Path, kind: str) -> str:
    (relative, old, new), _, _ = YEAR_CHANGES[kind]
    if old is None:
        (site / relative).write_text(NEW_YEAR)
    elif new is None:
        (site / relative).unlink()
    else:
        edit(site, relative, old, new)
    return relative


@pytest.fixture
def unstarted(tmp_path: Path) -> Iterator[DevServer]:
    site = archive_site(tmp_path / "site")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    assert dev.rebuild()
    yield dev
    dev.httpd.server_close()


def archive_text(files: dict[str, bytes], path: str) -> str:
    return text(lxml.html.fromstring(files[path]).xpath("//main")[0])


@pytest.mark.parametrize("kind", sorted(YEAR_CHANGES))
def test_serve_updates_the_archive_as_a_full_build_has_it(kind: str, unstarted: DevServer) -> None:
    site = unstarted.options.source
    before = dict(unstarted.files)
    assert unstarted.rebuild({make_change(site, kind)}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == make_site(replace(unstarted.options, cache=False)).files
    changed = {p for p in unstarted.files if unstarted.files[p] != before.get(p)}
    assert {"archive/index.html", "archive/2024/index.html"} <= changed | (
        before.keys() - unstarted.files.keys()
    )
    _, years, (year, shown) = YEAR_CHANGES[kind]
    assert archive_text(unstarted.files, "archive/index.html").endswith(years)
    assert shown in archive_text(unstarted.files, f"archive/{year}/index.html")


@pytest.mark.parametrize("kind", sorted(YEAR_CHANGES))
def test_a_rebuild_with_the_cache_moves_a_meeting_between_years_as_a_fresh_build_does(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site = archive_site(tmp_path / "site")

    def build(out: Path, *extra: str) -> None:
        args = make_parser().parse_args(
            ["build", "--source", str(site), "--output", str(out), *extra]
        )
        build_site(build_options(args, args.output))

    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(out)
    before = (out / "archive/index.html").read_bytes()
    make_change(site, kind)
    build(out)
    build(fresh, "--no-cache")
    assert snapshot(out) == snapshot(fresh)
    assert (out / "archive/index.html").read_bytes() != before
