"""`nominutes serve` over real HTTP on 127.0.0.1: pages, live reload, errors and path safety."""

from __future__ import annotations

import gzip
import html
import http.client
import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from watchdog.events import FileCreatedEvent

from generator.content import agenda
from generator.content import model as model_module
from generator.content.crossref import crossref, places_of, with_meeting
from generator.content.load import load_site
from generator.content.model import BuildOptions, Meeting, Site
from generator.engine.cache import BuildCache
from generator.errors import ContentError, Problem
from generator.make import assemble_model, make_site, page_model, render_bodies
from generator.scaffold.create import new_meeting
from generator.serve import incremental
from generator.serve.incremental import update_bodies, update_shown
from generator.serve.server import (
    EVENTS_PATH,
    HISTORY_CHANGED,
    RELOAD_SCRIPT,
    DevServer,
    _Watcher,
    serve,
)
from generator.serve.stored import SiteFiles, compress
from generator.site import calendars, exports, pages, render, urls
from generator.site.changes import changed_keys, key_values, shown_key_values
from generator.site.keys import ALWAYS
from generator.site.pages import PageModel, build_pages, pages_at
from tests.conftest import (
    copy_site,
    edit,
    git,
    run_cli,
    run_subprocess,
    shown_otherwise,
    synthetic_site,
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("minimal", tmp_path / "site")


@contextmanager
def previewing(site: Path, today: date, **options: Any) -> Iterator[DevServer]:
    """A preview server of `site` as on `today` (more `BuildOptions` in `options`), not
    started: the test calls its rebuilds itself; its socket is closed after."""
    dev = DevServer(BuildOptions(site, site / "_site", today, **options), "127.0.0.1", 0)
    try:
        yield dev
    finally:
        dev.httpd.server_close()


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    options = BuildOptions(site, site / "_site", date(2024, 3, 11))
    dev = DevServer(options, "127.0.0.1", 0)
    dev.start()
    yield dev
    dev.stop()


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def raw_get(server: DevServer, path: str) -> tuple[int, bytes]:
    """A request with the path sent exactly as written (urllib would normalise it)."""
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_until(check, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_pages_are_served_with_the_reload_script(server: DevServer) -> None:
    status, kind, body = fetch(server.url)
    assert status == 200 and kind.startswith("text/html")
    assert body.count("<script") == 2  # the site's own script and the reload script's file
    assert body.endswith('<script src="/__nominutes/reload.js"></script></body>\n</html>\n')
    status, kind, code = fetch(server.url + "__nominutes/reload.js")
    assert status == 200 and kind.startswith("text/javascript")
    assert f"new EventSource('{EVENTS_PATH}')" in code
    status, kind, _ = fetch(server.url + "static/style.css")
    assert status == 200 and kind.startswith("text/css")
    status, _, body = fetch(server.url + "meetings/2024-01-15-kick-off/")
    assert status == 200 and "Kick-off: first meeting" in body
    status, _, body = fetch(server.url + "meetings/2024-01-15-kick-off")
    assert status == 200 and "Kick-off: first meeting" in body  # redirected to the slash form


def test_the_build_output_never_contains_the_reload_script(server: DevServer) -> None:
    assert all(b"EventSource" not in data for data in server.files.values())


def test_the_search_page_says_search_is_built_by_build_not_while_previewing(
    server: DevServer, site: Path
) -> None:
    """serve builds no search index: its search page says so, rather than that the site was
    built without one; a site `build` made still has the search box."""
    status, _, body = fetch(server.url + "search/")
    text = " ".join(re.sub(r"<[^>]+>", "", body).split())
    assert status == 200
    assert (
        "Search is not built while previewing with nominutes serve: the published site has "
        "it, and so does a site made with nominutes build."
    ) in text
    assert "search.js" not in body and 'id="search"' not in body
    assert run_subprocess(["build", "--source", str(site), "--output", str(site / "out")]).code == 0
    built = (site / "out/search/index.html").read_text()
    assert "previewing" not in built
    assert '<script src="../static/search.js"></script>' in built


def get_with(server: DevServer, path: str, accept_encoding: str | None) -> http.client.HTTPResponse:
    """A request with the Accept-Encoding header given (None: no header), read whole."""
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    if accept_encoding is not None:
        connection.putheader("Accept-Encoding", accept_encoding)
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.fixture
def quiet_server(site: Path) -> Iterator[DevServer]:
    """A started server on a site with no warnings (so no banner on its pages)."""
    kick_off = site / "content/meetings/2024-01-15-kick-off.md"
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-04-01"))
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    dev.start()
    yield dev
    dev.stop()


@pytest.mark.parametrize("accept_encoding", [None, "identity", "gzip;q=0, deflate", "br, gzip"])
def test_every_file_is_served_as_a_build_writes_it(
    quiet_server: DevServer, accept_encoding: str | None
) -> None:
    """Each file's bytes, whether the browser takes gzip or not (HTML pages are sent whole,
    with the reload script added)."""
    server = quiet_server
    assert not server.warnings
    built = full_build_of(server)
    assert len(built) > 30
    takes_gzip = accept_encoding == "br, gzip"
    for path, data in built.items():
        response = get_with(server, "/" + path, accept_encoding)
        body = response.body  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert response.getheader("Content-Length") == str(len(body))
        if path.endswith(".html"):
            assert response.getheader("Content-Encoding") is None
            assert body.replace(RELOAD_SCRIPT.encode(), b"") == data, path
            assert body != data
        elif takes_gzip:
            assert response.getheader("Content-Encoding") == "gzip", path
            assert gzip.decompress(body) == data, path
        else:
            assert response.getheader("Content-Encoding") is None, path
            assert body == data, path


def test_files_compress_to_a_fraction_of_their_size(server: DevServer) -> None:
    feed = get_with(server, "/feed.xml", "gzip")
    whole = get_with(server, "/feed.xml", None)
    assert gzip.decompress(feed.body) == whole.body  # type: ignore[attr-defined]
    assert len(feed.body) * 2 < len(whole.body)  # type: ignore[attr-defined]
    assert feed.getheader("Vary") == "Accept-Encoding"


def test_an_unknown_path_is_the_404_page(server: DevServer) -> None:
    status, _, body = fetch(server.url + "no/such/page/")
    assert status == 404 and "Page not found" in body


@pytest.mark.parametrize(
    ("folder", "says"),
    [
        ("actions/by-status/", "<h1>Actions by status</h1>"),
        ("decisions/by-status/", "<h1>Decisions by status</h1>"),
        ("decisions/by-theme/", "<h1>Decisions by theme</h1>"),
        ("meetings/", '<a id="lead-on" href="../archive/">the archive</a>'),
    ],
)
def test_a_folder_of_a_pages_address_is_a_page_when_served(
    server: DevServer, folder: str, says: str
) -> None:
    """A reader who trims an address back to its folder is served a page there, not 404."""
    status, _, body = fetch(server.url + folder)
    assert status == 200 and says in body, (status, body[:300])


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/static/..%5c..%5csecret.txt",
        "/static/%00secret",
        "/static/outside.txt",
    ],
)
@pytest.mark.parametrize("linked", [False, True])
def test_nothing_outside_the_site_is_ever_served(
    path: str, linked: bool, tmp_path: Path, site: Path
) -> None:
    """Not by a path that climbs out of the site, nor through a theme's static file linked to
    a file outside it: the link is an error, and the server shows it in place of any page."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    static = site / "themes/default/static"
    static.mkdir(parents=True)
    if linked:
        os.symlink(secret, static / "outside.txt")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    dev.start()
    try:
        status, body = raw_get(dev, path)
    finally:
        dev.stop()
    assert status == (503 if linked else 404)
    assert b"TOP SECRET" not in body and b"root:" not in body
    if linked:
        assert b"themes/default/static/outside.txt:1:1: error: this is a symbolic link" in body


def test_an_edit_is_rebuilt_and_served(server: DevServer, site: Path) -> None:
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text().replace("title: Third meeting", "title: Renamed meeting"))
    url = server.url + "meetings/2024-03-11-third/"
    assert wait_until(lambda: "Renamed meeting" in fetch(url)[2])


def test_a_broken_edit_keeps_the_last_good_site_and_shows_the_error(
    server: DevServer, site: Path
) -> None:
    events = urllib.request.urlopen(server.url + EVENTS_PATH.lstrip("/"), timeout=15)
    assert events.readline() == b": connected\n"
    note = site / "content/meetings/2024-03-11-third.md"
    good = note.read_text()
    note.write_text(good.replace("date: 2024-03-11", "date: 2024-02-30"))
    url = server.url + "meetings/2024-03-11-third/"
    expected = (
        "content/meetings/2024-03-11-third.md:3:7: error: date: &#x27;2024-02-30&#x27; is not "
        "a real date"
    )
    assert wait_until(lambda: expected in fetch(url)[2])
    status, _, body = fetch(url)
    assert status == 200 and "Third meeting" in body  # the last good page, with the banner
    lines = [events.readline() for _ in range(3)]
    assert b"event: reload\n" in lines
    events.close()
    note.write_text(good)
    assert wait_until(lambda: "nominutes-errors" not in fetch(url)[2])


def test_serve_started_on_content_with_errors_shows_them_and_reloads(site: Path) -> None:
    """No site can be built yet: every path answers with a page holding the errors and the
    reload script (not a bare "Not found"), and the site once they are mended."""
    note = site / "content/meetings/2024-03-11-third.md"
    good = note.read_text()
    note.write_text(good.replace("date: 2024-03-11", "date: 11/03/2024"))
    with previewing(site, date(2024, 3, 11)) as dev:
        assert not dev.rebuild()
        for path in ("/", "/meetings/2024-03-11-third/", "/feed.xml"):
            status, kind, body, _ = dev.response_for(path)
            page = body.decode()
            assert status == 503 and kind.startswith("text/html"), path
            assert "The site could not be built." in page and "last good site" not in page
            assert "2024-03-11-third.md:3:7: error: date: &#x27;11/03/2024&#x27;" in page
            assert RELOAD_SCRIPT in page and '<html lang="en">' in page
        note.write_text(good)
        assert dev.rebuild()
        status, _, body, _ = dev.response_for("/meetings/2024-03-11-third/")
        assert status == 200 and "Third meeting" in body.decode()
        assert "nominutes-errors" not in body.decode()


def test_a_mistake_a_template_makes_as_it_runs_is_shown_at_its_line(site: Path) -> None:
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        templates = site / "themes/default/templates"
        templates.mkdir(parents=True)
        (templates / "principles.html").write_text(
            '{% extends "base.html" %}\n{% block main %}\n<h1>{{ page.title + 1 }}</h1>\n'
            "{% endblock %}\n"
        )
        assert not dev.rebuild({"themes/default/templates/principles.html"})
        body = dev.response_for("/meetings/2024-03-11-third/")[2].decode()
        assert "Third meeting" in body  # the last good site, with the banner
        assert (
            "themes/default/templates/principles.html:3:5: error: template error while "
            "rendering /principles/: can only concatenate str (not &quot;int&quot;) to str"
        ) in body
        assert "rebuild failed" not in body


DEFAULT_TEMPLATES = Path(render.__file__).parent.parent / "themes/default/templates"


def _with_mistakes_on_boom(site: Path) -> None:
    """The site's own meeting.html and index.html, each with a mistake that only a meeting
    whose title has "Boom" in it runs into: none fails the first build."""
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    meeting = (DEFAULT_TEMPLATES / "meeting.html").read_text()
    meeting = meeting.replace(
        "{{ meeting.title }}</h1>",
        '{{ meeting.title }}</h1>{% if "Boom" in meeting.title %}{{ 1/0 }}{% endif %}',
    )
    (templates / "meeting.html").write_text(meeting)
    index = (DEFAULT_TEMPLATES / "index.html").read_text()
    index = index.replace(
        "{% if meetings %}",
        '{% for c in meetings %}{% if "Boom" in c.title %}{{ c.titel }}{% endif %}{% endfor %}'
        "\n{% if meetings %}",
        1,
    )
    (templates / "index.html").write_text(index)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Third meeting", "title: Boom meeting"),  # what it shows of itself
        (  # and its themes: the meetings' indexes are followed
            "title: Third meeting\ndate: 2024-03-11\nsummary: The third meeting, on "
            "permission.\nthemes: [permission-to-engage]",
            "title: Boom meeting\ndate: 2024-03-11\nsummary: The third meeting, on "
            "permission.\nthemes: [permission-to-engage, foi-implications]",
        ),
    ],
    ids=["a title", "a title and a theme"],
)
def test_an_edit_that_runs_into_several_template_mistakes_shows_each_as_a_full_build_does(
    site: Path, old: str, new: str
) -> None:
    """Not the first page's mistake alone, nor "the rebuild failed": every template's, as
    `nominutes build` lists them, in the terminal and over the last good site."""
    _with_mistakes_on_boom(site)
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        edit(site, THIRD, old, new)
        assert not dev.rebuild({THIRD})
        errors = [line for line in dev.problems if ": error: " in line]
        with pytest.raises(ContentError) as built:
            make_site(BuildOptions(site, site / "_out", date(2024, 3, 11)))
        assert errors == [str(p) for p in built.value.problems if p.is_error]
        assert errors == [
            "themes/default/templates/index.html:27:55: error: template error while "
            "rendering /: meeting card has no 'titel': did you mean 'title'?",
            "themes/default/templates/meeting.html:6:8: error: template error while "
            "rendering /meetings/2024-03-11-third/: division by zero",
        ]
        body = dev.response_for("/meetings/2024-03-11-third/")[2].decode()
        assert "meeting card has no &#x27;titel&#x27;" in body and "division by zero" in body
        assert "rebuild failed" not in body


@pytest.fixture
def unstarted_without_warnings(site: Path) -> Iterator[DevServer]:
    """`unstarted` on a site where no report-back is missed (the minimal site misses one)."""
    kick_off = site / "content/meetings/2024-01-15-kick-off.md"
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-04-01"))
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        yield dev


def test_warnings_are_printed_and_shown_in_a_banner_over_the_built_site(
    unstarted_without_warnings: DevServer, site: Path, capsys
) -> None:
    unstarted = unstarted_without_warnings
    assert unstarted.warnings == []
    page = "meetings/2024-03-11-third/index.html"
    assert "nominutes-warnings" not in unstarted.response_for("/" + page)[2].decode()
    # A front-matter edit (serve's quick path) that leaves a theme unused.
    edit(site, "content/meetings/2024-03-11-third.md", "themes: [permission-to-engage]\n", "")
    assert unstarted.rebuild({"content/meetings/2024-03-11-third.md"})
    assert unstarted.last_rebuild == "incremental"
    expected = [
        "content/meetings/2024-03-11-third.md:3:1: warning: meeting lists no themes, so no "
        "theme's page shows it; add a line there naming the themes it discussed, each by its "
        "file's name in content/themes/ without '.md': `themes: [budget, open-data]`",
    ]
    assert unstarted.warnings == expected
    assert capsys.readouterr().err.splitlines() == expected
    body = unstarted.response_for("/" + page)[2].decode()
    assert 'id="nominutes-warnings"' in body and "Built, with 1 warning:" in body
    assert "meeting lists no themes, so no theme" in body
    assert b"nominutes-warnings" not in unstarted.files[page]  # never in the built page
    # A full rebuild (a theme edited) reports the same, and a fix clears the banner.
    edit(site, "content/themes/permission-to-engage.md", "title: ", "title: Asking ")
    assert unstarted.rebuild({"content/themes/permission-to-engage.md"})
    assert unstarted.last_rebuild == "full" and unstarted.warnings == expected
    assert expected[0] not in capsys.readouterr().err  # the same warnings: not printed again
    edit(site, THIRD, "date:", "themes: [permission-to-engage]\ndate:")
    assert unstarted.rebuild({"content/meetings/2024-03-11-third.md"})
    assert unstarted.warnings == []
    assert "nominutes-warnings" not in unstarted.response_for("/" + page)[2].decode()


def test_ctrl_c_stops_the_server_cleanly(site: Path, capsys) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    options = BuildOptions(site, site / "_site", date(2024, 3, 11))
    assert serve(options, port=0, wait=interrupt) == 0
    out = capsys.readouterr().out
    assert "serving" in out and out.rstrip().endswith("stopped")
    assert threading.active_count() < 20


# --- incremental rebuilds ----------------------------------------------------------------------

THIRD = "content/meetings/2024-03-11-third.md"
REPORTING_BACK = "content/meetings/2024-02-12-reporting-back.md"


@pytest.fixture
def unstarted(site: Path) -> Iterator[DevServer]:
    """A preview server whose rebuilds the test calls itself (no watcher, no requests)."""
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        yield dev


def full_build_of(dev: DevServer) -> dict[str, bytes]:
    return make_site(replace(dev.options, cache=False)).files


def test_a_body_edit_rerenders_only_its_page_and_feeds(unstarted: DevServer, site: Path) -> None:
    edit(site, THIRD, "A short third meeting.", "A short third meeting, with *more* said.")
    before = dict(unstarted.files)
    assert unstarted.rebuild({THIRD})
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    changed = sorted(p for p in unstarted.files if unstarted.files[p] != before.get(p))
    assert changed == [
        "feed.xml",
        "meetings/2024-03-11-third/index.html",
        "themes/permission-to-engage/feed.xml",
    ]
    page = unstarted.files["meetings/2024-03-11-third/index.html"].decode()
    assert "with <em>more</em> said." in page


KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
NEW_MEETING = """---
title: An extra meeting
date: 2024-02-20
themes: [foi-implications]
actions:
  - id: live-policy-issue
    status: in-progress
  - id: new-thing
    title: Try a new thing
    owner: Someone New
---
Met again.
"""

# (file, text, replacement): None as text writes NEW_MEETING, None as replacement deletes.
MEETING_EDITS = {
    "title": (THIRD, "title: Third meeting", "title: The third meeting"),
    "summary from the body": (REPORTING_BACK, "Members reported back", "The members reported"),
    "date, reordering": (THIRD, "date: 2024-03-11", "date: 2024-02-01"),
    "theme added": (
        THIRD,
        "themes: [permission-to-engage]",
        "themes: [permission-to-engage, foi-implications]",
    ),
    "action status": (REPORTING_BACK, "status: in-progress", "status: done"),
    "action owner": (KICK_OFF, "owner: All members", "owner: Ada Lovelace"),
    # shown where the action is reported back: the third meeting, not a neighbour of this one
    "action due date": (KICK_OFF, "due: 2024-03-01", "due: 2024-03-04"),
    "action raised": (
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - id: fresh\n    title: A fresh action\n",
    ),
    "update removed": (REPORTING_BACK, "  - id: write-guidance\n    status: in-progress\n", ""),
    # said on the meeting's page and feed entry, the raising meeting's and the tracker's rows
    "action handed on": (
        REPORTING_BACK,
        "    status: in-progress\n",
        "    status: in-progress\n    owner: Grace\n",
    ),
    "action reopened": (
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: live-policy-issue, status: open, note: Again.}\n",
    ),
    "action dropped after done": (
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: live-policy-issue, status: dropped, note: Stopped.}\n",
    ),
    "made a draft": (THIRD, "summary:", "draft: true\nsummary:"),
    "draft published": ("content/meetings/2024-04-08-draft.md", "draft: true", "draft: false"),
    "meeting added": ("content/meetings/2024-02-20-extra.md", None, None),
    "meeting deleted": (THIRD, "", None),
    "time and place": (KICK_OFF, "authors:", "time: '10:00'\nlocation: Room 1\nauthors:"),
    "next meeting announced": (
        THIRD,
        "summary:",
        "next_meeting: {date: 2024-04-08, time: '10:00', location: Room 2}\nsummary:",
    ),
}


@pytest.mark.parametrize("kind", sorted(MEETING_EDITS))
def test_a_meeting_edit_rerenders_the_pages_it_reaches(
    kind: str, unstarted: DevServer, site: Path
) -> None:
    relative, old, new = MEETING_EDITS[kind]
    if old is None:
        (site / relative).write_text(NEW_MEETING)
    elif new is None:
        (site / relative).unlink()
    else:
        edit(site, relative, old, new)
    before = dict(unstarted.files)
    assert unstarted.rebuild({relative}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    after = full_build_of(unstarted)
    assert unstarted.files == after
    assert unstarted.files != before


def test_an_announcement_moved_by_a_later_meeting_is_updated_as_a_full_build_has_it(
    unstarted: DevServer, site: Path
) -> None:
    """Reporting back announces 18 March; the third meeting, held before it, announces 25
    March, then announces nothing again: after each edit the announced event (the UID of 18
    March) is on the day a full build puts it, and the pages are a full build's."""
    edit(site, REPORTING_BACK, "themes:", "next_meeting: 2024-03-18\nthemes:")
    assert unstarted.rebuild({REPORTING_BACK}), unstarted.problems
    assert unstarted.files == full_build_of(unstarted)
    uid = b"UID:next-meeting-2024-03-18@127.0.0.1\r\n"
    steps = [
        ("summary:", "next_meeting: 2024-03-25\nsummary:", b"20240325"),
        ("next_meeting: 2024-03-25\nsummary:", "summary:", b"20240318"),
    ]
    for old, new, day in steps:
        edit(site, THIRD, old, new)
        assert unstarted.rebuild({THIRD}), unstarted.problems
        assert unstarted.last_rebuild == "incremental"
        assert unstarted.files == full_build_of(unstarted)
        calendar = unstarted.files["meetings.ics"]
        event = calendar.split(uid)[0].rsplit(b"BEGIN:VEVENT", 1)[1]
        assert b"DTSTART;VALUE=DATE:" + day in event


def test_the_day_a_next_meeting_moved_from_is_said_as_a_full_build_says_it(
    unstarted: DevServer, site: Path
) -> None:
    """Reporting back announces 18 March, the third meeting 25 March: the home page and the
    pack say it moved from 18 March; the first announcement edited to 19 March, they say so
    at once, as a full build does."""
    edit(site, REPORTING_BACK, "themes:", "next_meeting: 2024-03-18\nthemes:")
    edit(site, THIRD, "summary:", "next_meeting: 2024-03-25\nsummary:")
    assert unstarted.rebuild({REPORTING_BACK, THIRD}), unstarted.problems
    for day, text in [(None, b"18 March 2024"), ("2024-03-19", b"19 March 2024")]:
        if day:
            edit(site, REPORTING_BACK, "next_meeting: 2024-03-18", f"next_meeting: {day}")
            assert unstarted.rebuild({REPORTING_BACK}), unstarted.problems
            assert unstarted.last_rebuild == "incremental"
        assert unstarted.files == full_build_of(unstarted)
        for page in ("index.html", "next/index.html"):
            assert b">" + text + b"</time>" in unstarted.files[page].split(b"moved from")[1]


def test_a_postponed_next_meeting_is_said_on_the_announcing_page_as_a_full_build_says_it(
    unstarted: DevServer, site: Path
) -> None:
    """The third meeting announces 8 April at 14:00; the meeting that holds it, published
    ahead for 15 April, then given a time of its own, then taken out: the third meeting's
    page says where the next meeting stands at each step, as a full build does."""
    edit(site, THIRD, "summary:", "next_meeting: {date: 2024-04-08, time: '14:00'}\nsummary:")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    april = "content/meetings/2024-04-15-april.md"
    page = "meetings/2024-03-11-third/index.html"
    steps = [
        (None, "---\ntitle: April\ndate: 2024-04-15\n---\nWritten ahead.\n", b"14:00"),
        ("date: 2024-04-15\n", "date: 2024-04-15\ntime: '10:00'\n", b"10:00"),
        ("", None, None),
    ]
    for old, new, clock in steps:
        if old is None:
            (site / april).write_text(new)
        elif new is None:
            (site / april).unlink()
        else:
            edit(site, april, old, new)
        assert unstarted.rebuild({april}), unstarted.problems
        assert unstarted.last_rebuild == "incremental"
        assert unstarted.files == full_build_of(unstarted)
        said = unstarted.files[page].split(b"Next meeting: ")[1].split(b"</p>")[0]
        if clock:
            assert b">15 April 2024</time>, <time" in said and clock in said
            assert b'moved from <time datetime="2024-04-08">' in said
        else:
            assert b">8 April 2024</time>" in said and b"moved from" not in said


def test_a_next_meeting_moved_in_place_and_committed_keeps_its_event_as_a_full_build_does(
    site: Path,
) -> None:
    """The third meeting announces 8 April, committed; its date changed in place to 15 April
    is previewed as a full build has it, and once committed (git's history read again) the
    announced event keeps the UID of 8 April, with a higher SEQUENCE, as a full build has it."""
    edit(site, "site.yml", "history: false", "history: true")
    edit(site, THIRD, "summary:", "next_meeting: 2024-04-08\nsummary:")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The group's notes", "--date=2024-03-11T18:00:00")
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        uid = b"UID:next-meeting-2024-04-08@127.0.0.1\r\n"
        assert uid + b"SEQUENCE:0\r\n" in dev.files["meetings.ics"]
        edit(site, THIRD, "next_meeting: 2024-04-08", "next_meeting: 2024-04-15")
        assert dev.rebuild({THIRD}), dev.problems
        assert dev.last_rebuild == "incremental"
        assert dev.files == full_build_of(dev)
        git(site, "commit", "-q", "-am", "Moved", "--date=2024-03-20T10:00:00")
        assert dev.rebuild({HISTORY_CHANGED}), dev.problems
        assert dev.files == full_build_of(dev)
        calendar = dev.files["meetings.ics"]
        assert uid + b"SEQUENCE:1\r\n" in calendar
        event = calendar.split(uid)[0].rsplit(b"BEGIN:VEVENT", 1)[1]
        assert b"DTSTART;VALUE=DATE:20240415" in event


def test_an_extra_meeting_announcing_nothing_leaves_the_pack_linked_as_a_full_build_does(
    unstarted: DevServer, site: Path
) -> None:
    """The third meeting announces 8 April; an extra meeting added that evening announces
    nothing, so the third's page still links the pack; announcing 15 April, it takes that."""
    edit(site, THIRD, "summary:", "next_meeting: 2024-04-08\nsummary:")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    extra = "content/meetings/2024-03-11-evening.md"
    (site / extra).write_text("---\ntitle: Evening\ndate: 2024-03-11\ntime: '18:00'\n---\nMet.\n")
    pages = ("meetings/2024-03-11-third/index.html", "meetings/2024-03-11-evening/index.html")
    for linked, change in [((True, False), None), ((False, True), "next_meeting: 2024-04-15\n")]:
        if change:
            edit(site, extra, "time:", f"{change}time:")
        assert unstarted.rebuild({extra}), unstarted.problems
        assert unstarted.last_rebuild == "incremental"
        assert unstarted.files == full_build_of(unstarted)
        assert tuple(b'href="../../next/"' in unstarted.files[page] for page in pages) == linked


def test_an_agenda_written_in_the_announcing_meeting_reaches_the_pack_as_a_full_build_has_it(
    unstarted: DevServer, site: Path
) -> None:
    """The third meeting announces 8 April; an agenda written into its text (a body edit,
    the quick way) is on the pack at once, then edited and taken out again, each time as a
    full build makes it."""
    edit(site, THIRD, "summary:", "next_meeting: 2024-04-08\nsummary:")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    body = "A short third meeting."
    steps = [
        (body, body + "\n\n## Agenda for 8 April\n\n1. The FAQ\n", b"<li>The FAQ</li>"),
        ("1. The FAQ", "1. The FAQ, *if ready*", b"<li>The FAQ, <em>if ready</em></li>"),
        ("\n\n## Agenda for 8 April\n\n1. The FAQ, *if ready*\n", "", None),
    ]
    for old, new, shown in steps:
        edit(site, THIRD, old, new)
        assert unstarted.rebuild({THIRD}), unstarted.problems
        assert unstarted.last_rebuild == "incremental"
        assert unstarted.files == full_build_of(unstarted)
        pack = unstarted.files["next/index.html"]
        assert (b"pack-agenda" in pack) == (shown is not None)
        assert shown is None or shown in pack


def test_a_title_edit_rerenders_only_the_pages_that_show_it(
    unstarted: DevServer, site: Path
) -> None:
    edit(site, THIRD, "title: Third meeting", "title: The third meeting")
    before = dict(unstarted.files)
    assert unstarted.rebuild({THIRD})
    changed = sorted(p for p in unstarted.files if unstarted.files[p] != before.get(p))
    assert changed == [
        "archive/2024/index.html",
        "feed.xml",
        "index.html",
        "meetings.ics",
        "meetings/2024-02-12-reporting-back/index.html",
        "meetings/2024-03-11-third/index.html",
        "themes/permission-to-engage/feed.xml",
        "themes/permission-to-engage/index.html",
    ]
    page = unstarted.files["meetings/2024-03-11-third/index.html"].decode()
    assert "<h1>The third meeting</h1>" in page
    assert ">The third meeting</a>" in unstarted.files["archive/2024/index.html"].decode()
    assert unstarted.files == full_build_of(unstarted)


def test_a_title_edit_that_the_text_s_first_heading_repeats_warns_as_a_full_build_does(
    unstarted: DevServer, site: Path
) -> None:
    """The third meeting's text opens `# The third meeting`: retitled so, the heading repeats
    its title, and serve's update warns of it at its line, as a full build does; titled
    back, the warning goes."""
    edit(site, THIRD, "A short third meeting.", "# The third meeting\n\nA short third meeting.")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    assert not any("repeats the title" in w for w in unstarted.warnings)
    edit(site, THIRD, "title: Third meeting", "title: The third meeting")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    repeated = [w for w in unstarted.warnings if "repeats the title" in w]
    assert repeated == [
        f"{THIRD}:7:1: warning: the text's first heading '# The third meeting' repeats the "
        "title its page already shows above it, so a reader sees it twice: remove this line"
    ]
    assert unstarted.files == full_build_of(unstarted)
    edit(site, THIRD, "title: The third meeting", "title: Third meeting")
    assert unstarted.rebuild({THIRD}), unstarted.problems
    assert not any("repeats the title" in w for w in unstarted.warnings)


def test_a_meeting_s_themes_edited_move_the_decisions_it_made_with_none_of_their_own(
    unstarted: DevServer, site: Path
) -> None:
    """A decision that gives no themes is on its meeting's: when they change, its page, the
    theme pages, the register's lists by theme and the exports follow, as a full build has
    them."""
    decided = "decisions:\n  - id: open-door\n    text: Anyone may come.\n---"
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]\n---",
        f"themes: [permission-to-engage]\n{decided}",
    )
    assert unstarted.rebuild({THIRD}), unstarted.problems
    assert "theme-decision-open-door" in (
        unstarted.files["themes/permission-to-engage/index.html"].decode()
    )
    edit(site, THIRD, "themes: [permission-to-engage]", "themes: [foi-implications]")
    before = dict(unstarted.files)
    assert unstarted.rebuild({THIRD}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    changed = {p for p in unstarted.files if unstarted.files[p] != before.get(p)}
    assert {
        "decisions/open-door/index.html",
        "decisions/by-theme/foi-implications/index.html",
        "decisions.json",
        "decisions.csv",
        "themes/foi-implications/index.html",
        "themes/permission-to-engage/index.html",
    } <= changed
    assert "decisions/by-theme/permission-to-engage/index.html" not in unstarted.files
    foi = unstarted.files["themes/foi-implications/index.html"].decode()
    assert 'id="theme-decision-open-door"' in foi
    permission = unstarted.files["themes/permission-to-engage/index.html"].decode()
    assert "open-door" not in permission
    page = unstarted.files["decisions/open-door/index.html"].decode()
    assert 'data-pagefind-filter="Theme:FOI implications">FOI implications</a>' in page
    assert "Theme:Permission to engage" not in page


def test_an_owner_whose_list_moves_address_is_linked_there_from_every_action(
    unstarted: DevServer, site: Path
) -> None:
    """ "GRACE" comes before "Grace" and takes the address of her list (grace/, hers now
    grace-2/): the actions naming Grace that no edited meeting names lead there too."""
    raised = "actions:\n  - id: shout\n    title: Shout\n    owner: GRACE\n---"
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]\n---",
        f"themes: [permission-to-engage]\n{raised}",
    )
    assert unstarted.rebuild({THIRD}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    guidance = unstarted.files["actions/write-guidance/index.html"].decode()
    assert '<a href="../../actions/by-owner/grace-2/">Grace</a>' in guidance
    assert unstarted.files == full_build_of(unstarted)


def test_edits_beyond_meeting_files_rebuild_everything(unstarted: DevServer, site: Path) -> None:
    steps = [
        ("content/themes/foi-implications.md", "FOI implications", "Freedom of information"),
        ("site.yml", "A small site the tests build.", "Edited."),
        (THIRD, "A short third meeting.", "A link to [nowhere](missing.md)."),
    ]
    for relative, old, new in steps:
        edit(site, relative, old, new)
        unstarted.rebuild({relative})
        assert unstarted.last_rebuild == "full"
        if not unstarted.problems:
            assert unstarted.files == full_build_of(unstarted)
    assert (
        f"{THIRD}:7:21: error: link to a note that does not exist: missing.md" in unstarted.problems
    )


def test_a_full_rebuild_lets_the_last_build_go(unstarted: DevServer, site: Path) -> None:
    """serve freezes what a full build keeps, so that no update's cycle collection scans it
    again; the next full build unfreezes it, so that what it held in cycles is let go."""
    assert unstarted.last is not None
    held_in_cycles = weakref.ref(unstarted.last.environment)  # Jinja's templates point back
    edit(site, "site.yml", "A small site the tests build.", "Edited.")
    assert unstarted.rebuild({"site.yml"})
    assert unstarted.last_rebuild == "full"
    assert held_in_cycles() is None


def test_a_draft_body_edit_changes_nothing_published(unstarted: DevServer, site: Path) -> None:
    draft = "content/meetings/2024-04-08-draft.md"
    text = (site / draft).read_text()
    (site / draft).write_text(text + "\nMore draft text.\n")
    before = dict(unstarted.files)
    assert unstarted.rebuild({draft})
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == before


def test_a_meeting_file_new_meeting_writes_changes_nothing_and_is_checked_at_once(
    unstarted: DevServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member starts the next meeting's notes while previewing: `new meeting` writes a
    draft, which is checked as it is saved and, as nothing published changes, quickly (the
    site's model is not assembled again)."""
    written = new_meeting(site, when="2024-03-25", title="Scenarios", today=date(2024, 3, 11)).path
    relative = written.relative_to(site).as_posix()
    before = dict(unstarted.files)

    def not_again(*args: object) -> None:
        raise AssertionError("the whole model was assembled again for a draft")

    monkeypatch.setattr(incremental, "assemble_model", not_again)
    assert unstarted.rebuild({relative}), unstarted.problems
    edit(site, relative, "themes: []", "themes: [foi-implications]")
    assert unstarted.rebuild({relative}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == before
    # A mistake in the draft is shown as it is saved.
    monkeypatch.undo()
    edit(site, relative, "status: in-progress  #", "status: finished  #")
    assert not unstarted.rebuild({relative})
    assert any(
        line.startswith(f"{relative}:") and "'finished'" in line for line in unstarted.problems
    ), unstarted.problems
    # Mended and published (`draft: false`), it is the new meeting of a full build.
    edit(site, relative, "status: finished  #", "status: done  #")
    assert unstarted.rebuild({relative}), unstarted.problems
    edit(site, relative, "draft: true", "draft: false")
    assert unstarted.rebuild({relative}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    assert "meetings/2024-03-25-scenarios/index.html" in unstarted.files


def test_serve_says_once_for_each_draft_edited_that_it_is_not_shown_and_how_to_preview_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A facilitator edits the draft `new meeting` wrote while previewing: the terminal says
    at start-up how many drafts are not shown, then, the first time each is saved, that it
    is a draft and how to preview drafts; a draft published and made a draft again is told
    of again. With --drafts they are shown, and nothing is said."""
    draft = "content/meetings/2024-04-08-draft.md"
    hint = "(draft: true): not shown; `nominutes serve --drafts` previews drafts"
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        assert f"\n1 meeting is a draft {hint}\n" in capsys.readouterr().out
        edit(site, draft, "Draft text", "Draft text, edited,")
        assert dev.rebuild({draft}) and dev.last_rebuild == "incremental"
        out = capsys.readouterr().out
        assert out.endswith(f"\n{draft} is a draft {hint}\n"), out
        edit(site, draft, "edited,", "edited again,")
        assert dev.rebuild({draft})
        assert "draft" not in capsys.readouterr().out  # said once
        written = new_meeting(site, when="2024-03-25", title="Scenarios", today=date(2024, 3, 11))
        relative = written.path.relative_to(site).as_posix()
        assert dev.rebuild({relative}), dev.problems
        assert capsys.readouterr().out.endswith(f"\n{relative} is a draft {hint}\n")
        edit(site, draft, "draft: true", "draft: false")
        assert dev.rebuild({draft})
        assert "draft" not in capsys.readouterr().out
        edit(site, draft, "draft: false", "draft: true")
        assert dev.rebuild({draft})
        assert capsys.readouterr().out.endswith(f"\n{draft} is a draft {hint}\n")
    with previewing(site, date(2024, 3, 11), drafts=True) as shown:
        assert shown.rebuild()
        edit(site, draft, "edited again,", "edited once more,")
        assert shown.rebuild({draft})
        assert "is a draft" not in capsys.readouterr().out
        assert "edited once more" in shown.files["meetings/2024-04-08-draft/index.html"].decode()


def test_the_starters_make_serve_previews_the_draft_being_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The starter's README says `make serve` previews as you edit, and `make meeting` writes
    a draft: in a site `init` writes, `make serve` runs serve with the draft shown."""
    from generator.scaffold.create import init_site
    from generator.serve import server

    site = tmp_path / "notes"
    init_site(site, today=date(2024, 3, 1))
    called = tmp_path / "args"
    launcher = site / ".venv/bin/nominutes"  # records what `make serve` runs it with
    launcher.parent.mkdir(parents=True)
    launcher.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{called}"\n')
    launcher.chmod(0o755)
    stamp = site / ".venv/.installed"
    stamp.touch()
    os.utime(stamp, (2e9, 2e9))  # newer than requirements.txt: make installs nothing
    done = subprocess.run(["make", "serve"], cwd=site, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    written = new_meeting(site, when=None, title="Scenarios", today=date(2024, 3, 11)).path
    served: list[BuildOptions] = []

    def serving(options: BuildOptions, **address: object) -> int:
        served.append(options)
        return 0

    monkeypatch.setattr(server, "serve", serving)
    monkeypatch.chdir(site)
    assert run_cli(called.read_text().splitlines(), capsys, monkeypatch).code == 0
    [options] = served
    dev = DevServer(options, "127.0.0.1", 0)
    try:
        assert dev.rebuild(), dev.problems
        assert f"meetings/{written.stem}/index.html" in dev.files
        assert "is a draft" not in capsys.readouterr().out
    finally:
        dev.httpd.server_close()


def test_the_files_an_update_made_are_served_as_a_build_writes_them(
    unstarted: DevServer, site: Path
) -> None:
    """An update keeps the files it made as made and compresses one only when it is asked
    for gzipped: both ways, the bytes are a full build's."""
    edit(site, THIRD, "title: ", "title: Renamed ")
    before = dict(unstarted.files)
    assert unstarted.rebuild({THIRD}) and unstarted.last_rebuild == "incremental"
    built = full_build_of(unstarted)
    assert unstarted.files == built
    changed = [p for p in built if built[p] != before.get(p) and not p.endswith(".html")]
    assert {"feed.xml", "meetings.ics"} <= set(changed)
    for path in changed:
        whole, packed = unstarted.response_for("/" + path), unstarted.response_for("/" + path, True)
        assert whole.body == built[path] and whole.encoding == "", path
        assert packed.encoding == "gzip" and gzip.decompress(packed.body) == built[path], path
    assert unstarted.rebuild({THIRD}) and unstarted.files == built  # nothing changed again


def test_the_first_update_after_a_full_build_makes_no_export_row_it_can_keep(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's full build keeps the parts the action exports are made of (a record and a row
    per action, made once for the JSON and the CSV), so the first update after it makes
    again only those of the actions it changed: one action renamed, that action's. It used
    to make every action's, twice (seconds, at ten thousand meetings)."""
    made: list[str] = []
    make_export = exports._action_export

    def counted(base, refs, titles, action):  # type: ignore[no-untyped-def]
        made.append(action.id)
        return make_export(base, refs, titles, action)

    monkeypatch.setattr(exports, "_action_export", counted)
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        assert sorted(made) == ["live-policy-issue", "write-guidance"]
        made.clear()
        edit(site, KICK_OFF, "Write guidance on engaging", "Write short guidance on engaging")
        assert dev.rebuild({KICK_OFF}) and dev.last_rebuild == "incremental"
        assert made == ["write-guidance"]
        assert dev.files == full_build_of(dev)


def test_an_export_none_of_whose_records_changed_is_not_made_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The actions' JSON names a meeting by its slug, date and address, not its title: a
    meeting renamed changes its actions' pages and rows but no record of the JSON, so serve
    does not join the file again (28 MB at ten thousand meetings), and it stays as it was."""
    joined: list[int] = []
    join = exports._json

    def counted(site_, exported):  # type: ignore[no-untyped-def]
        joined.append(len(exported))
        return join(site_, exported)

    monkeypatch.setattr(exports, "_json", counted)
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        assert joined == [2]
        before = dev.files["actions.json"]
        edit(site, KICK_OFF, 'title: "Kick-off: first meeting"', 'title: "Kick-off: the first"')
        assert dev.rebuild({KICK_OFF}) and dev.last_rebuild == "incremental"
        assert joined == [2]
        assert dev.files["actions.json"] == before
        assert dev.files == full_build_of(dev)
        joined.clear()
        edit(site, KICK_OFF, "Write guidance on engaging", "Write short guidance on engaging")
        assert dev.rebuild({KICK_OFF}) and dev.last_rebuild == "incremental"
        assert joined == [2]
        assert b"Write short guidance on engaging" in dev.files["actions.json"]
        assert dev.files == full_build_of(dev)


def test_the_actions_calendar_is_made_again_when_the_latest_meeting_held_changes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The actions calendar lists the actions the latest meeting held closed, until the
    next: served on 20 February, the reporting-back meeting (12 February) closed one. A
    meeting added after the last, ahead of the build date, changes no action and not the
    latest meeting held, and the calendar is not made again (at ten thousand meetings it
    took a tenth of serve's time for a new meeting file); one held since, which closes
    nothing, is the latest held, and the calendar made again lets the closed action go, as
    a full build has it."""
    made: list[bytes] = []
    make, join = calendars.actions_calendar, calendars._actions_calendar_of

    def counted(site_, indexes):  # type: ignore[no-untyped-def]
        made.append(make(site_, indexes))
        return made[-1]

    def joined(site_, indexes, todos):  # type: ignore[no-untyped-def]
        made.append(join(site_, indexes, todos))
        return made[-1]

    monkeypatch.setattr(calendars, "actions_calendar", counted)
    monkeypatch.setattr(calendars, "_actions_calendar_of", joined)  # (serve's: of its to-dos)
    closed = b"SUMMARY:Think of a live policy issue"
    with previewing(site, date(2024, 2, 20)) as dev:
        assert dev.rebuild()
        assert len(made) == 1 and closed in dev.files["actions.ics"]
        for day, remade in (("2024-04-22", False), ("2024-02-19", True)):
            relative = f"content/meetings/{day}-added.md"
            (site / relative).write_text(f"---\ntitle: Added\ndate: {day}\n---\nMet.\n")
            made.clear()
            assert dev.rebuild({relative}) and dev.last_rebuild == "incremental", day
            assert bool(made) is remade, day
            assert (closed in dev.files["actions.ics"]) is not remade, day
            assert dev.files == full_build_of(dev), day


@pytest.mark.parametrize("served_on", [date(2024, 3, 11), date(2024, 4, 10)], ids=["ahead", "held"])
def test_a_meeting_added_after_the_last_leaves_the_feeds_of_the_one_before_s_themes(
    site: Path, monkeypatch: pytest.MonkeyPatch, served_on: date
) -> None:
    """The third meeting (11 March) is the last, on permission to engage. A meeting added
    after it, on no theme, makes again the third meeting's page, which links the new one as
    the next meeting, and the site's feed, which carries the new one; not the feed of the
    third meeting's theme, whose entry for it shows nothing of the meeting after (at ten
    thousand meetings each such feed took a hundredth of serve's time for a new meeting
    file), whether the new one is ahead or already held (the latest meeting held is read
    only by a feed that carries a meeting ahead). The files are a full build's."""
    made: list[str] = []
    make_files = incremental.make_files

    def counted(outputs, *args):  # type: ignore[no-untyped-def]
        outputs = list(outputs)
        made.extend(out.path for out in outputs)
        return make_files(outputs, *args)

    monkeypatch.setattr(incremental, "make_files", counted)
    with previewing(site, served_on) as dev:
        assert dev.rebuild()
        relative = "content/meetings/2024-04-08-added.md"
        (site / relative).write_text("---\ntitle: Added\ndate: 2024-04-08\n---\nTo meet.\n")
        made.clear()
        assert dev.rebuild({relative}) and dev.last_rebuild == "incremental"
        assert "feed.xml" in made
        assert "themes/permission-to-engage/feed.xml" not in made
        third = dev.files["meetings/2024-03-11-third/index.html"].decode()
        assert 'rel="next">Next meeting: Added</a>' in third
        assert dev.files == full_build_of(dev)


def test_a_new_meeting_reloads_the_pages_before_the_feeds_are_made_and_the_feed_waits_for_them(
    server: DevServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting added after the last: the open pages are told to reload once the pages are
    made, and the reloaded page shows the meeting while the feeds, calendars and exports
    are still being made (here held until the test lets them go). A feed reader asking for
    the site's feed then waits, and gets the new feed, a full build's bytes, never the last
    one; so does one asking for the actions' export (the meeting raises an action)."""
    held, asked = threading.Event(), []
    make_files, files_for = incremental.make_files, server._files_for

    def held_for_feeds(outputs, *args):  # type: ignore[no-untyped-def]
        outputs = list(outputs)
        if any(out.path == "feed.xml" for out in outputs):
            assert held.wait(15)
        return make_files(outputs, *args)

    def noted(key: str | None) -> SiteFiles:
        asked.append(key)
        return files_for(key)

    monkeypatch.setattr(incremental, "make_files", held_for_feeds)
    monkeypatch.setattr(server, "_files_for", noted)
    before = fetch(server.url + "feed.xml")[2]
    events = urllib.request.urlopen(server.url + EVENTS_PATH.lstrip("/"), timeout=15)
    assert events.readline() == b": connected\n"
    (site / "content/meetings/2024-04-08-added.md").write_text(
        "---\ntitle: Added while previewing\ndate: 2024-04-08\nactions:\n  - id: book-a-room\n"
        "    title: Book a room\n    owner: All members\n---\nTo meet.\n"
    )
    while (line := events.readline()) in (b"\n", b": keep-alive\n"):
        pass
    assert line == b"event: reload\n"
    events.close()
    status, _, page = fetch(server.url + "meetings/2024-04-08-added/")
    assert status == 200 and "<h1>Added while previewing</h1>" in page
    answers: dict[str, bytes] = {}

    def read(path: str) -> None:
        with urllib.request.urlopen(server.url + path, timeout=30) as response:
            answers[path] = response.read()

    readers = [threading.Thread(target=read, args=(p,)) for p in ("feed.xml", "actions.json")]
    for reader in readers:
        reader.start()
    assert wait_until(lambda: {"feed.xml", "actions.json"} <= set(asked))
    assert not answers  # each waits for its file
    held.set()
    for reader in readers:
        reader.join()
    built = full_build_of(server)
    assert answers == {"feed.xml": built["feed.xml"], "actions.json": built["actions.json"]}
    assert "Added while previewing" in answers["feed.xml"].decode() != before
    assert b"Book a room" in answers["actions.json"]
    assert server.files == built


def test_a_meeting_held_added_redates_the_meetings_ahead_in_the_sitemap_and_calendar(
    site: Path,
) -> None:
    """Served on 20 March without git's history, two meetings published ahead (25 March and
    15 April) are dated in the sitemap and the calendar by the latest meeting held (the
    third, 11 March). A meeting held on 18 March, added, makes that its day: the page of the
    one furthest ahead, whose neighbours stay as they were, is made again for its sitemap
    entry, and both events for their DTSTAMP, as a full build has them."""
    for day, title in (("2024-03-25", "Next"), ("2024-04-15", "Later")):
        (site / f"content/meetings/{day}-{title.lower()}.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\n---\nAgenda.\n"
        )
    with previewing(site, date(2024, 3, 20)) as dev:
        assert dev.rebuild()
        sitemap = dev.files["sitemap.xml"].decode()
        assert "meetings/2024-04-15-later/</loc><lastmod>2024-03-11</lastmod>" in sitemap
        assert b"DTSTAMP:20240325" not in dev.files["meetings.ics"]
        relative = "content/meetings/2024-03-18-added.md"
        (site / relative).write_text("---\ntitle: Added\ndate: 2024-03-18\n---\nMet.\n")
        assert dev.rebuild({relative}) and dev.last_rebuild == "incremental"
        sitemap = dev.files["sitemap.xml"].decode()
        assert "meetings/2024-04-15-later/</loc><lastmod>2024-03-18</lastmod>" in sitemap
        assert dev.files["meetings.ics"].count(b"DTSTAMP:20240318T000000Z") == 3
        assert dev.files == full_build_of(dev)


def test_the_agenda_pack_is_made_again_when_what_it_shows_changes_and_only_then(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served on 5 March, the third meeting (11 March), published ahead, is the next, and
    its pack lists the guidance action due by it. A meeting added after the third, on no
    theme and naming no action, leaves the pack as it was, and it is neither worked out nor
    made again (at ten thousand meetings that took a twentieth of serve's time for a new
    meeting file); the action's title edited, then its due date moved after the meeting,
    make it again, as a full build has it (the pack worked out once for each), as does an
    edit to the third meeting's text, its agenda, which the pack shows."""
    rendered: list[str] = []
    render_one = incremental.render_page

    def render_page(environment, site, page):  # type: ignore[no-untyped-def]
        rendered.append(urls.output_file(page.url))
        return render_one(environment, site, page)

    monkeypatch.setattr(incremental, "render_page", render_page)
    found: list[date | None] = []  # each time the pack is worked out, its day
    agenda_of = pages.agenda

    def agenda(site, indexes):  # type: ignore[no-untyped-def]
        found.append(agenda_of(site, indexes).day)
        return agenda_of(site, indexes)

    monkeypatch.setattr(pages, "agenda", agenda)
    added = "content/meetings/2024-03-25-added.md"
    written = "---\ntitle: Added\ndate: 2024-03-25\n---\nTo meet.\n"
    steps = [
        ("added", added, None, written, None),
        (
            "agenda",
            THIRD,
            "A short third meeting.\n",
            "A short third meeting.\n\n1. Ask for permission to engage\n",
            "<li>Ask for permission to engage</li>",
        ),
        (
            "title",
            KICK_OFF,
            "title: Write guidance on engaging online",
            "title: Write guidance on working online",
            "Write guidance on working online",
        ),
        (
            "due",
            KICK_OFF,
            "due: 2024-03-01",
            "due: 2024-03-20",
            "No action is due by this meeting.",
        ),
    ]
    with previewing(site, date(2024, 3, 5)) as dev:
        assert dev.rebuild()
        assert "Write guidance on engaging online" in dev.files["next/index.html"].decode()
        for name, relative, old, new, shown in steps:
            if old is None:
                (site / relative).write_text(new)
            else:
                edit(site, relative, old, new)
            rendered.clear()
            found.clear()
            assert dev.rebuild({relative}) and dev.last_rebuild == "incremental", name
            assert ("next/index.html" in rendered) is (shown is not None), name
            assert found == ([] if shown is None else [date(2024, 3, 11)]), name
            if shown is not None:
                assert shown in dev.files["next/index.html"].decode(), name
            assert dev.files == full_build_of(dev), name


def test_the_files_serve_holds_are_a_mapping_through_any_updates() -> None:
    """An update's files share the full build's compressed ones and hide those it made again
    or removed: through any run of updates they read as a plain dict updated the same way."""
    chance = random.Random(7)
    names = [f"page-{n}.html" for n in range(12)]
    expected = {name: f"first {name}".encode() for name in names[:8]}
    files = SiteFiles({name: compress(data) for name, data in expected.items()})
    for step in range(60):
        made = {
            name: chance.choice([expected.get(name, b"new"), f"step {step}".encode()])
            for name in chance.sample(names, 3)
        }
        gone = [name for name in chance.sample(names, 2) if name not in made]
        changed_now = {p for p, d in made.items() if expected.get(p) != d} | set(gone)
        files, changed = files.updated(made, gone)
        expected.update(made)
        for name in gone:
            expected.pop(name, None)
        assert changed == changed_now
        assert dict(files) == expected and len(files) == len(expected)
        assert sorted(files) == sorted(expected)
        for name in names:
            assert (name in files) == (name in expected)
            if name in expected:
                assert gzip.decompress(files.gzipped(name)) == expected[name]
            else:
                with pytest.raises(KeyError):
                    files[name]


def test_a_rebuild_that_finds_its_edits_taken_does_nothing(
    unstarted: DevServer, site: Path
) -> None:
    """Two timers can both fire for one burst of events (the second event arrives after the
    first timer fired but before it took the changes): the second finds nothing pending and
    does nothing, where it used to build everything again."""
    edit(site, THIRD, "A short third", "A brief third")
    unstarted.note_change(THIRD)
    unstarted._timer.cancel()  # its timer, fired now
    unstarted._rebuild_pending()
    assert unstarted.last_rebuild == "incremental"
    generation = unstarted.generation
    unstarted._rebuild_pending()  # the second timer: nothing pending
    assert unstarted.last_rebuild == "incremental" and unstarted.generation == generation


def test_rebuilds_never_overlap(unstarted: DevServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A burst of events during a rebuild waits for it to end before its own rebuild."""
    running, overlapped = [], []

    def slow_rebuild(changed: set[str] | None = None) -> bool:
        overlapped.append(bool(running))
        running.append(changed)
        time.sleep(0.2)
        running.pop()
        return True

    monkeypatch.setattr(unstarted, "rebuild", slow_rebuild)
    threads = []
    for name in ("a.md", "b.md"):
        unstarted.note_change(f"content/meetings/{name}")
        unstarted._timer.cancel()  # its timer, fired now
        thread = threading.Thread(target=unstarted._rebuild_pending)
        thread.start()
        threads.append(thread)
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert overlapped == [False, False]


def test_a_commit_while_serving_rebuilds_what_git_s_history_shows(site: Path) -> None:
    """A principle reworded and saved shows at once, as never reworded (git has no record
    of it yet); committed, the principles page shows the change: serve watches the
    repository's branches as well as the files."""
    edit(site, "site.yml", "history: false", "history: true")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The group's first notes")
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    dev.start()
    try:
        url = dev.url + "principles/"
        edit(site, "content/principles.md", "Listen before you speak.", "Listen first.")
        assert wait_until(lambda: "Listen first." in fetch(url)[2])
        assert "How it changed" not in fetch(url)[2]
        git(site, "commit", "-q", "-am", "Reword listen-first")
        assert wait_until(lambda: "How it changed" in fetch(url)[2])
        page = fetch(url)[2]
        assert "Listen before you speak." in page and "Reword listen-first" in page
        assert dev.last_rebuild == "full"
    finally:
        dev.stop()


def test_an_editor_saving_a_body_updates_the_page_quickly(server: DevServer, site: Path) -> None:
    # Giving memory back is slow here, so that a reader who sees the new page before the
    # server says how it was made would read the last build's word ("full").
    release = server.release_freed_memory

    def slowly() -> None:
        time.sleep(0.5)
        release()

    server.release_freed_memory = slowly
    note = site / THIRD
    # An editor's atomic save: a temporary file, then a rename over the note.
    temporary = note.with_name(".2024-03-11-third.md.swp")
    temporary.write_text(note.read_text().replace("A short third", "A brief third"))
    temporary.replace(note)
    url = server.url + "meetings/2024-03-11-third/"
    assert wait_until(lambda: "A brief third meeting." in fetch(url)[2])
    assert server.last_rebuild == "incremental"


def test_vims_passing_files_leave_a_body_edit_quick(server: DevServer, site: Path) -> None:
    """vim checks it may write in the folder with a file `4913`, and keeps `note.md~` while
    it writes the note: both are gone by the rebuild, which stays the quick one."""
    note = site / THIRD
    probe, backup = note.with_name("4913"), note.with_name(note.name + "~")
    probe.write_bytes(b"")
    probe.unlink()
    backup.write_bytes(note.read_bytes())
    note.write_text(note.read_text().replace("A short third", "A brief third"))
    backup.unlink()
    url = server.url + "meetings/2024-03-11-third/"
    assert wait_until(lambda: "A brief third meeting." in fetch(url)[2])
    assert server.last_rebuild == "incremental"


def test_a_themes_hidden_files_and_backups_start_no_rebuild(site: Path) -> None:
    """What a build never reads in themes/ (Finder's .DS_Store, an editor's backup or swap
    file) starts no rebuild; a template saved beside them does."""
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    changes: list[str] = []
    watcher = _Watcher(site, changes.append)
    for name in (".DS_Store", "default/templates/base.html~", "default/templates/.base.html.swp"):
        (site / "themes" / name).write_text("not read")
        watcher.on_any_event(FileCreatedEvent(str(site / "themes" / name)))
    assert changes == []
    (templates / "base.html").write_text("{{ title }}")
    watcher.on_any_event(FileCreatedEvent(str(templates / "base.html")))
    assert changes == ["themes/default/templates/base.html"]


PICTURE = b"\x89PNG\r\n\x1a\n"  # what serve is to serve back, byte for byte


def test_an_image_added_after_the_note_that_shows_it_is_picked_up(
    server: DevServer, site: Path
) -> None:
    """A member writes the image into the note first, then uploads the file: the error goes
    and the picture is served, without touching the note again."""
    (site / "content/files").mkdir()
    edit(site, THIRD, "A short third meeting.", "![The room](../files/room.png)")
    assert wait_until(lambda: any("room.png" in p for p in server.problems))
    (site / "content/files/room.png").write_bytes(PICTURE)
    assert wait_until(lambda: not any("room.png" in p for p in server.problems))
    assert wait_until(lambda: raw_get(server, "/files/room.png") == (200, PICTURE))
    page = fetch(server.url + "meetings/2024-03-11-third/")[2]
    assert '<img src="../../files/room.png" alt="The room"' in page


def test_a_body_edit_then_a_new_meeting_keeps_the_edited_body(
    unstarted: DevServer, site: Path
) -> None:
    """A body edit updates only the page; the next front-matter update must still start
    from the edited body (its links are rendered again when a meeting is added)."""
    edit(site, KICK_OFF, "See [the principles]", "Read [the principles]")
    assert unstarted.rebuild({KICK_OFF}) and unstarted.last_rebuild == "incremental"
    added = "content/meetings/2024-02-20-extra.md"
    (site / added).write_text(NEW_MEETING)
    assert unstarted.rebuild({added}), unstarted.problems
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    page = unstarted.files["meetings/2024-01-15-kick-off/index.html"].decode()
    assert "Read <a" in page


# Edits to a meeting's front matter, each made to meetings of the synthetic site that hold it.
FIELD_EDITS = [
    ("title: Meeting", "title: Renamed meeting"),
    ("status: done", "status: in-progress"),
    ("    owner: Owner", "    owner: New owner"),
    ("themes: [theme", "themes: [theme-39]  # was [theme"),  # the list replaced, not repeated
    ("note: Done.", "note: Done at last."),
    ("    due: 2000-0", "    due: 2001-0"),
    ("status: done", "status: dropped"),
]


@pytest.fixture
def synthetic(tmp_path: Path) -> Iterator[DevServer]:
    """serve after its first build of the synthetic site of 40 meetings."""
    site = synthetic_site(tmp_path / "synthetic", 40)
    with previewing(site, date(2000, 2, 1)) as dev:
        assert dev.rebuild()
        yield dev


def random_edits(site: Path, seed: int, steps: int, kinds: int) -> Iterator[tuple[Path, str, str]]:
    """The first `kinds` of FIELD_EDITS in turn, `steps` times, each to a meeting drawn at
    random (never the last) and skipped when that meeting does not hold the text it replaces:
    each meeting file with its edit, to be made before the next is drawn."""
    notes = sorted((site / "content/meetings").iterdir())
    rng = random.Random(seed)
    for step in range(steps):
        note = rng.choice(notes[:-1])
        old, new = FIELD_EDITS[step % kinds]
        if old in note.read_text():
            yield note, old, new


@pytest.mark.slow
def test_a_run_of_meeting_edits_always_matches_a_full_build(synthetic: DevServer) -> None:
    dev, site = synthetic, synthetic.options.source
    applied = 0
    for note, old, new in random_edits(site, seed=5, steps=12, kinds=5):
        relative = note.relative_to(site).as_posix()
        note.write_text(note.read_text().replace(old, new, 1))
        assert dev.rebuild({relative}), dev.problems
        assert dev.last_rebuild == "incremental", relative
        assert dev.files == full_build_of(dev), (relative, old)
        applied += 1
    assert applied >= 10
    last = sorted((site / "content/meetings").iterdir())[-1]
    last.unlink()
    assert dev.rebuild({last.relative_to(site).as_posix()}) and dev.last_rebuild == "incremental"
    assert dev.files == full_build_of(dev)


def test_a_control_character_is_an_error_and_serving_goes_on(server: DevServer, site: Path) -> None:
    note = site / "content/meetings/2024-03-11-third.md"
    good = note.read_text()
    note.write_text(good.replace("A short third meeting.", "A short\x0cthird meeting."))
    url = server.url + "meetings/2024-03-11-third/"
    expected = (
        "content/meetings/2024-03-11-third.md:7:8: error: remove the invisible control "
        "character U+000C"
    )
    assert wait_until(lambda: expected in fetch(url)[2])
    note.write_text(good.replace("A short third meeting.", "A short third meeting, fixed."))
    assert wait_until(lambda: "meeting, fixed." in fetch(url)[2])
    assert "nominutes-errors" not in fetch(url)[2]


def request_with_host(server: DevServer, path: str, host: str) -> tuple[int, bytes]:
    address, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(address, port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_requests_for_another_host_are_refused(server: DevServer) -> None:
    port = server.httpd.server_address[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1", ""):
        status, body = request_with_host(server, "/", host)
        assert status == 421, host
        assert body == f"This server answers only at {server.url}\n".encode()
    status, _ = request_with_host(server, EVENTS_PATH, "rebound.example")
    assert status == 421
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = request_with_host(server, "/", host)
        assert status == 200 and b"Minimal group" in body, host


def test_idle_connections_are_closed(site: Path) -> None:
    import socket

    options = BuildOptions(site, site / "_site", date(2024, 3, 11))
    dev = DevServer(options, "127.0.0.1", 0, idle_timeout=0.5)
    dev.start()
    try:
        idle = socket.create_connection(dev.httpd.server_address[:2], timeout=10)
        idle.settimeout(10)
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the server, having sent nothing
        assert time.monotonic() - started < 5
        idle.close()
    finally:
        dev.stop()


def test_pages_are_served_while_hundreds_of_tabs_listen_for_reloads(server: DevServer) -> None:
    import socket

    from generator.serve.server import MAX_EVENT_STREAMS

    address = server.httpd.server_address[:2]
    host = f"127.0.0.1:{address[1]}"
    request = f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    tabs = []
    try:
        for _ in range(300):
            tab = socket.create_connection(address, timeout=10)
            tab.sendall(request)
            tabs.append(tab)
        statuses = [tab.recv(64).split(b" ", 2)[1] for tab in tabs]
        assert statuses.count(b"200") == MAX_EVENT_STREAMS
        assert statuses.count(b"503") == 300 - MAX_EVENT_STREAMS
        started = time.monotonic()
        status, _, body = fetch(server.url + "meetings/2024-01-15-kick-off/")
        assert status == 200 and "Kick-off: first meeting" in body
        assert time.monotonic() - started < 5
    finally:
        for tab in tabs:
            tab.close()


SERVE_WITH_FEW_HANDLES = """
import resource, sys, time
from datetime import date
from pathlib import Path
from generator.content.model import BuildOptions
from generator.serve.server import DevServer

site = Path(sys.argv[1])
dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0,
                idle_timeout=1.0)
dev.rebuild()
dev.start()
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))  # file handles run short from here
print("serving", dev.url, flush=True)
time.sleep(60)
"""


def test_pages_are_served_again_when_file_handles_run_short(site: Path) -> None:
    import socket
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", SERVE_WITH_FEW_HANDLES, str(site)],
        stdout=subprocess.PIPE,
        text=True,
    )
    idle: list[socket.socket] = []
    try:
        line = ""
        while not line.startswith("serving "):
            line = process.stdout.readline()  # type: ignore[union-attr]
        url = line.split()[1]
        host, port = url.removeprefix("http://").strip("/").split(":")
        for _ in range(100):  # more idle connections than the server has handles
            idle.append(socket.create_connection((host, int(port)), timeout=10))
        started = time.monotonic()
        status, _, body = fetch(url + "meetings/2024-01-15-kick-off/")
        assert status == 200 and "Kick-off: first meeting" in body
        waited = time.monotonic() - started
        assert 0.5 < waited < 8, waited  # the server had no handle to spare until idle ones closed
        assert process.poll() is None  # still serving
        assert fetch(url)[0] == 200
    finally:
        for connection in idle:
            connection.close()
        process.kill()
        process.wait()


def full_build_warnings(dev: DevServer) -> list[str]:
    return sorted(str(p) for p in make_site(replace(dev.options, cache=False)).warnings)


def test_the_warnings_are_printed_again_once_an_error_is_mended(
    unstarted: DevServer, site: Path, capsys
) -> None:
    warnings = list(unstarted.warnings)
    assert warnings  # the minimal site misses a report-back
    third = "content/meetings/2024-03-11-third.md"
    edit(site, third, "title: Third meeting", "title: Third: meeting")
    assert not unstarted.rebuild({third})
    assert "error" in capsys.readouterr().err
    edit(site, third, "title: Third: meeting", "title: Third meeting")
    assert unstarted.rebuild({third})
    assert capsys.readouterr().err.splitlines() == warnings


def test_updates_report_the_warnings_a_full_build_reports(unstarted: DevServer, site: Path) -> None:
    """serve keeps the documents of only the meetings with a warning; every update still
    shows every warning a full build shows, and no other."""
    plain, curly = "summary: The third meeting, on permission.", "summary: “The third meeting.”"
    edit(site, THIRD, plain, curly)
    steps = [
        (REPORTING_BACK, "title: Reporting back", "title: Reporting back again"),
        (KICK_OFF, "See [the principles]", "Read [the principles]"),  # a body edit
        (THIRD, "A short third meeting.", "A short third meeting, edited."),
        (REPORTING_BACK, "title: Reporting back again", "title: Reporting back once more"),
        (THIRD, curly, plain),
        (KICK_OFF, "due: 2024-03-01", "due: 2024-04-01"),
        (THIRD, plain, curly),
    ]
    assert unstarted.rebuild()
    assert any("inside “ ”" in line for line in unstarted.warnings)
    for relative, old, new in steps:
        edit(site, relative, old, new)
        assert unstarted.rebuild({relative}), unstarted.problems
        assert unstarted.last_rebuild == "incremental", (relative, old)
        assert sorted(unstarted.warnings) == full_build_warnings(unstarted), (relative, old)
        assert unstarted.files == full_build_of(unstarted), (relative, old)
    gone = site / REPORTING_BACK
    gone.unlink()
    assert unstarted.rebuild({REPORTING_BACK}) and unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    assert "meetings/2024-02-12-reporting-back/index.html" not in unstarted.files


def test_an_update_that_gives_or_takes_an_owner_reports_a_stale_different_people_group(
    site: Path,
) -> None:
    """site.yml's different_people naming someone no action's owner has is a warning; an
    update that makes them an owner takes it away, and one that takes the owner away again
    brings it back, as a full build reports them."""
    with (site / "site.yml").open("a") as settings:
        settings.write("different_people:\n  - [Grace, Grace Lee]\n")
    stale = (
        "site.yml:7:5: warning: different_people: [Grace, Grace Lee] names one owner of an "
        "action ('Grace'; no action's owner is 'Grace Lee'), so it keeps no two apart: remove it"
    )
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        assert stale in dev.warnings
        for old, new, warned in [
            ("owner: All members", "owner: Grace Lee", False),
            ("owner: Grace Lee", "owner: All members", True),
        ]:
            edit(site, KICK_OFF, old, new)
            assert dev.rebuild({KICK_OFF}) and dev.last_rebuild == "incremental"
            assert (stale in dev.warnings) == warned, new
            assert sorted(dev.warnings) == full_build_warnings(dev), new


def test_a_body_edit_takes_the_quick_way_whatever_was_edited_before(
    unstarted: DevServer, site: Path
) -> None:
    """serve keeps no document of a meeting with no warning, and still tells an edit to its
    body alone from one to its front matter."""
    assert unstarted.rebuild()
    for relative, old, new, quick in [
        (REPORTING_BACK, "title: Reporting back", "title: Reporting back again", False),
        (REPORTING_BACK, "md) actions.", "md) actions.\n\nMore was said.", True),
        (REPORTING_BACK, "authors: [Ada Lovelace]", "authors: [Ada Lovelace, Alan]", False),
        (REPORTING_BACK, "More was said.", "More was said, and done.", True),
        (THIRD, "A short third meeting.", "A short third meeting, edited.", True),
        (THIRD, "A short third meeting, edited.", "A short third meeting, edited twice.", True),
    ]:
        assert old in (site / relative).read_text(), old
        edit(site, relative, old, new)
        assert unstarted.last is not None
        update = update_bodies(unstarted.last, unstarted.options, {relative}, unstarted.cache)
        assert (update is not None) == quick, (relative, old)
        assert unstarted.rebuild({relative}) and unstarted.files == full_build_of(unstarted)
    edit(site, THIRD, "title: Third meeting", "title:  Third meeting")  # a value moved
    assert unstarted.last is not None
    assert update_bodies(unstarted.last, unstarted.options, {THIRD}, unstarted.cache) is None


# (file, text, replacement, whether serve's update puts the new record in its model as it is)
SHOWN_EDITS = [
    (KICK_OFF, 'title: "Kick-off: first meeting"', "title: Kick-off, renamed", True),
    (REPORTING_BACK, "authors: [Ada Lovelace]", "authors: [Ada Lovelace, Alan]", True),
    # an author written as an owner's name, but for its accent: warned of, by a full build
    (REPORTING_BACK, "authors: [Ada Lovelace, Alan]", "authors: [Ada Lovelace, Grâce]", False),
    (REPORTING_BACK, "authors: [Ada Lovelace, Alan]", "summary: Members reported back.", True),
    (KICK_OFF, "categories: [Capability]", "categories: [Capability, Data]", True),
    (KICK_OFF, "categories: [Capability, Data]", "location: Room 1", True),
    (KICK_OFF, "title: Think of a live policy issue", "title: Think of a policy issue", True),
    (REPORTING_BACK, "note: Everyone brought an example.", "note: Each brought one.", True),
    (REPORTING_BACK, "  - id: write-guidance\n", "  - id: write-guidance\n    title: A\n", False),
    (REPORTING_BACK, "themes: [foi-implications, ", "themes: [", False),
    (REPORTING_BACK, "status: done", "status: dropped", False),
    (KICK_OFF, "date: 2024-01-15", "date: 2024-01-16", False),
    (KICK_OFF, "next_meeting: 2024-02-12", "next_meeting: 2024-02-13", False),
    (KICK_OFF, "We met for the first time.", "We met.", False),
    (KICK_OFF, "title: Kick-off, renamed", "title: Kick-off\ntime: '10:00'", True),  # a line more
    (KICK_OFF, "title: Kick-off\ntime: '10:00'", "title: Kick-off, renamed", True),  # and fewer
    (KICK_OFF, "title: Kick-off, renamed", "title: [Kick-off", False),  # an error
    # warned about (an action it does not report back on): the warning stays
    (THIRD, "summary: The third", "summary: Now the third", True),
]


def test_an_edit_to_what_a_meeting_shows_of_itself_changes_only_its_record(
    unstarted: DevServer, site: Path
) -> None:
    """A title, summary, author, category, time or place edited: serve puts the meeting's new
    record in its model and makes again what shows it, as a full build would make it, with
    the warnings a full build reports; after a body edit too."""
    for relative, old, new, quick in [
        *SHOWN_EDITS,
        (KICK_OFF, "We met.", "We met, at last.", False),  # a body edit (kept, as the one above),
        (KICK_OFF, "title: Kick-off, renamed", "title: Kick-off, once more", True),  # then this
    ]:
        assert old in (site / relative).read_text(), old
        edit(site, relative, old, new)
        assert unstarted.last is not None
        before = unstarted.last.model
        update = update_shown(unstarted.last, unstarted.options, {relative}, unstarted.cache)
        assert (update is not None) == quick, (relative, new)
        if update is None and not new.startswith("We met"):
            edit(site, relative, new, old)
            continue
        assert unstarted.rebuild({relative}) and unstarted.last_rebuild == "incremental"
        full = make_site(replace(unstarted.options, cache=False))
        assert unstarted.files == full.files, (relative, new)
        assert unstarted.warnings == [str(p) for p in full.warnings]
        if update is None:
            continue
        assert update.written, new
        slugs = {m.slug for m in before.site.meetings if m.path == relative}
        after = unstarted.last.model
        fresh = make_site(replace(unstarted.options, cache=False), for_serve=True).snapshot
        assert fresh is not None
        assert after.site.meetings == fresh.model.site.meetings, new  # where entries are, too
        assert after.bodies == fresh.model.bodies, new
        old_values, new_values = shown_key_values(before, slugs), shown_key_values(after, slugs)
        assert {k for k, v in new_values.items() if old_values[k] != v} | {ALWAYS} == (
            keys_that_differ(before, after)
        )
    page = unstarted.files["meetings/2024-01-15-kick-off/index.html"].decode()
    assert "We met, at last." in page and "Kick-off, once more" in page


def test_a_note_written_into_an_entry_that_changed_nothing_is_followed_as_a_full_build_has_it(
    unstarted: DevServer, site: Path
) -> None:
    """An entry left as `new meeting` wrote it reports nothing; a note written into it makes
    it a report back (and taken out again, not): more than the meeting shows of itself, so
    serve does not put in its record alone, and every file and warning is a full build's."""
    page = "meetings/2024-03-11-third/index.html"
    listed = "actions:\n  - id: write-guidance\n    status: in-progress\n    note:\n"
    edit(
        site, THIRD, "themes: [permission-to-engage]\n", f"themes: [permission-to-engage]\n{listed}"
    )
    assert unstarted.rebuild({THIRD})
    assert unstarted.files == full_build_of(unstarted)
    assert 'id="not-reported-write-guidance"' in unstarted.files[page].decode()
    for old, new, shown in [
        ("    note:\n", "    note: Drafted.\n", 'id="reported-write-guidance"'),
        ("    note: Drafted.\n", "    note:\n", 'id="not-reported-write-guidance"'),
    ]:
        edit(site, THIRD, old, new)
        assert unstarted.last is not None
        assert update_shown(unstarted.last, unstarted.options, {THIRD}, unstarted.cache) is None
        assert unstarted.rebuild({THIRD}) and unstarted.last_rebuild == "incremental"
        full = make_site(replace(unstarted.options, cache=False))
        assert unstarted.files == full.files, new
        assert unstarted.warnings == [str(p) for p in full.warnings], new
        assert shown in unstarted.files[page].decode(), new


def test_an_action_listed_with_nothing_changed_and_no_due_date_follows_its_edits(
    site: Path,
) -> None:
    """Write-guidance, with no due date, listed at the third meeting with nothing changed:
    the third's page shows it under "Listed, nothing changed". Its title edited where it was
    raised and the third's title edited (serve's quick way), then a note written into the
    third's entry, then taken out: each time every file is a full build's."""
    edit(site, KICK_OFF, "    due: 2024-03-01\n", "")
    listed = "actions:\n  - id: write-guidance\n    status: in-progress\n    note:\n"
    themes = "themes: [permission-to-engage]\n"
    edit(site, THIRD, themes, themes + listed)
    page = "meetings/2024-03-11-third/index.html"
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        assert 'id="unchanged-write-guidance"' in dev.files[page].decode()
        for relative, old, new, shown, quick in [
            (KICK_OFF, "title: Write guidance", "title: Write a guide", "Write a guide", True),
            (THIRD, "title: Third meeting", "title: The third", "<h1>The third</h1>", True),
            (THIRD, "    note:\n", "    note: Drafted.\n", 'id="updated-write-guidance"', False),
            (THIRD, "    note: Drafted.\n", "    note:\n", 'id="unchanged-write-guidance"', False),
        ]:
            edit(site, relative, old, new)
            assert dev.last is not None
            update = update_shown(dev.last, dev.options, {relative}, dev.cache)
            assert (update is not None) == quick, new
            assert dev.rebuild({relative}) and dev.last_rebuild == "incremental", new
            assert dev.files == full_build_of(dev), new
            assert shown in dev.files[page].decode(), new
        assert "Write a guide on engaging online</a></div>" in dev.files[page].decode()


def test_a_line_added_above_a_body_moves_its_links_with_it(site: Path) -> None:
    """A line added to front matter moves the body down: serve's quick way puts in the new
    record and renders the body again, so that a problem found later with one of its links
    is reported where the link now is, as a full build would report it."""
    (site / "content/files").mkdir()
    (site / "content/files/agenda.txt").write_text("Agenda\n")
    edit(site, KICK_OFF, "We met for the first time.", "We met ([agenda](../files/agenda.txt)).")
    with previewing(site, date(2024, 3, 11)) as dev:
        assert dev.rebuild()
        edit(site, KICK_OFF, 'title: "Kick-off: first meeting"', "title: Kick-off\ntime: '10:00'")
        assert dev.last is not None
        update = update_shown(dev.last, dev.options, {KICK_OFF}, dev.cache)
        assert update is not None
        fresh = make_site(replace(dev.options, cache=False), for_serve=True).snapshot
        assert fresh is not None
        (link,) = fresh.model.bodies[KICK_OFF].links
        assert update.build.model.bodies[KICK_OFF].links == (link,)
        assert update.build.model.site.meetings == fresh.model.site.meetings


def test_each_page_is_found_on_its_own_as_the_page_list_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pages_at` makes any one page (of each kind, by where it is written) as listing every
    page makes it: the same address, template, title and keys read."""
    source = synthetic_site(tmp_path / "site", 40)
    options = BuildOptions(source, tmp_path / "out", date(2000, 2, 1))
    assembled = assemble_model(load_site(source), options)
    bodies = render_bodies(assembled.site, BuildCache.disabled())
    model = page_model(assembled.site, assembled.indexes, bodies)
    every = list(build_pages(model))
    assert len(every) > 200
    for page in every:
        (found,) = pages_at(model, {urls.output_file(page.url)})
        assert (found.url, found.template, found.title, found.reads) == (
            page.url,
            page.template,
            page.title,
            page.reads,
        )
    assert pages_at(model, set()) == []
    # The page of a meeting, an action or a decision lists no other page.
    monkeypatch.setattr(pages, "_page_kinds", None)
    one_of_each = {
        urls.output_file(url)
        for url in (
            urls.meeting(model.site.meetings[3].slug),
            urls.action(model.indexes.actions[3].id),
            urls.decision(model.indexes.decisions[3].id),
        )
    }
    assert len(pages_at(model, one_of_each)) == 3


@pytest.mark.parametrize("count", [3, 40])
def test_a_meeting_put_in_the_indexes_is_as_if_cross_referenced_again(
    tmp_path: Path, count: int
) -> None:
    """`with_meeting` gives the indexes that cross-referencing the site again gives, for each
    meeting in turn renamed (its actions and decisions reworded), one edit after another, as
    serve makes them, with the places it returns; every list that does not hold the meeting
    is the very same, and the places are those of the new indexes."""
    if count > 3:
        source = synthetic_site(tmp_path / "site", count)
    else:
        source = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(source, tmp_path / "out", date(2000, 2, 1))
    model = assemble_model(load_site(source), options)
    site, indexes = model.site, model.indexes
    places = places_of(indexes)
    for at, meeting in enumerate(site.meetings):
        renamed = shown_otherwise(meeting)
        site = replace(site, meetings=(*site.meetings[:at], renamed, *site.meetings[at + 1 :]))
        again, _ = crossref(site)
        swapped, places = with_meeting(indexes, places, meeting, renamed)
        assert swapped == again, meeting.slug
        assert swapped != indexes
        assert places == places_of(swapped)
        for theme, found in indexes.meetings_by_theme.items():
            if meeting not in found:
                assert swapped.meetings_by_theme[theme] is found
        indexes = swapped


NEXT_MEETINGS = {
    "content/meetings/2024-03-25-next.md": """---
title: The next meeting
date: 2024-03-25
themes: [foi-implications]
actions:
  - id: write-guidance
    status: done
    note: Published.
  - id: live-policy-issue
    status: open
    owner: Ada Lovelace
    due: 2024-04-01
  - id: try-it
    title: Try it out
    owner: Someone New
    due: 2024-03-20
    themes: [permission-to-engage]
decisions:
  - id: pilot
    text: Run a pilot.
    themes: [foi-implications]
---
Met again.
""",
    "content/meetings/2024-05-02-after.md": """---
title: The meeting after
date: 2024-05-02
actions:
  - id: try-it
    status: in-progress
decisions:
  - id: pilot-two
    text: Run a second pilot instead.
    supersedes: pilot
    themes: [permission-to-engage]
---
Met once more.
""",
}


def test_meetings_added_after_the_last_are_followed_not_cross_referenced_again(
    unstarted: DevServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting file added after the last meeting (updating earlier actions, raising one,
    making a decision and then replacing it) is put into the last indexes, and only the
    pages it can reach are listed again: every file is as a full build makes it, what serve
    keeps of every page is what listing them all gives, and no meeting is cross-referenced
    again nor every page listed."""
    import generator.content.review
    import generator.make

    whole: list[str] = []
    crossref_every_meeting, every_page = generator.make.crossref, incremental._all_pages

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        whole.append("crossref")
        return crossref_every_meeting(*args, **kwargs)

    def listed_whole(model: PageModel):  # type: ignore[no-untyped-def]
        whole.append("every page")
        return every_page(model)

    def placed(indexes):  # type: ignore[no-untyped-def]
        whole.append("places")
        return places_of(indexes)

    monkeypatch.setattr(generator.make, "crossref", counted)
    monkeypatch.setattr(incremental, "_all_pages", listed_whole)
    monkeypatch.setattr(incremental, "places_of", placed)
    looked_at: list[str] = []  # the meetings the review looks at (the others' warnings kept)
    meeting_warnings = generator.content.review._meeting_warnings

    def looked(site: Site, meeting: Meeting) -> list[Problem]:
        looked_at.append(meeting.slug)
        return meeting_warnings(site, meeting)

    monkeypatch.setattr(generator.content.review, "_meeting_warnings", looked)
    for relative, text in NEXT_MEETINGS.items():
        (site / relative).write_text(text)
        before = dict(unstarted.files)
        whole.clear()
        looked_at.clear()
        assert unstarted.rebuild({relative}), unstarted.problems
        assert unstarted.last_rebuild == "incremental" and not whole
        assert looked_at == [unstarted.last.model.site.meetings[-1].slug]
        warned = make_site(replace(unstarted.options, cache=False)).warnings
        assert unstarted.warnings == [str(p) for p in warned]
        assert unstarted.files != before
        assert unstarted.last is not None
        model = unstarted.last.model
        pages, _ = render.unique_pages(build_pages(model))
        outputs, _ = render.file_outputs(model, pages)
        assert unstarted.last.listed == incremental.listed(incremental.with_paths(pages))
        assert unstarted.last.snapshot.reads == {
            **{urls.output_file(page.url): page.reads for page in pages},
            **{out.path: out.reads for out in outputs},
        }
        assert unstarted.files == full_build_of(unstarted)
        assert whole  # the full build's
    tracker = unstarted.files["actions/index.html"].decode()
    assert "Try it out" in tracker and "In progress" in tracker
    register = unstarted.files["decisions/index.html"].decode()
    assert "Run a second pilot instead." in register
    # Where each record sits is found by the next edit to what a meeting shows, not before.
    assert unstarted.last.places is None
    after = site / "content/meetings/2024-05-02-after.md"
    after.write_text(after.read_text().replace("title: The meeting after", "title: Renamed"))
    whole.clear()
    assert unstarted.rebuild({"content/meetings/2024-05-02-after.md"}), unstarted.problems
    assert unstarted.last_rebuild == "incremental" and whole == ["places"]
    assert unstarted.last.places == places_of(unstarted.last.model.indexes)
    assert "Renamed" in unstarted.files["index.html"].decode()
    assert unstarted.files == full_build_of(unstarted)


def test_a_meeting_added_after_the_last_makes_only_its_own_body_summary_and_exports(
    unstarted: DevServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting file added after the last renders its own body alone and makes its own
    summary alone (every other meeting's are the very same), and, naming no action or
    decision, leaves the exports unlisted (listing them names every action and decision);
    one that raises an action lists them again. Every file is as a full build makes it, and
    what serve keeps of each output's reads is what listing them all gives."""
    rendered: list[list[str]] = []
    summarised: list[str] = []
    exported: list[str] = []
    render_them, summarise, export = (
        incremental.render_bodies,
        render.summary_of,
        render.export_outputs,
    )

    def bodies_rendered(site: Site, cache: BuildCache, sources=None):  # type: ignore[no-untyped-def]
        rendered.append(sorted(source.path for source in sources or ()))
        return render_them(site, cache, sources)

    def summary_made(meeting: Meeting, *args):  # type: ignore[no-untyped-def]
        summarised.append(meeting.slug)
        return summarise(meeting, *args)

    def listed_exports(*args):  # type: ignore[no-untyped-def]
        exported.append("exports")
        return export(*args)

    monkeypatch.setattr(incremental, "render_bodies", bodies_rendered)
    monkeypatch.setattr(incremental, "summary_of", summary_made)
    monkeypatch.setattr(render, "summary_of", summary_made)
    monkeypatch.setattr(render, "export_outputs", listed_exports)
    added = {
        "content/meetings/2024-03-25-next.md": "",
        "content/meetings/2024-04-02-later.md": "actions:\n  - id: new-one\n"
        "    title: Something new\n    owner: Ada Lovelace\n    due: 2024-04-30\n",
    }
    for relative, front in added.items():
        day = relative.removeprefix("content/meetings/")[:10]
        (site / relative).write_text(f"---\ntitle: Added {day}\ndate: {day}\n{front}---\nNew.\n")
        rendered.clear(), summarised.clear(), exported.clear()
        assert unstarted.rebuild({relative}), unstarted.problems
        assert unstarted.last_rebuild == "incremental" and unstarted.last is not None
        assert rendered == [[relative]]
        assert summarised == [unstarted.last.model.site.meetings[-1].slug]
        assert exported == ([] if not front else ["exports"])
        model = unstarted.last.model
        pages, _ = render.unique_pages(build_pages(model))
        outputs, _ = render.file_outputs(model, pages)
        assert unstarted.last.snapshot.reads == {
            **{urls.output_file(page.url): page.reads for page in pages},
            **{out.path: out.reads for out in outputs},
        }
        assert unstarted.files == full_build_of(unstarted)
    assert "Something new" in unstarted.files["actions.json"].decode()


def test_a_meeting_added_after_the_last_makes_again_only_the_to_dos_of_its_actions(
    unstarted: DevServer, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve keeps the actions calendar's to-dos, one per action, and a meeting file added
    after the last makes again only those of the actions it raises and updates (the first
    update after a full build makes them all), joined into the calendar a full build makes
    whole."""
    todo = calendars._todo_bytes
    made: list[str] = []

    def counted(site_: Site, action):  # type: ignore[no-untyped-def]
        made.append(action.id)
        return todo(site_, action)

    monkeypatch.setattr(calendars, "_todo_bytes", counted)
    added = {
        "content/meetings/2024-03-25-next.md": "",
        "content/meetings/2024-04-02-later.md": "actions:\n  - id: live-policy-issue\n"
        "    status: in-progress\n  - id: new-one\n    title: Something new\n"
        "    owner: Ada Lovelace\n    due: 2024-04-30\n",
    }
    for relative, front in added.items():
        day = relative.removeprefix("content/meetings/")[:10]
        (site / relative).write_text(f"---\ntitle: Added {day}\ndate: {day}\n{front}---\nNew.\n")
        made.clear()
        assert unstarted.rebuild({relative}), unstarted.problems
        assert unstarted.last_rebuild == "incremental"
        updated = sorted(made)
        assert unstarted.files == full_build_of(unstarted)
    assert updated == ["live-policy-issue", "new-one"]
    assert b"SUMMARY:Something new" in unstarted.files["actions.ics"]


def test_the_record_templates_are_those_of_the_pages_list_pages_leaves_out(
    tmp_path: Path,
) -> None:
    """serve tells the page of each meeting, action and decision, which it keeps, from the
    pages it lists again (`pages.list_pages`) by its template."""
    source = synthetic_site(tmp_path / "site", 12)
    model = assemble_model(
        load_site(source), BuildOptions(source, tmp_path / "out", date(2000, 2, 1))
    )
    model = page_model(model.site, model.indexes, render_bodies(model.site, BuildCache.disabled()))
    every, lists = list(build_pages(model)), list(pages.list_pages(model))
    listed_again = {page.url for page in lists}
    records = [page for page in every if page.url not in listed_again]
    assert len(records) == len(model.site.meetings) + len(model.indexes.actions) + len(
        model.indexes.decisions
    )
    assert {page.template for page in records} == pages.RECORD_TEMPLATES
    assert not any(page.template in pages.RECORD_TEMPLATES for page in lists)


@pytest.mark.slow
def test_meetings_added_after_the_last_of_many_are_as_a_full_build_makes_them(
    synthetic: DevServer,
) -> None:
    """On a site of 40 meetings, in lists of several pages: meetings added after the last,
    reopening, handing on, dropping and closing actions, raising one and replacing
    decisions, each followed as `test_meetings_added_after_the_last_are_followed_...`."""
    dev, site = synthetic, synthetic.options.source
    added = {
        "2999-01-01": "actions:\n"
        "  - id: m00039-a0\n    status: in-progress\n    owner: Owner New\n"
        "  - id: m00039-a1\n    status: dropped\n    note: Not needed.\n"
        "  - id: m00038-a0\n    status: open\n    note: Reopened.\n"
        "  - id: n1\n    title: Something new\n    owner: Owner New\n    due: 2999-01-05\n"
        "decisions:\n  - id: n-d1\n    text: Do it anew.\n    supersedes: d00036\n",
        "2999-01-08": "actions:\n"
        "  - id: m00039-a0\n    status: done\n"
        "  - id: n1\n    status: in-progress\n"
        "decisions:\n  - id: n-d2\n    text: Do it again.\n    supersedes: n-d1\n",
    }
    for day, front in added.items():
        relative = f"content/meetings/{day}-added.md"
        (site / relative).write_text(f"---\ntitle: Added {day}\ndate: {day}\n{front}---\nNew.\n")
        assert dev.rebuild({relative}), dev.problems
        assert dev.last_rebuild == "incremental" and dev.last is not None
        pages, _ = render.unique_pages(build_pages(dev.last.model))
        assert dev.last.listed == incremental.listed(incremental.with_paths(pages))
        assert dev.files == full_build_of(dev)


def keys_that_differ(old: PageModel, new: PageModel) -> set[str]:
    """Every key whose value differs, the long way: every key's value compared."""
    before, after = key_values(old), key_values(new)
    return {ALWAYS} | {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@pytest.mark.slow
def test_serve_finds_exactly_the_keys_an_edit_changed(synthetic: DevServer) -> None:
    """serve compares only what an edit can reach; it finds the same keys as comparing the
    value of every key, edit after edit (and the pages it makes again match a full build)."""
    dev, site = synthetic, synthetic.options.source
    seen: set[str] = set()
    for note, old, new in random_edits(site, seed=11, steps=24, kinds=len(FIELD_EDITS)):
        assert dev.last is not None
        before = dev.last.model
        note.write_text(note.read_text().replace(old, new, 1))
        assert dev.rebuild({note.relative_to(site).as_posix()}), dev.problems
        assert dev.last_rebuild == "incremental" and dev.last is not None
        after = dev.last.model
        assert changed_keys(before, after) == keys_that_differ(before, after), old
        seen.add(old)
    added = "content/meetings/2999-01-01-added.md"
    (site / added).write_text("---\ntitle: Added\ndate: 2999-01-01\n---\nNew.\n")
    before = dev.last.model
    assert dev.rebuild({added}) and dev.last_rebuild == "incremental"
    assert changed_keys(before, dev.last.model) == keys_that_differ(before, dev.last.model)
    assert dev.files == full_build_of(dev)
    assert len(seen) >= 5


def test_a_body_checked_while_the_principles_file_was_misnamed_is_made_right_after_the_rename(
    unstarted: DevServer, site: Path
) -> None:
    """Saved as Principles.md, the principles file is one error, and the kick-off's link to
    ../principles.md (the name to give it) none of its own; renamed, the link reaches the
    principles page, as in a full build."""
    misnamed, right = site / "content/Principles.md", site / "content/principles.md"
    right.rename(misnamed)
    assert not unstarted.rebuild({"content/principles.md", "content/Principles.md"})
    assert [line for line in unstarted.problems if ": error: " in line] == [
        "content/Principles.md:1:1: error: the principles file must be named principles.md to "
        "be read (this one is named 'Principles.md'); rename it principles.md"
    ]
    misnamed.rename(right)
    assert unstarted.rebuild({"content/principles.md", "content/Principles.md"})
    page = unstarted.files["meetings/2024-01-15-kick-off/index.html"].decode()
    assert '<a href="../../principles/">the principles</a>' in page
    assert unstarted.files == full_build_of(unstarted)


def test_a_theme_saved_under_another_name_is_one_error_in_serve_and_renamed_is_as_built(
    unstarted: DevServer, site: Path
) -> None:
    """Saved as 'FOI implications.md' (a name typed in GitHub's web editor), the theme is
    one error, at its file, not one at each meeting naming it, and an edit to a meeting
    naming it keeps that error; renamed, the theme's page is back, as in a full build."""
    misnamed = site / "content/themes/FOI implications.md"
    right = site / "content/themes/foi-implications.md"
    right.rename(misnamed)
    paths = {"content/themes/foi-implications.md", "content/themes/FOI implications.md"}
    error = (
        "content/themes/FOI implications.md:1:1: error: theme file name 'FOI implications.md' "
        "must be a slug: lower-case letters, digits, hyphens; rename it foi-implications.md"
    )
    assert not unstarted.rebuild(paths)
    assert [line for line in unstarted.problems if ": error: " in line] == [error]
    edit(site, "content/meetings/2024-02-12-reporting-back.md", "reported back", "reported")
    assert not unstarted.rebuild({"content/meetings/2024-02-12-reporting-back.md"})
    assert [line for line in unstarted.problems if ": error: " in line] == [error]
    misnamed.rename(right)
    assert unstarted.rebuild(paths)
    assert "themes/foi-implications/index.html" in unstarted.files
    assert unstarted.files == full_build_of(unstarted)


@pytest.mark.slow
def test_a_meeting_not_held_yet_shows_what_is_due_at_it_through_updates_as_a_full_build(
    site: Path,
) -> None:
    """Served on 5 March, before the third meeting (11 March): its title edited (its record
    put in alone), write-guidance's due date moved, a meeting added after it on 25 March,
    and write-guidance then due at that one: after each update the files are a full build's,
    and the page of the meeting the action is due at lists it as due at it, not as missed."""
    added = "content/meetings/2024-03-25-added.md"
    steps = [
        (THIRD, "title: Third meeting", "title: The third meeting", "2024-03-11-third"),
        (KICK_OFF, "due: 2024-03-01", "due: 2024-03-08", "2024-03-11-third"),
        (added, None, "---\ntitle: Added\ndate: 2024-03-25\n---\nTo meet.\n", "2024-03-11-third"),
        (
            REPORTING_BACK,
            "status: in-progress\n",
            "status: in-progress\n    due: 2024-03-20\n",
            "2024-03-25-added",
        ),
    ]
    with previewing(site, date(2024, 3, 5)) as dev:
        assert dev.rebuild()
        for relative, old, new, due_at in steps:
            if old is None:
                (site / relative).write_text(new)
            else:
                edit(site, relative, old, new)
            assert dev.rebuild({relative}), dev.problems
            assert dev.last_rebuild == "incremental", relative
            assert dev.files == full_build_of(dev), relative
            for slug in ("2024-03-11-third", "2024-03-25-added"):
                page = dev.files.get(f"meetings/{slug}/index.html", b"").decode()
                due = 'id="not-reported-write-guidance"' in page
                assert due is (slug == due_at), (relative, slug)
                assert ("Due at this meeting" in page) is due, (relative, slug)
                assert "Due, not reported back" not in page and "still overdue" not in page


def test_meetings_added_after_the_last_leave_the_pages_of_meetings_ahead_as_they_were(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served on 5 March, the third meeting (11 March) published ahead is the next meeting
    and its page links its agenda pack. Meetings added after the last (25 March, then
    22 April) make again the page of the meeting before each, not those of the meetings
    further ahead, which show nothing that changed (a site of many meetings written ahead
    had each of their pages made again at every new meeting); a meeting added ahead of the
    third (8 March) is the next meeting then, and the pack is linked from its page alone.
    After each update the files are a full build's."""
    rendered: list[str] = []
    render_one = incremental.render_page

    def render_page(environment, site, page):  # type: ignore[no-untyped-def]
        rendered.append(urls.output_file(page.url))
        return render_one(environment, site, page)

    monkeypatch.setattr(incremental, "render_page", render_page)
    pack = '(<a href="../../next/">agenda pack</a>)'
    steps = [
        ("2024-03-25-added", {"2024-03-11-third", "2024-03-25-added"}),
        ("2024-04-22-later", {"2024-03-25-added", "2024-04-22-later"}),
        ("2024-03-08-extra", None),  # before the third: the next meeting
    ]
    with previewing(site, date(2024, 3, 5)) as dev:
        assert dev.rebuild()
        assert pack in dev.files["meetings/2024-03-11-third/index.html"].decode()
        for slug, remade in steps:
            relative = f"content/meetings/{slug}.md"
            day = slug[:10]
            (site / relative).write_text(f"---\ntitle: Added {day}\ndate: {day}\n---\nTo meet.\n")
            rendered.clear()
            assert dev.rebuild({relative}), dev.problems
            assert dev.last_rebuild == "incremental", slug
            assert dev.files == full_build_of(dev), slug
            meetings = {p.split("/")[1] for p in rendered if p.startswith("meetings/")}
            if remade is not None:
                assert meetings == remade, slug
        for slug in ("2024-03-08-extra", "2024-03-11-third", "2024-03-25-added"):
            page = dev.files[f"meetings/{slug}/index.html"].decode()
            assert (pack in page) is (slug == "2024-03-08-extra"), slug


def test_the_next_meeting_is_found_once_for_every_meeting_s_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each meeting's page says whether it is the next meeting (its own agenda pack), which
    is found once for the site, not by each page going through the meetings again (on the
    bench's 10,000 meetings that took about 20 s of a build's processor time): the synthetic
    site of 40 meetings, built on 20 January 2000, with 22 meetings ahead of it, the first of
    them the next."""
    source = synthetic_site(tmp_path / "site", 40)
    assembled = assemble_model(
        load_site(source), BuildOptions(source, tmp_path / "out", date(2000, 1, 20))
    )
    site = assembled.site
    model = page_model(site, assembled.indexes, render_bodies(site, BuildCache.disabled()))
    asked: list[str] = []

    def counted(name: str):  # type: ignore[no-untyped-def]
        find = getattr(pages, name)

        def asking(site: Site) -> Meeting | None:
            asked.append(name)
            return find(site)

        return asking

    meeting_pages = [p for p in build_pages(model) if p.template == "meeting.html"]
    for name in ("held_next", "published_ahead"):
        monkeypatch.setattr(pages, name, counted(name))
    contexts = {p.url: p.make_context() for p in meeting_pages}
    assert len(contexts) == 40
    linked = [url for url, context in contexts.items() if context["own_pack"]]
    assert linked == [urls.meeting("2000-01-21-meeting-18")]
    assert sorted(asked) == ["held_next", "published_ahead"]


def test_a_meeting_added_after_the_last_looks_for_an_announcement_once(
    synthetic: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home page, the pack, the calendars and the pages of meetings ahead each ask for
    the announcement standing, which is found with one pass over the meetings of the site,
    not one for each (on the bench's 10,000 meetings, which announce none, about 18 passes
    for each meeting added): on the synthetic site of 40 meetings, served on 1 February
    2000, a meeting added after the last asks each meeting whether it announces one once, and
    the pages it makes again each ask of their own meeting."""
    dev, site = synthetic, synthetic.options.source
    asked: list[str] = []
    announces = model_module.announces

    def counted(meeting: Meeting) -> bool:
        asked.append(meeting.slug)
        return announces(meeting)

    monkeypatch.setattr(model_module, "announces", counted)
    monkeypatch.setattr(agenda, "announces", counted)
    added = "content/meetings/2999-01-01-added.md"
    (site / added).write_text("---\ntitle: Added\ndate: 2999-01-01\n---\nNew.\n")
    assert dev.rebuild({added}), dev.problems
    assert dev.last_rebuild == "incremental" and dev.last is not None
    # once for the site, and once more for the pages made again of the meeting before and
    # of the new one, each of which says whether it announces the next meeting
    assert max(Counter(asked).values()) <= 2, Counter(asked).most_common(3)
    assert set(asked) == {m.slug for m in dev.last.model.site.meetings}


@pytest.mark.slow
def test_an_agenda_published_ahead_is_shown_and_warned_of_through_updates_as_a_full_build(
    site: Path,
) -> None:
    """Served on 5 March, the third meeting (11 March) published ahead as its agenda, listing
    write-guidance (due by it) and ask-legal as `new meeting` writes them: after each update
    (a note given to ask-legal and taken back, its title and write-guidance's edited) the
    files and the warnings are a full build's; its page shows each one's status now under
    its agenda's headings, its feed entry names both so, and no entry is warned of yet."""
    edit(
        site,
        REPORTING_BACK,
        "    status: in-progress\n",
        "    status: in-progress\n"
        "  - id: ask-legal\n    title: Ask legal\n    owner: Ada\n    due: 2024-05-01\n",
    )
    edit(
        site,
        THIRD,
        "themes:",
        "actions:\n  - id: write-guidance\n    status: in-progress\n    note:\n"
        "  - id: ask-legal\n    status: open\n    note:\nthemes:",
    )
    steps = [
        (THIRD, "status: open\n    note:\n", "status: open\n    note: Asked.\n", "updated"),
        (THIRD, "status: open\n    note: Asked.\n", "status: open\n    note:\n", "listed"),
        (REPORTING_BACK, "title: Ask legal\n", "title: Ask the lawyers\n", "listed"),
        (KICK_OFF, "title: Write guidance", "title: Write the guidance", "listed"),
    ]
    with previewing(site, date(2024, 3, 5)) as dev:
        assert dev.rebuild()
        for relative, old, new, shown in steps:
            edit(site, relative, old, new)
            assert dev.rebuild({relative}), dev.problems
            assert dev.last_rebuild == "incremental", new
            full = make_site(replace(dev.options, cache=False))
            assert dev.files == full.files, new
            assert dev.warnings == [str(p) for p in full.warnings], new
            assert not [w for w in dev.warnings if "nothing about it changed" in w], new
            page = dev.files["meetings/2024-03-11-third/index.html"].decode()
            feed = html.unescape(dev.files["feed.xml"].decode())
            due = page.split('id="not-reported-heading">', 1)[1].split("</section>", 1)[0]
            assert due.startswith("Due at this meeting</h2>") and "Status then" not in due, new
            assert re.search(r'write-guidance/">[^<]*</a> \(due at this meeting\)', feed), new
            listed = shown == "listed"
            assert ("Listed for this meeting" in page) is listed, new
            assert ("(listed for this meeting)" in feed) is listed, new


def test_a_groups_stylesheet_edited_while_serving_is_served_as_a_full_build_has_it(
    unstarted: DevServer, site: Path
) -> None:
    """extra_css added, its stylesheet edited and a body edited after: each update serves
    what a full build makes, the pages linking the stylesheet and the stylesheet as saved."""
    static = site / "themes/default/static"
    static.mkdir(parents=True)
    (static / "brand.css").write_text(":root { --link: #00607a; }\n")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    assert unstarted.rebuild({"site.yml", "themes/default/static/brand.css"})
    assert unstarted.files == full_build_of(unstarted)
    page = unstarted.files["meetings/2024-03-11-third/index.html"].decode()
    assert '<link rel="stylesheet" href="../../static/brand.css">' in page
    (static / "brand.css").write_text(":root { --link: #7a0060; }\n")
    assert unstarted.rebuild({"themes/default/static/brand.css"})
    assert unstarted.files["static/brand.css"] == b":root { --link: #7a0060; }\n"
    assert unstarted.files == full_build_of(unstarted)
    edit(site, THIRD, "A short third meeting.", "A longer third meeting.")
    assert unstarted.rebuild({THIRD})
    assert unstarted.last_rebuild == "incremental"
    assert unstarted.files == full_build_of(unstarted)
    page = unstarted.files["meetings/2024-03-11-third/index.html"].decode()
    assert "A longer third meeting." in page
    assert '<link rel="stylesheet" href="../../static/brand.css">' in page


@pytest.mark.slow
def test_an_agenda_s_placeholder_summary_is_served_through_updates_as_a_full_build(
    site: Path,
) -> None:
    """Served on 5 March, the third meeting (11 March) published ahead with the body `new
    meeting` wrote and no summary: its title edited (its record put in alone), then its text
    written: after each update the files are a full build's, and its page and card say its
    summary is to come until the text is written, then show the text."""
    edit(site, THIRD, "A short third meeting.", "What the group discussed.")
    edit(site, THIRD, "summary: The third meeting, on permission.\n", "")
    steps = [
        ("title: Third meeting", "title: The third meeting", False),
        ("What the group discussed.", "We read the guidance again.", True),
    ]
    with previewing(site, date(2024, 3, 5)) as dev:
        assert dev.rebuild()
        for old, new, written in steps:
            edit(site, THIRD, old, new)
            assert dev.rebuild({THIRD}), dev.problems
            assert dev.last_rebuild == "incremental", new
            assert dev.files == full_build_of(dev), new
            page = dev.files["meetings/2024-03-11-third/index.html"].decode()
            home = dev.files["index.html"].decode()
            assert ("its summary is written after it" in page) is not written, new
            assert "What the group discussed." not in page + home, new
            assert ("We read the guidance again." in home) is written, new
