"""Every page stays small however large the site grows: long lists are cut into pages.

A page lists at most `page_size` meetings or `actions_page_size` actions, owners or themes,
so no page's size depends on how many meetings, actions, owners or themes a site has. The
tests build generated sites of two sizes and check that the largest page is under the budget
and no larger on the bigger site: what holds at a few hundred meetings then holds at 10,000.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import urls
from tests.conftest import run_subprocess, synthetic_site
from tests.htmlpage import read_page

PAGE_BUDGET = 100 * 1024  # bytes of HTML, as the README says


def _build(site: Path, out: Path) -> dict[str, int]:
    result = run_subprocess(["build", "--no-cache", "--source", str(site), "--output", str(out)])
    assert result.code == 0, result.err
    return {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}


@pytest.mark.slow
def test_largest_page_is_under_budget_and_does_not_grow_with_the_site(tmp_path: Path) -> None:
    small = _build(synthetic_site(tmp_path / "small", 120), tmp_path / "small-out")
    large = _build(synthetic_site(tmp_path / "large", 480), tmp_path / "large-out")
    largest = max(large.values())
    assert largest < PAGE_BUDGET, max(large, key=large.__getitem__)
    # Four times the meetings and actions; the largest page is the same size, give or take
    # the digits of its counts (the theme timelines add a mark per month met).
    assert largest <= max(small.values()) * 1.1
    # The lists that were whole pages before are now cut into pages.
    for first in ("actions/closed/", "actions/by-owner/owner-1/closed/", "themes/theme-01/"):
        assert f"{first}page/2/index.html" in large, first
    theme = read_page(tmp_path / "large-out", "themes/theme-01/index.html")
    assert "page/2/" in theme.links and re.search(r"Page 1 of \d", theme.text)


@pytest.mark.slow
def test_lists_are_paginated_like_the_index(tmp_path: Path) -> None:
    site = synthetic_site(tmp_path / "site", 60)
    (site / "site.yml").write_text((site / "site.yml").read_text() + "actions_page_size: 20\n")
    out = tmp_path / "out"
    pages = _build(site, out)
    closed = [  # the pages of the list, not the folder page/ that leads to its first
        name
        for name in pages
        if name.startswith("actions/closed/") and name != "actions/closed/page/index.html"
    ]
    total = len(closed)
    assert total == 6  # 118 closed actions, 20 a page
    first = read_page(out, "actions/closed/index.html")
    second = read_page(out, "actions/closed/page/2/index.html")
    last = read_page(out, f"actions/closed/page/{total}/index.html")
    assert "Page 1 of 6" in first.text and "Page 2 of 6" in second.text
    nav = first.find_all("nav", **{"class": "pager"})
    assert nav and nav[0]["aria-label"] == "Pages of actions"
    assert first.find_all("a", rel="next")[0]["href"] == "page/2/"
    assert not first.find_all("a", rel="prev")
    assert second.find_all("a", rel="prev")[0]["href"] == "../../"
    assert second.find_all("a", rel="next")[0]["href"] == "../3/"
    assert not last.find_all("a", rel="next")
    # 20 rows a page, newest closed first: page 1 starts with the latest meeting's closures
    rows = [r["id"] for r in first.find_all("tr") if "id" in r]
    assert len(rows) == 20
    assert rows[:2] == ["action-m00058-a0", "action-m00058-a1"]
    # every closed action is on exactly one page
    ids = []
    for number in range(1, total + 1):
        name = "actions/closed/" + ("" if number == 1 else f"page/{number}/")
        ids += [r["id"] for r in read_page(out, name + "index.html").find_all("tr") if "id" in r]
    assert len(ids) == len(set(ids)) == 118


def test_the_pager_links_are_the_shortest_relative_links() -> None:
    """Each page of a list links the page before and after it as `urls.relative` would."""
    for first in ("", "themes/", "actions/by-owner/someone/closed/"):
        for total in range(1, 13):
            for page in range(1, total + 1):
                url = urls.paged(first, page)
                before = urls.relative(url, urls.paged(first, page - 1)) if page > 1 else None
                after = urls.relative(url, urls.paged(first, page + 1)) if page < total else None
                assert urls.paged_neighbours(page, total) == (before, after), (first, page)


def _shortest_link(from_url: str, to_url: str) -> str:
    """The link from `from_url` to `to_url` worked out folder by folder: up to the folder
    the two share, then down (what `urls.relative` gives, the long way)."""
    target, hash_, fragment = to_url.partition("#")
    from_dirs = from_url.split("/")[:-1]
    to_dirs, leaf = target.split("/")[:-1], target.split("/")[-1]
    common = 0
    while common < min(len(from_dirs), len(to_dirs)) and from_dirs[common] == to_dirs[common]:
        common += 1
    path = "/".join([".."] * (len(from_dirs) - common) + to_dirs[common:])
    if leaf:
        return (f"{path}/{leaf}" if path else leaf) + hash_ + fragment
    return (f"{path}/" if path else "./") + hash_ + fragment


SEGMENT = st.sampled_from(["", "meetings", "themes", "a", "b", "page", "2", "x.html", "feed.xml"])
ADDRESS = st.builds(
    lambda parts, fragment: "/".join(parts) + fragment,
    st.lists(SEGMENT, max_size=5),
    st.sampled_from(["", "#h-one", "#a/b", "#"]),
)


@settings(max_examples=2000, deadline=None)
@given(ADDRESS.map(lambda url: url.partition("#")[0]), ADDRESS)
def test_a_link_between_two_pages_is_the_shortest_relative_link(frm: str, to: str) -> None:
    assert urls.relative(frm, to) == _shortest_link(frm, to)


def test_a_page_links_pages_in_other_sections_from_the_sites_root() -> None:
    assert urls.relative("meetings/2024-01-15-kick-off/", "themes/x/") == "../../themes/x/"
    assert urls.relative("actions/page/2/", "feed.xml") == "../../../feed.xml"
    assert urls.relative("meetings/a/", "meetings/b/#h-x") == "../b/#h-x"
    assert urls.relative("", "themes/x/") == "themes/x/" and urls.relative("404.html", "") == "./"


def test_each_page_of_a_list_leads_back_to_its_first_page() -> None:
    """`urls.first_page` undoes `urls.paged`, and leaves an address that is no later page of
    a list as it is (a record whose id is `page` or a number)."""
    for first in ("", "themes/page/", "actions/", "actions/by-owner/page-2/closed/"):
        for page in (1, 2, 10, 123):
            assert urls.first_page(urls.paged(first, page)) == first
    for url in ("actions/page/", "actions/2/", "meetings/2024-01-01-page/", "page/", "page/x/"):
        assert urls.first_page(url) == url


def _many_owners_site(root: Path, count: int) -> Path:
    """One meeting raising `count` actions, each with its own owner and theme."""
    (root / "content/meetings").mkdir(parents=True)
    (root / "content/themes").mkdir(parents=True)
    (root / "site.yml").write_text(
        "title: Many owners\nbase_url: https://example.org/\nsearch: false\nhistory: false\n"
    )
    (root / "content/principles.md").write_text("---\ntitle: Principles\n---\nNone yet.\n")
    actions = []
    for index in range(count):
        (root / f"content/themes/t{index:04d}.md").write_text(
            f"---\ntitle: Theme {index}\n---\nAbout it.\n"
        )
        actions.append(
            f"  - id: a{index:04d}\n    title: Action {index}\n    owner: Person {index:04d}\n"
            f"    due: 2030-01-01\n    themes: [t{index:04d}]\n"
        )
    themes = "t0000, t0001"  # each action has its own theme; the meeting names two
    (root / "content/meetings/2024-01-10-big.md").write_text(
        f"---\ntitle: Big meeting\ndate: 2024-01-10\nthemes: [{themes}]\n"
        f"actions:\n{''.join(actions)}---\nMany actions.\n"
    )
    return root


@pytest.mark.slow
def test_output_grows_linearly_with_owners_and_themes(tmp_path: Path) -> None:
    """Filter navigation is a page of its own (paginated), not repeated on every page."""
    sizes = {}
    for count in (100, 400):
        out = tmp_path / f"out-{count}"
        pages = _build(_many_owners_site(tmp_path / f"site-{count}", count), out)
        sizes[count] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        # The meeting's own page shows its 400 actions: that is the meeting, not navigation.
        pages.pop("meetings/2024-01-10-big/index.html")
        assert max(pages.values()) < PAGE_BUDGET
        tracker = (out / "actions/index.html").read_text()
        filters = tracker.split('<nav class="filters"')[1].split("</nav>")[0]
        assert "person-0000/" not in filters  # owners are listed on their own pages
        owners = read_page(out, "actions/by-owner/index.html")
        assert re.search(r"Page 1 of \d+", owners.text)
    assert sizes[400] < 4.6 * sizes[100]  # linear: quadratic would be 16 times
