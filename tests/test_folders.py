"""A reader who trims a page's address back to one of its folders finds a page there: an
index of what is under it, or a link on to the page that folder stands for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_subprocess, synthetic_site
from tests.htmlpage import read_page

BASE = "https://example.github.io/nominutes/"


def folders_without_a_page(site: Path) -> list[str]:
    """Each folder of a built page's address (up to the site's root) with no page of its own."""
    pages = {
        p.relative_to(site).parent.as_posix()
        for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] not in ("pagefind", "static")
    }
    missing = set()
    for page in pages:
        parts = page.split("/")
        missing.update("/".join(parts[:n]) + "/" for n in range(1, len(parts)) if page != ".")
    return sorted(folder for folder in missing if folder.removesuffix("/") not in pages)


def test_every_folder_of_the_sample_sites_addresses_has_a_page(built_sample: Path) -> None:
    assert folders_without_a_page(built_sample) == []


@pytest.mark.slow
def test_every_folder_of_a_site_with_many_pages_of_lists_has_a_page(tmp_path: Path) -> None:
    site, out = synthetic_site(tmp_path / "site", 60), tmp_path / "out"
    with (site / "site.yml").open("a") as settings:  # the lists of owners and themes too
        settings.write("actions_page_size: 4\n")
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    assert (out / "actions" / "by-owner" / "page" / "2" / "index.html").is_file()
    assert folders_without_a_page(out) == []


def test_the_trackers_statuses_are_listed_at_their_folder(built_sample: Path) -> None:
    page = read_page(built_sample, "actions/by-status/index.html")
    assert "<title>Actions by status" in (built_sample / "actions/by-status/index.html").read_text()
    assert "Overdue: 2 actions" in page.text
    assert "In progress: 2 actions" in page.text
    assert "Open: 0 actions" in page.text  # a count of none is text, not a link to an empty list
    assert page.links.count("overdue/") == 1 and "in-progress/" in page.links
    assert "open/" not in page.links
    assert "../" in page.links  # all outstanding actions
    # The tracker's "By status" leads there.
    tracker = (built_sample / "actions/index.html").read_text()
    assert '<h3><a href="by-status/">By status</a></h3>' in tracker
    owner = (built_sample / "actions/by-owner/beccy/index.html").read_text()
    assert "<h3>By status</h3>" in owner  # an owner's statuses have no such list


def test_the_registers_folders_list_its_decisions_by_status_and_by_theme(
    built_sample: Path,
) -> None:
    by_status = read_page(built_sample, "decisions/by-status/index.html")
    assert "Due for review: 1 decision" in by_status.text
    assert "Superseded: 1 decision" in by_status.text
    assert {"due-for-review/", "superseded/", "../"} <= set(by_status.links)
    by_theme = read_page(built_sample, "decisions/by-theme/index.html")
    assert "Implications for FOI: 2 decisions" in by_theme.text
    assert "foi-implications/" in by_theme.links
    register = (built_sample / "decisions/index.html").read_text()
    assert '<h3><a href="by-theme/">By theme</a></h3>' in register
    sitemap = (built_sample / "sitemap.xml").read_text()
    for folder in ("actions/by-status/", "decisions/by-status/", "decisions/by-theme/"):
        assert f"<loc>{BASE}{folder}</loc>" in sitemap


@pytest.mark.parametrize(
    ("folder", "to", "canonical"),
    [
        ("page/", "../", ""),
        ("decisions/page/", "../", "decisions/"),
        ("meetings/", "../archive/", "archive/"),
    ],
)
def test_a_folder_that_stands_for_a_page_leads_on_to_it(
    built_sample: Path, folder: str, to: str, canonical: str
) -> None:
    html = (built_sample / folder / "index.html").read_text()
    assert f'<meta http-equiv="refresh" content="0; url={to}">' in html
    assert f'<link rel="canonical" href="{BASE}{canonical}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(rf'<a id="lead-on" href="{re.escape(to)}">[^<]+</a>', html)
    assert f"<loc>{BASE}{folder}</loc>" not in (built_sample / "sitemap.xml").read_text()


def test_the_not_found_page_offers_a_search_where_the_site_has_one(
    built_sample: Path, minimal_site: Path, tmp_path: Path
) -> None:
    """A reader who meets "Page not found" can search for what they were looking for."""
    found = (built_sample / "404.html").read_text()
    assert 'or <a href="/nominutes/search/">a search of the site</a>.' in found
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write("search: false\n")
    out = tmp_path / "out"
    result = run_subprocess(["build", "--source", str(minimal_site), "--output", str(out)])
    assert result.code == 0, result.err
    page = read_page(out, "404.html")
    assert "Try the latest meetings or the action tracker." in page.text
    assert not [link for link in page.links if "search" in link]
