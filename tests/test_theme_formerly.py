"""A theme renamed, merged or split keeps its readers: `formerly:` on a theme names the slugs
it was known by or took in, whatever git saw; meetings may go on naming them, and their old
addresses lead to the theme."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import copy_site, edit, run_subprocess, snapshot
from tests.test_follow_and_reuse import BASE, _git, _git_site
from tests.test_search_index import indexed_pages

MEETINGS = "content/meetings"
THEMES = "content/themes"
KICK_OFF = f"{MEETINGS}/2024-01-15-kick-off.md"
THIRD = f"{MEETINGS}/2024-03-11-third.md"
OLD, NEW = "permission-to-engage", "online-engagement"


APRIL_4 = "1712188800"  # 2024-04-04


def _built(site: Path, *more: str, on: str | None = None) -> Path:
    """The site built (`on`: the build date as SOURCE_DATE_EPOCH, the tests' own else)."""
    result = run_subprocess(
        ["build", "--source", str(site), *more], **({"SOURCE_DATE_EPOCH": on} if on else {})
    )
    assert result.code == 0, result.err
    return site / "_site"


def _rewritten_as_new(site: Path) -> None:
    """The theme's file renamed and rewritten in one commit, so that git sees no rename: a
    new title, summary and description, and `formerly:` naming its old slug. No meeting is
    touched."""
    _git(site, "mv", f"{THEMES}/{OLD}.md", f"{THEMES}/{NEW}.md")
    (site / THEMES / f"{NEW}.md").write_text(
        "---\ntitle: Online engagement\nsummary: How members take part in discussions online,\n"
        "  on which sites, and with whose permission.\nformerly: [permission-to-engage]\n---\n"
        "Where members may speak for the group online, who says so, and how the group learns\n"
        "from what they hear there. It began as a question of permission.\n"
    )
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "Online engagement", when="2024-04-01T10:00:00")


@pytest.mark.slow  # (a build with the cache against one without)
def test_a_theme_renamed_where_git_sees_no_rename_keeps_its_addresses_and_meetings(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    _built(site)
    _rewritten_as_new(site)
    log = run_subprocess(["build", "--source", str(site)])
    assert log.code == 0, log.err
    out = site / "_site"

    # its old addresses lead to the new ones, in no sitemap or search
    for old, new, what in [
        (f"themes/{OLD}/", f"themes/{NEW}/", "This theme&#39;s page has moved to"),
        (f"actions/by-theme/{OLD}/", f"actions/by-theme/{NEW}/", "This list of actions has"),
    ]:
        moved = (out / old / "index.html").read_text()
        assert '<meta http-equiv="refresh" content="0; url=../' in moved
        assert f'<link rel="canonical" href="{BASE}{new}">' in moved
        assert what in moved
        assert '<meta name="robots" content="noindex">' in moved
    assert "Online engagement</a>" in (out / f"themes/{OLD}/index.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert f"themes/{NEW}/</loc>" in sitemap and f"themes/{OLD}/" not in sitemap
    assert not any(OLD in url for url in indexed_pages(out))
    # its feed goes on at the old address, as the new one
    feed = (out / f"themes/{NEW}/feed.xml").read_bytes()
    assert (out / f"themes/{OLD}/feed.xml").read_bytes() == feed
    assert b"<title>Third meeting</title>" in feed

    # the meetings that name the old slug are on the theme, unedited
    third = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert f'href="../../themes/{NEW}/" data-pagefind-filter="Theme:Online engagement">' in third
    assert "Last edited" not in third
    page = (out / f"themes/{NEW}/index.html").read_text()
    assert "Third meeting" in page and "Reporting back" in page
    assert "Write guidance on engaging online" in page  # the action naming the old slug
    whole = (out / "feed.xml").read_text()
    assert "2024-04-01" not in whole

    # check finds every link good; the build with the cache is the build from nothing
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err + checked.out
    fresh = tmp_path / "fresh"
    _built(site, "--no-cache", "--output", str(fresh))
    assert snapshot(out) == snapshot(fresh)

    # taken out of formerly again, the old slug is unknown, though the cache held the
    # meetings naming it as valid
    edit(site, f"{THEMES}/{NEW}.md", "formerly: [permission-to-engage]\n", "")
    failed = run_subprocess(["build", "--source", str(site)])
    assert failed.code == 1
    assert f"{THIRD}:5:10: error: unknown theme 'permission-to-engage': it was taken out" in (
        failed.err
    )


def test_a_theme_merged_into_another_leads_its_readers_there(tmp_path: Path) -> None:
    """foi-implications merged into permission-to-engage: its file deleted, its slug in the
    other's `formerly:`, its meetings as they were (one names both: it is listed once)."""
    site = _git_site(tmp_path)
    _git(site, "rm", "-q", f"{THEMES}/foi-implications.md")
    edit(
        site,
        f"{THEMES}/{OLD}.md",
        "title: Permission to engage\n",
        "title: Permission to engage\nformerly: foi-implications\n",
    )
    _git(site, "commit", "-q", "-am", "One theme", when="2024-04-01T10:00:00")
    out = _built(site)

    moved = (out / "themes/foi-implications/index.html").read_text()
    assert f'<link rel="canonical" href="{BASE}themes/{OLD}/">' in moved
    assert "Permission to engage</a>" in moved
    feed = (out / f"themes/{OLD}/feed.xml").read_bytes()
    assert (out / "themes/foi-implications/feed.xml").read_bytes() == feed
    assert b"Kick-off: first meeting" in feed
    kick_off = (out / "meetings/2024-01-15-kick-off/index.html").read_text()
    assert "Last edited" not in kick_off
    assert f'href="../../themes/{OLD}/" data-pagefind-filter="Theme:Permission to engage">' in (
        kick_off
    )
    # the link in its text to the theme's file leads to the theme it was merged into
    assert f'href="../../themes/{OLD}/">FOI</a>' in kick_off
    reporting = (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    assert reporting.count(f'href="../../themes/{OLD}/" data-pagefind-filter') == 1
    page = (out / f"themes/{OLD}/index.html").read_text()
    assert (
        '<p class="meta">Meetings once filed under foi-implications are listed here too.</p>'
        in (page)
    )
    themes = (out / "themes/index.html").read_text()
    assert "foi-implications" not in themes and "FOI implications" not in themes


def test_formerly_s_mistakes_are_told_where_they_are_written(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    (site / THEMES / "engagement.md").write_text(
        "---\ntitle: Engagement\nformerly: [permission-to-engage, Online Engagement, "
        "engagement, old-name, old-name]\n---\nText.\n"
    )
    edit(
        site,
        f"{THEMES}/foi-implications.md",
        "title: FOI implications\n",
        "title: FOI implications\nformerly:\n  - old-name\n",
    )
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 1
    engagement, foi = f"{THEMES}/engagement.md", f"{THEMES}/foi-implications.md"
    assert checked.error_lines == [
        f"{engagement}:3:12: error: 'permission-to-engage' is still "
        f"{THEMES}/permission-to-engage.md: retire it ('retired: true') or delete it, or take "
        "it out of formerly",
        f"{engagement}:3:34: error: formerly item 2: 'Online Engagement' is not a valid id: "
        "use lower-case letters, digits and hyphens; try 'online-engagement'",
        f"{engagement}:3:53: error: 'engagement' is this theme's own slug (its file's name): "
        "formerly lists the slugs it had before or took in; take it out",
        f"{engagement}:3:75: error: 'old-name' is listed twice in formerly; remove one",
        f"{foi}:4:5: error: 'old-name' is in the formerly list of {engagement} too (line 3): "
        "a former slug leads to one theme; take it out of one of them",
    ]
    # the meetings naming permission-to-engage are on it still (its claim is the error)
    assert not any("no meeting discusses" in line for line in checked.problem_lines)


def test_a_meeting_naming_a_slug_no_theme_claims_is_still_unknown(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    edit(site, THIRD, "themes: [permission-to-engage]", "themes: [digital-skills]")
    (site / THEMES / "digital-capability.md").write_text(
        "---\ntitle: Digital capability\nformerly: [digital-skill]\n---\nText.\n"
    )
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 1
    assert checked.error_lines == [
        f"{THIRD}:5:10: error: unknown theme 'digital-skills'; did you mean 'digital-skill'?"
    ]
    edit(site, f"{THEMES}/digital-capability.md", "digital-skill]", "digital-skills]")
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err


def test_serve_after_formerly_is_added_makes_what_a_build_makes(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 4, 9)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        _rewritten_as_new(site)
        assert dev.rebuild()
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert f"themes/{OLD}/feed.xml" in dev.files
        edit(site, THIRD, "title: Third meeting", "title: Permission")
        assert dev.rebuild({THIRD})
        assert dev.last_rebuild != "full"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert b"<title>Permission</title>" in dev.files[f"themes/{OLD}/feed.xml"]
    finally:
        dev.httpd.server_close()


@pytest.mark.slow  # (a build with the cache against one without)
def test_meetings_moved_to_a_theme_s_new_slug_are_no_edit_once_formerly_names_the_old(
    tmp_path: Path,
) -> None:
    """The rename git did not see, with the slug changed in every meeting in the same commit:
    those meetings showed "Last edited" and their feed entries moved; once `formerly:` names
    the old slug, a change that only gives the theme's slug for it is no edit (read from the
    whole log again, as the last build read it without that claim). Built on 4 April, after
    the commits (a feed dates no edit after the build date)."""
    site = _git_site(tmp_path)
    built = partial(_built, on=APRIL_4)
    before = built(site)
    events = (before / "meetings.ics").read_text()
    _git(site, "mv", f"{THEMES}/{OLD}.md", f"{THEMES}/{NEW}.md")
    (site / THEMES / f"{NEW}.md").write_text(
        "---\ntitle: Online engagement\n---\nWhere members may speak for the group online.\n"
    )
    for meeting in (site / MEETINGS).glob("*.md"):
        meeting.write_text(meeting.read_text().replace(OLD, NEW))
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "Online engagement", when="2024-04-01T10:00:00")
    out = built(site)
    kick_off = (out / "meetings/2024-01-15-kick-off/index.html").read_text()
    assert "Last edited" in kick_off  # git saw no rename
    assert "<updated>2024-04-01" in (out / "feed.xml").read_text()
    assert not (out / f"themes/{OLD}/index.html").exists()

    edit(site, f"{THEMES}/{NEW}.md", "---\n", f"---\nformerly: [{OLD}]\n", 1)
    _git(site, "commit", "-q", "-am", "Formerly", when="2024-04-02T10:00:00")
    out = built(site)
    for slug in ("2024-01-15-kick-off", "2024-02-12-reporting-back", "2024-03-11-third"):
        assert "Last edited" not in (out / f"meetings/{slug}/index.html").read_text(), slug
    assert "2024-04" not in (out / "feed.xml").read_text()
    assert (out / "meetings.ics").read_text() == events
    assert (out / f"themes/{OLD}/index.html").exists()
    fresh = tmp_path / "fresh"
    built(site, "--no-cache", "--output", str(fresh))
    assert snapshot(out) == snapshot(fresh)

    # another change beside it is still an edit
    edit(site, KICK_OFF, f"themes: [{NEW}]", f"themes: [{OLD}]  # as it was")
    _git(site, "commit", "-q", "-am", "A comment", when="2024-04-03T10:00:00")
    kick_off = (built(site) / "meetings/2024-01-15-kick-off/index.html").read_text()
    assert "Last edited" in kick_off and "3 April 2024" in kick_off


def test_a_meeting_naming_a_theme_taken_out_is_told_the_theme_added_in_its_place(
    tmp_path: Path,
) -> None:
    """The rename git did not see, with no `formerly:` yet: each meeting still naming the
    old slug is told of the theme the same commit added, and what to write there."""
    site = _git_site(tmp_path)
    _built(site)  # (the next build reads git's log from this one's on)
    _rewritten_as_new(site)
    edit(site, f"{THEMES}/{NEW}.md", "formerly: [permission-to-engage]\n", "")
    _git(site, "commit", "-q", "-am", "Not yet", when="2024-04-01T11:00:00")
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 1
    (sha,) = {line.split(" taken out in ")[1].split()[0] for line in checked.error_lines}
    told = (
        f"error: unknown theme '{OLD}': it was taken out in {sha} on 2024-04-01 "
        f"({THEMES}/{OLD}.md), in the commit that added {THEMES}/{NEW}.md: if that theme took "
        f"its place, add 'formerly: [{OLD}]' to it; to keep the meetings that name it under "
        f"it, put it back with 'retired: true' (git checkout {sha}^ -- {THEMES}/{OLD}.md, then "
        f"add that line); or take '{OLD}' out of this list"
    )
    assert checked.error_lines == [
        f"{KICK_OFF}:18:14: {told}",
        f"{MEETINGS}/2024-02-12-reporting-back.md:5:28: {told}",
        f"{THIRD}:5:10: {told}",
    ]
