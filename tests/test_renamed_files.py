"""A meeting's or theme's file renamed in git: its old address leads to its page now, and its
feed entry and calendar event stay one."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import icalendar

from generator.content.model import BuildOptions, History
from generator.make import make_site
from generator.serve.server import DevServer
from generator.site import urls
from tests.conftest import edit, epoch_on, run_subprocess, snapshot
from tests.test_follow_and_reuse import BASE, _git, _git_site
from tests.test_search_index import indexed_pages

MEETINGS = "content/meetings"
OLD, NEW = "2024-03-11-third", "2024-03-11-permission"
THEME_OLD, THEME_NEW = "permission-to-engage", "engagement"


def _rename(site: Path) -> None:
    """The third meeting's file and a theme's renamed, with the meetings naming the theme
    edited to its new name, in one commit."""
    _git(site, "mv", f"{MEETINGS}/{OLD}.md", f"{MEETINGS}/{NEW}.md")
    _git(site, "mv", f"content/themes/{THEME_OLD}.md", f"content/themes/{THEME_NEW}.md")
    for note in (site / MEETINGS).glob("*.md"):
        note.write_text(note.read_text().replace(THEME_OLD, THEME_NEW))
    _git(site, "commit", "-q", "-am", "Better names", when="2024-04-01T10:00:00")


def _built(site: Path, **env: str) -> Path:
    result = run_subprocess(["build", "--source", str(site)], **env)
    assert result.code == 0, result.err
    return site / "_site"


def _entry_id(feed: str, title: str) -> str:
    (found,) = re.findall(rf"<id>([^<]*)</id>\s*<title>{title}</title>", feed)
    return found


def _uids(calendar: str) -> list[str]:
    return re.findall(r"^UID:(.*?)\r$", calendar, re.M)


def test_a_renamed_meeting_s_old_address_leads_to_its_page_and_it_stays_one_entry(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    out = _built(site)
    feed_id = _entry_id((out / "feed.xml").read_text(), "Third meeting")
    uids = _uids((out / "meetings.ics").read_text())
    assert feed_id == f"{BASE}meetings/{OLD}/"
    _rename(site)
    out = _built(site)

    moved = (out / f"meetings/{OLD}/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../2024-03-11-permission/">' in moved
    assert f'<link rel="canonical" href="{BASE}meetings/{NEW}/">' in moved
    assert '<meta name="robots" content="noindex">' in moved
    assert (
        "<p>This meeting&#39;s summary has moved to "
        '<a id="moved-to" href="../2024-03-11-permission/">Third meeting</a>.'
    ) in moved
    assert "<h1>Third meeting</h1>" in (out / f"meetings/{NEW}/index.html").read_text()
    theme = (out / f"themes/{THEME_OLD}/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../engagement/">' in theme
    assert "This theme&#39;s page has moved to" in theme
    # the theme's feed goes on at its old address, as it is now
    new_feed = (out / f"themes/{THEME_NEW}/feed.xml").read_bytes()
    assert (out / f"themes/{THEME_OLD}/feed.xml").read_bytes() == new_feed
    assert f'href="{BASE}themes/{THEME_NEW}/feed.xml" rel="self"' in new_feed.decode()

    # one entry and one event, as first published
    feed = (out / "feed.xml").read_text()
    assert _entry_id(feed, "Third meeting") == feed_id
    assert f'href="{BASE}meetings/{NEW}/"' in feed
    assert _uids((out / "meetings.ics").read_text()) == uids
    # in no sitemap, search index or list
    sitemap = (out / "sitemap.xml").read_text()
    assert f"meetings/{NEW}/</loc>" in sitemap
    assert f"meetings/{OLD}/" not in sitemap and f"themes/{THEME_OLD}/" not in sitemap
    indexed = indexed_pages(out)
    assert any(NEW in url for url in indexed)
    assert not any(OLD in url or THEME_OLD in url for url in indexed)
    assert OLD not in (out / "index.html").read_text()
    # check's links are all good
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err + checked.out

    # the build with the cache is the build from nothing
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)

    # a title that ends in its own question mark takes no full stop after it
    edit(site, f"{MEETINGS}/{NEW}.md", "title: Third meeting", "title: What next?")
    moved = (_built(site) / f"meetings/{OLD}/index.html").read_text()
    assert 'href="../2024-03-11-permission/">What next?</a> Please update any bookmark' in moved


def test_a_renamed_theme_s_lists_of_actions_and_decisions_lead_to_the_new_theme_s(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    edit(
        site,
        f"{MEETINGS}/{OLD}.md",
        f"themes: [{THEME_OLD}]\n",
        f"themes: [{THEME_OLD}]\ndecisions:\n  - id: engage-online\n    text: We engage online.\n"
        f"    themes: [{THEME_OLD}]\n",
    )
    _git(site, "commit", "-q", "-am", "A decision", when="2024-03-12T10:00:00")
    out = _built(site)
    assert (out / f"decisions/by-theme/{THEME_OLD}/index.html").exists()
    _rename(site)
    out = _built(site)

    for old, new, what in [
        (f"actions/by-theme/{THEME_OLD}/", "Outstanding actions on", "list of actions"),
        (f"actions/by-theme/{THEME_OLD}/closed/", "Closed actions on", "list of actions"),
        (f"decisions/by-theme/{THEME_OLD}/", "Decisions on", "list of decisions"),
    ]:
        moved = (out / old / "index.html").read_text()
        to = old.replace(THEME_OLD, THEME_NEW)
        href = urls.relative(old, to)
        assert f'<meta http-equiv="refresh" content="0; url={href}">' in moved
        assert f'<link rel="canonical" href="{BASE}{to}">' in moved
        assert f'This {what} has moved to <a id="moved-to" href="{href}">{new} ' in moved
        assert (out / to / "index.html").exists()
    sitemap = (out / "sitemap.xml").read_text()
    assert THEME_OLD not in sitemap and f"decisions/by-theme/{THEME_NEW}/" in sitemap
    assert not any(THEME_OLD in url for url in indexed_pages(out))
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err + checked.out


def test_check_names_the_new_slug_of_a_renamed_theme_a_meeting_still_gives(
    tmp_path: Path,
) -> None:
    """A meeting written on a branch from before the rename still names the old slug."""
    site = _git_site(tmp_path)
    _rename(site)
    later = site / MEETINGS / "2024-05-13-fourth.md"
    later.write_text(
        f"---\ntitle: Fourth\ndate: 2024-05-13\nthemes: [foi-implications, {THEME_OLD}]\n"
        f"decisions:\n  - id: go-on\n    text: We go on.\n    themes: [{THEME_OLD}]\n---\n"
    )
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 1
    fix = (
        f"it was renamed '{THEME_NEW}' (content/themes/{THEME_NEW}.md); write '{THEME_NEW}' "
        f"instead, or add 'formerly: [{THEME_OLD}]' to that file to keep the meetings as they are"
    )
    errors = [line for line in checked.problem_lines if ": error: " in line]
    assert errors[:2] == [
        f"{MEETINGS}/2024-05-13-fourth.md:4:28: error: unknown theme '{THEME_OLD}': {fix}",
        f"{MEETINGS}/2024-05-13-fourth.md:8:14: error: unknown theme '{THEME_OLD}': {fix}",
    ]
    # with that line, the meeting builds as it is
    edit(site, f"content/themes/{THEME_NEW}.md", "---\n", f"---\nformerly: [{THEME_OLD}]\n", 1)
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err


def test_a_theme_s_new_slug_given_for_its_old_one_is_no_edit_of_a_meeting(
    tmp_path: Path,
) -> None:
    """Renaming a theme edits every meeting that names it: those changes alone date no
    correction ("Last edited", the feed entry's `updated`, the event's SEQUENCE), in the
    rename's commit or a later one, read from the whole log or from the commits since the
    last build; any other change in the same commit does."""
    site = _git_site(tmp_path)  # its files first committed on 16 January 2024
    kick_off = f"{MEETINGS}/2024-01-15-kick-off.md"
    edit(site, kick_off, f"    themes: [{THEME_OLD}]", f"    themes:\n      - '{THEME_OLD}'")
    _git(site, "commit", "-q", "-am", "A block list", when="2024-01-16T11:00:00")
    out = _built(site)
    before = _sequences(out)
    _git(site, "mv", f"content/themes/{THEME_OLD}.md", f"content/themes/{THEME_NEW}.md")
    edit(site, f"{MEETINGS}/{OLD}.md", THEME_OLD, THEME_NEW)  # a meeting's own list
    edit(site, kick_off, THEME_OLD, THEME_NEW)  # an action's, a block list, quoted
    _git(site, "commit", "-q", "-am", "Better name", when="2024-04-01T10:00:00")
    reporting = f"{MEETINGS}/2024-02-12-reporting-back.md"
    edit(site, reporting, THEME_OLD, THEME_NEW)
    _built(site)  # (before that change is committed)
    _git(site, "commit", "-q", "-am", "And here", when="2024-04-02T10:00:00")
    out = _built(site)  # (git's log read from the last build's on)

    feed = (out / "feed.xml").read_text()
    assert _sequences(out) == before
    for slug, title, edited in [
        ("2024-01-15-kick-off", "Kick-off: first meeting", None),  # written up on 16 January
        ("2024-02-12-reporting-back", "Reporting back", None),
        (OLD, "Third meeting", None),
    ]:
        page = (out / f"meetings/{slug}/index.html").read_text()
        assert ("Last edited" in page) == bool(edited)
        assert edited is None or f">{edited}</time>" in page
        assert "2024-04" not in _entry(feed, title)
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)

    # another change beside it is an edit (after the agenda of 16 January, its write-up)
    edit(site, reporting, f"themes: [foi-implications, {THEME_NEW}]", f"themes: [{THEME_NEW}]")
    _git(site, "commit", "-q", "-am", "One theme", when="2024-04-03T10:00:00")
    # (built that day: no feed entry is updated after the build date)
    out = _built(site, SOURCE_DATE_EPOCH=epoch_on(date(2024, 4, 3)))
    assert "<updated>2024-04-03" in _entry((out / "feed.xml").read_text(), "Reporting back")
    calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    sequences = {str(e["url"]).split("/")[-2]: e["sequence"] for e in calendar.walk("VEVENT")}
    assert sequences["2024-02-12-reporting-back"] == 2


def _entry(feed: str, title: str) -> str:
    (found,) = [entry for entry in feed.split("<entry>") if f"<title>{title}</title>" in entry]
    return found


def test_check_names_the_new_file_of_a_renamed_note_a_meeting_s_link_still_gives(
    tmp_path: Path,
) -> None:
    """Beside the meeting's other errors or alone, the link's error says what to write."""
    site = _git_site(tmp_path)
    _rename(site)
    later = site / MEETINGS / "2024-05-13-fourth.md"
    body = f"See [the theme](../themes/{THEME_OLD}.md).\n"
    fix = f"it was renamed content/themes/{THEME_NEW}.md: write ../themes/{THEME_NEW}.md"
    error = (
        f"{MEETINGS}/2024-05-13-fourth.md:6:17: error: link to a note that does not exist: "
        f"../themes/{THEME_OLD}.md; {fix} instead"
    )
    for themes in ("foi-implications", THEME_OLD):
        later.write_text(f"---\ntitle: Fourth\ndate: 2024-05-13\nthemes: [{themes}]\n---\n{body}")
        checked = run_subprocess(["check", "--source", str(site)])
        assert checked.code == 1
        assert error in checked.err.splitlines(), checked.err


def test_without_git_s_history_a_meeting_is_known_by_its_address_now(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    _rename(site)
    edit(site, "site.yml", "history: true", "history: false")
    out = _built(site)
    assert not (out / f"meetings/{OLD}").exists()
    assert _entry_id((out / "feed.xml").read_text(), "Third meeting") == f"{BASE}meetings/{NEW}/"
    assert f"UID:meeting-{NEW}@example.org/group" in (out / "meetings.ics").read_text()


def test_serve_after_a_rename_makes_what_a_build_makes(tmp_path: Path) -> None:
    """serve's build after the commit, and its quick update of the renamed meeting's title,
    which its old address shows, are what a build from nothing makes."""
    site = _git_site(tmp_path)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 9)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        _rename(site)
        assert dev.rebuild()
        assert dev.last_rebuild == "full"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert f"meetings/{OLD}/index.html" in dev.files
        edit(site, f"{MEETINGS}/{NEW}.md", "title: Third meeting", "title: Permission")
        assert dev.rebuild({f"{MEETINGS}/{NEW}.md"})
        assert dev.last_rebuild != "full"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert ">Permission</a>" in dev.files[f"meetings/{OLD}/index.html"].decode()
    finally:
        dev.httpd.server_close()


def _sequences(out: Path) -> dict[str, int]:
    """Each meeting event's SEQUENCE in the built calendar, by its UID."""
    calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    return {str(e["uid"]): int(e["sequence"]) for e in calendar.walk("VEVENT")}


def test_git_s_renames_are_looked_up_only_for_the_files_git_renamed() -> None:
    """The names a file had before git's renames are looked up for the files git renamed
    alone: serve's update after a new meeting asked for every meeting's, six times (0.05 s
    at ten thousand meetings). What each renamed file was called is found as before."""
    asked: list[str] = []

    class Asked(dict[str, tuple[str, ...]]):
        def get(self, key, default=None):  # type: ignore[no-untyped-def]
            asked.append(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> tuple[str, ...]:
            asked.append(key)
            return super().__getitem__(key)

    renamed, before = f"{MEETINGS}/{NEW}.md", f"{MEETINGS}/{OLD}.md"
    history = History(True, renamed_from=Asked({renamed: (before,)}))
    others = [f"{MEETINGS}/2024-01-{day:02d}-meeting.md" for day in range(1, 29)]
    assert history.renamed_slugs([*others, renamed]) == {OLD: NEW}
    assert history.renamed_files([*others, renamed]) == {before: renamed}
    assert set(asked) == {renamed}
    asked.clear()
    assert history.renamed_slugs(others) == {} and history.renamed_files(others) == {}
    assert asked == []
