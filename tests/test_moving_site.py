"""A site that moves to a new address (`base_url` changed): its links follow, and with
`former_base_url` its feeds' ids, its calendars' UIDs and its email's Message-ID and List-Id stay
as they were, so feed readers, calendar apps and mail filters see the same site; without it
they follow the new address, and the build that sees the move warns once of it."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import feedparser
import icalendar
import pytest

from tests.conftest import copy_site, edit, run_cli, snapshot

OLD = "https://dfpg.github.io/dfpg-site/"
NEW = "https://digitalfutures.gov.uk/"
FEEDS = ("feed.xml", "themes/permission-to-engage/feed.xml", "decisions/feed.xml")
CALENDARS = ("meetings.ics", "actions.ics")
THIRD = "2024-03-11-third"
MOVED = (
    f"site.yml:3:11: warning: the site's address moved from {OLD} to {NEW} since the site "
    "was last built: feed readers will show every meeting and decision as new again, calendar "
    "apps will show every meeting and action twice, and members' mail filters on the group's "
    f"emails will stop matching; to keep them as they were, add 'former_base_url: {OLD}' to "
    "site.yml"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The minimal site at the group's github.io address, with a decision, an action due and
    a next meeting in its third meeting, and email settings."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "https://example.org/group/", OLD)
    with (site / "site.yml").open("a") as settings:
        settings.write("email:\n  to: group@example.org\n  from: nominutes@example.org\n")
    edit(
        site,
        f"content/meetings/{THIRD}.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\n"
        "next_meeting: 2024-04-08\n"
        "actions:\n"
        "  - {id: ask-legal, title: Ask legal about FOI, owner: Grace, due: 2024-04-01}\n"
        "decisions:\n"
        "  - id: notes-not-minutes\n"
        "    text: We keep notes, not minutes\n"
        "    themes: [permission-to-engage]\n",
    )
    return site


@dataclass(frozen=True)
class Seen:
    """What identifies the site to its subscribers, and where it links them, by file."""

    ids: dict[str, list[str]]
    links: dict[str, list[str]]


def build(site: Path, out: Path, capsys, monkeypatch, *more: str):
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out), *more], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    return run


def mail(site: Path, tmp_path: Path, capsys, monkeypatch) -> EmailMessage:
    """The third meeting's message, as `email --dry-run` writes it."""
    out = tmp_path / "mail"
    args = ["email", "--source", str(site), "--meeting", THIRD, "--dry-run", str(out)]
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 0, run.err
    data = (out / f"{THIRD}.eml").read_bytes()
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def seen(out: Path, message: EmailMessage) -> Seen:
    ids: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    for path in FEEDS:
        feed = feedparser.parse((out / path).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.entries, path
        ids[path] = [feed.feed.id, *(entry.id for entry in feed.entries)]
        links[path] = [
            *(link.href for link in feed.feed.links),
            *(entry.link for entry in feed.entries),
        ]
    for path in CALENDARS:
        calendar = icalendar.Calendar.from_ical((out / path).read_bytes())
        events = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
        assert events, path
        ids[path] = [str(event["UID"]) for event in events]
        links[path] = [str(event["URL"]) for event in events]
    ids["email"] = [message["Message-ID"], message["List-Id"]]
    html = message.get_body(("html",)).get_content()
    links["email"] = [message["List-Archive"].strip("<>"), *sorted(set(_hrefs(html)))]
    return Seen(ids, links)


def _hrefs(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('href="')[1:]]


def moved(site: Path, former: str | None) -> None:
    edit(site, "site.yml", f"base_url: {OLD}", f"base_url: {NEW}")
    if former:
        with (site / "site.yml").open("a") as settings:
            settings.write(f"former_base_url: {former}\n")


def every(values: dict[str, list[str]]) -> list[str]:
    return [value for found in values.values() for value in found]


def test_a_site_moved_with_its_former_address_keeps_every_id_and_links_to_the_new_one(
    site, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    before = seen(out, mail(site, tmp_path, capsys, monkeypatch))
    assert before.ids["meetings.ics"][0] == "meeting-2024-01-15-kick-off@dfpg.github.io/dfpg-site"
    assert before.ids["email"][0] == f"<meeting-{THIRD}@dfpg.github.io/dfpg-site>"

    moved(site, former=OLD.removesuffix("/"))  # as written without its last "/"
    run = build(site, out, capsys, monkeypatch, "--strict")
    after = seen(out, mail(site, tmp_path, capsys, monkeypatch))

    assert after.ids == before.ids
    assert after.links == {
        where: [link.replace(OLD, NEW) for link in found] for where, found in before.links.items()
    }
    assert [link for link in every(after.links) if not link.startswith(NEW)] == []
    assert "moved" not in run.err
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{NEW}" in sitemap and "dfpg.github.io" not in sitemap
    page = (out / f"meetings/{THIRD}/index.html").read_text()
    assert f'<link rel="canonical" href="{NEW}meetings/{THIRD}/">' in page
    # The build from the cache the old address left is the build from nothing, byte for byte.
    fresh = tmp_path / "fresh"
    build(site, fresh, capsys, monkeypatch, "--no-cache")
    assert snapshot(out) == snapshot(fresh)


def test_a_site_moved_without_its_former_address_takes_new_ids_and_warns_once(
    site, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    before = seen(out, mail(site, tmp_path, capsys, monkeypatch))

    moved(site, former=None)
    run = build(site, out, capsys, monkeypatch, "--strict")  # a warning: it fails nothing
    after = seen(out, mail(site, tmp_path, capsys, monkeypatch))

    assert run.problem_lines.count(MOVED) == 1, run.err
    assert after.ids == {
        where: [
            i.replace(OLD, NEW)
            .replace("dfpg.github.io/dfpg-site", "digitalfutures.gov.uk")  # a UID, a Message-ID
            .replace("dfpg.github.io", "digitalfutures.gov.uk")  # the List-Id
            for i in found
        ]
        for where, found in before.ids.items()
    }
    assert not any("dfpg" in value for value in every(after.ids) + every(after.links))
    # The next build, which sees the new address again, says nothing of it.
    again = build(site, out, capsys, monkeypatch)
    assert "moved" not in again.err
    edit(site, f"content/meetings/{THIRD}.md", "A short third meeting.", "A third meeting.")
    assert "moved" not in build(site, out, capsys, monkeypatch).err


def test_no_move_is_warned_of_from_or_to_a_preview_on_this_computer(
    site, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch, "--base-url", "http://localhost:8000/")
    assert "moved" not in build(site, out, capsys, monkeypatch).err
    assert (
        "moved"
        not in build(site, out, capsys, monkeypatch, "--base-url", "http://127.0.0.1:8000/").err
    )
    assert "moved" not in build(site, out, capsys, monkeypatch).err


def test_taking_the_former_address_out_again_is_warned_of(site, tmp_path, capsys, monkeypatch):
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    moved(site, former=OLD)
    assert "moved" not in build(site, out, capsys, monkeypatch).err
    edit(site, "site.yml", f"former_base_url: {OLD}\n", "")
    run = build(site, out, capsys, monkeypatch)
    assert run.problem_lines.count(MOVED) == 1, run.err


def test_a_former_address_that_is_not_one_is_an_error_that_says_what_to_write(
    site, capsys, monkeypatch, tmp_path
):
    moved(site, former="dfpg.github.io/dfpg-site/")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "_site")], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.problem_lines == [
        "site.yml:9:18: error: former_base_url: 'dfpg.github.io/dfpg-site/' must start with "
        "http:// or https://; write https://dfpg.github.io/dfpg-site/"
    ]


def test_a_staging_build_with_base_url_into_the_output_folder_is_no_move(
    site, tmp_path, capsys, monkeypatch
):
    """--base-url builds the site for another address, such as a staging copy: neither that
    build nor the next from site.yml's own address says the site moved, and the next is the
    site a build from nothing makes."""
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    staging = "https://staging.example.org/dfpg/"
    run = build(site, out, capsys, monkeypatch, "--base-url", staging)
    assert "moved" not in run.err
    page = (out / f"meetings/{THIRD}/index.html").read_text()
    assert f'<link rel="canonical" href="{staging}meetings/{THIRD}/">' in page
    run = build(site, out, capsys, monkeypatch)
    assert "moved" not in run.err
    fresh = tmp_path / "fresh"
    build(site, fresh, capsys, monkeypatch, "--no-cache")
    assert snapshot(out) == snapshot(fresh)
    # A real move after a staging build is still said, from the address last published.
    build(site, out, capsys, monkeypatch, "--base-url", staging)
    moved(site, former=None)
    assert build(site, out, capsys, monkeypatch).problem_lines.count(MOVED) == 1


def test_a_move_is_said_by_every_build_until_one_publishes_the_site_at_the_new_address(
    site, tmp_path, capsys, monkeypatch
):
    """A build that fails publishes nothing: it says the move beside its errors, while
    `former_base_url` can still keep the ids, and the next build says it again; once a build
    has published the site from the new address, the builds after it say nothing."""
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    moved(site, former=None)
    note = f"content/meetings/{THIRD}.md"
    edit(site, note, "    themes: [permission-to-engage]\n", "    themes: [permision-to-engage]\n")
    args = ["build", "--source", str(site), "--output", str(out)]
    for _ in range(2):
        run = run_cli(args, capsys, monkeypatch)
        assert run.code == 1
        assert run.problem_lines.count(MOVED) == 1, run.err
        assert any(": error: " in line for line in run.problem_lines)
    edit(site, note, "    themes: [permision-to-engage]\n", "    themes: [permission-to-engage]\n")
    assert build(site, out, capsys, monkeypatch).problem_lines.count(MOVED) == 1
    assert "moved" not in build(site, out, capsys, monkeypatch).err
    edit(site, note, "A short third meeting.", "A third meeting.")
    assert "moved" not in build(site, out, capsys, monkeypatch).err


def test_a_failed_build_after_a_move_kept_by_former_base_url_says_nothing_of_it(
    site, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    moved(site, former=OLD)
    edit(
        site,
        f"content/meetings/{THIRD}.md",
        "    themes: [permission-to-engage]\n",
        "    themes: [nope]\n",
    )
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 1
    assert "moved" not in run.err


def _ids_at(site: Path, base_url: str, tmp_path: Path, capsys, monkeypatch) -> list[str]:
    """The calendars' UIDs and the email's Message-ID of `site` published at `base_url`."""
    settings = site / "site.yml"
    settings.write_text(
        re.sub(r"(?m)^base_url: .*$", f"base_url: {base_url}", settings.read_text())
    )
    out = tmp_path / "_site"
    build(site, out, capsys, monkeypatch)
    found = seen(out, mail(site, tmp_path, capsys, monkeypatch)).ids
    return [*found["meetings.ics"], *found["actions.ics"], found["email"][0]]


def test_two_groups_sites_on_one_host_give_their_events_and_emails_ids_of_their_own(
    site, tmp_path, capsys, monkeypatch
):
    """Two groups publishing on one host (GitHub Pages project sites) give calendar apps and
    mail clients ids that differ, so a member following both sees each group's events; a
    site at a host's root keeps the ids it always had."""
    other = tmp_path / "other"
    shutil.copytree(site, other / "site")
    first = _ids_at(site, "https://org.github.io/group-a/", tmp_path, capsys, monkeypatch)
    second = _ids_at(other / "site", "https://org.github.io/group-b/", other, capsys, monkeypatch)
    assert len(set(first)) == len(first) and len(set(second)) == len(second)
    assert set(first).isdisjoint(second)
    assert "meeting-2024-01-15-kick-off@org.github.io/group-a" in first
    assert f"<meeting-{THIRD}@org.github.io/group-b>" in second

    root = _ids_at(site, "https://example.org/", tmp_path / "root", capsys, monkeypatch)
    assert [uid.split("@", 1)[1] for uid in root] == ["example.org"] * (len(root) - 1) + [
        "example.org>"
    ]
    assert "meeting-2024-01-15-kick-off@example.org" in root
    assert "action-ask-legal@example.org" in root
    assert f"<meeting-{THIRD}@example.org>" in root
