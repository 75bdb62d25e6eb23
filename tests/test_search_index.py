"""The search index follows the change: only the pages search shows are indexed, and a
rebuild in which none of them changed keeps the index files exactly as they were."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import cbor2
import pytest

import generator.build as build_module
from generator.build import build as build_site
from generator.cli import build_options, make_parser
from generator.engine import pagefind_files, search
from generator.engine.write import NewSite
from generator.errors import ContentError
from tests.conftest import BUILD_EPOCH, edit, git, run_cli, snapshot

pytestmark = pytest.mark.slow
MEETING = "content/meetings/2024-02-12-reporting-back.md"
SHARD_PAGES = search.SHARD_PAGES  # the bound a site is built with


@pytest.fixture(autouse=True)
def a_shard_a_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test sites, a handful of pages, are indexed as a large site is: a shard for each
    year of meetings and one for the other pages (each gathers pages until it holds one)."""
    monkeypatch.setattr(search, "SHARD_PAGES", 1)


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)

    def run(site: Path, out: Path, *extra: str) -> None:
        args = make_parser().parse_args(
            ["build", "--source", str(site), "--output", str(out), *extra]
        )
        build_site(build_options(args, args.output))

    return run


def index_files(out: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file under pagefind/: its bytes, inode and modification time."""
    found = {}
    for path in sorted((out / "pagefind").rglob("*")):
        if path.is_file():
            status = path.stat()
            found[path.relative_to(out).as_posix()] = (
                path.read_bytes(),
                status.st_ino,
                status.st_mtime_ns,
            )
    return found


def shards(out: Path) -> list[str]:
    """The shards the search page merges, as pagefind/shards.json lists them."""
    return json.loads((out / "pagefind/shards.json").read_text())


def indexed_pages(out: Path, shard: str | None = None) -> dict[str, str]:
    """What the index (or one shard) holds: each indexed page's URL and text, from
    Pagefind's fragments."""
    pages = {}
    for name in [shard] if shard else shards(out):
        for fragment in (out / "pagefind" / name / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes())
            record = json.loads(data.removeprefix(b"pagefind_dcd"))
            pages[record["url"]] = record["content"]
    return pages


def indexed_meta(out: Path) -> dict[str, dict[str, str]]:
    """Each indexed page's URL with the metadata a result shows (its kind, its date)."""
    found = {}
    for name in shards(out):
        for fragment in (out / "pagefind" / name / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes())
            record = json.loads(data.removeprefix(b"pagefind_dcd"))
            found[record["url"]] = {k: v for k, v in record["meta"].items() if k != "title"}
    return found


def page_count(out: Path) -> int:
    total = 0
    for name in shards(out):
        entry = json.loads((out / "pagefind" / name / "pagefind-entry.json").read_text())
        total += sum(language["page_count"] for language in entry["languages"].values())
    return total


def marked_pages(out: Path) -> set[str]:
    """The URLs of the pages whose template marks them for search."""
    return {
        "/" + path.relative_to(out).parent.as_posix().removeprefix(".") + "/"
        for path in out.rglob("*.html")
        if b"data-pagefind-body" in path.read_bytes()
    }


def test_only_the_pages_search_shows_are_indexed(minimal_site, tmp_path, build) -> None:
    out = tmp_path / "out"
    build(minimal_site, out)
    urls = set(indexed_pages(out))
    assert urls == {url.replace("//", "/") for url in marked_pages(out)}
    assert page_count(out) == len(urls)
    kinds = {url.split("/")[1] for url in urls}
    assert {"meetings", "themes", "principles", "actions"} <= kinds
    assert kinds <= {"meetings", "themes", "decisions", "principles", "actions"}
    assert "/meetings/2024-02-12-reporting-back/" in urls
    assert "/themes/foi-implications/" in urls
    assert "/principles/" in urls
    # an owner's outstanding actions, found by their name: no other page of the tracker
    assert "/actions/by-owner/grace/" in urls
    assert "Write guidance on engaging online" in indexed_pages(out)["/actions/by-owner/grace/"]
    for url in urls:  # no tracker, action, filter or paginated list page
        if url.startswith("/actions/"):
            assert re.fullmatch(r"/actions/by-owner/[^/]+/", url), url
        assert not url.startswith(("/owners/", "/search/")), url
        assert "/page/" not in url, url


def test_the_index_holds_what_a_meeting_says_not_its_tables_headers(
    minimal_site, tmp_path, build
) -> None:
    """A result's excerpt is the meeting's text and its actions, never a table's column
    names run together ("ActionStatus thenStatus now..."), nor its caption run into its
    first row, nor an action's title into its note: each ends a sentence."""
    out = tmp_path / "out"
    build(minimal_site, out)
    text = indexed_pages(out)["/meetings/2024-02-12-reporting-back/"]
    assert "Members reported back" in text
    assert "Write guidance" in text  # an action the meeting reported on
    for header in ("Status then", "Status now", "Raised at", "Last update"):
        assert header not in text
    assert "Actions due by this meeting" not in text  # the caption: the heading says it
    # an action is its title, its note and its owners: statuses and dates, the tracker's,
    # would crowd the excerpt ("Open. Still open Overdue.")
    assert (
        "Reported back. Think of a live policy issue. Everyone brought an example. All members."
        in text
    )
    assert "Unchanged" not in text and "Still in progress" not in text


def _decide_to_meet_monthly(site: Path) -> None:
    """The second meeting makes a decision, 'meet-monthly': "We meet once a month."."""
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "themes: [foi-implications, permission-to-engage]\n",
        "themes: [foi-implications, permission-to-engage]\ndecisions:\n  - id: meet-monthly\n"
        "    text: We meet once a month.\n",
    )


def test_a_result_shows_its_kind_and_its_date_apart(minimal_site, tmp_path, build) -> None:
    """Pagefind reads a metadata attribute as one key and the rest of its text as the value,
    so the kind and the date are given on two elements (else a result shows "Kind: Meeting,
    date:12 February 2024")."""
    _decide_to_meet_monthly(minimal_site)
    out = tmp_path / "out"
    build(minimal_site, out)
    meta = indexed_meta(out)
    assert meta["/meetings/2024-02-12-reporting-back/"] == {
        "kind": "Meeting",
        "date": "12 February 2024",
    }
    assert meta["/decisions/meet-monthly/"] == {
        "kind": "Decision",
        "date": "12 February 2024",
        "status": "In force",
    }
    assert meta["/themes/foi-implications/"] == {"kind": "Theme"}
    assert meta["/actions/by-owner/grace/"] == {"kind": "A member's actions"}
    assert "/decisions/meet-monthly/" in indexed_pages(out, "2024")  # the meeting's year


def test_a_decisions_indexed_text_opens_with_its_words_and_holds_its_id_last(
    minimal_site, tmp_path, build
) -> None:
    """A result's excerpt starts where its page's indexed text does: a decision's with what
    it decided, not "Decision meet-monthly." (the line above its heading); its id is still
    in the index, after the rest, so searching it finds the decision."""
    _decide_to_meet_monthly(minimal_site)
    out = tmp_path / "out"
    build(minimal_site, out)
    text = indexed_pages(out)["/decisions/meet-monthly/"]
    assert text.startswith("We meet once a month. Decided at"), text
    assert text.endswith("Decision meet-monthly."), text
    assert text.count("meet-monthly") == 1


def test_a_rebuild_that_changed_nothing_leaves_the_index_untouched(
    minimal_site, tmp_path, build
) -> None:
    out = tmp_path / "out"
    build(minimal_site, out)
    before = index_files(out)
    assert before
    build(minimal_site, out)
    assert index_files(out) == before  # same bytes, same inodes, same times
    # a change that re-renders every page but alters only pages search does not show
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text().replace("page_size: 2", "page_size: 3"))
    lists = (out / "index.html").read_bytes()
    build(minimal_site, out)
    assert (out / "index.html").read_bytes() != lists
    assert index_files(out) == before


def test_a_changed_meeting_is_indexed_again_as_a_fresh_build_would(
    minimal_site, tmp_path, build
) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(minimal_site, out)
    before = index_files(out)
    meeting = minimal_site / MEETING
    meeting.write_text(meeting.read_text() + "\nWe discussed the zanzibarian proposal.\n")
    build(minimal_site, out)
    after = index_files(out)
    assert after != before
    pages = indexed_pages(out)
    assert "zanzibarian" in pages["/meetings/2024-02-12-reporting-back/"]
    assert not any("zanzibarian" in text for url, text in pages.items() if "reporting" not in url)
    # the fragments of the pages that did not change were kept as they were
    kept = [path for path in after if path in before and after[path][1] == before[path][1]]
    assert any(path.startswith("pagefind/2024/fragment/") for path in kept)
    build(minimal_site, fresh, "--no-cache")
    assert indexed_pages(out) == indexed_pages(fresh)
    assert page_count(out) == page_count(fresh)
    assert {p: f[0] for p, f in after.items()} == {p: f[0] for p, f in index_files(fresh).items()}


def test_a_damaged_index_is_made_again(minimal_site, tmp_path, build) -> None:
    out = tmp_path / "out"
    build(minimal_site, out)
    before = index_files(out)
    entry = out / "pagefind/2024/pagefind-entry.json"
    text = entry.read_bytes()
    entry.write_bytes(b"{}")
    build(minimal_site, out)
    assert entry.read_bytes() != b"{}"
    assert len(indexed_pages(out, "2024")) == json.loads(text)["languages"]["en"]["page_count"]
    assert page_count(out) == len(indexed_pages(out))
    # only the damaged shard was made again
    after = index_files(out)
    assert {p: f for p, f in after.items() if p.startswith("pagefind/pages/")} == {
        p: f for p, f in before.items() if p.startswith("pagefind/pages/")
    }


def test_a_recorded_index_that_lost_its_pages_years_is_made_again(
    minimal_site, tmp_path, build
) -> None:
    """The cache records each indexed page's year, so that a page kept from the last build
    is filed without being read; a record without them is damaged: it is ignored, and the
    index made again as a fresh build makes it."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(minimal_site, out)
    for table in (minimal_site / ".cache").glob("search.*.json"):
        stored = json.loads(table.read_text())
        for entry in stored["entries"].values():
            entry["periods"] = {}
        table.write_text(json.dumps(stored))
    meeting = minimal_site / MEETING
    meeting.write_text(meeting.read_text() + "\nWe discussed the zanzibarian proposal.\n")
    build(minimal_site, out)
    build(minimal_site, fresh, "--no-cache")
    assert "zanzibarian" in indexed_pages(out)["/meetings/2024-02-12-reporting-back/"]
    assert snapshot(out) == snapshot(fresh)


EARLIER = "content/meetings/2023-11-20-earlier.md"


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A log of each Pagefind run the build starts: the build is given a script that notes
    the pages in the folder Pagefind is told to index, then runs the real Pagefind."""
    from generator.engine.search import pagefind_executable

    real = pagefind_executable()
    if real is None:
        pytest.skip("pip install 'pagefind[bin]'")
    log, script = tmp_path / "runs.log", tmp_path / "pagefind"
    script.write_text(
        "#!/bin/sh\n"
        'pages=$(cd "$2" && find . -name index.html | sort | tr "\\n" " ")\n'
        f'echo "$pages" >> "{log}"\n'  # one write: runs in parallel do not mix their lines
        f'exec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    for module in ("generator.build", "generator.inputs"):  # runs it; stamps its file
        monkeypatch.setattr(f"{module}.pagefind_executable", lambda: script)
    log.write_text("")
    return log


def runs(log: Path) -> set[str]:
    """The shards Pagefind indexed since the log was last read (named after the first year
    of meetings each holds, "actions" for a run of owners' actions alone, or "pages" for
    another run without meetings), and empty the log."""
    found = set()
    for line in log.read_text().splitlines():
        pages = line.split()
        years = sorted(page.split("/")[2][:4] for page in pages if page.startswith("./meetings/"))
        owners = all(page.startswith("./actions/by-owner/") for page in pages)
        found.add(years[0] if years else "actions" if owners else "pages")
    log.write_text("")
    return found


def two_years(site: Path) -> Path:
    (site / EARLIER).write_text(
        "---\ntitle: An earlier meeting\ndate: 2023-11-20\n"
        "summary: The meeting before the first.\nthemes: [foi-implications]\n---\n"
        "We talked about a quokka scenario.\n"
    )
    return site


def with_an_earlier_decision(site: Path, review: str = "") -> Path:
    """`two_years`, its earlier meeting making decision publish-summaries (with `review`, a
    `review:` line, if given)."""
    edit(
        two_years(site),
        EARLIER,
        "themes: [foi-implications]\n",
        "themes: [foi-implications]\ndecisions:\n  - id: publish-summaries\n"
        "    text: We publish a summary of each meeting.\n" + review,
    )
    return site


def heading_over(out: Path, url: str, words: str) -> str | None:
    """The id of the heading a search for `words` leads to on the page at `url`: the anchor
    Pagefind gives the first place the page's indexed text has them (the nearest heading with
    an id before it), or None when the text does not have them."""
    record = None
    for name in shards(out):
        for fragment in (out / "pagefind" / name / "fragment").iterdir():
            found = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            if found["url"] == url:
                record = found
    assert record is not None, url
    simple = [re.sub(r"\W", "", word).lower() for word in record["content"].split()]
    wanted = [re.sub(r"\W", "", word).lower() for word in words.split()]
    at = next((i for i in range(len(simple)) if simple[i : i + len(wanted)] == wanted), None)
    if at is None:
        return None
    before = [a for a in record["anchors"] if a["location"] <= at]
    return max(before, key=lambda a: a["location"])["id"] if before else None


def test_a_principles_old_wording_is_found_under_that_principle(
    minimal_site, tmp_path, build
) -> None:
    """Searching the words a principle had before it was reworded in git leads to that
    principle on the principles page, not to another principle near it."""
    edit(minimal_site, "site.yml", "history: false", "history: true")
    edit(
        minimal_site,
        "content/principles.md",
        "Listen before you speak.",
        "Always keep a paper route for every service.",
    )
    git(minimal_site, "init", "-q", "-b", "main")
    git(minimal_site, "add", ".")
    git(minimal_site, "commit", "-q", "-m", "First notes")
    for before, after in [
        ("Always keep a paper route for every service.", "Keep an offline route for all."),
        ("Use the data the web already holds.", "Prefer open data to scraped data."),
    ]:
        edit(minimal_site, "content/principles.md", before, after)
        git(minimal_site, "commit", "-q", "-am", "Reword")
    out = tmp_path / "out"
    build(minimal_site, out)
    assert heading_over(out, "/principles/", "Always keep a paper route") == (
        "principle-listen-first"
    )
    assert heading_over(out, "/principles/", "the web already holds") == ("principle-use-web-data")
    # each wording once: the one it has now is its heading, not repeated from its history
    assert heading_over(out, "/principles/", "Keep an offline route for all") == (
        "principle-listen-first"
    )


def test_the_index_has_a_shard_per_year_of_meetings_and_one_for_the_rest(
    minimal_site, tmp_path, build
) -> None:
    out = tmp_path / "out"
    build(two_years(minimal_site), out)
    assert shards(out) == ["2023", "2024", "pages", "actions"]
    assert set(indexed_pages(out, "2023")) == {"/meetings/2023-11-20-earlier/"}
    assert "/meetings/2024-02-12-reporting-back/" in indexed_pages(out, "2024")
    assert all(url.startswith("/meetings/2024-") for url in indexed_pages(out, "2024"))
    rest = indexed_pages(out, "pages")
    assert "/themes/foi-implications/" in rest and "/principles/" in rest
    assert not any(url.startswith(("/meetings/", "/actions/")) for url in rest)
    assert all(url.startswith("/actions/by-owner/") for url in indexed_pages(out, "actions"))
    assert set(indexed_pages(out)) == {url.replace("//", "/") for url in marked_pages(out)}
    # each shard is a whole Pagefind bundle, the first one loaded by the search page
    for name in shards(out):
        assert (out / "pagefind" / name / "pagefind-entry.json").is_file()
        assert (out / "pagefind" / name / "pagefind-ui.js").is_file()
    assert not (out / "pagefind/2024/pagefind-component-ui.js").exists()  # never loaded


def test_a_decision_is_indexed_with_its_meetings_year_so_a_new_day_re_indexes_that_alone(
    minimal_site, tmp_path, build, pagefind_runs, monkeypatch
) -> None:
    """A decision in force with its review ahead shows the date ("Status as of"), so its
    page changes every day: it is indexed in the shard of its meeting's year, and the daily
    build re-indexes that shard and the owners' actions' (which show the date too), not the
    one of every theme and principle."""
    site = with_an_earlier_decision(minimal_site, "    review: 2030-01-01\n")
    out = tmp_path / "out"
    build(site, out)
    assert "/decisions/publish-summaries/" in indexed_pages(out, "2023")
    assert not any(url.startswith("/decisions/") for url in indexed_pages(out, "pages"))
    assert runs(pagefind_runs) == {"pages", "2023", "2024", "actions"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_EPOCH) + 86_400))
    build(site, out)
    assert runs(pagefind_runs) == {"2023", "actions"}
    page = (out / "decisions/publish-summaries/index.html").read_text()
    assert "Status as of" in page and "2024-03-12" in page


def test_a_superseded_decision_is_indexed_with_the_decision_that_replaced_it(
    minimal_site, tmp_path, build, pagefind_runs
) -> None:
    """Pagefind ranks each shard's results by that shard's pages (a word rare among a large
    year of meetings scores higher there), so a superseded decision is indexed in the shard
    of the decision in force at the end of its line, where the one in force can come first;
    the rebuild that replaces it moves it there, as a fresh build files it."""
    site = with_an_earlier_decision(minimal_site)
    out = tmp_path / "out"
    build(site, out)
    assert "/decisions/publish-summaries/" in indexed_pages(out, "2023")
    runs(pagefind_runs)
    edit(
        site,
        MEETING,
        "themes: [foi-implications, permission-to-engage]\n",
        "themes: [foi-implications, permission-to-engage]\ndecisions:\n"
        "  - id: publish-summaries-weekly\n    text: We publish a summary every week.\n"
        "    supersedes: publish-summaries\n",
    )
    build(site, out)
    # and the themes' pages ('pages'), which list the new decision: on its meeting's themes
    assert runs(pagefind_runs) == {"2023", "2024", "pages"}
    assert set(indexed_pages(out, "2023")) == {"/meetings/2023-11-20-earlier/"}
    assert {
        "/decisions/publish-summaries/",
        "/decisions/publish-summaries-weekly/",
    } <= set(indexed_pages(out, "2024"))
    fresh = tmp_path / "fresh"
    build(site, fresh, "--no-cache")
    assert snapshot(out) == snapshot(fresh)


def test_an_edited_meeting_re_indexes_only_its_year_shard(
    minimal_site, tmp_path, build, pagefind_runs
) -> None:
    out = tmp_path / "out"
    site = two_years(minimal_site)
    build(site, out)
    assert runs(pagefind_runs) == {"pages", "2023", "2024", "actions"}
    before = index_files(out)
    build(site, out)  # nothing changed: no Pagefind run, every file kept
    assert runs(pagefind_runs) == set()
    assert index_files(out) == before
    earlier = site / EARLIER
    earlier.write_text(earlier.read_text() + "\nA word on the wombat budget.\n")
    build(site, out)
    assert runs(pagefind_runs) == {"2023"}
    after = index_files(out)
    for name in ("2024", "pages"):  # the other shards' files: same bytes, inodes and times
        prefix = f"pagefind/{name}/"
        assert {p: f for p, f in after.items() if p.startswith(prefix)} == {
            p: f for p, f in before.items() if p.startswith(prefix)
        }
    assert "wombat" in indexed_pages(out, "2023")["/meetings/2023-11-20-earlier/"]
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed and all(p.startswith("pagefind/2023/") for p in changed)
    # a summary the theme page shows: the meeting's year and the other pages run again
    meeting = site / MEETING
    meeting.write_text(meeting.read_text().replace("Members reported", "Members told us"))
    build(site, out)
    assert runs(pagefind_runs) == {"2024", "pages"}
    assert "Members told us" in indexed_pages(out, "2024")["/meetings/2024-02-12-reporting-back/"]
    last = index_files(out)
    assert {p: f for p, f in last.items() if p.startswith("pagefind/2023/")} == {
        p: f for p, f in after.items() if p.startswith("pagefind/2023/")
    }
    # and the index holds what a fresh build's does
    fresh = tmp_path / "fresh"
    build(site, fresh, "--no-cache")
    assert indexed_pages(out) == indexed_pages(fresh)
    assert (out / "pagefind/shards.json").read_bytes() == (
        fresh / "pagefind/shards.json"
    ).read_bytes()


def test_a_title_edit_keeps_in_the_index_the_pages_it_does_not_make_again(
    minimal_site, tmp_path, build
) -> None:
    """A title changes only what its meeting shows, so the build makes again only the pages
    that show it (here some of each shard's): the pages it keeps stay in the index."""
    out = tmp_path / "out"
    site = two_years(minimal_site)
    build(site, out)
    pages = sorted(out.glob("meetings/*/index.html"))
    before = {page: page.stat().st_mtime_ns for page in pages}
    edit(site, EARLIER, "title: An earlier meeting", "title: A wombat meeting")
    build(site, out)
    assert "wombat" in (out / "meetings/2023-11-20-earlier/index.html").read_text()
    assert any(page.stat().st_mtime_ns == before[page] for page in pages)  # some kept
    assert shards(out) == ["2023", "2024", "pages", "actions"]
    fresh = tmp_path / "fresh"
    build(site, fresh, "--no-cache")
    assert indexed_pages(out) == indexed_pages(fresh)


def test_a_shard_whose_meetings_are_gone_is_removed(minimal_site, tmp_path, build) -> None:
    out = tmp_path / "out"
    site = two_years(minimal_site)
    build(site, out)
    (site / EARLIER).unlink()
    build(site, out)
    assert shards(out) == ["2024", "pages", "actions"]
    assert not (out / "pagefind/2023").exists()
    assert "/meetings/2023-11-20-earlier/" not in indexed_pages(out)


def test_shards_gather_whole_years_until_each_holds_enough_pages(monkeypatch) -> None:
    """Years are gathered oldest first, the undated pages after the newest, until a shard
    holds SHARD_PAGES pages; each shard is named after its first year."""
    monkeypatch.setattr(search, "SHARD_PAGES", 400)
    counts = {"2019": 150, "2020": 300, "2021": 500, "2022": 20, "pages": 40}
    assert search.shard_names(counts) == {
        "2019": "2019",
        "2020": "2019",
        "2021": "2021",
        "2022": "2022",
        "pages": "2022",
    }
    # meetings added to the newest year, or a new year, move no earlier year's shard
    for newest in ({"2022": 30}, {"2022": 700}, {"2023": 1}):
        names = search.shard_names({**counts, **newest})
        assert {year: names[year] for year in ("2019", "2020", "2021")} == {
            "2019": "2019",
            "2020": "2019",
            "2021": "2021",
        }
    assert search.shard_names({"2022": 700, "pages": 40})["pages"] == "pages"
    assert search.shard_names({"pages": 40}) == {"pages": "pages"}
    # the owners' actions, which show the build date, are a shard of their own, unless the
    # whole site fits in one
    owners = search.shard_names({**counts, "actions": 8})
    assert owners["actions"] == "actions" and owners["pages"] == "2022"
    assert search.shard_names({"2022": 30, "pages": 40, "actions": 8}) == dict.fromkeys(
        ("2022", "pages", "actions"), "2022"
    )
    assert search.shard_names({}) == {}


def test_a_site_smaller_than_a_shard_is_indexed_in_one(
    minimal_site, tmp_path, build, pagefind_runs, monkeypatch
) -> None:
    """A group's site of a few hundred pages is one shard: its search page asks for one
    bundle's files, not a few for every year, and Pagefind runs once."""
    monkeypatch.setattr(search, "SHARD_PAGES", SHARD_PAGES)
    out = tmp_path / "out"
    site = two_years(minimal_site)
    build(site, out)
    assert shards(out) == ["2023"]
    assert set(indexed_pages(out, "2023")) == {url.replace("//", "/") for url in marked_pages(out)}
    assert len(pagefind_runs.read_text().splitlines()) == 1
    runs(pagefind_runs)
    earlier = site / EARLIER
    earlier.write_text(earlier.read_text() + "\nA word on the wombat budget.\n")
    build(site, out)
    assert runs(pagefind_runs) == {"2023"}
    assert "wombat" in indexed_pages(out)["/meetings/2023-11-20-earlier/"]
    fresh = tmp_path / "fresh"
    build(site, fresh, "--no-cache")
    assert indexed_pages(out) == indexed_pages(fresh)


# --- where Pagefind works ---------------------------------------------------------------------


def scratch_folders(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A list that gains the scratch folder of each Pagefind run."""
    from generator.engine import search

    used: list[Path] = []
    index_in = search._index_in

    def watched(scratch, *args, **kwargs):  # type: ignore[no-untyped-def]
        used.append(scratch)
        return index_in(scratch, *args, **kwargs)

    monkeypatch.setattr(search, "_index_in", watched)
    return used


def test_pagefind_works_in_memory_and_leaves_nothing_there(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """Where the system has a folder in memory, each shard's pages and index are made there
    (copies: a link cannot leave the disk), and deleted after; the index holds what one made
    beside the output holds."""
    from generator.engine import search

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    used = scratch_folders(monkeypatch)
    build(minimal_site, tmp_path / "out")
    assert used and all(folder.parent == memory for folder in used)
    assert list(memory.iterdir()) == []
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "none")
    used.clear()
    build(minimal_site, tmp_path / "beside")
    assert used and all(folder.parent == tmp_path for folder in used)
    assert snapshot(tmp_path / "beside") == snapshot(tmp_path / "out")


def test_an_error_found_after_the_pages_waits_for_the_index_and_publishes_nothing(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """The index is made while the feeds, calendars, exports and the notes' links are: an
    error found then (a link to an anchor the page lacks) fails the build as before, after
    Pagefind has finished and its folder is gone, and the last site is left as it was."""
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    out = tmp_path / "out"
    build(minimal_site, out)
    before = snapshot(out)
    used = scratch_folders(monkeypatch)
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    link = "See [its close](2024-01-15-kick-off.md#no-such-part)."
    third.write_text(f"{third.read_text()}\n{link}\n")
    with pytest.raises(ContentError) as failed:
        build(minimal_site, out)
    assert (
        "error: 2024-01-15-kick-off.md has no anchor #no-such-part; its anchors: "
        "#h-what-we-discussed, #topics-heading, #raised-heading"
    ) in str(failed.value)
    assert used, "Pagefind indexed the edited meeting's year before the error was found"
    assert list(memory.iterdir()) == []
    assert list(tmp_path.glob(".out.*")) == []
    assert snapshot(out) == before


def test_the_other_files_are_made_once_pagefind_has_started(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """The feeds, calendars and exports are made while Pagefind indexes, not while the pages
    are laid out for it (that work then took three times as long): after a title edit too."""
    from generator import make

    happened: list[str] = []
    lay_out, make_files = search._lay_out, make.make_files

    def watched_lay_out(*args, **kwargs):  # type: ignore[no-untyped-def]
        lay_out(*args, **kwargs)
        happened.append("laid out")  # then Pagefind starts, in the same thread

    def watched_files(*args, **kwargs):  # type: ignore[no-untyped-def]
        happened.append("files")
        return make_files(*args, **kwargs)

    monkeypatch.setattr(search, "_lay_out", watched_lay_out)
    monkeypatch.setattr(make, "make_files", watched_files)
    out = tmp_path / "out"
    build(minimal_site, out)
    assert happened[0] == "laid out" and "files" in happened, happened  # more may be first
    happened.clear()
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    build(minimal_site, out)
    assert happened[0] == "laid out" and "files" in happened, happened  # more may be first
    assert (
        "Reporting back, again"
        in (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    )


def test_a_title_edit_deletes_the_folders_it_is_done_with_beside_its_records(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """Pagefind's scratch folder and the undo folder of the update in place are deleted
    while the build records what it wrote and saves its cache, not before it goes on: both
    are gone when the build returns, and the site is the one a build from nothing makes."""
    from generator.engine import reuse

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    out = tmp_path / "out"
    build(minimal_site, out)
    recorded = threading.Event()
    record, rmtree = reuse.record, shutil.rmtree
    deleted: dict[str, bool] = {}  # each folder: whether the records were made before it went

    def watched_record(*args, **kwargs):  # type: ignore[no-untyped-def]
        recorded.set()
        return record(*args, **kwargs)

    def watched_rmtree(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        folder = Path(path)
        if folder.parent == memory or folder.name.startswith(".out.trash-"):
            deleted[folder.parent.name] = recorded.wait(timeout=5)
        return rmtree(path, *args, **kwargs)

    monkeypatch.setattr(reuse, "record", watched_record)
    monkeypatch.setattr(shutil, "rmtree", watched_rmtree)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    build(minimal_site, out)
    assert deleted == {"memory": True, tmp_path.name: True}
    assert list(memory.iterdir()) == [] and list(tmp_path.glob(".out.*")) == []
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setattr(search, "SHARD_PAGES", 1)
    build(minimal_site, tmp_path / "fresh", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "fresh")


def test_a_new_site_holds_its_other_files_and_each_shards_index_before_the_last_is_made(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """A cold build writes the feeds, calendars and exports into the new site while Pagefind
    indexes, and each shard's index as soon as Pagefind has made it: while the last shard is
    indexed, the others' files lie in the folder the build swaps in, and what is left to
    write after is the list of shards. The site is as it was when all was written after."""
    build(minimal_site, tmp_path / "before", "--no-cache")
    shards = sorted(p.name for p in (tmp_path / "before" / "pagefind").glob("*/"))
    others = {"feed.xml", "meetings.ics", "actions.csv", "actions.json", "sitemap.xml"}
    assert len(shards) >= 3 and others <= {p.name for p in (tmp_path / "before").iterdir()}
    monkeypatch.setattr(search.os, "cpu_count", lambda: 1)  # one Pagefind at a time, in order
    run, write_site = search.subprocess.run, build_module.write_site
    indexed: list[str] = []
    left: list[set[str]] = []

    def in_new_site() -> set[str]:
        (folder,) = tmp_path.glob(".out.new-*")
        return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}

    def written_before_the_last(wanted: set[str]) -> bool:
        deadline = time.monotonic() + 10
        while not wanted <= in_new_site():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def pagefind(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "--site" in command:
            indexed.append(command)
            if len(indexed) == len(shards):  # the feeds, and the first shards' entry files
                done = {f"pagefind/{shard}/pagefind-entry.json" for shard in shards[:-1]}
                assert written_before_the_last(others | done), sorted(in_new_site())
        return run(command, *args, **kwargs)

    def watched_write(files, output, carry_over, kept, started, *args):  # type: ignore[no-untyped-def]
        left.append(set(files) - in_new_site())
        return write_site(files, output, carry_over, kept, started, *args)

    monkeypatch.setattr(search.subprocess, "run", pagefind)
    monkeypatch.setattr(build_module, "write_site", watched_write)
    out = tmp_path / "out"
    build(minimal_site, out, "--no-cache")
    assert len(indexed) == len(shards)
    assert left == [{"pagefind/shards.json"}]
    assert snapshot(out) == snapshot(tmp_path / "before")


def test_a_new_site_s_files_are_recorded_as_written_without_a_look_at_each_after_the_swap(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """A cold build looks at the size and time of its pages, other files and index files in
    the new site while Pagefind indexes; once the site is swapped in, only what was written
    after (the list of shards) is looked at. What it records holds: the next build with
    nothing changed leaves every file be, and one that changes no page search shows leaves
    the index be."""
    import os

    stat, write_site = os.stat, build_module.write_site
    after_the_swap: list[str] = []
    swapped = False

    def watched_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal swapped
        write_site(*args, **kwargs)
        swapped = True

    def noted(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if swapped and str(path).startswith(str(out) + os.sep):
            after_the_swap.append(os.path.relpath(path, out))
        return stat(path, *args, **kwargs)

    out = tmp_path / "out"
    monkeypatch.setattr(build_module, "write_site", watched_write)
    monkeypatch.setattr(os, "stat", noted)
    build(minimal_site, out)
    monkeypatch.setattr(os, "stat", stat)
    assert [p for p in after_the_swap if p.endswith((".html", ".xml", ".pf_fragment"))] == []
    assert "pagefind/shards.json" in after_the_swap
    files = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    build(minimal_site, out)  # nothing changed: the site stands as recorded
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files} == files
    # every page rendered again, none that search shows changed: the index stands
    index = index_files(out)
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text().replace("page_size: 2", "page_size: 3"))
    build(minimal_site, out)
    assert index_files(out) == index


def test_an_index_that_fails_before_pagefind_starts_fails_the_build(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """The build waits for Pagefind to start before it makes the other files: an index that
    fails before then fails the build with its error (it does not wait on), and the last site
    is left as it was."""
    import generator.build

    out = tmp_path / "out"
    build(minimal_site, out)
    before = snapshot(out)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the index broke before Pagefind started")

    monkeypatch.setattr(generator.build, "update_index", broken)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    with pytest.raises(RuntimeError, match="before Pagefind started"):
        build(minimal_site, out)
    assert snapshot(out) == before


def test_files_staged_while_pagefind_indexes_are_published_by_the_update_in_place(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """After a title edit the files made again are written beside the site while Pagefind
    indexes and renamed into it after: the site is the one a build with no cache makes. If
    Pagefind then fails, the site is left as it was and nothing is left beside it."""
    out = tmp_path / "out"
    build(minimal_site, out)
    staged = []
    stage = build_module.stage_update

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        staged.append(stage(*args, **kwargs))
        return staged[-1]

    monkeypatch.setattr(build_module, "stage_update", watched)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    build(minimal_site, out)
    assert staged and staged[0] is not None
    build(minimal_site, tmp_path / "fresh", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "fresh")
    before = snapshot(out)
    run = search.subprocess.run

    def pagefind_fails(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "--site" in command:
            return subprocess.CompletedProcess(command, 1, "", "Error: out of memory")
        return run(command, *args, **kwargs)

    monkeypatch.setattr(search.subprocess, "run", pagefind_fails)
    edit(minimal_site, MEETING, "title: Reporting back, again", "title: Reporting back, third")
    with pytest.raises(search.SearchError, match="out of memory"):
        build(minimal_site, out)
    assert staged[-1] is not None  # staged before Pagefind failed
    assert snapshot(out) == before
    assert list(tmp_path.glob(".out.*")) == []


def test_staged_files_leave_a_pagefind_beside_the_output_at_work(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """Where the system has no folder in memory, Pagefind lays out its pages beside the
    output while the files made again are staged there too: neither touches the other's, and
    the site is the one a build with no cache makes."""
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "no folder in memory")
    out = tmp_path / "out"
    build(minimal_site, out)
    lay_out = search._lay_out

    def staged_meanwhile(pages, site, *, link):  # type: ignore[no-untyped-def]
        lay_out(pages, site, link=link)
        # what the build's thread does meanwhile, as it might, while the pages lie there
        staged = build_module.stage_update({"index.html": b"x"}, out, NewSite(out), ["a"])
        assert staged is not None
        staged.discard()
        assert Path(site).is_dir()

    monkeypatch.setattr(search, "_lay_out", staged_meanwhile)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    build(minimal_site, out)
    build(minimal_site, tmp_path / "fresh", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "fresh")
    assert list(tmp_path.glob(".out.*")) == []


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (
            subprocess.CompletedProcess([], 1, "", "Error: Too many open files (os error 24)"),
            "pagefind failed: Error: Too many open files (os error 24)",
        ),
        (PermissionError(13, "Permission denied"), "pagefind could not run: Permission denied"),
        (subprocess.TimeoutExpired("pagefind", 600), "pagefind ran for over 600 seconds"),
    ],
)
def test_a_pagefind_that_fails_is_an_error_that_says_so_and_publishes_nothing(
    minimal_site, tmp_path, monkeypatch, capsys, failure, said
) -> None:
    """Pagefind failing (the runner's limits, a binary that cannot run, a run that never
    ends) is said in a line, not a traceback, with the way to publish without search; the
    site stands as it was and nothing is left beside it."""
    out = tmp_path / "out"
    args = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(args, capsys, monkeypatch).code == 0
    before = snapshot(out)
    run = search.subprocess.run

    def pagefind_fails(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "--site" not in command:
            return run(command, *args, **kwargs)
        if isinstance(failure, BaseException):
            raise failure
        return failure

    monkeypatch.setattr(search.subprocess, "run", pagefind_fails)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    failed = run_cli(args, capsys, monkeypatch)
    assert failed.code == 2
    assert failed.err.strip().splitlines()[-1] == (
        f"error: cannot make the search index: {said}; the site was left as it was "
        "(`search: false` in site.yml publishes it without search)"
    )
    assert "Traceback" not in failed.err
    assert snapshot(out) == before
    assert list(tmp_path.glob(".out.*")) == []


def test_what_a_build_made_before_pagefind_failed_is_kept_for_the_next(
    minimal_site, tmp_path, monkeypatch, capsys
) -> None:
    """The cache's entries for the content (a meeting validated, its Markdown) are saved
    while Pagefind indexes, whatever it does: after Pagefind fails, the next build takes the
    edited meeting from the cache rather than validating it again."""
    args = ["build", "--source", str(minimal_site), "--output", str(tmp_path / "out")]
    assert run_cli(args, capsys, monkeypatch).code == 0
    run = search.subprocess.run

    def pagefind_fails(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "--site" not in command:
            return run(command, *args, **kwargs)
        return subprocess.CompletedProcess([], 1, "", "Error: out of memory")

    monkeypatch.setattr(search.subprocess, "run", pagefind_fails)
    edit(minimal_site, MEETING, "title: Reporting back", "title: Reporting back, again")
    assert run_cli(args, capsys, monkeypatch).code == 2
    monkeypatch.setattr(search.subprocess, "run", run)
    again = run_cli([*args, "--verbose"], capsys, monkeypatch)
    assert again.code == 0
    reused = dict(re.findall(r"(\S+) (\d+/\d+)", again.out.split("reused from the cache: ")[1]))
    count = len(list((minimal_site / "content/meetings").glob("*.md")))
    assert reused["validated"] == f"{count}/{count}"


def test_a_full_folder_in_memory_leaves_pagefind_beside_the_output(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    from generator.engine import search

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    used = scratch_folders(monkeypatch)
    lay_out = search._lay_out

    def full(pages, site, **kwargs):  # type: ignore[no-untyped-def]
        if Path(site).parent.parent == memory:
            raise OSError(28, "No space left on device")
        return lay_out(pages, site, **kwargs)

    monkeypatch.setattr(search, "_lay_out", full)
    build(minimal_site, tmp_path / "out")
    assert {folder.parent for folder in used} == {memory, tmp_path}
    assert list(memory.iterdir()) == [] and list(tmp_path.glob(".out.new-search-*")) == []
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "none")
    build(minimal_site, tmp_path / "fresh")
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh")


def test_a_crashed_builds_folder_in_memory_goes_with_the_next_build_into_its_output(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """Only the leftovers named after the output built into are deleted (that build holds
    its lock): not another output's, and never through a link."""
    from generator.engine import search

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    out, other = tmp_path / "out", tmp_path / "other"
    crashed = memory / (search._scratch_prefix(out) + "a1b2")
    (crashed / "site").mkdir(parents=True)
    (crashed / "site/page.html").write_text("<p>left</p>")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("kept")
    (memory / (search._scratch_prefix(out) + "link")).symlink_to(elsewhere)
    others = memory / (search._scratch_prefix(other) + "c3d4")
    others.mkdir()
    build(minimal_site, out)
    assert not crashed.exists()
    assert others.is_dir() and (elsewhere / "keep.txt").read_text() == "kept"


def test_a_new_site_s_pages_are_indexed_without_reading_them_back(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """The pages a build writes into the new site as they render are not read back for the
    index: the process that rendered each told it the page's digest and year (at 10,000
    meetings, reading 40,000 pages back held Pagefind up by three seconds)."""
    out = tmp_path / "out"
    read_back: list[str] = []
    read_bytes = Path.read_bytes

    def noted(path: Path) -> bytes:
        if path.suffix == ".html" and any(p.startswith(".out.new-") for p in path.parts):
            read_back.append(path.as_posix())
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", noted)
    switch_interval = sys.getswitchinterval()  # made shorter while the index is laid out
    build(minimal_site, out)
    assert read_back == []
    assert sys.getswitchinterval() == switch_interval
    urls = set(indexed_pages(out))
    assert urls == {url.replace("//", "/") for url in marked_pages(out)}


# --- the same pages, the same bytes -----------------------------------------------------------


def bundle_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(search._UNUSED)
    }


def decoded(data: bytes) -> list:
    return cbor2.loads(gzip.decompress(data).removeprefix(pagefind_files.SIGNATURE))


def pagefind_bundle(pages: dict[str, bytes], order: list[str]) -> dict[str, bytes]:
    """Pagefind's index of `pages`, their files made in a folder in memory in `order`."""
    memory, executable = search.memory_folder(), search.pagefind_executable()
    if memory is None or executable is None:
        pytest.skip("needs Pagefind (pip install 'pagefind[bin]') and a folder in memory")
    scratch = Path(tempfile.mkdtemp(dir=memory))
    try:
        for path in order:
            (scratch / "site" / path).parent.mkdir(parents=True, exist_ok=True)
            (scratch / "site" / path).write_bytes(pages[path])
        command = [executable, "--site", scratch / "site", "--output-path", scratch / "pf"]
        subprocess.run([*command, "--quiet", "--force-language", "en"], check=True)
        return bundle_files(scratch / "pf")
    finally:
        shutil.rmtree(scratch)


def page_order(files: dict[str, bytes]) -> list[str]:
    """The pages of a bundle (their fragments' names) as Pagefind numbered them."""
    (meta,) = (data for name, data in files.items() if name.endswith(".pf_meta"))
    return [page[0] for page in decoded(meta)[1]]


def test_the_index_is_the_same_bytes_whatever_order_pagefind_finds_the_pages_in(
    minimal_site, tmp_path, build, monkeypatch
) -> None:
    """Pagefind numbers the pages in the order it finds their files (a folder in memory
    lists them in the order they were made), and writes its filters in a hash map's order,
    which changes from run to run. The build puts each shard in one order (pages by URL,
    filters and their values sorted), so the same pages give the same bytes."""
    monkeypatch.setattr(search, "SHARD_PAGES", SHARD_PAGES)  # one shard: every kind of page
    # forms of a word with and without accents, first found on different pages
    for name, words in (("2024-01-15-kick-off", "café résumé"), ("2024-03-11-third", "resumé")):
        meeting = minimal_site / f"content/meetings/{name}.md"
        meeting.write_text(f"{meeting.read_text()}\nA {words} for the {words}.\n")
    out = tmp_path / "out"
    build(minimal_site, out)
    (shard,) = shards(out)
    pages = {
        path.relative_to(out).as_posix(): data
        for path in sorted(out.rglob("*.html"))
        if b"data-pagefind-body" in (data := path.read_bytes())
    }
    assert len(pages) > 5
    found, ordered = [], []
    for order in (sorted(pages), sorted(pages, reverse=True)):
        files = pagefind_bundle(pages, order)
        found.append(page_order(files))
        ordered.append(pagefind_files.in_one_order(files))
    if found[0] == found[1]:
        pytest.skip("this system lists a folder's files in one order, however they were made")
    assert ordered[0] == ordered[1]
    built = {
        path.removeprefix(f"pagefind/{shard}/"): data
        for path, (data, _, _) in index_files(out).items()
        if path.startswith(f"pagefind/{shard}/")
    }
    assert built == ordered[0]
    # pages by URL, and filters (by name) and their values sorted
    (meta,) = (data for name, data in built.items() if name.endswith(".pf_meta"))
    _, listed, _, filters, *_ = decoded(meta)
    urls = [
        json.loads(gzip.decompress(built[f"fragment/{page[0]}.pf_fragment"])[12:])["url"]
        for page in listed
    ]
    assert urls == sorted(urls) and len(urls) == len(pages)
    assert [name for name, _ in filters] == ["Kind of page", "Theme"]
    values = {
        name: [value for value, _ in decoded(built[f"filter/{file}.pf_filter"])[1]]
        for name, file in filters
    }
    assert all(found == sorted(found) for found in values.values()) and len(values["Theme"]) > 1


def test_an_index_not_read_as_expected_is_kept_as_pagefind_wrote_it(built_minimal) -> None:
    """A bundle whose files do not read back as this version of Pagefind writes them (a
    later one's) is left as it is: search works, its bytes may differ from run to run."""
    shard = shards(built_minimal)[0]
    files = bundle_files(built_minimal / "pagefind" / shard)
    assert pagefind_files.in_one_order(files) == files  # already in order: the same
    (meta,) = (name for name in files if name.endswith(".pf_meta"))
    changed = dict(files, **{meta: gzip.compress(b"pagefind_dcd" + b"\xff\x00")})
    assert pagefind_files.in_one_order(changed) == changed
    unsigned = dict(files, **{meta: gzip.compress(b"something else")})
    assert pagefind_files.in_one_order(unsigned) == unsigned
    damaged = dict(files, **{meta: files[meta][:10] + b"\xff" * 40})  # not deflate
    assert pagefind_files.in_one_order(damaged) == damaged


def test_an_index_with_a_sort_is_renumbered_only_where_pagefind_numbered_the_pages_in_order() -> (
    None
):
    """A site theme may give pages a sort (`data-pagefind-sort`). Pagefind lists a sort's
    pages by value, pages of the same value in the order it numbered them, and its files do
    not say which values are the same: so such an index is kept as Pagefind wrote it when
    its pages must be renumbered, and only its filters and sorts put in order when not."""
    pages = {
        f"meetings/{name}/index.html": (
            f'<html lang="en"><body><main data-pagefind-body data-pagefind-sort="rank:{rank}">'
            f'<h1>{name}</h1><p data-pagefind-filter="theme">Theme {name[0]}</p>'
            f"<p>Words about {name}.</p></main></body></html>"
        ).encode()
        for name, rank in (("alpha", 1), ("bravo", 1), ("charlie", 2), ("delta", 1))
    }
    found_in_order = pagefind_bundle(pages, sorted(pages, reverse=True))
    found_otherwise = pagefind_bundle(pages, sorted(pages))
    if page_order(found_in_order) == page_order(found_otherwise):
        pytest.skip("this system lists a folder's files in one order, however they were made")
    assert pagefind_files.in_one_order(found_otherwise) == found_otherwise
    ordered = pagefind_files.in_one_order(found_in_order)
    assert ordered != found_in_order
    (meta,) = (data for name, data in ordered.items() if name.endswith(".pf_meta"))
    assert decoded(meta)[4] == [["rank", [0, 1, 3, 2]]]  # alpha, bravo, delta; charlie
