"""serve's new meeting file: the indexes followed from the last ones (`with_appended`) are
the ones cross-referencing the whole site gives, field by field and in order."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from generator.content.crossref import (
    Action,
    Indexes,
    crossref,
    indexes_from_cache,
    indexes_to_cache,
    overdue_after,
    overdue_at_last,
    with_appended,
)
from generator.content.load import load_site
from generator.content.model import (
    ActionEntry,
    BuildOptions,
    DecisionEntry,
    Location,
    Meeting,
    Site,
    Status,
)
from generator.content.review import review, reviewed
from generator.make import assemble_model, make_site
from generator.serve import incremental
from generator.serve.server import DevServer
from generator.site import render
from generator.site.pages import build_pages, handed_on_after, handed_on_of
from tests.conftest import copy_site, shown_otherwise

OWNERS = ("Ann", "Bo", "Cy", "Di")
THEMES = ("t1", "t2", "t3", "t4", "t5", "t6", "t7")
PRINCIPLES = ("p1", "p2", "p3", "p4")
STATUSES = (None, None, *Status)


def in_order(indexes: Indexes) -> dict[str, Any]:
    """Every field of `indexes`, a mapping as its items in order."""
    found = {}
    for item in fields(indexes):
        value = getattr(indexes, item.name)
        found[item.name] = list(value.items()) if isinstance(value, dict) else value
    return found


def some(rng: random.Random, pool: tuple[str, ...], most: int) -> tuple[str, ...]:
    return tuple(rng.sample(pool, rng.randint(0, most)))


def a_day(rng: random.Random, around: date) -> date | None:
    return None if rng.random() < 0.3 else around + timedelta(days=rng.randint(-40, 60))


class Group:
    """Meetings made at random: actions raised and updated (closed, reopened, handed on,
    put off), decisions made and replaced, and now and then a mistake crossref reports."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.actions: list[str] = []
        self.decisions: list[str] = []
        self.day = date(2024, 1, 1)

    def meeting(self, number: int) -> Meeting:
        rng = self.rng
        if rng.random() > 0.1:  # now and then on the same day as the last
            self.day += timedelta(days=rng.randint(1, 20))
        path = f"content/meetings/{self.day}-m{number}.md"
        at = Location(path, 2, 3)
        raised = [f"a{number}-{k}" for k in range(rng.choice((0, 0, 1, 2, 3)))]
        entries = [
            ActionEntry(
                a,
                f"Do {a}",
                some(rng, OWNERS, 2) if rng.random() < 0.8 else None,
                a_day(rng, self.day),
                rng.choice(STATUSES),
                some(rng, THEMES, 2) if rng.random() < 0.7 else None,
                None,
                at,
            )
            for a in raised
        ]
        for a in rng.sample(self.actions, min(len(self.actions), rng.randint(0, 4))):
            for _ in range(rng.choice((1, 1, 1, 2))):  # now and then twice
                entries.append(
                    ActionEntry(
                        a,
                        None,
                        some(rng, OWNERS, 2) if rng.random() < 0.3 else None,
                        a_day(rng, self.day) if rng.random() < 0.4 else None,
                        rng.choice(STATUSES),
                        None,
                        rng.choice((None, "Noted.")),
                        at,
                    )
                )
        if rng.random() < 0.04:  # a mistake: an action no meeting raised
            entries.append(ActionEntry("nobody-raised-it", None, None, None, None, None, None, at))
        if rng.random() < 0.04 and self.actions:  # a mistake: raised again
            again = rng.choice(self.actions)
            entries.append(ActionEntry(again, "Again", None, None, None, None, None, at))
        rng.shuffle(entries)
        made = []
        for k in range(rng.choice((0, 0, 1, 2))):
            target = rng.choice(self.decisions) if self.decisions and rng.random() < 0.4 else None
            made.append(
                DecisionEntry(
                    f"d{number}-{k}",
                    f"Decide {number}-{k}.",
                    None if rng.random() < 0.3 else some(rng, THEMES, 2),  # None: the meeting's
                    some(rng, PRINCIPLES, 2),
                    target,  # a mistake when it was replaced already
                    a_day(rng, self.day),
                    at,
                )
            )
        return Meeting(
            slug=f"{self.day}-m{number}",
            path=path,
            title=f"Meeting {number}",
            date=self.day,
            authors=(),
            summary=None,
            categories=(),
            themes=some(self.rng, THEMES, 3),
            principles=some(self.rng, PRINCIPLES, 2),
            actions=tuple(entries),
            next_meeting=None,
            draft=False,
            self_assessment=None,
            body="Notes.",
            body_line=5,
            date_at=at,
            decisions=tuple(made),
        )

    def kept(self, meeting: Meeting) -> None:
        """`meeting` is part of the site: later meetings may name what it raised and made."""
        self.actions += [e.id for e in meeting.actions if e.title is not None]
        self.decisions += [d.id for d in meeting.decisions]


def named_ids(
    named: Mapping[str, tuple[Action, ...]], meetings: Iterable[Meeting]
) -> dict[str, list[str]]:
    """The ids of the actions each of `meetings` leaves still overdue (`overdue_after`)."""
    return {m.slug: [a.id for a in named.get(m.slug, ())] for m in meetings}


def empty_site(tmp_path: Path, build_date: date) -> Site:
    source = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(source, tmp_path / "out", build_date)
    return replace(assemble_model(load_site(source), options).site, meetings=())


@pytest.mark.parametrize(("seed", "build_date"), [(1, date(2024, 6, 1)), (2, date(2030, 1, 1))])
def test_a_meeting_added_after_the_last_is_followed_as_crossref_finds_it(
    tmp_path: Path, seed: int, build_date: date
) -> None:
    """Meeting after meeting added, as serve follows them: each time the followed indexes
    are the whole site's, in every field and order; a meeting on the last one's day, or one
    with a mistake crossref reports, is not followed (the whole site is cross-referenced).
    The warnings, found again only for the records that are not the very same (`reviewed`
    given the last review), are every warning a review of the whole site finds."""
    group, site = Group(seed), empty_site(tmp_path, build_date)
    first = group.meeting(0)
    site = replace(site, meetings=(first,))
    indexes, problems = crossref(site)
    assert not problems
    group.kept(first)
    last_review = reviewed(site, indexes)
    followed = mistakes = same_day = kept = warned = overdue_seen = handed_moved = 0
    last_named = overdue_after(site.meetings, indexes.actions, 3)
    for number in range(1, 160):
        meeting = group.meeting(number)
        grown = replace(site, meetings=(*site.meetings, meeting))
        whole, problems = crossref(grown)
        found = with_appended(indexes, grown)
        if problems or meeting.date == site.meetings[-1].date:
            assert found is None, (number, problems)
            mistakes += bool(problems)
            same_day += not problems
            if problems:
                continue  # left out, as the meeting is until the mistake is mended
        else:
            assert found is not None, number
            assert in_order(found) == in_order(whole), number
            followed += 1
            # The actions each meeting leaves still overdue: the earlier meetings' as they
            # were, the new one's as serve finds them alone (`overdue_at_last`).
            named = overdue_after(grown.meetings, whole.actions, 3)
            assert named_ids(named, site.meetings) == named_ids(last_named, site.meetings)
            alone = overdue_at_last(grown.meetings, whole.actions, 3)
            assert alone == named.get(meeting.slug, ()), number
            overdue_seen += bool(alone)
            # The actions each name handed on, found again for the new meeting's alone.
            touched = {entry.id for entry in meeting.actions}
            handed = handed_on_after(handed_on_of(indexes.actions), found.action_by_id, touched)
            assert handed == handed_on_of(whole.actions), number
            handed_moved += handed != handed_on_of(indexes.actions)
        site, indexes = grown, found or whole
        last_named = overdue_after(site.meetings, indexes.actions, 3)
        again = reviewed(site, indexes, last_review)
        assert again.warnings == review(site, whole), number
        kept += sum(entry is last_review.actions.get(key) for key, entry in again.actions.items())
        kept += sum(e is last_review.meetings.get(key) for key, e in again.meetings.items())
        warned += len(again.warnings)
        last_review = again
        group.kept(meeting)
    assert followed > 100 and mistakes > 3 and same_day > 3, (followed, mistakes, same_day)
    assert kept > 5000 and warned > 1000, (kept, warned)
    assert overdue_seen > 20 and handed_moved > 20, (overdue_seen, handed_moved)
    assert any(len(a.history) > 3 for a in indexes.actions)  # updated again and again
    assert any(len(lineage) > 2 for lineage in indexes.lineage.values())


@pytest.mark.parametrize(("seed", "build_date"), [(4, date(2024, 6, 1)), (5, date(2030, 1, 1))])
def test_the_indexes_a_build_keeps_read_back_as_crossref_makes_them(
    tmp_path: Path, seed: int, build_date: date
) -> None:
    """The indexes a build keeps in its cache (`indexes_to_cache`, written and read as JSON)
    read back with the site's meetings (`indexes_from_cache`) as `crossref` made them, every
    field and order, each event's entry its meeting's very entry; and with every meeting
    renamed, its actions' titles and notes and its decisions' texts reworded, as `crossref`
    makes the renamed site's."""
    group, site = Group(seed), empty_site(tmp_path, build_date)
    for number in range(160):
        meeting = group.meeting(number)
        grown = replace(site, meetings=(*site.meetings, meeting))
        if not crossref(grown)[1]:  # (one with a mistake is left out, as the build stops)
            site = grown
            group.kept(meeting)
    indexes, problems = crossref(site)
    assert not problems and len(site.meetings) > 120
    kept = orjson.loads(orjson.dumps(indexes_to_cache(indexes, site)))
    again = indexes_from_cache(kept, site)
    assert in_order(again) == in_order(indexes)
    for action in again.actions:
        assert all(any(e.entry is a for a in e.meeting.actions) for e in action.history)
    renamed = replace(site, meetings=tuple(shown_otherwise(m) for m in site.meetings))
    assert in_order(indexes_from_cache(kept, renamed)) == in_order(crossref(renamed)[0])
    assert any(len(a.history) > 3 for a in indexes.actions)
    assert any(len(lineage) > 2 for lineage in indexes.lineage.values())


def test_a_meeting_not_after_the_last_or_on_another_site_is_not_followed(tmp_path: Path) -> None:
    group, site = Group(3), empty_site(tmp_path, date(2024, 6, 1))
    meetings = [group.meeting(n) for n in range(3)]
    site = replace(site, meetings=tuple(sorted(meetings, key=lambda m: m.date)))
    indexes, _ = crossref(replace(site, meetings=site.meetings[:2]))
    assert with_appended(indexes, site) is not None
    earlier = replace(site.meetings[2], date=site.meetings[0].date - timedelta(days=1))
    assert with_appended(indexes, replace(site, meetings=(*site.meetings[:2], earlier))) is None
    other = replace(site.meetings[0], title="Another record")
    changed = replace(site, meetings=(other, *site.meetings[1:]))
    assert with_appended(indexes, changed) is None
    assert (
        with_appended(indexes, replace(site, meetings=(*site.meetings, group.meeting(4)))) is None
    )


def written_meeting(rng: random.Random, number: int, day: date, group: dict[str, Any]) -> str:
    """A meeting file, drawn at random from what the group has raised and made so far (in
    `group`, updated), with no mistake in it."""
    actions: list[dict[str, Any]] = []
    for k in range(rng.choice((0, 1, 2))):
        action = {"id": f"n{number}-{k}", "title": f"Do {number}-{k}"}
        if rng.random() < 0.8:
            action["owner"] = rng.sample(OWNERS, rng.randint(1, 2))
        if rng.random() < 0.7:
            action["due"] = str(day + timedelta(days=rng.randint(-5, 40)))
        if rng.random() < 0.5:
            action["themes"] = rng.sample(MINIMAL_THEMES, 1)
        actions.append(action)
    earlier = [a for a in group["actions"] if group["raised on"].get(a, "") < str(day)]
    for known in rng.sample(earlier, min(len(earlier), rng.randint(0, 3))):
        update: dict[str, Any] = {"id": known, "status": rng.choice([s.value for s in Status])}
        if rng.random() < 0.3:
            update["owner"] = rng.choice(OWNERS)
        if rng.random() < 0.3:
            update["due"] = str(day + timedelta(days=rng.randint(1, 30)))
        if rng.random() < 0.5:
            update["note"] = "Noted."
        actions.append(update)
    decisions: list[dict[str, Any]] = []
    for k in range(rng.choice((0, 0, 1))):
        decision: dict[str, Any] = {"id": f"nd{number}-{k}", "text": f"Decide {number}-{k}."}
        if group["in force"] and rng.random() < 0.5:
            decision["supersedes"] = target = rng.choice(group["in force"])
            group["in force"].remove(target)
        if rng.random() < 0.4:
            decision["review"] = str(day + timedelta(days=rng.randint(10, 90)))
        if rng.random() < 0.7:  # else on the meeting's themes
            decision["themes"] = rng.sample(MINIMAL_THEMES, rng.randint(0, 2))
        decisions.append(decision)
    group["actions"] += [a["id"] for a in actions if "title" in a]
    group["raised on"].update((a["id"], str(day)) for a in actions if "title" in a)
    group["in force"] += [d["id"] for d in decisions]
    front = {
        "title": f"Meeting {number}",
        "date": str(day),
        "themes": rng.sample(MINIMAL_THEMES, rng.randint(1, 2)),
        "principles": rng.sample(MINIMAL_PRINCIPLES, rng.randint(0, 2)),
        "actions": actions,
        "decisions": decisions,
    }
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\nWhat was said at meeting {number}.\n"


MINIMAL_THEMES = ["foi-implications", "permission-to-engage"]
MINIMAL_PRINCIPLES = ["listen-first", "use-web-data"]


@pytest.mark.slow
# seed 7 reopens and closes actions in the middle of a closed list of several pages
@pytest.mark.parametrize(("seed", "followed_at_least"), [(5, 9), (7, 8)])
def test_serve_follows_meetings_added_after_the_last_as_a_full_build_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, followed_at_least: int
) -> None:
    """Meetings drawn at random, added one after another while serve runs: each update gives
    every file a full build gives, and keeps what listing every page gives (a meeting on the
    last one's day is not followed: serve lists every page). Two meetings and two actions a
    page, so that the lists serve keeps but for their first two pages have more."""
    followed: list[str] = []
    follow = incremental._pages_after_appended

    def counted(last, model, new, keys):  # type: ignore[no-untyped-def]
        followed.append(new.slug)
        return follow(last, model, new, keys)

    monkeypatch.setattr(incremental, "_pages_after_appended", counted)
    source = copy_site("minimal", tmp_path / "site")
    with (source / "site.yml").open("a") as settings:
        settings.write("actions_page_size: 2\n")
    options = BuildOptions(source, source / "_site", date(2024, 5, 1))
    dev = DevServer(options, "127.0.0.1", 0)
    assert dev.rebuild()
    rng, day = random.Random(seed), date(2024, 3, 11)
    group: dict[str, Any] = {
        "actions": ["live-policy-issue", "write-guidance"],
        "raised on": {},  # the actions raised here, with the day
        "in force": [],
    }
    try:
        for number in range(14):
            day += timedelta(days=rng.choice((0, 6, 13, 27)))
            relative = f"content/meetings/{day}-meeting-{number}.md"
            (source / relative).write_text(written_meeting(rng, number, day, group))
            assert dev.rebuild({relative}), dev.problems
            assert dev.last_rebuild == "incremental" and dev.last is not None
            pages, _ = render.unique_pages(build_pages(dev.last.model))
            assert dev.last.listed == incremental.listed(incremental.with_paths(pages))
            assert dev.files == make_site(replace(dev.options, cache=False)).files, number
    finally:
        dev.httpd.server_close()
    assert len(followed) >= followed_at_least, followed


def test_the_warnings_of_the_very_same_meetings_follow_what_changed_around_them(
    tmp_path: Path,
) -> None:
    """A meeting put back among the others (not after the last: cross-referenced whole)
    changes which later meeting an action was due by, while those later meetings are the
    very same records: `reviewed`, given the review of the site without it, still gives
    every warning a review of the whole site finds."""
    group, site = Group(5), empty_site(tmp_path, date(2030, 1, 1))
    meetings: list[Meeting] = []
    for number in range(60):
        meeting = group.meeting(number)
        grown = replace(site, meetings=(*meetings, meeting))
        if crossref(grown)[1] or (meetings and meeting.date == meetings[-1].date):
            continue
        meetings.append(meeting)
        group.kept(meeting)
    whole = replace(site, meetings=tuple(meetings))
    indexes, _ = crossref(whole)
    compared = moved = 0
    for left_out in range(1, len(meetings) - 1):
        without = replace(
            whole, meetings=whole.meetings[:left_out] + whole.meetings[left_out + 1 :]
        )
        before, problems = crossref(without)
        if problems:
            continue
        last = reviewed(without, before)
        again = reviewed(whole, indexes, last)
        assert again.warnings == review(whole, indexes), left_out
        compared += 1
        moved += again.warnings != last.warnings
    assert compared > 10 and moved > 5, (compared, moved)
    # Another build date: every meeting looked at again (one dated after it is warned of).
    earlier = replace(whole, settings=replace(whole.settings, build_date=date(2000, 1, 1)))
    earlier_indexes, _ = crossref(earlier)
    again = reviewed(earlier, earlier_indexes, reviewed(whole, indexes))
    assert again.warnings == review(earlier, earlier_indexes) != review(whole, indexes)


def test_serve_lists_a_closed_list_again_when_an_action_leaves_its_middle(tmp_path: Path) -> None:
    """A new meeting that reopens an action closed long ago and closes another: the closed
    list is cut into as many pages, but its later pages hold other actions now, so serve
    lists them again (as a full build makes them)."""
    source = copy_site("minimal", tmp_path / "site")
    with (source / "site.yml").open("a") as settings:
        settings.write("actions_page_size: 2\n")
    meetings = source / "content" / "meetings"

    def meeting(day: str, actions: str) -> str:
        (meetings / f"{day}-m.md").write_text(
            f"---\ntitle: Meeting of {day}\ndate: {day}\nthemes: [foi-implications]\n"
            f"actions:\n{actions}---\nNotes.\n"
        )
        return f"content/meetings/{day}-m.md"

    def closed(ids: str) -> str:
        return "".join(f"  - id: {i}\n    title: Do {i}\n    status: done\n" for i in ids.split())

    meeting("2024-05-01", closed("a1 a2"))
    meeting("2024-05-08", closed("a3 a4"))
    meeting("2024-05-15", closed("a5 a6"))
    meeting("2024-05-18", closed("a8 a9"))
    options = BuildOptions(source, source / "_site", date(2024, 7, 1))
    dev = DevServer(options, "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        reopened = "  - id: a1\n    status: open\n"
        edited = meeting("2024-05-22", reopened + closed("a7"))
        assert dev.rebuild({edited}), dev.problems
        assert dev.last_rebuild == "incremental"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
    finally:
        dev.httpd.server_close()


def test_serve_makes_again_the_archive_s_page_a_new_meeting_joins_and_keeps_the_others(
    tmp_path: Path,
) -> None:
    """A year of more meetings than an archive page holds (60): a new meeting after the last
    joins its year's last page, which serve makes again with the year's first (its count) and
    the archive's index; a meeting in a new year makes the pages of the year before it again
    (they link it). Each time, every file is a full build's."""
    source = copy_site("minimal", tmp_path / "site")
    meetings = source / "content" / "meetings"

    def meeting(day: date, title: str) -> str:
        (meetings / f"{day}-m.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\nthemes: [foi-implications]\n---\nNotes.\n"
        )
        return f"content/meetings/{day}-m.md"

    for number in range(61):
        meeting(date(2025, 1, 1) + timedelta(days=5 * number), f"Meeting {number}")
    dev = DevServer(BuildOptions(source, source / "_site", date(2026, 6, 1)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        before = dict(dev.files)
        assert "Meeting 60" in before["archive/2025/page/2/index.html"].decode()
        assert dev.rebuild({meeting(date(2025, 12, 30), "Closing the year")}), dev.problems
        assert dev.last_rebuild == "incremental"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        made = {p for p in dev.files if p.startswith("archive/") and dev.files[p] != before[p]}
        assert made == {
            "archive/index.html",
            "archive/2025/index.html",
            "archive/2025/page/2/index.html",
        }
        assert "Closing the year" in dev.files["archive/2025/page/2/index.html"].decode()
        before = dict(dev.files)
        assert dev.rebuild({meeting(date(2026, 1, 5), "Opening the new year")}), dev.problems
        assert dev.last_rebuild == "incremental"
        assert dev.files == make_site(replace(dev.options, cache=False)).files
        assert "Opening the new year" in dev.files["archive/2026/index.html"].decode()
        made = {p for p in before if p.startswith("archive/") and dev.files[p] != before[p]}
        assert made == {  # the year before links the new one
            "archive/index.html",
            "archive/2025/index.html",
            "archive/2025/page/2/index.html",
        }
    finally:
        dev.httpd.server_close()
