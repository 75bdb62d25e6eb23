"""Files taken out of a site (deleted in git, not renamed): what the writer is told about
what still names them, and what a reader following an old link finds."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import copy_site, edit, run_subprocess, snapshot
from tests.test_follow_and_reuse import _git, _git_site
from tests.test_search_index import indexed_pages

MEETINGS = "content/meetings"
KICK_OFF = f"{MEETINGS}/2024-01-15-kick-off.md"
REPORTING = f"{MEETINGS}/2024-02-12-reporting-back.md"
THIRD = f"{MEETINGS}/2024-03-11-third.md"
THEME = "content/themes/foi-implications.md"
TAKEN_OUT = "2024-03-20T10:00:00"


def _short(site: Path) -> str:
    """HEAD's commit, as git abbreviates it."""
    done = subprocess.run(
        ["git", "-C", str(site), "rev-parse", "--short", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _take_out(site: Path, *paths: str) -> str:
    """`paths` deleted with `git rm` in one commit; that commit, abbreviated."""
    _git(site, "rm", "-q", *paths)
    _git(site, "commit", "-q", "-m", "Take out", when=TAKEN_OUT)
    return _short(site)


def _errors(site: Path) -> list[str]:
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 1, checked.err
    return [line for line in checked.problem_lines if ": error: " in line]


def test_an_update_to_an_action_raised_in_a_meeting_taken_out_says_where_it_was_raised(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    sha = _take_out(site, KICK_OFF)
    gone = (
        f"it was raised in {KICK_OFF}, taken out in {sha} on 2024-03-20: put that file back "
        f"(git checkout {sha}^ -- {KICK_OFF}), or give this entry a title to raise it here"
    )
    assert _errors(site) == [
        f"{REPORTING}:8:9: error: no earlier meeting raised an action 'live-policy-issue': {gone}",
        f"{REPORTING}:11:9: error: no earlier meeting raised an action 'write-guidance': {gone}",
        f"{REPORTING}:14:41: error: link to a note that does not exist: 2024-01-15-kick-off.md; "
        f"it was taken out in {sha} on 2024-03-20: put it back (git checkout {sha}^ -- "
        f"{KICK_OFF}), or remove the link",
    ]


def test_two_updates_to_an_action_of_a_meeting_taken_out_say_where_it_was_raised(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    edit(site, THIRD, "themes: [permission-to-engage]\n", "actions:\n  - id: write-guidance\n")
    _git(site, "commit", "-q", "-am", "An update", when="2024-03-12T10:00:00")
    sha = _take_out(site, KICK_OFF)
    message = (
        "error: no meeting raises action 'write-guidance', which 2 updates name: it was "
        f"raised in {KICK_OFF}, taken out in {sha} on 2024-03-20: put that file back (git "
        f"checkout {sha}^ -- {KICK_OFF}), or give the first update a 'title' to raise it there"
    )
    errors = _errors(site)
    assert f"{REPORTING}:11:9: {message}" in errors
    assert f"{THIRD}:6:9: {message}" in errors


def test_a_review_or_a_replacement_of_a_decision_made_in_a_meeting_taken_out_says_where(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    edit(
        site,
        KICK_OFF,
        "next_meeting:",
        "decisions:\n  - id: meet-monthly\n    text: We meet monthly.\nnext_meeting:",
    )
    edit(
        site,
        REPORTING,
        "actions:",
        "decisions:\n  - id: meet-monthly\n    review: 2024-06-01\nactions:",
    )
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\ndecisions:\n  - id: meet-fortnightly\n"
        "    text: We meet every two weeks.\n    supersedes: meet-monthly\n",
    )
    _git(site, "commit", "-q", "-am", "Decisions", when="2024-03-12T10:00:00")
    assert run_subprocess(["check", "--source", str(site)]).code == 0
    sha = _take_out(site, KICK_OFF)
    gone = (
        f"it was made in {KICK_OFF}, taken out in {sha} on 2024-03-20: put that file back "
        f"(git checkout {sha}^ -- {KICK_OFF})"
    )
    errors = _errors(site)
    assert (
        f"{REPORTING}:8:9: error: decision 'meet-monthly' has no 'text', so it records a "
        f"review, but no meeting made a decision 'meet-monthly': {gone}, or remove this review"
    ) in errors
    assert (
        f"{THIRD}:9:17: error: decision 'meet-fortnightly' supersedes unknown decision "
        f"'meet-monthly': {gone}, or remove 'supersedes'"
    ) in errors


def test_a_theme_taken_out_that_meetings_still_name_says_how_to_keep_them(
    tmp_path: Path,
) -> None:
    site = _git_site(tmp_path)
    sha = _take_out(site, THEME)
    fix = (
        f"it was taken out in {sha} on 2024-03-20 ({THEME}); if another theme took its "
        "place, add 'formerly: [foi-implications]' to that theme's file; to keep the "
        "meetings that name it under it, put it back with 'retired: true' (git checkout "
        f"{sha}^ -- {THEME}, then add that line); or take 'foi-implications' out of this list"
    )
    errors = _errors(site)
    assert f"{KICK_OFF}:6:10: error: unknown theme 'foi-implications': {fix}" in errors
    assert f"{REPORTING}:5:10: error: unknown theme 'foi-implications': {fix}" in errors
    # put back as the message says, with the line added, the site builds
    _git(site, "checkout", f"{sha}^", "--", THEME)
    edit(site, THEME, "---\n", "---\nretired: true\n", 1)
    assert run_subprocess(["check", "--source", str(site)]).code == 0


def test_a_meeting_put_back_as_the_message_says_builds_again(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    sha = _take_out(site, KICK_OFF)
    _git(site, "checkout", f"{sha}^", "--", KICK_OFF)
    assert run_subprocess(["check", "--source", str(site)]).code == 0


def test_a_meeting_taken_out_since_the_last_build_is_named_as_from_a_whole_log(
    tmp_path: Path,
) -> None:
    """The build after the last one reads git's log only since: the deletion is in it."""
    site = _git_site(tmp_path)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    sha = _take_out(site, KICK_OFF)
    _git(site, "commit", "-q", "--allow-empty", "-m", "Later", when="2024-03-21T10:00:00")
    expected = (
        f"{REPORTING}:8:9: error: no earlier meeting raised an action 'live-policy-issue': it "
        f"was raised in {KICK_OFF}, taken out in {sha} on 2024-03-20: put that file back (git "
        f"checkout {sha}^ -- {KICK_OFF}), or give this entry a title to raise it here"
    )
    assert _errors(site)[0] == expected
    assert _errors(site)[0] == expected  # and from the history the last run kept


def _third_with_an_action_and_a_decision(tmp_path: Path) -> Path:
    site = _git_site(tmp_path)
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - id: book-room\n    title: Book a room\n"
        "    owner: Grace\ndecisions:\n  - id: meet-online\n    text: We meet online.\n",
    )
    _git(site, "commit", "-q", "-am", "An action and a decision", when="2024-03-12T10:00:00")
    return site


def _main(page: Path) -> str:
    text = page.read_text()
    return text[text.index("<main") : text.index("</main>")]


def test_a_meeting_taken_out_leaves_a_page_at_each_of_its_addresses_saying_so(
    tmp_path: Path,
) -> None:
    site = _third_with_an_action_and_a_decision(tmp_path)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    _take_out(site, THIRD)
    built = run_subprocess(["build", "--source", str(site)])
    assert built.code == 0, built.err
    out = site / "_site"

    page = out / "meetings/2024-03-11-third/index.html"
    assert _main(page) == (
        '<main id="main" class="wrap" tabindex="-1">\n<h1>Meeting of 11 March 2024</h1>\n'
        "<p>This meeting&#39;s summary was taken out of this site on "
        '<time datetime="2024-03-20">20 March 2024</time>.</p>\n'
        '<p>See <a href="../../">the latest meetings</a>.</p>\n'
    )
    assert '<meta name="robots" content="noindex">' in page.read_text()
    assert "Third meeting" not in page.read_text()
    assert _main(out / "actions/book-room/index.html").endswith(
        "<h1>Action taken out</h1>\n<p>This action, raised at the meeting of 11 March 2024, was "
        'taken out of this site on <time datetime="2024-03-20">20 March 2024</time>.</p>\n'
        '<p>See <a href="../">the action tracker</a>.</p>\n'
    )
    assert _main(out / "decisions/meet-online/index.html").endswith(
        "<h1>Decision taken out</h1>\n<p>This decision, made at the meeting of 11 March 2024, "
        'was taken out of this site on <time datetime="2024-03-20">20 March 2024</time>.</p>\n'
        '<p>See <a href="../">the register of decisions</a>.</p>\n'
    )
    # in no list, sitemap or search
    assert "2024-03-11-third" not in (out / "index.html").read_text()
    assert "book-room" not in (out / "actions/index.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert "2024-03-11-third" not in sitemap and "book-room" not in sitemap
    assert "meet-online" not in sitemap
    assert not any("third" in url for url in indexed_pages(out))
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err

    # the build with the cache is the build from nothing, after a later commit too (the
    # deletion then read from what the last build kept of git's log)
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)
    _git(site, "commit", "-q", "--allow-empty", "-m", "Later", when="2024-03-21T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert run_subprocess([*command[:-1], str(tmp_path / "fresh2")]).code == 0
    assert snapshot(out) == snapshot(tmp_path / "fresh2")
    assert page.exists()


def test_a_meeting_taken_out_for_good_leaves_no_page(tmp_path: Path) -> None:
    site = _third_with_an_action_and_a_decision(tmp_path)
    _take_out(site, THIRD)
    edit(site, "site.yml", "history: true", "history: true\ntaken_out_for_good: [2024-03-11-third]")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    assert not (out / "meetings/2024-03-11-third").exists()
    assert not (out / "actions/book-room").exists()
    assert not (out / "decisions/meet-online").exists()
    assert (out / "meetings/2024-02-12-reporting-back/index.html").exists()


def test_a_draft_taken_out_leaves_no_page(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    _take_out(site, f"{MEETINGS}/2024-04-08-draft.md")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert not (site / "_site/meetings/2024-04-08-draft").exists()


def test_init_s_example_meeting_taken_out_as_its_readme_says_leaves_no_page(
    tmp_path: Path,
) -> None:
    """A new group commits what `init` wrote, then deletes its example meeting and theme as
    the starter's README says: the example was never the group's summary, so no "taken out"
    page is left at its address, its action's or its decision's; a meeting of the group's
    own taken out still leaves one."""
    site = tmp_path / "group"
    assert run_subprocess(["init", str(site), "Our group"]).code == 0
    example = f"{MEETINGS}/2024-03-11-first-meeting.md"
    assert (site / example).exists()
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "Start", when="2024-03-11T09:00:00")
    (site / f"{MEETINGS}/2024-03-11-kick-off.md").write_text(
        "---\ntitle: Kick-off\ndate: 2024-03-11\nthemes: [getting-started]\n"
        "actions:\n  - {id: book-room, title: Book a room, owner: Ada}\n---\nWe met.\n"
    )
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "Our first meeting", when="2024-03-11T10:00:00")
    _take_out(site, example, f"{MEETINGS}/2024-03-11-kick-off.md")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    assert not (out / "meetings/2024-03-11-first-meeting").exists()
    assert not (out / "actions/first-action").exists()
    assert not (out / "decisions/publish-summaries").exists()
    own = (out / "meetings/2024-03-11-kick-off/index.html").read_text()
    assert "This meeting&#39;s summary was taken out of this site on " in own
    assert (out / "actions/book-room/index.html").exists()


def test_a_meeting_put_back_in_the_working_tree_is_published_again(tmp_path: Path) -> None:
    site = _third_with_an_action_and_a_decision(tmp_path)
    sha = _take_out(site, THIRD)
    _git(site, "checkout", f"{sha}^", "--", THIRD)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert (
        "<h1>Third meeting</h1>"
        in (site / "_site/meetings/2024-03-11-third/index.html").read_text()
    )
    assert "Book a room" in (site / "_site/actions/book-room/index.html").read_text()


def test_serve_after_a_meeting_is_taken_out_makes_what_a_build_makes(tmp_path: Path) -> None:
    site = _third_with_an_action_and_a_decision(tmp_path)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 22)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        _take_out(site, THIRD)
        assert dev.rebuild()
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert b"was taken out" in dev.files["meetings/2024-03-11-third/index.html"]
        edit(site, REPORTING, "title: Reporting back", "title: Reported back")
        assert dev.rebuild({REPORTING})
        assert dev.last_rebuild != "full"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
    finally:
        dev.httpd.server_close()


# --- an owner whose every action went to someone else ---------------------------------------

GRACE = "actions/by-owner/grace/index.html"
# Write-guidance's row on Grace's page once the reporting-back meeting gives it to Alan alone.
GIVEN_TO_ALAN = (
    '  <li><a href="../../write-guidance/">Write guidance on engaging online</a>: given to '
    '<a href="../../../actions/by-owner/alan/">Alan</a> at '
    '<a href="../../../meetings/2024-02-12-reporting-back/">Reporting back</a> '
    '(<time datetime="2024-02-12">12 February 2024</time>)</li>\n'
)


def _reassign(site: Path, to: str = "Alan") -> None:
    """The reporting-back meeting gives write-guidance, Grace's only action, to `to` alone."""
    edit(
        site, REPORTING, "    status: in-progress\n", f"    status: in-progress\n    owner: {to}\n"
    )


def test_an_owner_whose_only_action_went_to_someone_else_keeps_a_page_saying_so(
    tmp_path: Path,
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert (site / "_site" / GRACE).exists()
    _reassign(site)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    page = (out / GRACE).read_text()
    assert _main(out / GRACE) == (
        '<main id="main" class="wrap" tabindex="-1">\n<h1>Actions for Grace</h1>\n'
        "<p>Grace has no actions now: 1 action was given to someone else.</p>\n"
        '<ul class="reassigned">\n' + GIVEN_TO_ALAN + "</ul>\n"
        '<p>See <a href="../../">the action tracker</a>.</p>\n'
    )
    assert '<meta name="robots" content="noindex">' in page
    assert "by-owner/grace/" not in (out / "sitemap.xml").read_text()
    assert (
        '<li><a href="grace/">Grace</a>: no actions now ·&nbsp;1 handed on</li>'
        in (out / "actions/by-owner/index.html").read_text()
    )
    assert run_subprocess(["check", "--source", str(site)]).code == 0
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_an_action_left_with_no_owner_is_named_so_on_its_former_owner_s_page(
    tmp_path: Path,
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    _reassign(site, "[ ]")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = _main(site / "_site/actions/by-owner/alan/index.html")
    assert "Write guidance on engaging online</a>: left with no owner at <a" in page


@pytest.mark.parametrize(
    ("own_action", "after", "gone_when_given_back"),
    [
        (False, b"has no actions now", b"has no actions now"),
        (True, b"1 action Grace held was handed on", b"Handed on"),
    ],
    ids=["her only action", "one of two"],
)
def test_serve_after_an_action_goes_to_someone_else_makes_what_a_build_makes(
    own_action: bool, after: bytes, gone_when_given_back: bytes, tmp_path: Path
) -> None:
    """Grace's action given to Alan, then back to both: her page says so (that she has none
    now, or that she handed one on), then not, as a build from nothing has it."""
    site = copy_site("minimal", tmp_path / "site")
    if own_action:
        _with_an_action_of_grace_s_own(site)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 12)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        assert gone_when_given_back not in dev.files[GRACE]
        _reassign(site)
        assert dev.rebuild({REPORTING})
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert after in dev.files[GRACE]
        edit(site, REPORTING, "    owner: Alan\n", "    owner: [Grace, Alan]\n")
        assert dev.rebuild({REPORTING})
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert gone_when_given_back not in dev.files[GRACE]
    finally:
        dev.httpd.server_close()


def test_serve_after_a_new_meeting_gives_an_owner_s_only_action_away_makes_what_a_build_makes(
    tmp_path: Path,
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 30)), "127.0.0.1", 0)
    later = f"{MEETINGS}/2024-03-25-later.md"
    try:
        assert dev.rebuild()
        (site / later).write_text(
            "---\ntitle: Later\ndate: 2024-03-25\nthemes: [foi-implications]\nactions:\n"
            "  - id: write-guidance\n    owner: Alan\n---\nLater.\n"
        )
        assert dev.rebuild({later})
        assert dev.last_rebuild != "full"  # the new meeting put into the last indexes
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert b"has no actions now" in dev.files[GRACE]
    finally:
        dev.httpd.server_close()


def test_serve_after_an_edit_to_who_held_an_action_before_lists_owners_as_a_build_does(
    tmp_path: Path,
) -> None:
    """Write-guidance, handed on to Alan, was Grace's and Alan's; the kick-off edited to say
    it was Bola's and Alan's (who has it now is the same): the list of owners names Bola,
    not Grace, as a build does."""
    site = copy_site("minimal", tmp_path / "site")
    _reassign(site)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 12)), "127.0.0.1", 0)
    owners = "actions/by-owner/index.html"
    try:
        assert dev.rebuild()
        assert b'<a href="grace/">Grace</a>: no actions now' in dev.files[owners]
        edit(site, KICK_OFF, "owner: [Grace, Alan]", "owner: [Bola, Alan]")
        assert dev.rebuild({KICK_OFF})
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        listed = dev.files[owners].decode()
        assert '<a href="bola/">Bola</a>: no actions now ·&nbsp;1 handed on' in listed
        assert "Grace" not in listed
    finally:
        dev.httpd.server_close()


def _with_an_action_of_grace_s_own(site: Path) -> None:
    """The reporting-back meeting raises an action of Grace's alone, so she keeps a list."""
    edit(
        site,
        REPORTING,
        "    status: in-progress\n",
        "    status: in-progress\n  - id: book-room\n    title: Book a room\n"
        "    owner: Grace\n    due: 2024-04-01\n",
    )


def test_an_owner_s_page_lists_the_actions_they_handed_on_apart_from_their_own(
    tmp_path: Path,
) -> None:
    """Grace keeps an action of her own and gives write-guidance to Alan: her page lists her
    own outstanding action, and under "Handed on" write-guidance with who has it now and
    since which meeting, counted apart in the summary of each of her lists."""
    site = copy_site("minimal", tmp_path / "site")
    _with_an_action_of_grace_s_own(site)
    _reassign(site)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    page = _main(out / GRACE)
    assert (
        ': 1 outstanding, 0 overdue, 0 closed; <a href="#handed-on">1 handed on</a>.</p>'
    ) in page
    own = page[page.index('id="list-heading"') : page.index('id="handed-on"')]
    assert "Book a room" in own and "Write guidance" not in own
    assert page[page.index('<h2 id="handed-on">') :] == (
        '<h2 id="handed-on">Handed on</h2>\n'
        "<p>1 action Grace held was handed on; who has it now, and since when:</p>\n"
        '<ul class="reassigned">\n' + GIVEN_TO_ALAN + "</ul>\n"
    )
    closed = _main(out / "actions/by-owner/grace/closed/index.html")
    assert '0 closed; <a href="../#handed-on">1 handed on</a>.</p>' in closed
    assert "Handed on</h2>" not in closed
    assert "handed on" not in _main(out / "actions/by-owner/alan/index.html")
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)


def _with_grace_s_own_action_closed(site: Path) -> None:
    """Grace's own action (see `_with_an_action_of_grace_s_own`) done at the third meeting."""
    _with_an_action_of_grace_s_own(site)
    edit(site, THIRD, "themes:", "actions:\n  - id: book-room\n    status: done\nthemes:")


def test_an_owner_with_none_outstanding_says_so_above_the_actions_they_handed_on(
    tmp_path: Path,
) -> None:
    """Grace's own action is closed and write-guidance went to Alan: her page says she has
    none outstanding and some handed on, below, rather than "No actions here." above the
    list of the action she handed on."""
    site = copy_site("minimal", tmp_path / "site")
    _with_grace_s_own_action_closed(site)
    _reassign(site)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = _main(site / "_site" / GRACE)
    assert (
        "</nav>\n<p>None outstanding; 1 handed on, below.</p>\n"
        '<h2 id="handed-on">Handed on</h2>\n'
        "<p>1 action Grace held was handed on; who has it now, and since when:</p>\n"
    ) in page
    assert "No actions here." not in page
    overdue = _main(site / "_site/actions/by-owner/grace/overdue/index.html")
    assert "<p>No actions here.</p>" in overdue and "None outstanding" not in overdue


def test_the_owners_index_counts_what_each_handed_on_and_lists_those_who_handed_on_all(
    tmp_path: Path,
) -> None:
    """Grace and Alan give write-guidance to Bola; Grace keeps an action of her own: the
    list of owners counts Grace's action handed on, linked to where her page lists it, and
    lists Alan, who has none now, with his, linked to the page that says who has it."""
    site = copy_site("minimal", tmp_path / "site")
    _with_an_action_of_grace_s_own(site)
    _reassign(site, "Bola")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    owners = _main(out / "actions/by-owner/index.html")
    listed = owners[owners.index('<ul class="filter-list">') : owners.index("</ul>")]
    assert listed.splitlines()[1:] == [
        '  <li><a href="alan/">Alan</a>: no actions now ·&nbsp;1 handed on</li>',
        '  <li><a href="all-members/">All members</a>: 0 outstanding ·&nbsp;<a href="all-members/'
        'closed/">1 closed<span class="visually-hidden"> (All members)</span></a></li>',
        '  <li><a href="bola/">Bola</a>: 1 outstanding ·&nbsp;0 closed</li>',
        '  <li><a href="grace/">Grace</a>: 1 outstanding ·&nbsp;0 closed ·&nbsp;'
        '<a href="grace/#handed-on">1 handed on<span class="visually-hidden"> (Grace)</span>'
        "</a></li>",
    ]
    assert "<p>Alan has no actions now: 1 action was given to someone else.</p>" in _main(
        out / "actions/by-owner/alan/index.html"
    )
    assert '<h2 id="handed-on">Handed on</h2>' in _main(out / GRACE)


def test_an_action_handed_on_twice_names_its_owner_now_and_the_meeting_that_gave_it_them(
    tmp_path: Path,
) -> None:
    """write-guidance goes from Grace and Alan to Alan, then from Alan to Bola at the third
    meeting: both pages say Bola has it, since the third meeting."""
    site = copy_site("minimal", tmp_path / "site")
    _with_an_action_of_grace_s_own(site)
    _reassign(site)
    edit(
        site,
        THIRD,
        "themes:",
        "actions:\n  - id: write-guidance\n    owner: Bola\nthemes:",
    )
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    given = (
        '<a href="../../write-guidance/">Write guidance on engaging online</a>: given to '
        '<a href="../../../actions/by-owner/bola/">Bola</a> at '
        '<a href="../../../meetings/2024-03-11-third/">Third meeting</a> '
        '(<time datetime="2024-03-11">11 March 2024</time>)'
    )
    assert given in _main(site / "_site" / GRACE)
    assert given in _main(site / "_site/actions/by-owner/alan/index.html")


def test_a_name_under_taken_out_for_good_that_is_no_meeting_taken_out_is_a_warning(
    tmp_path: Path,
) -> None:
    site = _third_with_an_action_and_a_decision(tmp_path)
    _take_out(site, THIRD)
    edit(site, "site.yml", "history: true", "history: true\ntaken_out_for_good: [2024-03-11-thrid]")
    checked = run_subprocess(["check", "--source", str(site)])
    assert checked.code == 0, checked.err
    assert checked.problem_lines == [
        "site.yml:6:22: warning: taken_out_for_good: '2024-03-11-thrid' is no meeting file "
        "taken out in git; did you mean '2024-03-11-third'?"
    ]
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert (site / "_site/meetings/2024-03-11-third/index.html").exists()  # the page stays


def test_a_link_to_a_meeting_taken_out_says_how_to_put_it_back(tmp_path: Path) -> None:
    """Only the link is wrong: the site's bodies are rendered, and the link found there."""
    site = _git_site(tmp_path)
    edit(site, REPORTING, "actions.\n", "actions.\n\nSee [the third](2024-03-11-third.md).\n")
    _git(site, "commit", "-q", "-am", "A link", when="2024-03-12T10:00:00")
    sha = _take_out(site, THIRD)
    assert _errors(site) == [
        f"{REPORTING}:16:17: error: link to a note that does not exist: 2024-03-11-third.md; it "
        f"was taken out in {sha} on 2024-03-20: put it back (git checkout {sha}^ -- {THIRD}), "
        "or remove the link"
    ]


# --- what a note taken out costs the bodies that do not link to it --------------------------


def test_a_meeting_put_back_in_git_renders_again_only_the_bodies_that_name_it(
    tmp_path: Path,
) -> None:
    """Which notes git shows taken out is read only by the bodies whose links name one."""
    site = _git_site(tmp_path)
    sha = _take_out(site, THIRD)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    _git(site, "checkout", f"{sha}^", "--", THIRD)
    _git(site, "commit", "-q", "-m", "Put back", when="2024-03-21T10:00:00")
    built = run_subprocess(["build", "--verbose", "--source", str(site)])
    assert built.code == 0, built.err
    assert "markdown 5/6" in built.out  # the third meeting's own body alone is new
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(site / "_site") == snapshot(fresh)


def test_a_link_to_a_note_taken_out_again_names_the_last_commit_that_took_it_out(
    tmp_path: Path,
) -> None:
    """serve keeps a body it rendered in a failing build: it is made again when git's record
    of the taking out of a note it links to changes, though the note was missing both times."""
    site = _git_site(tmp_path)
    edit(site, REPORTING, "actions.", "actions, then [the next](2024-03-11-third.md).")
    _git(site, "commit", "-q", "-am", "A link", when="2024-03-12T10:00:00")
    first = _take_out(site, THIRD)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 22)), "127.0.0.1", 0)
    try:
        assert not dev.rebuild()
        assert f"taken out in {first} on 2024-03-20: put it back" in dev.problems[-1]
        _git(site, "checkout", f"{first}^", "--", THIRD)
        _git(site, "commit", "-q", "-m", "Put back", when="2024-03-21T10:00:00")
        _git(site, "rm", "-q", THIRD)
        _git(site, "commit", "-q", "-m", "Take out again", when="2024-03-22T10:00:00")
        again = _short(site)
        assert not dev.rebuild()
        assert dev.problems == [
            f"{REPORTING}:14:90: error: link to a note that does not exist: "
            f"2024-03-11-third.md; it was taken out in {again} on 2024-03-22: put it back "
            f"(git checkout {again}^ -- {THIRD}), or remove the link"
        ]
    finally:
        dev.httpd.server_close()


# The tracker's pages that show its "Owners" filter with a count: the whole tracker's lists,
# a status's, an owner's and a theme's (each reads its own key), and the link's address there.
OWNERS_FILTER = [
    ("actions/index.html", "by-owner/"),
    ("actions/closed/index.html", "../by-owner/"),
    ("actions/by-status/in-progress/index.html", "../../by-owner/"),
    ("actions/by-owner/alan/index.html", "../"),
    ("actions/by-theme/permission-to-engage/index.html", "../../by-owner/"),
]


def _owners_listed(out: Path) -> list[str]:
    """The names the list of owners gives, each one's line."""
    owners = _main(out / "actions/by-owner/index.html")
    listed = owners[owners.index('<ul class="filter-list">') : owners.index("</ul>")]
    return listed.splitlines()[1:]


def test_the_tracker_s_owners_filter_counts_every_name_its_list_gives(tmp_path: Path) -> None:
    """Grace hands her only action on to Alan: the list of owners gives her name with the
    others, leading to her page, and the filter that leads to that list counts her too; in a
    rebuild after a name is added to those who held an action before, as in a fresh build."""
    site = copy_site("minimal", tmp_path / "site")
    _reassign(site)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    out = site / "_site"
    assert [line.split(":")[0] for line in _owners_listed(out)] == [
        '  <li><a href="alan/">Alan</a>',
        '  <li><a href="all-members/">All members</a>',
        '  <li><a href="grace/">Grace</a>',
    ]
    for page, href in OWNERS_FILTER:
        assert f'<li><a href="{href}">Owners (3)</a></li>' in _main(out / page), page
    # said to have been Bola's too, at the kick-off: a rebuild counts her, as a fresh build
    edit(site, KICK_OFF, "owner: [Grace, Alan]", "owner: [Grace, Bola, Alan]")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    for page, href in OWNERS_FILTER:
        assert f'<li><a href="{href}">Owners (4)</a></li>' in _main(out / page), page
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(site), "--output", str(fresh)]
    assert run_subprocess(command).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_serve_counts_an_owner_who_held_an_action_before_in_the_owners_filter(
    tmp_path: Path,
) -> None:
    """Write-guidance, handed on to Alan, is said at the kick-off to have been Bola's too:
    no action's owners now changed, but the list of owners gives Bola's name, and every
    filter that leads to it counts four, as a build from nothing has it."""
    site = copy_site("minimal", tmp_path / "site")
    _reassign(site)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 12)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        edit(site, KICK_OFF, "owner: [Grace, Alan]", "owner: [Grace, Bola, Alan]")
        assert dev.rebuild({KICK_OFF})
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        for page, href in OWNERS_FILTER:
            assert f'<li><a href="{href}">Owners (4)</a></li>' in dev.files[page].decode(), page
    finally:
        dev.httpd.server_close()
