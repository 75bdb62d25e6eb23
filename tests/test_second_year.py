"""A group's second year, told where it happened: an action dropped after it was done, handed
on to someone else, reopened; a principle suggested; a decision replaced. Each is said on the
meeting's page, in its feed entry and in its email, and counted in its "Since the last
meeting", as the action's page and the tracker say it."""

from __future__ import annotations

import csv
import email
import email.policy
import json
import os
import subprocess
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.conftest import copy_site, edit, run_cli, snapshot
from tests.htmlpage import read_page
from tests.test_email import (  # noqa: F401 (the fixtures the email tests use)
    EMAIL_SETTINGS,
    certificates,
    html_part,
    smtp,
    text_part,
)

THIRD = "2024-03-11-third"


@pytest.fixture
def second_year(tmp_path: Path) -> Path:
    """The minimal site, its kick-off's two actions done at the second meeting; at the third,
    live-policy-issue dropped (after done) and write-guidance reopened and handed on from
    Alan to Grace, who held it with him."""
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write(EMAIL_SETTINGS)
    (site / "content/meetings/2024-02-12-reporting-back.md").write_text(
        "---\ntitle: Reporting back\ndate: 2024-02-12\nauthors: [Ada Lovelace]\n"
        "themes: [foi-implications]\n"
        "actions:\n"
        "  - {id: live-policy-issue, status: done, note: Everyone brought an example.}\n"
        "  - {id: write-guidance, status: done, note: Published.}\n"
        "---\nMembers reported back.\n"
    )
    (site / f"content/meetings/{THIRD}.md").write_text(
        "---\ntitle: Third meeting\ndate: 2024-03-11\nauthors: [Ada Lovelace]\n"
        "themes: [permission-to-engage]\n"
        "actions:\n"
        "  - {id: live-policy-issue, status: dropped, note: The follow-on is not funded.}\n"
        "  - id: write-guidance\n"
        "    status: open\n"
        "    owner: Grace\n"
        "    note: Readers found gaps; Alan has moved team.\n"
        "---\nA short third meeting.\n"
    )
    return site


def _build(site: Path, capsys, monkeypatch) -> Path:
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    return site / "_site"


def _page(output: Path, page_path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((output / page_path).read_text(encoding="utf-8"))


def _words(element: lxml.html.HtmlElement) -> str:
    """An element's words as a reader sees them: a block's apart from the next."""
    for block in element.iter("p", "div", "td", "th", "li", "h3"):
        block.text, block.tail = " " + (block.text or ""), " " + (block.tail or "")
    return " ".join(element.text_content().split())


def _since(output: Path, slug: str) -> str:
    """The words of a meeting page's "Since the last meeting"."""
    [section] = _page(output, f"meetings/{slug}/index.html").find_class("since")
    return _words(section)


def _row(output: Path, page_path: str, row_id: str) -> str:
    """The words of the table row with id `row_id` on a page."""
    [row] = _page(output, page_path).xpath(f"//tr[@id='{row_id}']")
    return _words(row)


def _feed_entry(output: Path, title: str) -> str:
    entries = feedparser.parse(output / "feed.xml").entries
    [entry] = [e for e in entries if e.title == title]
    return entry.content[0].value


def test_an_action_dropped_after_it_was_done_is_closed_the_day_it_was_dropped(
    second_year, capsys, monkeypatch
) -> None:
    output = _build(second_year, capsys, monkeypatch)
    action = " ".join(read_page(output, "actions/live-policy-issue/index.html").text.split())
    assert "Closed on 11 March 2024." in action
    assert "Closed on 12 February 2024" not in action
    closed = _row(output, "actions/closed/index.html", "action-live-policy-issue")
    assert "Dropped" in closed and "11 March 2024" in closed and "12 February" not in closed
    # the third meeting closed it (as dropped); the second, which marked it done, did too
    assert "1 action closed" in _since(output, THIRD)
    assert "2 actions closed" in _since(output, "2024-02-12-reporting-back")
    row = _row(output, f"meetings/{THIRD}/index.html", "updated-live-policy-issue")
    assert "The follow-on is not funded. Dropped at this meeting Still dropped" in row


def test_an_action_reopened_is_called_reopened_where_it_was(
    second_year, capsys, monkeypatch
) -> None:
    output = _build(second_year, capsys, monkeypatch)
    history = _page(output, "actions/write-guidance/index.html").find_class("history")[0]
    kinds = [_words(item.find_class("meta")[0]) for item in history]
    assert kinds == [
        "15 January 2024 · Raised",
        "12 February 2024 · Updated",
        "11 March 2024 · Reopened",
    ]
    row = _row(output, f"meetings/{THIRD}/index.html", "updated-write-guidance")
    assert "Reopened Still open" in row
    since = _since(output, THIRD)
    assert "1 action reopened" in since
    # reopened, it is overdue again, as the tracker and the email say
    assert "1 action still overdue (reported on at this meeting): Write guidance" in since
    entry = _feed_entry(output, "Third meeting")
    assert "<li>1 action reopened</li>" in entry
    assert "Write guidance on engaging online</a> (reopened; handed on from Alan to Grace)" in (
        entry
    )


def test_an_action_handed_on_says_from_whom_where_it_was_and_where_it_is_listed(
    second_year, capsys, monkeypatch
) -> None:
    output = _build(second_year, capsys, monkeypatch)
    # the meeting that handed it on, its update's row: the owner it has, and the one it lost
    row = _row(output, f"meetings/{THIRD}/index.html", "updated-write-guidance")
    assert "Grace Handed on from Alan" in row
    assert "1 action handed on" in _since(output, THIRD)
    assert "<li>1 action handed on</li>" in _feed_entry(output, "Third meeting")
    # the meeting that raised it: its owners then, and now
    raised = _row(output, "meetings/2024-01-15-kick-off/index.html", "raised-write-guidance")
    assert "Grace, Alan Now Grace" in raised
    # the tracker's row: whose it was, and since when it is its owner's
    tracker = _row(output, "actions/index.html", "action-write-guidance")
    assert "Grace Handed on from Alan, 11 March 2024" in tracker
    # the action's history: at the meeting that handed it on
    page = " ".join(read_page(output, "actions/write-guidance/index.html").text.split())
    assert "Open · Owner: Grace (handed on from Alan) · Due 1 March 2024" in page
    # an action never handed on says nothing of it
    assert "Handed on" not in _row(output, "actions/closed/index.html", "action-live-policy-issue")


def test_the_email_says_what_the_meeting_did_to_each_action(
    smtp,  # noqa: F811 (the fixture imported)
    second_year,
    capsys,
    monkeypatch,
) -> None:
    edit(
        second_year,
        f"content/meetings/{THIRD}.md",
        "actions:",
        "next_meeting: 2024-04-08\nactions:",
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_cli(["email", "--source", str(second_year), "--meeting", THIRD], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    text = text_part(got.message).replace("\r\n", "\n")
    assert (
        "Closed at this meeting:\n"
        "- Think of a live policy issue\n"
        "  Owner: All members. Due: 12 February 2024. Dropped.\n"
        "  The follow-on is not funded.\n"
    ) in text
    assert (
        "Reopened at this meeting:\n"
        "- Write guidance on engaging online\n"
        "  Owner: Grace (handed on from Alan). Due: 1 March 2024. Open, overdue.\n"
        "  Readers found gaps; Alan has moved team.\n"
    ) in text
    assert "Reported on, closed before" not in text and "Reported on and still open" not in text
    # due at the next meeting, it is listed as the pack lists it (Grace has had it since it
    # was raised), not said again to be handed on
    assert (
        "  Owner: Grace. Due: 1 March 2024, 10 days before the meeting on 11 March 2024. Open"
    ) in text
    assert text.count("handed on from Alan") == 1
    html = html_part(got.message)
    assert "<caption>Reopened at this meeting</caption>" in html
    assert "Grace (handed on from Alan)</td>" in html


def _commit(site: Path, message: str, day: str) -> None:
    """Everything in `site` committed as `message` on `day`'s evening, by Ada Lovelace."""
    when = f"{day}T18:00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(site), *args], check=True, env=env, capture_output=True)


def _meeting(site: Path, name: str, day: str, principles: str) -> None:
    (site / f"content/meetings/{day}-{name}.md").write_text(
        f"---\ntitle: Meeting {name}\ndate: {day}\nauthors: [Ada Lovelace]\n"
        f"themes: [foi-implications]\nprinciples: {principles}\n---\nBody.\n"
    )


@pytest.fixture
def suggested_at_b(tmp_path: Path) -> Path:
    """The minimal site's principles (its starting set, committed on 10 January 2026), no
    meetings of its own; meeting a on 1 February, and meeting b on 1 March, whose commit adds
    the principle share-early, suggested, which b names."""
    site = copy_site("minimal", tmp_path / "site")
    for meeting in (site / "content/meetings").iterdir():
        meeting.unlink()
    edit(site, "site.yml", "history: false", "history: true")
    with (site / "site.yml").open("a") as settings:
        settings.write(EMAIL_SETTINGS)
    subprocess.run(["git", "init", "-q", "-b", "main", str(site)], check=True)
    _commit(site, "principles v1", "2026-01-10")
    _meeting(site, "a", "2026-02-01", "[listen-first]")
    _commit(site, "meeting a", "2026-02-01")
    edit(
        site,
        "content/principles.md",
        "---\nThese",
        "  - id: share-early\n    status: suggested\n    text: Share drafts early.\n---\nThese",
    )
    _meeting(site, "b", "2026-03-01", "[listen-first, share-early]")
    _commit(site, "meeting b, suggesting share-early", "2026-03-01")
    return site


MARCH_2026 = "1774958400"  # 31 March 2026


def test_a_principle_suggested_at_a_meeting_is_announced_and_credited_to_it(
    smtp,  # noqa: F811 (the fixture imported)
    suggested_at_b,
    capsys,
    monkeypatch,
) -> None:
    site = suggested_at_b
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch, MARCH_2026)
    assert run.code == 0, run.err
    output = site / "_site"
    since = _since(output, "2026-03-01-b")
    assert "1 principle suggested" in since
    assert "Suggested: “Share drafts early.” (1 March 2026, on the day of this meeting)" in since
    link = '<a href="https://example.org/group/principles/#principle-share-early">'
    entry = _feed_entry(output, "Meeting b")
    assert "<li>1 principle suggested</li>" in entry
    assert (
        f"<p>Suggested: “{link}Share drafts early.</a>” (1 March 2026, on the day of this "
        "meeting)</p>"
    ) in entry
    principles = " ".join(_words(_page(output, "principles/index.html")).split())
    assert (
        "First written 1 March 2026, on the day of Meeting b, by Ada Lovelace; never reworded."
    ) in principles
    # the starting set was suggested at no meeting, though meeting a names listen-first
    assert "First written 10 January 2026 by Ada Lovelace; never reworded." in principles

    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    command = ["email", "--source", str(site), "--meeting", "2026-03-01-b"]
    sent = run_cli(command, capsys, monkeypatch, MARCH_2026)
    assert sent.code == 0, sent.err
    [got] = smtp.recorder.received
    assert (
        "Principles suggested:\n"
        "- “Share drafts early.” (1 March 2026, on the day of this meeting)\n"
        "  https://example.org/group/principles/#principle-share-early\n"
    ) in text_part(got.message).replace("\r\n", "\n")
    assert "Principles suggested:</p>" in html_part(got.message)


def test_a_decision_replaced_says_so_in_the_feed_the_register_and_its_reviews(
    second_year, capsys, monkeypatch
) -> None:
    """The kick-off decides to meet every two weeks; the second meeting reviews it and keeps
    it till 1 January 2025; the third replaces it. The third's feed entry says what its
    decision replaces, as its page does; the register says the decision in force "Replaces:"
    the other (not "Replaced:", as if it had been); and the replaced decision's page does not
    say a review is ahead."""
    site = second_year
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting:",
        "decisions:\n  - {id: fortnightly, text: We meet every two weeks., review: 2024-02-01}\n"
        "next_meeting:",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "---\nMembers",
        "decisions:\n  - {id: fortnightly, review: 2025-01-01, note: It works.}\n---\nMembers",
    )
    edit(
        site,
        f"content/meetings/{THIRD}.md",
        "---\nA short",
        "decisions:\n  - {id: weekly, text: We meet every week., supersedes: fortnightly}\n"
        "---\nA short",
    )
    output = _build(site, capsys, monkeypatch)
    entry = _feed_entry(output, "Third meeting")
    assert (
        '<li><a href="https://example.org/group/decisions/weekly/">We meet every week</a> '
        '(replaces: <a href="https://example.org/group/decisions/fortnightly/">We meet every '
        "two weeks</a>).</li>"
    ) in entry
    register = _words(_page(output, "decisions/index.html"))
    assert "Replaces: We meet every two weeks." in register and "Replaced:" not in register
    replaced = _words(_page(output, "decisions/fortnightly/index.html"))
    assert (
        "Reviewed and kept at Reporting back, 12 February 2024; it was to be reviewed again by "
        "1 January 2025, and was superseded first, on 11 March 2024."
    ) in replaced
    assert "; to be reviewed again by" not in replaced
    # the decision that replaced it, in force, reviewed by none: no review is said of it
    assert "review" not in _words(_page(output, "decisions/weekly/index.html")).lower()


def test_a_principle_reworded_after_a_meeting_is_named_once_in_each_wording_on_its_page(
    suggested_at_b, capsys, monkeypatch
) -> None:
    """listen-first reworded the day after meeting b: b's "Since the last meeting" names it
    in its new words, and its "Principles touched" in the words b discussed, saying they
    were reworded since, as above, not as if the two were different principles."""
    site = suggested_at_b
    edit(site, "content/principles.md", "Listen before you speak.", "Listen first.")
    _commit(site, "Reword listen-first", "2026-03-02")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch, MARCH_2026)
    assert run.code == 0, run.err
    output = site / "_site"
    since = _since(output, "2026-03-01-b")
    assert "Reworded: “Listen first.” (2 March 2026, after this meeting)" in since
    [touched] = _page(output, "meetings/2026-03-01-b/index.html").xpath(
        "//h3[.='Principles touched']/following-sibling::ul[1]"
    )
    assert _words(touched) == (
        "Listen before you speak (as worded then; reworded since, as above). Share drafts early."
    )


def test_a_rebuild_after_the_meeting_that_reopened_and_handed_on_equals_a_fresh_build(
    second_year, tmp_path, capsys, monkeypatch
) -> None:
    """Built before the third meeting said what it did, then after: the pages, feeds and
    exports the cache kept and those it made again are those a build from nothing makes."""
    third = second_year / f"content/meetings/{THIRD}.md"
    written = third.read_text()
    third.write_text(
        "---\ntitle: Third meeting\ndate: 2024-03-11\nthemes: [permission-to-engage]\n---\n"
        "A short third meeting.\n"
    )
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    command = ["build", "--source", str(second_year), "--output"]
    assert run_cli([*command, str(out)], capsys, monkeypatch).code == 0
    third.write_text(written)
    assert run_cli([*command, str(out)], capsys, monkeypatch).code == 0
    assert run_cli([*command, str(fresh), "--no-cache"], capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)
    assert "Handed on from Alan, 11 March 2024" in (out / "actions/index.html").read_text()


def test_a_principle_suggested_and_reworded_at_one_meeting_is_named_once(
    smtp,  # noqa: F811 (the fixture imported)
    suggested_at_b,
    capsys,
    monkeypatch,
) -> None:
    """share-early, suggested at meeting b (1 March), reworded the next day, before any
    other meeting: b's "Since the last meeting" (page, feed entry, email) counts one
    principle suggested, in its words after the rewording, not also one reworded; the
    principles page lists it once, its rewording in its history."""
    site = suggested_at_b
    edit(site, "content/principles.md", "Share drafts early.", "Share drafts early and often.")
    _commit(site, "Reword share-early", "2026-03-02")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch, MARCH_2026)
    assert run.code == 0, run.err
    output = site / "_site"
    since = _since(output, "2026-03-01-b")
    assert since == (
        "Since the last meeting Since Meeting a on 1 February 2026: 1 principle suggested "
        "Suggested: “Share drafts early and often.” (2 March 2026, after this meeting)"
    )
    entry = _feed_entry(output, "Meeting b")
    assert "<li>1 principle suggested</li></ul>" in entry
    assert "Reworded" not in entry and "reworded" not in entry
    assert "Suggested: " in entry and entry.count("Share drafts early") == 1
    [touched] = _page(output, "meetings/2026-03-01-b/index.html").xpath(
        "//h3[.='Principles touched']/following-sibling::ul[1]"
    )
    assert _words(touched) == (
        "Listen before you speak. Share drafts early (as worded then; reworded since, as above)."
    )
    assert (output / "principles/index.html").read_text().count('id="principle-share-early"') == 1
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    command = ["email", "--source", str(site), "--meeting", "2026-03-01-b"]
    assert run_cli(command, capsys, monkeypatch, MARCH_2026).code == 0
    [got] = smtp.recorder.received
    text = text_part(got.message).replace("\r\n", "\n")
    assert "Principles suggested:\n- “Share drafts early and often.” (2 March 2026" in text
    assert "reworded" not in text.lower() and text.count("Share drafts early") == 1


def test_an_update_that_gives_an_action_themes_files_it_under_them_from_then_on(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting files live-policy-issue (raised under FOI implications, done at
    the second) under Permission to engage, as the group's themes are reorganised: its page
    and its history say so, each theme's page counts it where it is filed now, and the
    exports give its themes now."""
    edit(
        minimal_site,
        f"content/meetings/{THIRD}.md",
        "themes:",
        "actions:\n  - id: live-policy-issue\n    themes: [permission-to-engage]\nthemes:",
    )
    output = _build(minimal_site, capsys, monkeypatch)
    page = _page(output, "actions/live-policy-issue/index.html")
    facts = _words(page.find_class("facts")[0])
    assert "ThemesPermission to engage Id" in facts and "FOI" not in facts
    history = [_words(item) for item in page.find_class("history")[0]]
    assert history[-1] == (
        "Third meeting 11 March 2024 · Updated Done · Owner: All members · Due 12 February "
        "2024 Now filed under Permission to engage"
    )
    assert "filed under" not in " ".join(history[:-1])
    [link] = page.xpath("//p[contains(., 'Now filed under')]/a")
    assert link.get("href") == "../../themes/permission-to-engage/"
    engage = _words(_page(output, "themes/permission-to-engage/index.html"))
    assert "Closed actions on Permission to engage (1)" in engage
    foi = (output / "themes/foi-implications/index.html").read_text()
    assert "Closed actions on FOI implications" not in foi
    exported = json.loads((output / "actions.json").read_bytes())
    [record] = [a for a in exported["actions"] if a["id"] == "live-policy-issue"]
    assert record["themes"] == ["permission-to-engage"]


def test_an_action_filed_anew_is_in_its_exported_history_at_the_meeting_that_filed_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting files live-policy-issue under Permission to engage: actions.json's
    history says so at that meeting, as its page's "Now filed under" does (its `changes`
    "refiled", its `themes` those it was filed under from then on), and gives each earlier
    entry the themes it had then; actions.csv keeps its columns; the meeting's feed entry
    says it filed it anew."""
    edit(
        minimal_site,
        f"content/meetings/{THIRD}.md",
        "themes:",
        "actions:\n  - id: live-policy-issue\n    themes: [permission-to-engage]\nthemes:",
    )
    output = _build(minimal_site, capsys, monkeypatch)
    exported = json.loads((output / "actions.json").read_bytes())
    [record] = [a for a in exported["actions"] if a["id"] == "live-policy-issue"]
    assert [(h["meeting"], h["changes"], h["themes"]) for h in record["history"]] == [
        ("2024-01-15-kick-off", ["raised"], ["foi-implications"]),
        ("2024-02-12-reporting-back", ["done"], ["foi-implications"]),
        (THIRD, ["refiled"], ["permission-to-engage"]),
    ]
    [other] = [a for a in exported["actions"] if a["id"] == "write-guidance"]
    assert {"refiled"}.isdisjoint(c for h in other["history"] for c in h["changes"])
    assert all(h["themes"] == other["themes"] for h in other["history"])
    with (output / "actions.csv").open(newline="", encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert header[-2:] == ["url", "closed"] and "history" not in header
    # the meeting's feed entry says it too, not only the status the action already had
    entry = _feed_entry(output, "Third meeting")
    assert (
        '/actions/live-policy-issue/">Think of a live policy issue</a> '
        "(done; now filed under Permission to engage)</li>"
    ) in entry


def test_the_meeting_that_filed_an_action_anew_says_so_on_its_page_and_in_its_email(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The third meeting files live-policy-issue, done at the second, under Permission to
    engage: its page's table of updates and both parts of its email say "Now filed under
    Permission to engage", as the action's page does; the second meeting, which only closed
    it, says nothing of it."""
    edit(
        minimal_site,
        f"content/meetings/{THIRD}.md",
        "themes:",
        "actions:\n  - id: live-policy-issue\n    themes: [permission-to-engage]\nthemes:",
    )
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write(EMAIL_SETTINGS)
    output = _build(minimal_site, capsys, monkeypatch)
    page = _page(output, f"meetings/{THIRD}/index.html")
    [row] = page.xpath("//tr[@id='updated-live-policy-issue']")
    assert "Think of a live policy issue Now filed under Permission to engage" in _words(row)
    [link] = row.xpath(".//p[@class='filed-under']/a")
    assert link.get("href") == "../../themes/permission-to-engage/"
    second = (output / "meetings/2024-02-12-reporting-back/index.html").read_text()
    assert "filed under" not in second
    out = tmp_path / "mail"
    command = ["email", "--source", str(minimal_site), "--meeting", THIRD, "--dry-run", str(out)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    message = email.message_from_bytes(
        (out / f"{THIRD}.eml").read_bytes(), policy=email.policy.default
    )
    text = text_part(message).replace("\r\n", "\n")
    assert (
        "- Think of a live policy issue\n"
        "  Owner: All members. Due: 12 February 2024. Done.\n"
        "  Now filed under Permission to engage.\n"
    ) in text
    assert "<br>Now filed under Permission to engage</td>" in html_part(message)


@pytest.mark.slow
def test_an_action_filed_anew_is_built_with_the_cache_as_from_nothing(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built, then the third meeting files live-policy-issue under Permission to engage,
    then under no theme: each build that kept what it could is a build from nothing's."""
    out = tmp_path / "out"
    command = ["build", "--source", str(minimal_site), "--output"]
    assert run_cli([*command, str(out)], capsys, monkeypatch).code == 0
    entry = "actions:\n  - id: live-policy-issue\n    themes: [permission-to-engage]\nthemes:"
    edit(minimal_site, f"content/meetings/{THIRD}.md", "themes:", entry, 1)
    for step in ("filed anew", "filed under none"):
        if step == "filed under none":
            edit(minimal_site, f"content/meetings/{THIRD}.md", "[permission-to-engage]\nt", "[]\nt")
        assert run_cli([*command, str(out)], capsys, monkeypatch).code == 0
        fresh = tmp_path / step
        assert run_cli([*command, str(fresh), "--no-cache"], capsys, monkeypatch).code == 0
        assert snapshot(out) == snapshot(fresh), step
    page = (out / "actions/live-policy-issue/index.html").read_text()
    assert "<p>Now filed under Permission to engage</p>" not in page
    assert "<p>Now filed under no theme</p>" in page


def test_a_principle_suggested_and_agreed_at_one_meeting_is_named_once_as_agreed(
    smtp,  # noqa: F811 (the fixture imported)
    suggested_at_b,
    capsys,
    monkeypatch,
) -> None:
    """share-early, suggested at meeting b (1 March) and agreed the next day, before any
    other meeting: b's "Since the last meeting" (page, feed entry, email) names it once, as
    agreed, not also as suggested."""
    site = suggested_at_b
    edit(site, "content/principles.md", "status: suggested", "status: agreed")
    _commit(site, "Agree share-early", "2026-03-02")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch, MARCH_2026)
    assert run.code == 0, run.err
    output = site / "_site"
    assert _since(output, "2026-03-01-b") == (
        "Since the last meeting Since Meeting a on 1 February 2026: 1 principle agreed "
        "Agreed: “Share drafts early.” (2 March 2026, after this meeting)"
    )
    entry = _feed_entry(output, "Meeting b")
    assert "<li>1 principle agreed</li></ul>" in entry
    assert "uggested" not in entry and entry.count("Share drafts early") == 1
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    command = ["email", "--source", str(site), "--meeting", "2026-03-01-b"]
    assert run_cli(command, capsys, monkeypatch, MARCH_2026).code == 0
    [got] = smtp.recorder.received
    text = text_part(got.message).replace("\r\n", "\n")
    assert "Principles agreed:\n- “Share drafts early.” (2 March 2026, after this meeting)" in text
    assert "uggested" not in text and text.count("Share drafts early") == 1
    html = html_part(got.message)
    assert "uggested" not in html and html.count("Share drafts early") == 1
