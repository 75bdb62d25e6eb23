"""The search index follows the change: only the pages search shows are indexed, and a
rebuild in which none of them changed keeps the index files exactly as they were."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.build import build as build_site
from generator.cli import build_options, make_parser
from tests.conftest import BUILD_EPOCH

pytestmark = pytest.mark.slow
MEETING = "content/meetings/2024-02-12-reporting-back.md"


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


def indexed_pages(out: Path) -> dict[str, str]:
    """What the index holds: each indexed page's URL and text, from Pagefind's fragments."""
    pages = {}
    for fragment in (out / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record["content"]
    return pages


def page_count(out: Path) -> int:
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


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
    assert (
        {"meetings", "themes", "principles"}
        <= kinds
        <= {
            "meetings",
            "themes",
            "decisions",
            "principles",
        }
    )
    assert "/meetings/2024-02-12-reporting-back/" in urls
    assert "/themes/foi-implications/" in urls
    assert "/principles/" in urls
    for url in urls:  # no tracker, action, owner, filter or paginated list page
        assert not url.startswith(("/actions/", "/owners/", "/search/")), url
        assert "/page/" not in url, url
    assert not any(url.startswith("/actions/") for url in marked_pages(out))


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
    assert any(path.startswith("pagefind/fragment/") for path in kept)
    build(minimal_site, fresh, "--no-cache")
    assert indexed_pages(out) == indexed_pages(fresh)
    assert page_count(out) == page_count(fresh)
    # Pagefind orders its filter files differently from run to run, so the fragments (one
    # per page, named after their content) are what must match byte for byte
    assert {p: f[0] for p, f in after.items() if "/fragment/" in p} == {
        p: f[0] for p, f in index_files(fresh).items() if "/fragment/" in p
    }


def test_a_damaged_index_is_made_again(minimal_site, tmp_path, build) -> None:
    out = tmp_path / "out"
    build(minimal_site, out)
    entry = out / "pagefind/pagefind-entry.json"
    text = entry.read_bytes()
    entry.write_bytes(b"{}")
    build(minimal_site, out)
    assert entry.read_bytes() != b"{}"
    assert (
        page_count(out)
        == len(indexed_pages(out))
        == json.loads(text)["languages"]["en"]["page_count"]
    )
