"""actions.json and actions.csv: the tracker for other teams' tools and spreadsheets.

The JSON shape is documented in the README and kept stable. Each action's record is indented
on its own and kept in the build cache under a hash of the facts it is made from (indented
JSON uses Python's slow encoder); the document is put together exactly as one
`json.dumps` of the whole would write it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Container
from textwrap import indent
from typing import Any

from generator import urls
from generator.cache import EXPORTS, BuildCache, value_key
from generator.crossref import Action, Indexes
from generator.model import Meeting, Site

ACTIONS_JSON = "actions.json"
ACTIONS_CSV = "actions.csv"
CSV_COLUMNS = (
    "id",
    "title",
    "status",
    "owners",
    "due",
    "overdue",
    "themes",
    "raised_at",
    "raised_on",
    "last_update",
    "last_updated_on",
    "url",
)


def export_files(
    site: Site, indexes: Indexes, cache: BuildCache, leave_out: Container[str] = ()
) -> dict[str, bytes]:
    """Both exports, but those in `leave_out` (kept from the last build)."""
    files = {}
    if ACTIONS_JSON not in leave_out:
        files[ACTIONS_JSON] = _json(site, indexes, cache)
    if ACTIONS_CSV not in leave_out:
        files[ACTIONS_CSV] = _csv(site, indexes)
    return files


def _meeting_ref(base: str, meeting: Meeting) -> dict[str, str]:
    return {
        "meeting": meeting.slug,
        "date": meeting.date.isoformat(),
        "url": base + urls.meeting(meeting.slug),
    }


def _action_record(base: str, action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "url": base + urls.action(action.id),
        "status": action.status.value,
        "owners": list(action.owners),
        "due": action.due.isoformat() if action.due else None,
        "overdue": action.overdue,
        "themes": list(action.themes),
        "raised_at": _meeting_ref(base, action.raised_in),
        "last_update": _meeting_ref(base, action.current.meeting),
        "history": [
            {
                **_meeting_ref(base, event.meeting),
                "kind": "raised" if event.is_raise else "updated",
                "status": event.status.value,
                "owners": list(event.owners),
                "due": event.due.isoformat() if event.due else None,
                "note": event.note,
            }
            for event in action.history
        ],
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _record_facts(base: str, action: Action) -> tuple[object, ...]:
    """Everything `_action_record` reads, as plain values (a cache key made from them costs
    a third of making the record)."""
    events = tuple(
        (e.meeting.slug, e.meeting.date, e.is_raise, e.status.value, e.owners, e.due, e.note)
        for e in action.history
    )
    return (base, action.id, action.title, action.overdue, action.themes, events)


def _json(site: Site, indexes: Indexes, cache: BuildCache) -> bytes:
    base = site.settings.site.base_url
    actions = indexes.actions
    keys = [value_key(_record_facts(base, action)) for action in actions]

    def indented(index: int) -> str:
        """The action's record as it appears in the document's list (two levels in)."""
        return indent(_dumps(_action_record(base, actions[index])), "    ")

    records = ",\n".join(cache.texts(EXPORTS, keys, indented, site.settings.jobs))
    actions_json = f"[\n{records}\n  ]" if records else "[]"
    generated, title = (
        _dumps(site.settings.build_date.isoformat()),
        _dumps(site.settings.site.title),
    )
    text = f'{{\n  "actions": {actions_json},\n  "generated": {generated},\n  "site": {title}\n}}\n'
    return text.encode()


def _csv(site: Site, indexes: Indexes) -> bytes:
    base = site.settings.site.base_url
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for action in indexes.actions:
        writer.writerow(
            [
                action.id,
                action.title,
                action.status.value,
                "; ".join(action.owners),
                action.due.isoformat() if action.due else "",
                "yes" if action.overdue else "no",
                "; ".join(action.themes),
                action.raised_in.title,
                action.raised_in.date.isoformat(),
                action.current.meeting.title,
                action.current.meeting.date.isoformat(),
                base + urls.action(action.id),
            ]
        )
    return out.getvalue().encode("utf-8")
