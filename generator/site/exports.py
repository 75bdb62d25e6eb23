"""actions.json, actions.csv, decisions.json and decisions.csv: the tracker and the register of
decisions for other teams' tools and spreadsheets.

The JSON shape is documented in the README and kept stable. orjson writes the document
exactly as `json.dumps(..., indent=2, sort_keys=True, ensure_ascii=False)` would (a test
compares them), quickly enough that nothing is cached. The CSV files start with a UTF-8
byte-order mark, which tells Excel they are UTF-8 (without it, Excel on Windows reads them in
the system's code page: "Siân" shows as "SiÃ¢n"); Python reads them with `utf-8-sig`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from operator import attrgetter
from typing import Any

import orjson

from generator.content.crossref import (
    Action,
    ActionEvent,
    Decision,
    Indexes,
    closes,
    filed_under,
    handed_from,
    refiled,
    reopens,
)
from generator.content.model import Meeting, Site
from generator.site import urls
from generator.site.keys import (
    ACTIONS,
    DECISIONS,
    TODAY,
    FileOutput,
    PartsCodec,
    action_keys,
    decision_key,
)

ACTIONS_JSON = "actions.json"
ACTIONS_CSV = "actions.csv"
DECISIONS_JSON = "decisions.json"
DECISIONS_CSV = "decisions.csv"
EXPORTS = frozenset([ACTIONS_JSON, ACTIONS_CSV, DECISIONS_JSON, DECISIONS_CSV])
DECISION_COLUMNS = (
    "id",
    "text",
    "status",
    "due_for_review",
    "review",
    "themes",
    "principles",
    "decided_at",
    "decided_on",
    "supersedes",
    "superseded_by",
    "url",
    "last_reviewed",
    "superseded_on",  # added last, as "closed" below
)
CSV_COLUMNS = (
    "id",
    "title",
    "status",
    "owners",
    "due",
    "overdue",
    "themes",
    "theme_titles",
    "raised_at",
    "raised_on",
    "last_update",
    "last_updated_on",
    "latest_note",
    "latest_note_on",
    "url",
    "closed",  # added last, so that a spreadsheet reading the columns by position still works
)


# What a CSV file starts with: the byte-order mark that tells Excel the file is UTF-8.
CSV_START = "\ufeff"

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection"),
# and one that splits cells at `;` (as many set to a European locale do) starts a cell after
# each `;` (and the spaces after it).
_FORMULA_START = re.compile(r"(?:^|(?<=;) *)(?=[=+\-@\t\r])")
_FORMULA_FIRST = "=+-@\t\r"  # the characters `_FORMULA_START` looks ahead for


def spreadsheet_cell(text: str) -> str:
    """`text` as a CSV cell a spreadsheet shows as text: a `'` before anything that would
    start a formula, at its start or after a `;` (the JSON export keeps the exact text).
    Most cells have neither, and are given back without the search."""
    if ";" not in text and text[:1] not in _FORMULA_FIRST:
        return text
    return _FORMULA_START.sub(lambda start: start.group() + "'", text)


@dataclass(frozen=True)
class ActionExport:
    """An action as the exports show it, written out: its record in actions.json (indented
    as it sits in the list) and its line in actions.csv. An update joins the parts it kept
    with the ones it made again, so the files are not written out whole each time; each file
    is encoded once, whole, as it is joined."""

    record: str
    row: str


def _export_to_json(export: ActionExport) -> list[str]:
    return [export.record, export.row]


def _export_from_json(entry: object) -> ActionExport:
    if not isinstance(entry, list) or not all(isinstance(part, str) for part in entry):
        raise TypeError("an action's export is two texts")
    record, row = entry
    return ActionExport(record, row)


# An action's record and row, kept between builds for both files.
ACTION_EXPORTS = PartsCodec("action-exports", _export_to_json, _export_from_json)


def export_outputs(site: Site, indexes: Indexes) -> list[FileOutput]:
    """The actions' and decisions' JSON and CSV files: the actions' read every action, and are
    made of a part per action (its record and row), so an update makes only the changed
    actions' parts again."""
    keys = action_keys(a.id for a in indexes.actions)
    every_action = frozenset([ACTIONS, *keys])
    decisions = frozenset([DECISIONS, *(decision_key(d.id) for d in indexes.decisions)])
    base = site.settings.site.base_url
    titles = {theme.slug: theme.title for theme in site.themes}
    refs: dict[str, dict[str, str]] = {}  # each meeting's, made once for all its actions
    export = partial(_action_export, base, refs, titles)
    parts = dict(zip(keys, indexes.actions, strict=True))
    exported = cache(lambda: list(map(export, indexes.actions)))  # once for both files
    return [
        FileOutput(
            ACTIONS_JSON,
            every_action | {TODAY},  # "generated": the build date
            lambda: _json(site, exported()),
            parts=parts,
            make_part=export,
            join=partial(_json, site),
            codec=ACTION_EXPORTS,
            shows=attrgetter("record"),
        ),
        FileOutput(
            ACTIONS_CSV,
            every_action,
            lambda: _csv(exported()),
            parts=parts,
            make_part=export,
            join=_csv,
            codec=ACTION_EXPORTS,
            shows=attrgetter("row"),
        ),
        FileOutput(DECISIONS_JSON, decisions | {TODAY}, partial(_decisions_json, site, indexes)),
        FileOutput(DECISIONS_CSV, decisions, partial(_decisions_csv, site, indexes)),
    ]


def _action_export(
    base: str,
    refs: dict[str, dict[str, str]],
    titles: Mapping[str, str],
    action: Action,
) -> ActionExport:
    record = orjson.dumps(_action_record(base, refs, action), option=_JSON_OPTIONS).decode()
    return ActionExport(
        _RECORD_INDENT + record.replace("\n", "\n" + _RECORD_INDENT),
        _csv_line(_csv_row(base, titles, action)),
    )


def _meeting_ref(base: str, refs: dict[str, dict[str, str]], meeting: Meeting) -> dict[str, str]:
    """The meeting's reference in the JSON, kept in `refs` for the other actions that name it."""
    found = refs.get(meeting.slug)
    if found is None:
        found = refs[meeting.slug] = {
            "meeting": meeting.slug,
            "date": meeting.date.isoformat(),
            "url": base + urls.meeting(meeting.slug),
        }
    return found


def _action_record(base: str, refs: dict[str, dict[str, str]], action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "url": base + urls.action(action.id),
        "status": action.status.value,
        "owners": list(action.owners),
        "due": action.due.isoformat() if action.due else None,
        "overdue": action.overdue,
        "themes": list(action.themes),
        "raised_at": _meeting_ref(base, refs, action.raised_in),
        "last_update": _meeting_ref(base, refs, action.last_change.meeting),
        "closed": _iso(action.closed_on),
        "history": [
            {
                **_meeting_ref(base, refs, event.meeting),
                "kind": "raised" if event.is_raise else "updated",
                "changes": entry_changes(action.history, at),
                "status": event.status.value,
                "owners": list(event.owners),
                "due": event.due.isoformat() if event.due else None,
                "note": event.note,
                "themes": list(filed_under(action.history, at)),
            }
            # as its page lists them: not one that changed nothing
            for at, event in _shown_history(action)
        ],
    }


def _shown_history(action: Action) -> list[tuple[int, ActionEvent]]:
    """Each entry of the action's history its page lists (`Action.changes`), with its place
    in the history."""
    shown = set(map(id, action.changes))
    return [(at, event) for at, event in enumerate(action.history) if id(event) in shown]


def entry_changes(history: Sequence[ActionEvent], at: int) -> list[str]:
    """What the entry `at` of an action's `history` did, as the site names it: "raised"; or,
    of an update, "done" or "dropped" (it closed the action), "reopened" (open again once
    closed), "handed-on" (it took the action from an owner) and "refiled" (it filed the
    action under other themes: its page's "Now filed under"), or "updated" when it did none
    of those (a note, a due date, in progress)."""
    if at == 0:
        return ["raised"]
    before, event = history[at - 1], history[at]
    found = [event.status.value] if closes(before, event) else []
    if reopens(before, event):
        found.append("reopened")
    if handed_from(before, event):
        found.append("handed-on")
    if refiled(history, at) is not None:
        found.append("refiled")
    return found or ["updated"]


# Written as `json.dumps(..., indent=2, sort_keys=True)` writes it. A record sits in the list
# under "actions", two levels in: JSON text holds no raw newline, so each of its lines is
# indented by two more levels.
_JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
_RECORD_INDENT = "    "


def _json(site: Site, exported: list[ActionExport]) -> bytes:
    document = {
        "actions": [],
        "generated": site.settings.build_date.isoformat(),
        "site": site.settings.site.title,
    }
    written = orjson.dumps(document, option=_JSON_OPTIONS) + b"\n"
    if not exported:
        return written
    # "actions" sorts first, and no text in the document can hold the bare `"actions": []`
    # (quotes inside text are escaped).
    head, tail = written.decode().split('"actions": []', 1)
    # one join and one encoding of the whole (a file of tens of megabytes at 10,000 meetings)
    records = [export.record for export in exported]
    records[0] = f'{head}"actions": [\n{records[0]}'
    records[-1] += f"\n  ]{tail}"
    return ",\n".join(records).encode()


def _csv_row(base: str, titles: Mapping[str, str], action: Action) -> tuple[str, ...]:
    """The action's row, every cell safe to open in a spreadsheet (see `spreadsheet_cell`)."""
    latest = action.latest_note
    changed = action.last_change
    updated = None if changed.is_raise else changed.meeting  # None: not updated since raised
    row = (
        action.id,
        action.title,
        action.status.value,
        "; ".join(action.owners),
        action.due.isoformat() if action.due else "",
        "yes" if action.overdue else "no",
        "; ".join(action.themes),
        "; ".join(titles.get(slug, slug) for slug in action.themes),
        action.raised_in.title,
        action.raised_in.date.isoformat(),
        updated.title if updated else "",
        updated.date.isoformat() if updated else "",
        latest.note or "" if latest else "",
        latest.meeting.date.isoformat() if latest else "",
        base + urls.action(action.id),
        _iso(action.closed_on) or "",
    )
    return tuple(spreadsheet_cell(cell) for cell in row)


def _csv_line(row: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


def _csv(exported: list[ActionExport]) -> bytes:
    rows = [CSV_START, _csv_line(CSV_COLUMNS), *(export.row for export in exported)]
    return "".join(rows).encode("utf-8")


def _decisions_json(site: Site, indexes: Indexes) -> bytes:
    base = site.settings.site.base_url
    document = {
        "decisions": [_decision_record(base, d) for d in indexes.decisions],
        "generated": site.settings.build_date.isoformat(),
        "site": site.settings.site.title,
    }
    return orjson.dumps(document, option=_JSON_OPTIONS) + b"\n"


def _decisions_csv(site: Site, indexes: Indexes) -> bytes:
    base = site.settings.site.base_url
    out = io.StringIO()
    out.write(CSV_START)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DECISION_COLUMNS)
    writer.writerows(_decision_row(base, d) for d in indexes.decisions)
    return out.getvalue().encode("utf-8")


def _decision_record(base: str, decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "text": decision.text,
        "url": base + urls.decision(decision.id),
        "status": decision_status(decision),
        "due_for_review": decision.due_for_review,
        "review": decision.review.isoformat() if decision.review else None,
        "last_reviewed": _iso(decision.last_reviewed),
        "themes": list(decision.themes),
        "principles": list(decision.principles),
        "decided_at": _meeting_ref(base, {}, decision.meeting),
        "supersedes": decision.supersedes,
        "superseded_by": decision.superseded_by,
        "superseded_on": _iso(decision.superseded_on),
    }


def decision_status(decision: Decision) -> str:
    """Its status in the exports: "in-force", "superseded", or "agreed-ahead" (made at a
    meeting not yet held: in force from that meeting's day)."""
    if not decision.in_force:
        return "superseded"
    return "in-force" if decision.in_force_from is None else "agreed-ahead"


def _decision_row(base: str, decision: Decision) -> tuple[str, ...]:
    """The decision's row, every cell safe to open in a spreadsheet (as an action's)."""
    row = (
        decision.id,
        decision.text,
        decision_status(decision),
        "yes" if decision.due_for_review else "no",
        decision.review.isoformat() if decision.review else "",
        "; ".join(decision.themes),
        "; ".join(decision.principles),
        decision.meeting.title,
        decision.meeting.date.isoformat(),
        decision.supersedes or "",
        decision.superseded_by or "",
        base + urls.decision(decision.id),
        _iso(decision.last_reviewed) or "",
        _iso(decision.superseded_on) or "",
    )
    return tuple(spreadsheet_cell(cell) for cell in row)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
