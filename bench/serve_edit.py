"""Time `nominutes serve` rebuilds after one edit, as a member previewing would make them.

Run with the nominutes environment's Python: `python bench/serve_edit.py SITE --runs 3`.
It starts the preview server's build loop in this process (no browser, no file watcher: the
edit is reported to the server as the watcher would report it), then for each run appends a
sentence to the end of one meeting's body (the page and its feeds change), renames the
meeting in its front matter (every list that shows the meeting changes), adds a new meeting
file (a title and a date), then one as a group writes it (themes, actions raised and
reported done), and then a draft (as `new meeting` writes one, which serve leaves out),
each timed until the open pages are told to reload (after a new meeting, serve makes the
feeds, calendars and exports just after the reload: the stage timers count them, the time
of the update does not). Prints JSON, with the last front-matter edit's and new file's
times broken down by stage, the CPU time of each rebuild (`cpu`: what other processes on a
shared machine move far less than wall time; `cpu to reload`: of it, until the open pages
are told), and the server's peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import resource
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from stages import Stage, instrument, summed

from generator import make
from generator.content.model import BuildOptions
from generator.engine.collector import collect_cycles_less_often
from generator.serve import incremental
from generator.serve import server as serve
from generator.serve.server import DevServer

# What serve does after a front-matter edit (see generator/serve/incremental.py); stages nest.
# A title edit takes `update_shown`; a new meeting file, `update_meetings` (the bench's is
# dated after the last meeting, as a group's next meeting is).
FRONT_MATTER_STAGES: list[Stage] = [
    (serve, "update_bodies", "see that it is not a body edit"),
    (incremental, "_validated", "validate the edited file (alone)"),
    (incremental, "with_meeting", "put the new record in the indexes"),
    (incremental, "shown_key_values", "find the keys the edit changed (its own)"),
    (serve, "update_shown", "see whether only what it shows changed (and update)"),
    (incremental, "_reloaded_meetings", "read the edited file"),
    (make, "with_appended", "put a meeting added after the last into the indexes"),
    (make, "reviewed", "warnings (the whole site)"),
    (incremental, "assemble_model", "the model (the edited file validated; the rest as was)"),
    (incremental, "_bodies", "Markdown (edited bodies)"),
    (incremental, "_bodies_appended", "Markdown (a meeting added after the last: its body)"),
    (incremental, "_all_pages", "list the pages and what each reads"),
    (incremental, "_pages_after_appended", "list the pages a meeting added after the last reaches"),
    (incremental, "changed_keys", "find the keys the edit changed"),
    (incremental, "file_outputs", "list the other files"),
    (incremental, "pages_at", "list the pages made again"),
    (incremental, "render_page", "pages made again (Jinja)"),
    (incremental, "make_files", "feeds, calendars, exports, sitemap"),
    (incremental, "check_links", "check the links in notes"),
    (incremental, "places_of", "where each record of the indexes sits"),
    (serve, "update_meetings", "update the whole model"),
]


class CycleCollections:
    """The time Python's cycle collector ran (`gc.callbacks`), since it was last cleared: an
    update it interrupts takes that much longer, in whichever stage it runs."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


COLLECTING = "Python's cycle collector, in whichever stage it ran"


def timed_rebuild(
    server: DevServer,
    changed: set[str],
    row: str,
    cpu: dict[str, list[float]],
    cpu_to_reload: dict[str, list[float]],
) -> tuple[float, str]:
    """The time from the edit being reported until the open pages are told to reload (what
    serve does after that, making the feeds, calendars and exports of a new meeting, letting
    the last build go and printing, the member does not wait for), and which way serve
    took; the CPU time of this process for the whole rebuild (the part after the reload too)
    is added to `cpu`'s `row`, and until the reload to `cpu_to_reload`'s."""
    told: list[float] = []
    seen = server.generation
    announce, announced = server._announce, []

    def noted() -> None:
        announced.append(time.process_time())
        announce()

    def wait_for_reload() -> None:
        server.wait_for_change(seen, 600)
        told.append(time.perf_counter())

    waiting = threading.Thread(target=wait_for_reload)
    waiting.start()
    server._announce = noted  # type: ignore[method-assign]
    started, used = time.perf_counter(), time.process_time()
    try:
        assert server.rebuild(changed), server.problems
    finally:
        server._announce = announce  # type: ignore[method-assign]
    waiting.join()
    cpu.setdefault(row, []).append(time.process_time() - used)
    cpu_to_reload.setdefault(row, []).append(announced[0] - used)
    return told[0] - started, server.last_rebuild


def next_meeting_day(last: date, run: int, group: bool) -> date:
    """The date of a new meeting file, as a group's next meeting is: the first of a month after
    the corpus's last meeting (`last`), a month on for each file, so each adds a month to the
    themes' timelines; the group's meeting of a run a month after the bare file."""
    month = last.year * 12 + last.month + 2 * run + (1 if group else 0)  # January = 1
    return date(month // 12, month % 12 + 1, 1)


def group_meeting(
    site: Path, run: int, day: date, themes: str, principles: str, still_open: str
) -> str:
    """A meeting file as a group writes one after the last meeting (a month after the bench's
    bare new file, on `day`): themes and a principle, two actions raised and one reported
    done (the last meeting's or the last run's); its path."""
    raised = "".join(
        f"  - id: g{run}-a{k}\n    title: Do thing g{run}-a{k}\n    owner: Owner {k}\n"
        f"    due: {day + timedelta(days=28)}\n"
        for k in range(2)
    )
    path = site / "content" / "meetings" / f"{day}-a-group-meeting.md"
    path.write_text(
        f"---\ntitle: A group's meeting {run}\ndate: {day}\nauthors: [Author 0]\n{themes}\n"
        f"{principles}\nactions:\n{raised}  - id: {still_open}\n    status: done\n"
        "    note: Done.\n---\nWe reported back and agreed who does what next.\n"
    )
    return path.relative_to(site).as_posix()


def main() -> None:
    with contextlib.redirect_stdout(sys.stderr):  # the server's own messages
        report = measure()
    json.dump(report, sys.stdout)


def measure() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = args.site.resolve()
    collect_cycles_less_often()  # as `nominutes serve` does
    options = BuildOptions(site, site / "_site", date(2024, 3, 9), jobs=1)
    server = DevServer(options, "127.0.0.1", 0)
    seen = instrument(FRONT_MATTER_STAGES)
    collections = CycleCollections()
    started = time.perf_counter()
    assert server.rebuild(), server.problems
    results: dict[str, list] = {"first build": [time.perf_counter() - started]}
    cpu: dict[str, list[float]] = {}  # each row's CPU seconds, run by run
    to_reload: dict[str, list[float]] = {}  # the same, until the open pages are told
    stages: list[list[object]] = []
    added_stages: list[list[object]] = []
    group_stages: list[list[object]] = []
    meetings = sorted((site / "content" / "meetings").iterdir())
    note = meetings[len(server.files) % 7]
    relative = note.relative_to(site).as_posix()
    last = meetings[-1].read_text()  # its themes and principles, and an action still open
    last_day = date.fromisoformat(meetings[-1].name[:10])
    themes = next(line for line in last.splitlines() if line.startswith("themes: "))
    principles = next(line for line in last.splitlines() if line.startswith("principles: "))
    still_open = last.split("  - id: ", 1)[1].split("\n", 1)[0]
    for run in range(args.runs):
        with note.open("a") as file:
            file.write(f"\nA sentence added while previewing, run {run}.\n")
        results.setdefault("body edit", []).append(
            timed_rebuild(server, {relative}, "body edit", cpu, to_reload)
        )
        text = note.read_text()
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        note.write_text(text.replace(title, f"{title} (edited)", 1))
        seen.clear()
        collections.seconds = 0.0
        took = timed_rebuild(server, {relative}, "front-matter edit", cpu, to_reload)
        results.setdefault("front-matter edit", []).append(took)
        stages = [*summed(seen), [COLLECTING, collections.seconds], ["whole update", took[0]]]
        day = next_meeting_day(last_day, run, group=False)
        added = site / "content" / "meetings" / f"{day}-added-while-previewing.md"
        added.write_text(f"---\ntitle: Added while previewing {run}\ndate: {day}\n---\nNew.\n")
        new = added.relative_to(site).as_posix()
        seen.clear()
        collections.seconds = 0.0
        took = timed_rebuild(server, {new}, "new meeting file", cpu, to_reload)
        results.setdefault("new meeting file", []).append(took)
        added_stages = [*summed(seen), [COLLECTING, collections.seconds], ["whole update", took[0]]]
        on = next_meeting_day(last_day, run, group=True)
        written = group_meeting(site, run, on, themes, principles, still_open)
        seen.clear()
        collections.seconds = 0.0
        took = timed_rebuild(server, {written}, "a group's new meeting", cpu, to_reload)
        results.setdefault("a group's new meeting", []).append(took)
        group_stages = [*summed(seen), [COLLECTING, collections.seconds], ["whole update", took[0]]]
        still_open = f"g{run}-a0"
        draft = site / "content" / "meetings" / f"2998-0{run + 1}-01-a-draft.md"
        draft.write_text(
            f"---\ntitle: A draft {run}\ndate: 2998-0{run + 1}-01\nthemes: []\n"
            "draft: true\n---\nWhat the group discussed.\n"
        )
        saved = draft.relative_to(site).as_posix()
        results.setdefault("draft saved", []).append(
            timed_rebuild(server, {saved}, "draft saved", cpu, to_reload)
        )
    server.httpd.server_close()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "results": results,
        "cpu": cpu,
        "cpu to reload": to_reload,
        "peak_kib": peak_kib,
        "front-matter stages": stages,
        "new file stages": added_stages,
        "group meeting stages": group_stages,
    }


if __name__ == "__main__":
    main()
