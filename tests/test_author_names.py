"""A meeting's authors checked against the names the site knows (its actions' owners, and
the authors other meetings name), as owners are checked against each other."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.content import validate
from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import copy_site, edit, run_cli, synthetic_site

KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
REPORTING = "content/meetings/2024-02-12-reporting-back.md"
THIRD = "content/meetings/2024-03-11-third.md"
JOINING = (  # how a warning about a name ends: one person may be written two ways
    "if they are one person written two ways in meetings you would rather not edit, add "
    "[{}] to same_people in site.yml"
)


def _author_lines(site: Path, capsys, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err  # a warning: the site still publishes
    return [line for line in run.problem_lines if "author '" in line]


def test_an_author_written_without_the_accent_an_owner_s_name_has_is_a_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    edit(minimal_site, KICK_OFF, "[Grace, Alan]", "[Siân Evans, Alan]")
    edit(minimal_site, REPORTING, "authors: [Ada Lovelace]", "authors: [Ada Lovelace, Sian Evans]")
    assert _author_lines(minimal_site, capsys, monkeypatch) == [
        f"{REPORTING}:4:25: warning: author 'Sian Evans' is written 'Siân Evans' elsewhere; "
        f"did you mean 'Siân Evans' ({KICK_OFF}:16)? write the name the same way everywhere; "
        + JOINING.format("Siân Evans, Sian Evans")
    ]


def test_an_author_a_letter_from_an_owner_or_a_more_usual_author_is_a_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    edit(minimal_site, KICK_OFF, "[Grace, Alan]", "[Grace Hopper, Alan]")
    edit(minimal_site, REPORTING, "authors: [Ada Lovelace]", "authors: [Grace Hoper, Ada Lovelace]")
    edit(
        minimal_site, THIRD, "title: Third meeting", "title: Third meeting\nauthors: [Ada Lovelce]"
    )
    assert _author_lines(minimal_site, capsys, monkeypatch) == [
        f"{REPORTING}:4:11: warning: author 'Grace Hoper' is one letter from an owner's name; "
        f"did you mean 'Grace Hopper' ({KICK_OFF}:16)? write the name the same way everywhere; "
        + JOINING.format("Grace Hopper, Grace Hoper"),
        f"{THIRD}:3:11: warning: author 'Ada Lovelce' is one letter from another author's "
        f"name; did you mean 'Ada Lovelace' ({KICK_OFF}:4)? write the name the same way "
        "everywhere; " + JOINING.format("Ada Lovelace, Ada Lovelce"),
    ]


def test_authors_written_as_the_site_writes_them_or_told_apart_are_no_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    edit(minimal_site, REPORTING, "authors: [Ada Lovelace]", "authors: [Ada Lovelace, Alan]")
    edit(minimal_site, THIRD, "title: Third meeting", "title: Third meeting\nauthors: [Dan Kim]")
    edit(minimal_site, KICK_OFF, "owner: All members", "owner: Dana Kim")
    edit(
        minimal_site,
        "site.yml",
        "history: false",
        "history: false\ndifferent_people: [[Dana Kim, Dan Kim]]",
    )
    assert _author_lines(minimal_site, capsys, monkeypatch) == []


def test_serve_warns_of_an_author_s_slip_as_a_build_does(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 12)), "127.0.0.1", 0)
    slip = (
        f"{REPORTING}:4:25: warning: author 'Grâce' is written 'Grace' elsewhere; did you mean "
        f"'Grace' ({KICK_OFF}:16)? write the name the same way everywhere; "
        + JOINING.format("Grace, Grâce")
    )
    try:
        assert dev.rebuild()
        for authors, warned in [("[Ada Lovelace, Grâce]", True), ("[Ada Lovelace, Grace]", False)]:
            text = (site / REPORTING).read_text()
            written = next(line for line in text.splitlines() if line.startswith("authors:"))
            edit(site, REPORTING, written, f"authors: {authors}")
            assert dev.rebuild({REPORTING})
            full = make_site(replace(dev.options, cache=False))
            assert dev.warnings == [str(p) for p in full.warnings]
            assert (slip in dev.warnings) == warned
            assert dev.files == full.files
    finally:
        dev.httpd.server_close()


def test_each_way_a_name_is_written_is_folded_once_however_many_meetings_write_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The authors' and owners' names are counted first and each spelling folded once, so
    the check of the names costs no more for a site that writes them ten times as often:
    serve checked them at every new meeting, folding each name of every meeting (0.03 s at
    ten thousand meetings). A slip is still found."""
    folded: list[str] = []
    fold = validate._folded

    def counted(name: str) -> str:
        folded.append(name)
        return fold(name)

    monkeypatch.setattr(validate, "_folded", counted)
    found = {}
    for count in (30, 90):
        site = synthetic_site(tmp_path / str(count), count)
        slip = f"content/meetings/{date(2000, 1, 4)}-meeting-1.md"
        edit(site, slip, "authors: [Author 1]", "authors: [author 1]")
        folded.clear()
        lines = _author_lines(site, capsys, monkeypatch)
        found[count] = len(folded)
        assert lines == [
            f"{slip}:4:11: warning: author 'author 1' is written 'Author 1' elsewhere; did you "
            f"mean 'Author 1' (content/meetings/{date(2000, 1, 9)}-meeting-6.md:4)? write the "
            "name the same way everywhere; " + JOINING.format("Author 1, author 1")
        ]
    assert found[90] == found[30], found
