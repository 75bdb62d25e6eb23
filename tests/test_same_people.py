"""site.yml's `same_people`: one person whose name meetings write two ways or more (`Sian
Evans` in old meetings, `Siân Evans` since; a name changed on marriage) is one person, under
the group's first name, everywhere the site names them."""

from __future__ import annotations

import email
import email.policy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import edit, run_cli, snapshot
from tests.htmlpage import read_page
from tests.test_next_pack import announced_site, pack_owners

KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
REPORTING = "content/meetings/2024-02-12-reporting-back.md"
THIRD = "content/meetings/2024-03-11-third.md"
JOINED = "same_people:\n  - [Siân Evans, Sian Evans]\n  - [Jo Smith, Jo Bloggs]\n"
EMAIL = (
    "email:\n  to: group@example.org\n  from: Minimal group <nominutes@example.org>\n"
    "  subject_prefix: '[Group] '\n"
)


def two_spellings(root: Path) -> Path:
    """The minimal site, its next meeting announced (`announced_site`), whose Siân Evans is
    written `Sian Evans` in some meetings and whose Jo Smith is `Jo Bloggs` in one: the
    kick-off gives write-guidance to [Siân Evans, Alan], the reporting-back names `Sian
    Evans` among its authors, and the third meeting raises ask-legal for `Sian Evans`,
    later-thing for `Siân Evans`, draft-faq for `Jo Bloggs` and book-room for `Jo Smith`."""
    site = announced_site(root)
    with (site / "site.yml").open("a") as settings:
        settings.write(EMAIL)
    edit(site, KICK_OFF, "[Grace, Alan]", "[Siân Evans, Alan]")
    edit(site, REPORTING, "authors: [Ada Lovelace]", "authors: [Ada Lovelace, Sian Evans]")
    edit(site, THIRD, "title: Third meeting", "title: Third meeting\nauthors: [Sian Evans]")
    edit(site, THIRD, "Ask legal about FOI, owner: Grace", "Ask legal about FOI, owner: Sian Evans")
    edit(site, THIRD, "for May, owner: Grace", "for May, owner: Siân Evans")
    edit(site, THIRD, "owner: Bob", "owner: Jo Bloggs")
    edit(site, THIRD, "owner: Zed", "owner: Jo Smith")
    return site


def joined(site: Path) -> None:
    with (site / "site.yml").open("a") as settings:
        settings.write(JOINED)


def build(site: Path, out: Path, capsys, monkeypatch, *extra: str):  # type: ignore[no-untyped-def]
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out), *extra], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    return run


def owner_pages(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "actions/by-owner").iterdir() if p.is_dir())


def test_without_same_people_one_person_written_two_ways_is_two_owners(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """What a group had before the setting: two owners' pages, one at an address ending
    `-2`, and a warning at each odd spelling."""
    site = two_spellings(tmp_path)
    run = build(site, tmp_path / "out", capsys, monkeypatch)
    assert owner_pages(tmp_path / "out") == [
        "alan",
        "all-members",
        "jo-bloggs",
        "jo-smith",
        "sian-evans",
        "sian-evans-2",
    ]
    assert any("owner 'Sian Evans' is written 'Siân Evans'" in line for line in run.problem_lines)


def test_two_spellings_joined_are_one_owner_at_one_address_under_the_first_name(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """With `same_people`, the tracker, its list of owners, the owner's page, each action's
    page, the agenda pack, the exports, the feeds, the meeting pages and the email give one
    person, under the first name of the group, at one address made from it; the warnings
    about the two spellings are gone, so the site publishes without them."""
    site = two_spellings(tmp_path)
    joined(site)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert not any("Sian" in line or "Jo " in line for line in run.problem_lines), run.err
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    assert owner_pages(out) == ["alan", "all-members", "jo-smith", "sian-evans"]

    owners = read_page(out, "actions/by-owner/index.html")
    assert "Siân Evans" in owners.text and "Jo Smith" in owners.text
    assert "Sian Evans" not in owners.text and "Jo Bloggs" not in owners.text
    assert "sian-evans/" in owners.links and "jo-smith/" in owners.links
    sian = read_page(out, "actions/by-owner/sian-evans/index.html")
    for title in ("Write guidance on engaging online", "Ask legal about FOI", "Something for May"):
        assert title in sian.text
    jo = read_page(out, "actions/by-owner/jo-smith/index.html")
    assert "Draft an FAQ" in jo.text and "Book a room" in jo.text

    tracker = (out / "actions/index.html").read_text()
    assert tracker.count('<a href="../actions/by-owner/sian-evans/">Siân Evans</a>') == 3
    assert "Sian Evans" not in tracker and "Jo Bloggs" not in tracker
    assert "Siân Evans" in read_page(out, "actions/ask-legal/index.html").text

    pack = (out / "next/index.html").read_text()
    assert pack_owners(pack) == ["Alan", "Siân Evans", "Jo Smith"]
    assert "Sian Evans" not in pack and "Jo Bloggs" not in pack

    exported = {
        a["id"]: a["owners"] for a in json.loads((out / "actions.json").read_text())["actions"]
    }
    assert exported["ask-legal"] == ["Siân Evans"]
    assert exported["draft-faq"] == ["Jo Smith"]
    assert "Sian Evans" not in (out / "actions.csv").read_text()

    for page in ("meetings/2024-02-12-reporting-back/index.html", "feed.xml", "actions.ics"):
        written = (out / page).read_text()
        assert "Siân Evans" in written and "Sian Evans" not in written, page
    assert "Sian Evans" not in "".join(
        path.read_text() for path in out.rglob("*.html") if "pagefind" not in path.parts
    )

    mail = tmp_path / "mail"
    args = ["email", "--source", str(site), "--meeting", "2024-03-11-third", "--dry-run"]
    sent = run_cli([*args, str(mail)], capsys, monkeypatch)
    assert sent.code == 0, sent.err
    message = email.message_from_bytes(
        (mail / "2024-03-11-third.eml").read_bytes(), policy=email.policy.default
    )
    text = message.get_body(("plain",)).get_content()
    assert "Siân Evans" in text and "Sian Evans" not in text and "Jo Bloggs" not in text


def test_an_action_owned_under_both_spellings_names_its_owner_once(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = two_spellings(tmp_path)
    joined(site)
    edit(site, KICK_OFF, "[Siân Evans, Alan]", "[Siân Evans, Sian Evans, Alan]")
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    exported = {
        a["id"]: a["owners"] for a in json.loads((out / "actions.json").read_text())["actions"]
    }
    assert exported["write-guidance"] == ["Siân Evans", "Alan"]


def test_the_spelling_warnings_say_how_to_join_two_spellings(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Followed, the warning's fix leaves no warning."""
    site = two_spellings(tmp_path)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (
        f"{THIRD}:9:56: warning: owner 'Sian Evans' is written 'Siân Evans' elsewhere "
        f"({KICK_OFF}:16); write the name the same way everywhere, or the tracker lists two "
        "people; if they are one person written two ways in meetings you would rather not "
        "edit, add [Siân Evans, Sian Evans] to same_people in site.yml"
    ) in run.problem_lines
    with (site / "site.yml").open("a") as settings:
        settings.write("same_people: [[Siân Evans, Sian Evans]]\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert not any("Sian" in line for line in run.problem_lines)


def site_yml_lines(site: Path, written: str, capsys, monkeypatch) -> tuple[int, list[str]]:
    """`check` of `site` with `written` added to its site.yml (at line 7 on): the exit code
    and the problems at site.yml."""
    with (site / "site.yml").open("a") as settings:
        settings.write(written)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    return run.code, [line for line in run.problem_lines if line.startswith("site.yml:")]


KEY = 7 + EMAIL.count("\n")  # the line of site.yml a test's setting is written from


@pytest.mark.parametrize(
    "written, code, expected",
    [
        (
            "same_people:\n  - [Siân Evans]\n  - []\n",
            1,
            [
                "{g0}:5: error: same_people item 1 names one name; list together the ways meetings "
                "write one person's name, the one to show first, e.g. [Siân Evans, Sian Evans]",
                "{g1}:5: error: same_people item 2 names no one; list together the ways meetings "
                "write one person's name, the one to show first, e.g. [Siân Evans, Sian Evans]",
            ],
        ),
        (
            "same_people:\n  - [Siân Evans, Siân Evans]\n",
            1,
            [
                "{g0}:5: error: same_people: [Siân Evans, Siân Evans] names one person; list "
                "with 'Siân Evans' the other ways meetings write their name, e.g. "
                "[Siân Evans, Sian Evans]",
                "{g0}:18: warning: same_people: 'Siân Evans' is listed twice in "
                "[Siân Evans, Siân Evans]; remove one",
            ],
        ),
        (
            "same_people:\n  - [Siân Evans, Sian Evans]\n  - [Jo Smith, Jo Bloggs, sian evans]\n",
            1,
            [
                "{g1}:27: error: same_people: 'sian evans' is in the group on line {n0} too as "
                "'Siân Evans'; a name is one person's: join the two groups, or remove it from one",
            ],
        ),
        (
            "same_people:\n  - [Siân Evans, Sian Evans]\n  - [Jo Smith, Jo Bloggs]\n"
            "different_people:\n  - [Alan, Jo Bloggs, Jo Smith]\n",
            1,
            [
                "{g1}:5: error: same_people: [Jo Smith, Jo Bloggs] says 'Jo Smith' and "
                "'Jo Bloggs' are one person, and different_people (line {n3}) that they are two: "
                "remove them from the one that is wrong",
            ],
        ),
        (
            "same_people: Siân Evans\n",
            1,
            [
                "{key}:14: error: same_people must be a list of groups of the ways one person's "
                "name is written, each group in brackets: same_people: [[Siân Evans, Sian Evans]]",
            ],
        ),
        (
            "same_people: [Siân Evans, Sian Evans]\n",
            1,
            [
                "{key}:14: error: same_people must be a list of groups of the ways one person's "
                "name is written, each group in brackets: write same_people: "
                "[[Siân Evans, Sian Evans]]",
            ],
        ),
        (
            "same_people:\n  - Siân Evans\n  - Sian Evans\n  - 'Evans, Siân'\n",
            1,
            [
                "{key}:1: error: same_people must be a list of groups of the ways one person's "
                "name is written, each group in brackets: write same_people: "
                '[[Siân Evans, Sian Evans, "Evans, Siân"]]',
            ],
        ),
        (
            "same_people:\n  - [Siân Evans, Sian Evans, Siân Evens]\n  - [Jo Smith, Jo Smyth]\n"
            "  - [Nobody Here, Nobody]\n",
            0,
            [
                "{g0}:30: warning: same_people: no meeting writes 'Siân Evens' as an owner or "
                "author: remove it",
                "{g1}:5: warning: same_people: [Jo Smith, Jo Smyth] joins no name a meeting writes "
                "to 'Jo Smith' (no meeting writes 'Jo Smyth' as an owner or author): remove it",
                "{g2}:5: warning: same_people: [Nobody Here, Nobody] joins no name a meeting "
                "writes to 'Nobody Here' (no meeting writes 'Nobody' as an owner or author): "
                "remove it",
            ],
        ),
    ],
    ids=[
        "one name",
        "one name twice",
        "a name in two groups",
        "joined and told apart",
        "a name, not a list",
        "one group, not a list of them",
        "one group, a name a line",
        "names no meeting writes",
    ],
)
def test_each_mistake_in_same_people_is_told_at_its_line_and_column(
    tmp_path: Path, capsys, monkeypatch, written: str, code: int, expected: list[str]
) -> None:
    """A group that names one person once, a name in two groups, two names a group joins
    and different_people tells apart, and a setting that is not a list of lists of names
    are errors at their place in site.yml; a name no meeting writes is a warning."""
    site = two_spellings(tmp_path)
    at = {"key": f"site.yml:{KEY}", "n0": KEY + 1, "n3": KEY + 4}
    at.update({f"g{n}": f"site.yml:{KEY + 1 + n}" for n in range(3)})
    expected = [line.format(**at) for line in expected]
    assert site_yml_lines(site, written, capsys, monkeypatch) == (code, expected)


def test_changing_same_people_rebuilds_as_a_fresh_build(tmp_path: Path, capsys, monkeypatch):
    """Each meeting the cache keeps validated names its people as site.yml joined them when
    it was kept: a build after same_people is added, changed or taken out makes what a build
    without a cache makes."""
    site = two_spellings(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    settings = (site / "site.yml").read_text()
    for now in (
        settings + JOINED,
        settings + "same_people:\n  - [Sian Evans, Siân Evans]\n",
        settings,
    ):
        (site / "site.yml").write_text(now)
        build(site, out, capsys, monkeypatch)
        build(site, tmp_path / "fresh", capsys, monkeypatch, "--no-cache")
        assert snapshot(out) == snapshot(tmp_path / "fresh"), now


def test_serve_follows_edits_under_same_people_as_a_full_build(tmp_path: Path) -> None:
    """serve's quick paths give the name the site shows, as a full build does: an author's
    or an owner's name written the other way, an action raised for it, and site.yml's
    same_people changed."""
    site = two_spellings(tmp_path)
    joined(site)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        for relative, old, new in [
            (REPORTING, "authors: [Ada Lovelace, Sian Evans]", "authors: [Siân Evans]"),
            (THIRD, "authors: [Sian Evans]", "authors: [Jo Bloggs, Sian Evans]"),
            (THIRD, "for May, owner: Siân Evans", "for May, owner: [Jo Bloggs, Sian Evans]"),
            (THIRD, "owner: Jo Smith", "owner: Jo Bloggs"),
            ("site.yml", "  - [Jo Smith, Jo Bloggs]\n", ""),
            ("site.yml", "[Siân Evans, Sian Evans]", "[Sian Evans, Siân Evans]"),
        ]:
            edit(site, relative, old, new)
            assert dev.rebuild({relative}), dev.problems
            assert dev.last_rebuild == ("full" if relative == "site.yml" else "incremental")
            full = make_site(replace(dev.options, cache=False))
            assert dev.files == full.files, new
            assert sorted(dev.warnings) == sorted(str(p) for p in full.warnings), new
        pages = {path.split("/")[2] for path in dev.files if path.startswith("actions/by-owner/")}
        assert pages == {"index.html", "alan", "all-members", "jo-bloggs", "sian-evans"}
        assert "Sian Evans" in dev.files["actions/by-owner/sian-evans/index.html"].decode()
    finally:
        dev.httpd.server_close()


def test_an_update_writing_the_other_spelling_hands_nothing_on(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An update that writes the owner's name the other way is no hand-over to someone else:
    the action's page says nothing was handed on, and no owner's page lists it as handed on."""
    site = two_spellings(tmp_path)
    joined(site)
    edit(
        site,
        REPORTING,
        "    status: in-progress",
        "    status: in-progress\n    owner: [Sian Evans, Alan]",
    )
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    action = read_page(out, "actions/write-guidance/index.html").text
    assert "Siân Evans" in action and "handed on" not in action
    assert owner_pages(out) == ["alan", "all-members", "jo-smith", "sian-evans"]
    assert "Handed on" not in read_page(out, "actions/by-owner/sian-evans/index.html").text


def test_a_meeting_with_an_error_leaves_the_joined_spellings_unwarned(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Beside an error, the owners' spellings are still checked in the same run: those
    same_people joins are still one person."""
    site = two_spellings(tmp_path)
    joined(site)
    edit(site, THIRD, "title: Third meeting", "title: Third meeting\ncategories: {a: b}")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert any("categories" in line for line in run.error_lines), run.err
    assert not any("Sian" in line or "Jo " in line for line in run.problem_lines), run.err
