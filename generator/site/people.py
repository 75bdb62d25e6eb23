"""How the site names the people an action belongs to, the same on its pages, in its
calendars and in its email: "Owner" or "Owners" before their names, "Unassigned" for none."""

from __future__ import annotations


def owner_label(count: int) -> str:
    """What names an action's `count` owners: "Owners" for more than one, else "Owner"."""
    return "Owners" if count > 1 else "Owner"


# What stands for the owners of an action that has none.
UNASSIGNED = "Unassigned"


def owner_names(owners: tuple[str, ...]) -> str:
    """ "Grace, Alan Turing": an action's owners, one after another, or UNASSIGNED."""
    return ", ".join(owners) or UNASSIGNED
