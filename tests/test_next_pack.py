"""The next meeting's agenda pack, /next/: when and where, what is due, by owner."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest

from tests.conftest import BUILD_EPOCH, copy_site, edit, run_cli, snapshot
from tests.htmlpage import read_page, text_by_language


def announced_site(root: Path, timezone: bool = True) -> Path:
    """The minimal site whose latest meeting announces the next one and raises actions:
    write-guidance (Grace, Alan) is overdue as of the tests' build date, 11 March 2024. Its
    times are in Europe/London, or with no `timezone`, as written."""
    site = copy_site("minimal", root / "site")
    if timezone:
        (site / "site.yml").write_text(
            (site / "site.yml").read_text() + "timezone: Europe/London\n"
        )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\n"
        "next_meeting: {date: 2024-04-08, time: '14:00', end: '15:00', location: Room 1}\n"
        "actions:\n"
        "  - {id: ask-legal, title: Ask legal about FOI, owner: Grace, due: 2024-04-01}\n"
        "  - {id: book-room, title: Book a room, owner: Zed, due: 2024-04-08}\n"
        "  - {id: draft-faq, title: Draft an FAQ, owner: Bob, due: 2024-03-20}\n"
        "  - {id: later-thing, title: Something for May, owner: Grace, due: 2024-05-01}\n"
        "  - {id: someday, title: Find a sponsor, owner: Alan}\n"
        "decisions:\n"
        "  - {id: keep-notes, text: We keep notes not minutes, review: 2024-03-01}\n"
        "  - {id: meet-monthly, text: We meet monthly, review: 2024-04-08}\n"
        "  - {id: open-by-default, text: We work in the open, review: 2024-06-01}\n",
    )
    return site


EXTRA = "content/meetings/2024-03-25-extra.md"


def hold_the_draft_on_25_march(
    site: Path, title: str = "Not yet agreed", announces: str | None = None
) -> None:
    """The draft meeting of 8 April made an extra meeting on 25 March, EXTRA, with `title`,
    announcing the day `announces` (YYYY-MM-DD) or none."""
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").rename(meetings / "2024-03-25-extra.md")
    announced = f"\nnext_meeting: {announces}" if announces else ""
    edit(
        site,
        EXTRA,
        "title: Not yet agreed\ndate: 2024-04-08\ndraft: true",
        f"title: {title}\ndate: 2024-03-25{announced}",
    )


def build(site: Path, out: Path, capsys, monkeypatch, epoch: str = BUILD_EPOCH) -> None:
    """`site` built into `out` on the day SOURCE_DATE_EPOCH `epoch` names."""
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch, epoch
    )
    assert run.code == 0, run.err


def assert_as_a_fresh_build(
    site: Path, out: Path, capsys, monkeypatch, epoch: str = BUILD_EPOCH
) -> None:
    """`out`, rebuilt, holds byte for byte what a build of `site` into a folder `fresh` beside
    it makes on the day `epoch` names."""
    fresh = out.parent / "fresh"
    build(site, fresh, capsys, monkeypatch, epoch)
    assert snapshot(out) == snapshot(fresh)


def test_the_pack_lists_what_is_due_by_owner_overdue_first(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    page = read_page(out, "next/index.html")
    text = page.text
    assert "8 April 2024, 14:00 to 15:00 BST, Room 1" in text
    assert "Announced at Third meeting" in text
    assert (
        "4 actions are due by this meeting, listed by owner; 1 of them is overdue. Of the 4, "
        "1 is shared, and listed under each of its owners."
    ) in text
    raw = (out / "next/index.html").read_text()
    owners = [
        line.removeprefix('<h3><span class="named">').split("</span>")[0]
        for line in raw.splitlines()
        if line.startswith('<h3><span class="named">')
    ]
    # owners with something overdue first, then by name
    assert owners == [
        f'<a href="../actions/by-owner/{name.lower()}/">{name}</a>'
        for name in ("Alan", "Grace", "Bob", "Zed")
    ]  # each name leads to the owner's actions
    grace = raw.split('<h3><span class="named"><a href="../actions/by-owner/grace/">')[1].split(
        "<h3>"
    )[0]
    assert grace.index("Write guidance on engaging online") < grace.index("Ask legal about FOI")
    assert "Something for May" not in raw.split('id="undated-heading"')[0]  # due after it
    reviews = raw.split('id="reviews-heading"')[1].split("</section>")[0]
    assert "We keep notes not minutes" in reviews and "Due for review</span> since" in reviews
    assert "We meet monthly" in reviews and "To be reviewed by" in reviews
    assert "We work in the open" not in reviews  # reviewed after the next meeting
    undated = raw.split('id="undated-heading"')[1].split("</section>")[0]
    assert "Find a sponsor" in undated and "Book a room" not in undated
    quiet = raw.split('id="quiet-heading"')[1].split("</section>")[0]
    # FOI was last discussed in February; permission to engage at the latest meeting, in
    # March, so it is not among the themes left quiet
    assert 'last discussed <time datetime="2024-02-12">12 February 2024</time>' in quiet
    assert "FOI implications" in quiet and "Permission to engage" not in quiet
    assert "../actions/write-guidance/" in page.links
    assert "../subscribe/#meetings-calendar" in page.links


def pack_owners(raw: str) -> list[str]:
    """The names of the owners the pack's "Reporting back" lists, in order."""
    return [
        line.split('/">')[1].split("</a>")[0]
        for line in raw.split('id="due-heading"')[1].split("</section>")[0].splitlines()
        if line.startswith('<h3><span class="named"><a ')
    ]


def test_the_pack_says_since_when_an_action_is_owed_and_by_whom(tmp_path, capsys, monkeypatch):
    """Each row dates the meeting that raised it and says how long ago an overdue one was
    due; an action a later meeting gave to someone says since when, and whose it was; the
    owners come by their most overdue action, the longest overdue first, then by name."""
    site = announced_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting:",
        "  - {id: old-promise, title: Keep an old promise, owner: Yan, due: 2024-02-01}\n"
        "next_meeting:",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n    owner: [Grace, Hana]\n",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    # Yan's promise, due 1 February, came due before Grace's and Hana's guidance (1 March)
    assert pack_owners(raw) == ["Yan", "Grace", "Hana", "Bob", "Zed"]
    text = read_page(out, "next/index.html").text
    assert (
        "Keep an old promise Open Overdue 1 February 2024, 5 weeks ago "
        "Kick-off: first meeting, 15 January 2024"
    ) in text
    hana = raw.split('<h3><span class="named"><a href="../actions/by-owner/hana/">')[1].split(
        "<h3>"
    )[0]
    grace = raw.split('<h3><span class="named"><a href="../actions/by-owner/grace/">')[1].split(
        "<h3>"
    )[0]
    since = (
        '<p class="owner-since">Owner since <time datetime="2024-02-12">12 February 2024</time>'
        "; before, Alan</p>"
    )
    assert since in hana
    assert "owner-since" not in grace  # Grace has had it since it was raised
    assert "1 March 2024</time>, 10 days ago" in hana


def test_a_pack_whose_meeting_has_passed_says_how_long_overdue_by_that_meeting(
    tmp_path, capsys, monkeypatch
):
    """A year on, with no newer summary, the pack shows what was due at its meeting: how long
    before that meeting an overdue action was due, not how long before the build."""
    site = announced_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch, "1744113600")  # 8 April 2025, noon
    text = read_page(out, "next/index.html").text
    assert "has passed" in text
    assert "with Grace In progress Overdue 1 March 2024, 5 weeks before the meeting" in text
    assert "Book a room Open Overdue 8 April 2024, the meeting's day" in text
    assert " ago " not in text


def test_an_action_a_meeting_dated_ahead_closes_is_overdue_in_the_pack_until_it_meets(
    tmp_path, capsys, monkeypatch
):
    """The pack lists the actions as the latest meeting held left them: one overdue then is
    overdue in its row, its owner's heading and the count, though the meeting it is due at,
    written up ahead of its day, marks it done."""
    site = announced_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-04-08-draft.md",
        "draft: true\n",
        "actions:\n  - {id: write-guidance, status: done}\n",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    text = read_page(out, "next/index.html").text
    assert "4 actions are due by this meeting, listed by owner; 1 of them is overdue." in text
    assert "Alan 1 overdue" in text and "Grace 1 overdue" in text
    assert "with Grace In progress Overdue 1 March 2024, 10 days ago" in text


def test_new_meeting_lists_the_decisions_due_for_review_in_the_pack_s_order(
    tmp_path, capsys, monkeypatch
):
    """The commented decisions `new meeting` writes for the next meeting are those the pack
    lists as due for review at it, in the same order: the longest overdue first, not the
    newest decision first."""
    site = announced_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting:",
        "decisions:\n  - {id: share-drafts, text: We share drafts early, review: 2024-02-20}\n"
        "next_meeting:",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    reviews = (out / "next/index.html").read_text().split('id="reviews-heading"')[1]
    in_the_pack = re.findall(r'<li id="review-([^"]+)"', reviews.split("</section>")[0])
    assert in_the_pack == ["share-drafts", "keep-notes", "meet-monthly"]
    command = ["new", "meeting", "--source", str(site), "--date", "2024-04-08", "--title", "Next"]
    assert run_cli(command, capsys, monkeypatch).code == 0
    text = (site / "content/meetings/2024-04-08-next.md").read_text()
    assert re.findall(r"^#   - id: ([^ ]+)  #", text, re.MULTILINE) == in_the_pack


def test_each_actions_row_names_its_cells_and_who_owns_an_undated_one(
    tmp_path, capsys, monkeypatch
):
    """The pack's tables are action tables as the tracker's are: a row header, and each cell
    named for the card a phone shows; the actions due are under their owner's heading, the
    undated ones say their owner in the row, and have no column of empty due dates."""
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    grace = raw.split('<h3><span class="named"><a href="../actions/by-owner/grace/">')[1].split(
        "</table>"
    )[0]
    title = '<div class="row-title"><a href="../actions/ask-legal/">Ask legal about FOI</a>'
    assert f'<th scope="row">{title}' in grace
    assert [
        label
        for label in ("Status", "Owner", "Due", "Raised at")
        if f'data-label="{label}"' in grace
    ] == [
        "Status",
        "Due",
        "Raised at",
    ]
    undated = raw.split('id="undated-heading"')[1].split("</table>")[0]
    title = '<div class="row-title"><a href="../actions/someday/">Find a sponsor</a>'
    assert f'<th scope="row">{title}' in undated
    assert '<td data-label="Owner"><a href="../actions/by-owner/alan/">Alan</a></td>' in undated
    assert 'data-label="Due"' not in undated and ">Due<" not in undated


def test_the_latest_meeting_links_its_next_meetings_pack(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    latest = read_page(out, "meetings/2024-03-11-third/index.html")
    assert "Next meeting: 8 April 2024, 14:00 to 15:00 BST, Room 1" in latest.text
    assert "../../next/" in latest.links and "(agenda pack)" in latest.text
    earlier = read_page(out, "meetings/2024-01-15-kick-off/index.html")
    assert "Next meeting: 12 February 2024" in earlier.text
    assert "../../next/" not in earlier.links  # that next meeting has happened


def test_the_home_page_names_the_meeting_that_announced_the_next(tmp_path, capsys, monkeypatch):
    """The home page's next meeting says, as /next/ does, which meeting announced it, linked
    to that meeting: the third, also once an extra meeting that announces nothing has met."""
    site = announced_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    glance = (out / "index.html").read_text().split('<section class="glance"')[1]
    glance = glance.split("</section>")[0]
    next_part = glance.split("<dt>Next meeting</dt>")[1].split("</dd>")[0]
    assert (
        ' (<a href="next/">agenda pack</a>), announced at '
        '<a href="meetings/2024-03-11-third/">Third meeting</a>' in next_part
    )
    assert "Next meeting 8 April 2024 (agenda pack), announced at Third meeting" in (
        read_page(out, "index.html").text
    )
    hold_the_draft_on_25_march(site)
    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    home = read_page(out, "index.html")
    assert "Next meeting 8 April 2024 (agenda pack), announced at Third meeting" in home.text
    assert "Latest meeting Not yet agreed" in home.text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")


def test_the_announcing_meeting_links_the_pack_while_its_announcement_stands(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; once an extra meeting that announces nothing has
    met on 25 March, the announcement still stands, and the third meeting's page still links
    its agenda pack (a rebuild as a fresh build has it); once a meeting has been held on 8
    April, it no longer does."""
    site = announced_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    meetings = site / "content/meetings"
    hold_the_draft_on_25_march(site)
    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    third = read_page(out, "meetings/2024-03-11-third/index.html")
    assert "Next meeting: 8 April 2024, 14:00 to 15:00 BST, Room 1 (agenda pack)" in third.text
    assert "../../next/" in third.links
    assert "../../next/" not in read_page(out, "meetings/2024-03-25-extra/index.html").links
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")

    (meetings / "2024-04-08-held.md").write_text(
        "---\ntitle: Held\ndate: 2024-04-08\n---\nWe met.\n"
    )
    build(site, out, capsys, monkeypatch, "1712620800")  # 9 April 2024
    third = read_page(out, "meetings/2024-03-11-third/index.html")
    assert "Next meeting: 8 April 2024" in third.text and "../../next/" not in third.links
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1712620800")


def test_without_an_announced_meeting_the_pack_says_so(built_minimal: Path) -> None:
    page = read_page(built_minimal, "next/index.html")
    assert "No next meeting has been announced yet." in page.text
    assert "due-heading" not in page.ids  # no list of what is due by an unknown date


def test_the_home_page_links_the_pack(tmp_path, capsys, monkeypatch) -> None:
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    home = read_page(out, "index.html")
    assert "next/" in home.links
    assert "Next meeting 8 April 2024 (agenda pack)" in home.text
    assert "The next meeting's agenda pack" in home.text


def test_before_a_next_meeting_is_announced_the_home_page_links_its_open_actions(
    built_minimal: Path,
) -> None:
    home = read_page(built_minimal, "index.html")
    assert "next/" in home.links
    assert "Next meeting Not announced yet" in home.text
    assert "Open actions for the next meeting" in home.text
    assert "agenda pack" not in home.text


def test_the_sample_site_has_a_pack(built_sample: Path) -> None:
    page = read_page(built_sample, "next/index.html")
    assert "9 October 2013, 14:00 to 15:30 BST, Room 4.12" in page.text
    assert "Draft a short note on what staff may do online" in page.text


def test_a_meeting_published_ahead_of_its_day_leaves_the_pack_to_the_one_before_until_it_meets(
    tmp_path, capsys, monkeypatch
):
    """A meeting dated after the build date has its page, but the latest meeting held is the
    one before it, whose announced meeting has the pack, until the build date reaches it;
    rebuilds before and on its day equal fresh builds."""
    from generator.cli import main

    def build_on(epoch: str, output: Path, *extra: str) -> None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert main(["build", "--source", str(site), "--output", str(output), *extra]) == 0
        capsys.readouterr()

    site = announced_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    edit(site, "content/meetings/2024-04-08-draft.md", "draft: true", "draft: false")
    build(site, out, capsys, monkeypatch)  # with the cache: keeps what it can
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)
    assert (out / "meetings/2024-04-08-draft/index.html").exists()
    pack = read_page(out, "next/index.html").text
    assert "8 April 2024, 14:00 to 15:00" in pack and "Announced at Third meeting" in pack
    assert "../../next/" in read_page(out, "meetings/2024-03-11-third/index.html").links
    assert "Latest meeting Third meeting, 11 March 2024" in read_page(out, "index.html").text
    calendar = (out / "meetings.ics").read_text()  # one event, the meeting's own
    assert calendar.count("UID:next-meeting-2024-04-08@") == 1
    assert "SUMMARY:Next meeting of" not in calendar

    on_the_day = "1712592000"  # 8 April 2024
    build_on(on_the_day, out)
    build_on(on_the_day, tmp_path / "fresh-then", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "fresh-then")
    assert "No next meeting has been announced yet." in read_page(out, "next/index.html").text
    assert "../../next/" not in read_page(out, "meetings/2024-03-11-third/index.html").links
    home = read_page(out, "index.html").text
    assert "Latest meeting Not yet agreed, 8 April 2024" in home
    calendar = (out / "meetings.ics").read_text()
    assert calendar.count("UID:next-meeting-2024-04-08@") == 1
    assert "SUMMARY:Next meeting of" not in calendar


def test_the_undated_actions_are_named_once_by_their_heading(tmp_path, capsys, monkeypatch):
    """The table of open actions with no due date is named by the heading above it, not by a
    caption repeating it, and its scroll region by its columns: a screen reader, and the
    page's text, say it once."""
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    page = read_page(out, "next/index.html")
    assert page.text.count("Open actions with no due date") == 1
    undated = (out / "next/index.html").read_text().split('id="undated-heading"')[1]
    table = undated.split("</table>")[0]
    assert "<caption" not in table
    columns = "Table: Action, Status, Owner, Raised at"
    assert f'<div class="table-scroll" role="region" aria-label="{columns}"' in table
    assert '<table class="actions pack-table" aria-labelledby="undated-heading">' in table


@pytest.mark.parametrize(
    ("day", "done", "said"),
    [
        # write-guidance alone, shared by Grace and Alan, overdue since 1 March
        (
            "2024-03-12",
            False,
            "1 action is due by this meeting, and it is overdue. It is shared, "
            "and listed under each of its owners.",
        ),
        ("2024-03-20", True, "1 action is due by this meeting."),  # draft-faq alone
        (
            "2024-03-20",
            False,
            "2 actions are due by this meeting, listed by owner; 1 of them is "
            "overdue. Of the 2, 1 is shared, and listed under each of its owners.",
        ),
        ("2024-04-08", True, "3 actions are due by this meeting, listed by owner."),
    ],
)
def test_the_count_of_actions_due_is_a_sentence_its_numbers_singular_or_plural(
    day, done, said, tmp_path, capsys, monkeypatch
):
    """The line over the owners' lists reads as a sentence, whatever the numbers: one action
    "is", more "are", how many are overdue said only when some are, and the shared ones
    counted apart from them ("1 action due by this meeting, 1 overdue, by owner" read as two
    actions, and as a list of words)."""
    site = announced_site(tmp_path)
    edit(site, "content/meetings/2024-03-11-third.md", "date: 2024-04-08, ", f"date: {day}, ")
    if done:
        edit(
            site,
            "content/meetings/2024-03-11-third.md",
            "actions:\n",
            "actions:\n  - {id: write-guidance, status: done}\n",
        )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    text = " ".join(read_page(out, "next/index.html").text.split())
    assert f"Reporting back {said} " in text


def test_an_owner_s_table_is_named_with_one_full_stop_after_a_name_ending_in_one(
    tmp_path, capsys, monkeypatch
):
    """An owner named "Zed & Co." : the region of their table is named "Due from Zed & Co.
    Table: …", the name's own full stop ending the words before the columns, not "Co..";
    another owner's name takes one ("Due from Bob. Table: …")."""
    site = announced_site(tmp_path)
    edit(site, "content/meetings/2024-03-11-third.md", "owner: Zed,", "owner: Zed & Co.,")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    columns = "Table: Action, Status, Due, Raised at"
    assert f'aria-label="Due from Zed &amp; Co. {columns}"' in raw
    assert f'aria-label="Due from Bob. {columns}"' in raw
    assert ".." not in " ".join(re.findall(r'aria-label="([^"]*)"', raw))


def test_a_shared_action_names_its_co_owners_and_the_count_says_it_is_shared(
    tmp_path, capsys, monkeypatch
):
    """write-guidance (Grace, Alan) is listed under each: each row names the other, and the
    count of actions says why there is a row more than the actions it counts."""
    out = tmp_path / "out"
    build(announced_site(tmp_path), out, capsys, monkeypatch)
    text = read_page(out, "next/index.html").text
    assert (
        "4 actions are due by this meeting, listed by owner; 1 of them is overdue. Of the 4, 1 "
        "is shared, and listed under each of its owners."
    ) in text
    raw = (out / "next/index.html").read_text()
    link = '<a href="../actions/by-owner/{0}/">{1}</a>'
    named = '<h3><span class="named">'
    alan = raw.split(f"{named}{link.format('alan', 'Alan')}")[1].split("<h3>")[0]
    grace = raw.split(f"{named}{link.format('grace', 'Grace')}")[1].split("<h3>")[0]
    assert f'<p class="co-owners">with {link.format("grace", "Grace")}</p>' in alan
    assert f'<p class="co-owners">with {link.format("alan", "Alan")}</p>' in grace
    assert grace.count('class="co-owners"') == 1  # Ask legal about FOI is Grace's alone


def test_a_decision_overdue_for_review_comes_before_one_due_on_the_day(
    tmp_path, capsys, monkeypatch
):
    """As overdue actions come first: the longest overdue review first, whatever the order
    the decisions were written in."""
    site = announced_site(tmp_path)
    overdue = "  - {id: keep-notes, text: We keep notes not minutes, review: 2024-03-01}\n"
    third = "content/meetings/2024-03-11-third.md"
    edit(site, third, overdue, "")
    edit(site, third, "  - {id: open-by-default", f"{overdue}  - {{id: open-by-default")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    reviews = (out / "next/index.html").read_text().split('id="reviews-heading"')[1]
    assert reviews.index("We keep notes not minutes") < reviews.index("We meet monthly")


def _events(calendar: str) -> dict[str, dict[str, str]]:
    """Each VEVENT's properties (unfolded lines of a calendar without parameters), by UID."""
    found = {}
    for block in calendar.replace("\r\n ", "").split("BEGIN:VEVENT\r\n")[1:]:
        lines = block.split("END:VEVENT")[0].splitlines()
        fields = dict(line.split(":", 1) for line in lines)
        found[fields["UID"].split("@")[0]] = fields
    return found


def test_a_postponed_meeting_moves_the_announced_event_and_the_pack_to_its_day(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; the next is published ahead for 15 April, with
    none in between: the calendar's announced event moves to 15 April (its UID, a higher
    SEQUENCE), with no event left on 8 April, and /next/ and the home page say 15 April."""
    site = announced_site(tmp_path, timezone=False)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    before = _events((out / "meetings.ics").read_bytes().decode())["next-meeting-2024-04-08"]
    assert before["DTSTART"] == "20240408T140000"
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").rename(meetings / "2024-04-15-postponed.md")
    edit(
        site,
        "content/meetings/2024-04-15-postponed.md",
        "date: 2024-04-08\ndraft: true",
        "date: 2024-04-15\ntime: '10:00'",
    )
    build(site, out, capsys, monkeypatch)
    events = _events((out / "meetings.ics").read_bytes().decode())
    moved = events["next-meeting-2024-04-08"]
    assert (moved["SUMMARY"], moved["DTSTART"]) == ("Not yet agreed", "20240415T100000")
    assert int(moved["SEQUENCE"]) > int(before["SEQUENCE"])
    assert len(events) == 4  # the four meetings, and no announcement left beside them
    pack = read_page(out, "next/index.html").text
    assert "15 April 2024, 10:00 Announced at Third meeting" in pack  # as the calendar has it
    assert "Room 1" not in pack
    assert "Next meeting 15 April 2024 (agenda pack)" in read_page(out, "index.html").text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


def test_the_announcing_meeting_s_page_gives_the_day_a_postponed_next_meeting_stands_on(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April, 14:00 in Room 1; the meeting that holds it is
    published ahead for 15 April at 10:00 (postponed): the third meeting's page says what
    /next/ says, 15 April at 10:00, moved from 8 April, beside its agenda pack, and goes on
    saying so once that meeting has met; held on 8 April after all, it has not moved."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").rename(meetings / "2024-04-15-postponed.md")
    postponed = "content/meetings/2024-04-15-postponed.md"
    edit(site, postponed, "date: 2024-04-08\ndraft: true", "date: 2024-04-15\ntime: '10:00'")
    out = tmp_path / "out"
    third = "meetings/2024-03-11-third/index.html"
    build(site, out, capsys, monkeypatch)
    assert "15 April 2024, 10:00 Announced at Third meeting, moved from 8 April 2024." in (
        read_page(out, "next/index.html").text
    )
    page = read_page(out, third)
    assert "Next meeting: 15 April 2024, 10:00, moved from 8 April 2024 (agenda pack)" in page.text
    assert "8 April 2024, 14:00" not in page.text and "Room 1" not in page.text
    assert 'moved from <time datetime="2024-04-08">8 April 2024</time>' in (out / third).read_text()
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    build(site, out, capsys, monkeypatch, "1713268800")  # 16 April: it has met
    page = read_page(out, third)
    assert "Next meeting: 15 April 2024, 10:00, moved from 8 April 2024" in page.text
    assert "(agenda pack)" not in page.text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713268800")

    (meetings / "2024-04-15-postponed.md").rename(meetings / "2024-04-08-held.md")
    edit(site, "content/meetings/2024-04-08-held.md", "date: 2024-04-15", "date: 2024-04-08")
    build(site, out, capsys, monkeypatch, "1713268800")
    page = read_page(out, third)
    assert "Next meeting: 8 April 2024, 10:00" in page.text and "moved from" not in page.text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713268800")


def test_the_pack_and_home_page_link_the_meeting_published_ahead_that_holds_the_next(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; the meeting that holds it is published ahead for
    15 April (postponed): /next/ and the home page link its page, with its agenda, as they
    link a meeting published ahead that is the next with none announced; held on 8 April
    after all (published ahead for its day), they link it too, and say no move."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").rename(meetings / "2024-04-15-postponed.md")
    postponed = "content/meetings/2024-04-15-postponed.md"
    edit(
        site,
        postponed,
        "title: Not yet agreed\ndate: 2024-04-08\ndraft: true",
        "title: April meeting\ndate: 2024-04-15",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    pack = read_page(out, "next/index.html")
    assert (
        "Announced at Third meeting, moved from 8 April 2024. "
        "Published ahead of its day: April meeting. Agenda pack as of 11 March 2024." in pack.text
    )
    assert "../meetings/2024-04-15-postponed/" in pack.links
    home = read_page(out, "index.html")
    assert (
        "Next meeting 15 April 2024 (agenda pack), announced at Third meeting, moved from "
        "8 April 2024, published ahead: April meeting" in home.text
    )
    assert "meetings/2024-04-15-postponed/" in home.links
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    (meetings / "2024-04-15-postponed.md").rename(meetings / "2024-04-08-april.md")
    edit(site, "content/meetings/2024-04-08-april.md", "date: 2024-04-15", "date: 2024-04-08")
    build(site, out, capsys, monkeypatch)
    pack = read_page(out, "next/index.html")
    assert (
        "Announced at Third meeting. Published ahead of its day: April meeting. Agenda pack"
        in pack.text
    )
    assert "../meetings/2024-04-08-april/" in pack.links
    assert (
        "Next meeting 8 April 2024 (agenda pack), announced at Third meeting, published "
        "ahead: April meeting" in read_page(out, "index.html").text
    )
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


def test_a_meeting_published_ahead_links_its_agenda_pack_while_it_is_the_next(
    tmp_path, capsys, monkeypatch
):
    """The meeting published ahead for 15 April holds the next meeting the third meeting
    announced (postponed), or, the announcement taken out, is itself the next: its own page
    links /next/ ("its agenda pack"), as the announcing meeting's does, until it has met."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").rename(meetings / "2024-04-15-postponed.md")
    postponed = "content/meetings/2024-04-15-postponed.md"
    edit(site, postponed, "date: 2024-04-08\ndraft: true", "date: 2024-04-15")
    out = tmp_path / "out"
    page = "meetings/2024-04-15-postponed/index.html"
    pack = '(<a href="../../next/">agenda pack</a>)'
    build(site, out, capsys, monkeypatch)
    assert "This is the next meeting (agenda pack)" in read_page(out, page).text
    assert pack in (out / page).read_text()
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    third = "content/meetings/2024-03-11-third.md"
    # announced again for 22 April, after it: it holds no announcement, and is not the next
    edit(site, third, "next_meeting: {date: 2024-04-08", "next_meeting: {date: 2024-04-22")
    build(site, out, capsys, monkeypatch)
    assert "(agenda pack)" not in (out / page).read_text()
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)
    edit(site, third, "next_meeting: {date: 2024-04-22", "next_meeting: {date: 2024-04-08")

    edit(
        site,
        third,
        "next_meeting: {date: 2024-04-08, time: '14:00', end: '15:00', location: Room 1}\n",
        "",
    )
    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March: published ahead, the next
    assert "This is the next meeting (agenda pack)" in read_page(out, page).text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")

    build(site, out, capsys, monkeypatch, "1713268800")  # 16 April: it has met
    assert "(agenda pack)" not in (out / page).read_text()
    assert "next/" not in read_page(out, page).text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713268800")


def test_an_extra_meeting_before_the_announced_day_leaves_it_and_announces_its_own(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; an extra one is published for 25 March and
    announces 22 April: until it meets, the calendar keeps both its event and the 8 April
    announcement, and /next/ is for the extra one, held first; once it has met, its own
    announcement moves that."""
    site = announced_site(tmp_path, timezone=False)
    hold_the_draft_on_25_march(site, announces="2024-04-22")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    events = _events((out / "meetings.ics").read_bytes().decode())
    assert events["meeting-2024-03-25-extra"]["DTSTART;VALUE=DATE"] == "20240325"
    assert events["next-meeting-2024-04-08"]["DTSTART"] == "20240408T140000"
    assert len(events) == 5
    assert "Next meeting 25 March 2024 Announced at Third meeting for 8 April 2024." in (
        read_page(out, "next/index.html").text
    )
    assert "Next meeting 25 March 2024 (agenda pack)" in read_page(out, "index.html").text

    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    events = _events((out / "meetings.ics").read_bytes().decode())
    assert events["next-meeting-2024-04-08"]["DTSTART;VALUE=DATE"] == "20240422"
    assert "next-meeting-2024-04-22" not in events and len(events) == 5
    pack = read_page(out, "next/index.html").text
    assert "22 April 2024 Announced at Not yet agreed" in pack
    assert "Next meeting 22 April 2024 (agenda pack)" in read_page(out, "index.html").text


def test_an_extra_meeting_announcing_another_day_moves_the_announced_event(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April, 14:00 in Room 1; an extra meeting held on 25 March
    announces 22 April instead: the calendar moves the announced event (its UID, a higher
    SEQUENCE) to 22 April rather than delete it and add another, and /next/ and the home page
    say 22 April, announced at the extra meeting. The meeting held on 22 April keeps it."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    hold_the_draft_on_25_march(site, "Extra meeting", announces="2024-04-22")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)  # 11 March: the extra meeting is ahead
    before = _events((out / "meetings.ics").read_bytes().decode())["next-meeting-2024-04-08"]
    assert (before["DTSTART"], before["SEQUENCE"]) == ("20240408T140000", "0")

    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    calendar = (out / "meetings.ics").read_bytes()
    moved = (
        "BEGIN:VEVENT\r\n"
        "SUMMARY:Next meeting of Minimal group\r\n"
        "DTSTART;VALUE=DATE:20240422\r\n"
        "DTSTAMP:20240325T000000Z\r\n"
        "UID:next-meeting-2024-04-08@example.org/group\r\n"
        "SEQUENCE:1\r\n"
        "DESCRIPTION:Announced at “Extra meeting”.\r\n"
        "URL:https://example.org/group/next/\r\n"
        "END:VEVENT\r\n"
    ).encode()
    assert calendar.endswith(moved + b"END:VCALENDAR\r\n")
    assert b"next-meeting-2024-04-22" not in calendar
    assert len(_events(calendar.decode())) == 5  # four meetings and the one announced
    pack = read_page(out, "next/index.html")
    assert "22 April 2024 Announced at Extra meeting" in pack.text
    assert "../meetings/2024-03-25-extra/" in pack.links
    assert "Next meeting 22 April 2024 (agenda pack)" in read_page(out, "index.html").text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")

    (meetings / "2024-04-22-held.md").write_text(
        "---\ntitle: Held as moved\ndate: 2024-04-22\n---\nWe met.\n"
    )
    build(site, out, capsys, monkeypatch, "1713830400")  # 23 April 2024
    events = _events((out / "meetings.ics").read_bytes().decode())
    held = events["next-meeting-2024-04-08"]
    assert (held["SUMMARY"], held["DTSTART;VALUE=DATE"]) == ("Held as moved", "20240422")
    assert int(held["SEQUENCE"]) > 1
    assert "meeting-2024-04-22-held" not in events and len(events) == 5
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713830400")


def test_an_extra_meeting_announcing_nothing_leaves_the_announcement_standing(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; an extra one held on 25 March announces nothing:
    the calendar keeps the 8 April event, the home page and /next/ still say 8 April, as the
    third meeting announced it. The meeting held instead on 15 April takes its UID."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    hold_the_draft_on_25_march(site)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    announced = events["next-meeting-2024-04-08"]
    assert announced.decoded("dtstart") == datetime(2024, 4, 8, 14, 0)
    assert str(announced["description"]) == "Announced at “Third meeting”."
    pack = read_page(out, "next/index.html").text
    assert "8 April 2024, 14:00 to 15:00, Room 1 Announced at Third meeting" in pack
    assert "Next meeting 8 April 2024 (agenda pack)" in read_page(out, "index.html").text

    (meetings / "2024-04-15-held.md").write_text(
        "---\ntitle: Held late\ndate: 2024-04-15\ntime: '10:00'\n---\nWe met.\n"
    )
    build(site, out, capsys, monkeypatch, "1713225600")  # 16 April 2024
    calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    held = events["next-meeting-2024-04-08"]
    assert (str(held["summary"]), held.decoded("dtstart")) == (
        "Held late",
        datetime(2024, 4, 15, 10, 0),
    )
    assert held["sequence"] > announced["sequence"]
    assert "meeting-2024-04-15-held" not in events and len(events) == 5
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713225600")


def test_a_later_announcement_of_another_day_moves_the_one_before_it_in_a_rebuild(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; extra meetings on 25 March and 1 April announce
    nothing, so the meeting held on 15 April takes its UID. Once the 25 March one is edited
    to announce 22 April, the announced event moves there and the 15 April meeting has an
    event of its own, as a fresh build has it."""
    site = announced_site(tmp_path, timezone=False)
    meetings = site / "content/meetings"
    (meetings / "2024-04-08-draft.md").unlink()
    for day, title in [("2024-03-25", "Extra"), ("2024-04-01", "Another"), ("2024-04-15", "Late")]:
        (meetings / f"{day}-{title.lower()}.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\n---\nMet.\n"
        )
    out = tmp_path / "out"

    def events() -> dict[str, icalendar.Event]:
        calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
        return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}

    def uids() -> set[str]:
        return set(events())

    build(site, out, capsys, monkeypatch, "1713225600")  # 16 April 2024
    assert "next-meeting-2024-04-08" in uids() and "meeting-2024-04-15-late" not in uids()
    edit(site, EXTRA, "date: 2024-03-25\n", "date: 2024-03-25\nnext_meeting: 2024-04-22\n")
    build(site, out, capsys, monkeypatch, "1713225600")
    assert "next-meeting-2024-04-22" not in uids() and "meeting-2024-04-15-late" in uids()
    assert events()["next-meeting-2024-04-08"].decoded("dtstart") == date(2024, 4, 22)
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1713225600")


def test_a_meeting_published_ahead_is_listed_as_upcoming_until_its_day(
    tmp_path, capsys, monkeypatch
):
    """The home page and its theme's page list a meeting published ahead of its day first,
    saying beside its date that it has not been held yet; on its day the words go (a rebuild
    then equals a fresh build)."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-04-08-draft.md",
        "draft: true",
        "themes: [permission-to-engage]",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    for page in ("index.html", "themes/permission-to-engage/index.html"):
        raw = (out / page).read_text().split('<ol class="meeting-list">')[1]
        ahead, held = raw.split("Not yet agreed</a>")[1], raw.split("Third meeting</a>")[1]
        assert ahead.split("</p>")[0].endswith(
            '<time datetime="2024-04-08">8 April 2024</time> (upcoming: not held yet)'
        ), page
        assert held.split("</p>")[0].endswith("11 March 2024</time>"), page
        assert "Not yet agreed 8 April 2024 (upcoming: not held yet)" in read_page(out, page).text

    on_the_day = "1712534400"  # 8 April 2024
    build(site, out, capsys, monkeypatch, on_the_day)
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, on_the_day)
    for page in ("index.html", "themes/permission-to-engage/index.html"):
        assert "upcoming" not in (out / page).read_text(), page


AGENDA_BODY = (
    "A short third meeting.\n\n"
    "## Agenda for 8 April\n\n"
    "1. Report back from [the kick-off](2024-01-15-kick-off.md)\n"
    "2. The FAQ, *if ready*\n\n"
    "### Papers\n\nThe [theme note](../themes/permission-to-engage.md).\n\n"
    "## Afterwards\n\nTea in the usual place.\n"
)


def test_the_pack_opens_with_the_announcing_meeting_s_written_agenda(tmp_path, capsys, monkeypatch):
    """A section headed "Agenda…" in the body of the meeting that announced the next one is
    the first thing on the pack, as its page shows it (its list, its subheadings), with its
    links leading where they do on that page, and no further than the next heading of its
    level; a pack whose announcing meeting has none shows no agenda section."""
    site = announced_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    assert 'class="pack-agenda' not in (out / "next/index.html").read_text()
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", AGENDA_BODY)
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    meeting_raw = (out / "meetings/2024-03-11-third/index.html").read_text()
    section = pack_agenda(raw)
    heading = '<h2 id="h-agenda-for-8-april">Agenda for 8 April</h2>'
    assert heading in section and heading in meeting_raw
    assert "<li>The FAQ, <em>if ready</em></li>" in section
    assert '<h3 id="h-papers">Papers</h3>' in section
    assert "Afterwards" not in section and "Tea in the usual place" not in raw
    page = read_page(out, "next/index.html")
    assert page.text.index("Agenda for 8 April") < page.text.index("Reporting back")
    assert "../meetings/2024-01-15-kick-off/" in page.links  # as ../../meetings/… on its page
    assert "../themes/permission-to-engage/" in page.links
    assert "Report back from the kick-off" in page.text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


AHEAD = "content/meetings/2024-04-08-draft.md"


def published_ahead_as_new_meeting_wrote_it(tmp_path: Path) -> tuple[Path, str]:
    """The announced site with its next meeting's file published ahead, its text the line
    `new meeting` writes; the site and that file's path."""
    site = announced_site(tmp_path)
    edit(site, AHEAD, "draft: true", "draft: false")
    body = (site / AHEAD).read_text().split("---\n", 2)[2]
    edit(site, AHEAD, body, "What the group discussed.\n")
    return site, AHEAD


def agenda_written_ahead(
    tmp_path: Path, capsys, monkeypatch, agenda: str
) -> tuple[Path, str, Path]:
    """The site published ahead as `new meeting` wrote it, built (the pack shows no agenda),
    then the meeting's text made `agenda` and built again: the site, the meeting's file and
    the output."""
    site, ahead = published_ahead_as_new_meeting_wrote_it(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    assert 'class="pack-agenda' not in (out / "next/index.html").read_text()
    edit(site, ahead, "What the group discussed.\n", agenda)
    build(site, out, capsys, monkeypatch)
    return site, ahead, out


def pack_agenda(raw: str) -> str:
    """The agenda section of the pack's HTML, from its attributes on."""
    return raw.split('<section class="pack-agenda prose"')[1].split("</section>")[0]


def test_the_pack_shows_the_agenda_of_the_meeting_published_ahead_that_holds_the_next(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; that meeting's own file, published ahead, holds
    it and writes its agenda: the pack shows that agenda first (the announcing meeting has
    none), and follows an edit to it in a rebuild as a fresh build has it; with none of its
    own, the pack shows the announcing meeting's."""
    site, ahead, out = agenda_written_ahead(
        tmp_path, capsys, monkeypatch, "## Agenda\n\n1. Room booking\n2. The FAQ, *if ready*\n"
    )
    raw = (out / "next/index.html").read_text()
    section = pack_agenda(raw)
    assert '<h2 id="h-agenda">Agenda</h2>' in section
    assert "<li>The FAQ, <em>if ready</em></li>" in section
    page = read_page(out, "next/index.html")
    assert page.text.index("Room booking") < page.text.index("Reporting back")
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    edit(site, ahead, "2. The FAQ", "2. Budget for the hall\n3. The FAQ")
    build(site, out, capsys, monkeypatch)  # with the cache: the pack reads the meeting's text
    assert "<li>Budget for the hall</li>" in (out / "next/index.html").read_text()
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", AGENDA_BODY)
    build(site, out, capsys, monkeypatch)  # both wrote one: the meeting's own comes first
    raw = (out / "next/index.html").read_text()
    assert "Budget for the hall" in raw and "Agenda for 8 April" not in raw
    edit(site, ahead, "## Agenda\n", "## Notes\n")
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    assert "Agenda for 8 April" in raw and "Budget for the hall" not in raw
    assert 'id="agenda-heading"' not in raw  # the announcing meeting's agenda is headed
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


def test_an_agenda_written_under_a_lower_heading_opens_the_pack_s_outline_at_its_level(
    tmp_path, capsys, monkeypatch
):
    """An agenda headed `### Agenda` (under a heading of the meeting's own) is the pack's
    second level, as its other parts are, its subheadings moved up with it: no level of the
    outline is skipped after the page's heading."""
    site = announced_site(tmp_path)
    body = "## Next time\n\n### Agenda\n\n1. Room booking\n\n#### Papers\n\nThe survey.\n"
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", body)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    section = pack_agenda(raw)
    assert '<h2 id="h-agenda">Agenda</h2>' in section
    assert '<h3 id="h-papers">Papers</h3>' in section
    assert "Next time" not in section
    meeting = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert '<h3 id="h-agenda">Agenda</h3>' in meeting  # as written, on the meeting's page


def test_the_pack_shows_the_whole_text_of_the_meeting_published_ahead_as_its_agenda(
    tmp_path, capsys, monkeypatch
):
    """The next meeting's file, published ahead, is its agenda: with no "Agenda" heading of
    its own (nor one in the announcing meeting's text), the pack shows its whole text under
    an "Agenda" heading of the pack's, its headings one level down to fit under it; the line
    `new meeting` wrote is no agenda, and the pack shows none."""
    site, _, out = agenda_written_ahead(
        tmp_path,
        capsys,
        monkeypatch,
        "1. Room booking\n2. The FAQ\n\n## Papers\n\n### The survey\n\nRead it first.\n",
    )
    raw = (out / "next/index.html").read_text()
    section = pack_agenda(raw)
    heading = ' aria-labelledby="agenda-heading">\n<h2 id="agenda-heading">Agenda</h2>\n<ol>'
    assert section.startswith(heading)
    assert '<h3 id="h-papers">Papers</h3>' in section
    assert '<h4 id="h-the-survey">The survey</h4>' in section
    page = read_page(out, "next/index.html")
    assert page.text.index("Room booking") < page.text.index("Reporting back")
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


def test_on_a_site_in_another_language_the_packs_own_agenda_heading_is_read_as_english(
    tmp_path, capsys, monkeypatch
):
    """On a Welsh site the "Agenda" heading the pack puts over a meeting's whole text,
    nominutes' word, is marked English inside the members' agenda, which stays Welsh."""
    site, _, out = agenda_written_ahead(
        tmp_path, capsys, monkeypatch, "1. Archebu ystafell\n2. Yr arolwg\n"
    )
    with (site / "site.yml").open("a") as settings:
        settings.write("language: cy\n")
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    heading = '<h2 id="agenda-heading" lang="en">Agenda</h2>'
    assert pack_agenda(raw).startswith(f' lang="cy" aria-labelledby="agenda-heading">\n{heading}')
    said = text_by_language(raw)
    assert (said["Agenda"], said["Archebu ystafell"]) == ("en", "cy")


def test_the_pack_and_home_page_say_the_day_a_moved_next_meeting_moved_from(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April. Moved by an extra meeting held on 25 March that
    announces 22 April, /next/ and the home page say it moved from 8 April (a rebuild as a
    fresh build has it), as they do when the meeting published ahead that holds it is dated
    after that day (postponed); announced again for its own day, it has not moved."""
    site = announced_site(tmp_path)
    meetings = site / "content/meetings"
    hold_the_draft_on_25_march(site, "Extra meeting", announces="2024-04-22")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)  # 11 March: the extra meeting is ahead
    assert "moved from" not in read_page(out, "next/index.html").text
    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    pack = read_page(out, "next/index.html").text
    assert "22 April 2024 Announced at Extra meeting, moved from 8 April 2024. Agenda" in pack
    raw = (out / "next/index.html").read_text()
    assert 'moved from <time datetime="2024-04-08">8 April 2024</time>' in raw
    home = read_page(out, "index.html").text
    assert (
        "Next meeting 22 April 2024 (agenda pack), announced at Extra meeting, "
        "moved from 8 April 2024" in home
    )
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")

    edit(site, EXTRA, "next_meeting: 2024-04-22", "next_meeting: 2024-04-08")  # as first announced
    build(site, out, capsys, monkeypatch, "1711411200")
    assert "moved from" not in read_page(out, "next/index.html").text
    assert "moved from" not in read_page(out, "index.html").text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")

    # postponed: the meeting that holds it is published ahead, a week after the day announced
    (meetings / "2024-04-15-postponed.md").write_text(
        "---\ntitle: Postponed\ndate: 2024-04-15\n---\nWritten ahead.\n"
    )
    edit(site, EXTRA, "next_meeting: 2024-04-08\n", "")
    build(site, out, capsys, monkeypatch, "1711411200")
    pack = read_page(out, "next/index.html").text
    assert "Next meeting 15 April 2024, 14:00 to 15:00 BST, Room 1" in pack
    assert "Announced at Third meeting, moved from 8 April 2024." in pack
    assert "moved from 8 April 2024" in read_page(out, "index.html").text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, "1711411200")


def test_a_next_meeting_edited_in_place_or_taken_out_is_what_the_calendar_shows(
    tmp_path, capsys, monkeypatch
):
    """Postponing by editing the latest meeting's `next_meeting` (README: without git's
    history the site cannot know the day it gave before): the calendar holds the one event,
    on the new day, none on the old; taking `next_meeting` out (cancelled, the date to be
    set) leaves no announced event, and the pack and home page say none is announced."""
    site = announced_site(tmp_path, timezone=False)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    third = "content/meetings/2024-03-11-third.md"
    edit(site, third, "next_meeting: {date: 2024-04-08", "next_meeting: {date: 2024-04-15")
    build(site, out, capsys, monkeypatch)
    events = _events((out / "meetings.ics").read_bytes().decode())
    # (the kick-off's announcement of 12 February is held by that day's meeting's event)
    announced = [uid for uid, e in events.items() if e["URL"].endswith("/next/")]
    assert announced == ["next-meeting-2024-04-15"]  # a new event: the UID is made from the day
    assert events["next-meeting-2024-04-15"]["DTSTART"] == "20240415T140000"
    assert "15 April 2024, 14:00 to 15:00, Room 1" in read_page(out, "next/index.html").text
    edit(
        site,
        third,
        "next_meeting: {date: 2024-04-15, time: '14:00', end: '15:00', location: Room 1}\n",
        "",
    )
    build(site, out, capsys, monkeypatch)
    events = _events((out / "meetings.ics").read_bytes().decode())
    assert not [uid for uid, e in events.items() if e["URL"].endswith("/next/")]
    assert len(events) == 3  # the three meetings, with no announcement beside them
    assert "No next meeting has been announced yet." in read_page(out, "next/index.html").text
    assert "Next meeting Not announced yet" in read_page(out, "index.html").text
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)


def published_ahead_site(root: Path) -> Path:
    """The minimal site whose latest meeting held (11 March 2024) gives no `next_meeting` and
    raises ask-legal (due 1 April), with the meeting of 8 April published ahead of its day
    (its draft mark deleted), at 18:00 in Room 2, and another on 15 April."""
    site = copy_site("minimal", root / "site")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\n"
        "actions:\n"
        "  - {id: ask-legal, title: Ask legal about FOI, owner: Grace, due: 2024-04-01}\n",
    )
    edit(
        site,
        "content/meetings/2024-04-08-draft.md",
        "draft: true",
        "time: '18:00'\nlocation: Room 2",
    )
    (site / "content/meetings/2024-04-15-later.md").write_text(
        "---\ntitle: Later meeting\ndate: 2024-04-15\n---\nThe meeting after.\n"
    )
    return site


def test_a_meeting_published_ahead_is_the_next_when_none_is_announced(
    tmp_path, capsys, monkeypatch
):
    """No `next_meeting` stands, and on 20 March two meetings are published ahead of their
    day (within four weeks): the earliest is the next meeting, on the home page's glance and
    /next/ (its own date, time and place, with what falls due by it), and it is the
    calendar's one event for it; on its day it is the latest, and the one after it is the
    next (a rebuild equals a fresh one)."""
    site = published_ahead_site(tmp_path)
    out = tmp_path / "out"
    after_the_third = "1710892800"  # 20 March 2024
    build(site, out, capsys, monkeypatch, after_the_third)
    home = read_page(out, "index.html")
    assert "Next meeting 8 April 2024 (agenda pack), published ahead: Not yet agreed" in home.text
    assert "Not announced yet" not in home.text and "announced at" not in home.text
    assert "The next meeting's agenda pack" in home.text
    assert "meetings/2024-04-08-draft/" in home.links
    pack = read_page(out, "next/index.html")
    assert "8 April 2024, 18:00, Room 2 Published ahead of its day: Not yet agreed." in pack.text
    assert "No next meeting has been announced" not in pack.text
    assert "../meetings/2024-04-08-draft/" in pack.links
    assert "due-heading" in pack.ids
    assert "2 actions are due by this meeting, listed by owner; 1 of them is overdue." in pack.text
    assert "Ask legal about FOI" in pack.text and "Write guidance on engaging online" in pack.text
    events = _events((out / "meetings.ics").read_bytes().decode())
    assert not [uid for uid, e in events.items() if e["URL"].endswith("/next/")]
    assert [e["DTSTART"] for e in events.values() if e["SUMMARY"] == "Not yet agreed"] == [
        "20240408T180000"
    ]
    assert len(events) == 5  # the five meetings, and no announced event beside them
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, after_the_third)

    on_the_day = "1712592000"  # 8 April 2024
    build(site, out, capsys, monkeypatch, on_the_day)
    assert_as_a_fresh_build(site, out, capsys, monkeypatch, on_the_day)
    home = read_page(out, "index.html")
    assert "Latest meeting Not yet agreed, 8 April 2024" in home.text
    assert "Next meeting 15 April 2024 (agenda pack), published ahead: Later meeting" in home.text
    assert (
        "15 April 2024 Published ahead of its day: Later meeting."
        in read_page(out, "next/index.html").text
    )


def test_a_meeting_published_more_than_four_weeks_ahead_is_still_the_next_and_warned_of(
    tmp_path, capsys, monkeypatch
):
    """With no announcement standing, a meeting published ahead for 13 May, nine weeks after
    the build date (11 March), is warned of and published: the home page's glance names it as
    the next meeting, as the list below it does, and /next/ is its pack."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings/2024-05-13-may.md").write_text(
        "---\ntitle: May meeting\ndate: 2024-05-13\ntime: '18:00'\nlocation: Room 2\n---\n"
        "Our agenda.\n"
    )
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert any(
        line.startswith(
            "content/meetings/2024-05-13-may.md:3:7: warning: dated 13 May 2024, 2 months after"
        )
        for line in run.problem_lines
    ), run.problem_lines
    home = read_page(out, "index.html")
    assert "Next meeting 13 May 2024 (agenda pack), published ahead: May meeting" in home.text
    assert "Not announced yet" not in home.text
    assert "meetings/2024-05-13-may/" in home.links
    pack = read_page(out, "next/index.html")
    assert "13 May 2024, 18:00, Room 2 Published ahead of its day: May meeting." in pack.text
    assert "No next meeting has been announced" not in pack.text


def test_a_meeting_published_ahead_opens_its_pack_with_its_own_written_agenda(
    tmp_path, capsys, monkeypatch
):
    """The next meeting, published ahead with no announcement standing, is its own agenda:
    a section headed "Agenda…" in its text opens the pack."""
    site = published_ahead_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-04-08-draft.md",
        "Draft text that must not be published.",
        "## Agenda\n\n1. The FAQ\n2. Room bookings\n",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    raw = (out / "next/index.html").read_text()
    section = pack_agenda(raw)
    assert "<li>The FAQ</li>" in section and "<li>Room bookings</li>" in section


def test_a_meeting_published_ahead_before_the_announced_day_is_the_next_on_the_pack(
    tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; an extra meeting is published ahead for 25 March,
    at 09:30. The group meets then first: /next/ gives its day and time, says the day the
    third announced, links it and its agenda, and lists what is due by 25 March, not by 8
    April, as the third's email and the home page say; its page links the pack. Once it has
    met, the pack is for 8 April again."""
    site = announced_site(tmp_path, timezone=False)
    hold_the_draft_on_25_march(site, "Extra")
    edit(site, EXTRA, "date: 2024-03-25", "date: 2024-03-25\ntime: '09:30'")
    edit(site, EXTRA, "\n---\n", "\n---\n## Agenda\n\nThe consultation.\n")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    pack = read_page(out, "next/index.html")
    assert (
        "Next meeting 25 March 2024, 09:30 Announced at Third meeting for 8 April 2024. "
        "Published ahead of its day: Extra. Agenda pack as of 11 March 2024." in pack.text
    )
    html = (out / "next/index.html").read_text()
    assert 'for <time datetime="2024-04-08">8 April 2024</time>.' in html
    assert "../meetings/2024-03-25-extra/" in pack.links
    assert "Agenda The consultation." in pack.text
    assert "Draft an FAQ" in pack.text  # due 20 March
    assert "Ask legal about FOI" not in pack.text  # due 1 April: on the pack's 8 April list
    home = read_page(out, "index.html").text
    assert (
        "Next meeting 25 March 2024 (agenda pack), announced at Third meeting for 8 April "
        "2024, published ahead: Extra" in home
    )
    extra = read_page(out, "meetings/2024-03-25-extra/index.html").text
    assert "This is the next meeting (agenda pack)" in extra
    assert_as_a_fresh_build(site, out, capsys, monkeypatch)

    build(site, out, capsys, monkeypatch, "1711411200")  # 26 March 2024
    pack = read_page(out, "next/index.html").text
    assert "Next meeting 8 April 2024, 14:00 to 15:00, Room 1 Announced at Third meeting. " in pack
    assert "Ask legal about FOI" in pack


def test_a_title_ending_in_a_question_mark_ends_the_pack_s_sentence_without_a_full_stop(
    tmp_path, capsys, monkeypatch
):
    """The meeting that announced the next is called "Where now?" and the meeting published
    ahead that holds it "What next?": each ends its sentence on the pack with its own question
    mark, no full stop after it ("What next?." reads as a slip); a title without one is given
    one, as before."""
    site = announced_site(tmp_path, timezone=False)
    edit(site, "content/meetings/2024-03-11-third.md", "title: Third meeting", "title: Where now?")
    edit(
        site,
        "content/meetings/2024-04-08-draft.md",
        "title: Not yet agreed\ndate: 2024-04-08\ndraft: true",
        "title: What next?\ndate: 2024-04-08",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    pack = read_page(out, "next/index.html")
    assert (
        "Announced at Where now? Published ahead of its day: What next? "
        "Agenda pack as of 11 March 2024." in pack.text
    )
    assert "?." not in pack.text
    edit(site, "content/meetings/2024-04-08-draft.md", "title: What next?", "title: April")
    build(site, out, capsys, monkeypatch)
    assert (
        "Published ahead of its day: April. Agenda pack" in read_page(out, "next/index.html").text
    )
