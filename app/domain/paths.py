"""The unit of change: a record's fields as paths (pure).

A record is a document of fields. What one change sets, and what sync merges, is one
*path* of it ([DESIGN: Records and sync]):

- a top-level field that is a section (an object) changes per second-level path:
  ``names.given_latin``, ``birth.date``;
- a top-level field that is a list of items (family members, languages, results …)
  changes per item, named by its stable id: ``family.3f2a…``; so two family members
  added on two laptops are two changes, never one list overwriting the other;
- any other field is one path: ``status``, ``nationalities``.

The empty path ``""`` sets a whole record (its creation): it counts as setting each of
the paths it holds, and so does a section-level path (``names``) written before paths
existed (schema 4 and older).

Which top-level fields are item lists, and which attribute names an item, is declared
per kind in ``ITEM_LISTS``: a list not declared there is one value (a list of strings
such as ``aliases`` or ``nationalities``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

# Bumped when the meaning of a path changes; every change row carries the version its
# writer used (1: whole-section rows of schema 4 and older).
MODEL_VERSION = 2

ROOT = ""


class _Removed:
    """The value of a path that was taken away (an item removed, a key dropped)."""

    _instance: _Removed | None = None

    def __new__(cls) -> _Removed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "REMOVED"


REMOVED: Any = _Removed()

# kind -> {top-level field: the item attribute that is its id}
ITEM_LISTS: Mapping[str, Mapping[str, str]] = {
    "case": {
        "languages": "id",
        "documents": "id",
        "family": "id",
        "vulnerabilities": "id",
        "consents": "id",
    },
    # A referral's state changes are items: two laptops moving one referral apart add
    # two entries to its history instead of one list overwriting the other.
    "referral": {"history": "id"},
    "age_assessment": {
        "results": "id",
        "corrections": "id",
        # One signature per assessor: the person is the item.
        "signatures": "user_id",
    },
}


def item_lists(kind: str) -> Mapping[str, str]:
    return ITEM_LISTS.get(kind, {})


def _is_item_list(kind: str, field: str, value: Any) -> bool:
    return field in item_lists(kind) and isinstance(value, list)


def flatten(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Every path of a record and its value."""
    paths: dict[str, Any] = {}
    for field, value in fields.items():
        if isinstance(value, dict) and value:
            for key, sub in value.items():
                paths[f"{field}.{key}"] = sub
        elif _is_item_list(kind, field, value) and value:
            key = item_lists(kind)[field]
            for position, item in enumerate(value):
                # An item written before its list had ids is named by its position.
                paths[f"{field}.{item.get(key) or f'#{position}'}"] = item
        else:
            paths[field] = value
    return paths


def diff(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The paths whose value differs between two versions of a record; a path that is
    gone has the value ``REMOVED``. Both versions must carry item ids already."""
    changed: dict[str, Any] = {}
    for field in sorted(set(old) | set(new)):
        before, after = old.get(field, REMOVED), new.get(field, REMOVED)
        if before == after:
            continue
        # A section or item list that is absent reads as empty (a default is not stored):
        # adding the first family member is one item, not a whole list.
        if before is REMOVED and (isinstance(after, dict) or _is_item_list(kind, field, after)):
            before = type(after)()
        if after is REMOVED and (isinstance(before, dict) or _is_item_list(kind, field, before)):
            after = type(before)()
        structured = isinstance(before, dict) and isinstance(after, dict)
        listed = _is_item_list(kind, field, before) and _is_item_list(kind, field, after)
        if structured or listed:
            a = flatten(kind, {field: before})
            b = flatten(kind, {field: after})
            for path in sorted(set(a) | set(b)):
                if path == field:  # an empty section or list on one side
                    continue
                if a.get(path, REMOVED) != b.get(path, REMOVED):
                    changed[path] = b.get(path, REMOVED)
        else:
            changed[field] = after
    return changed


def apply(kind: str, fields: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A record's fields after one path is set (or removed). Items keep their order; a
    new item goes last."""
    result = dict(fields)
    if path == ROOT:
        return dict(value) if value is not REMOVED else {}
    field, _, key = path.partition(".")
    if not key:
        if value is REMOVED:
            result.pop(field, None)
        else:
            result[field] = value
        return result
    current = result.get(field)
    if field in item_lists(kind):
        id_key = item_lists(kind)[field]
        items = list(current) if isinstance(current, list) else []
        index = next((i for i, it in enumerate(items) if str(it.get(id_key)) == key), None)
        if value is REMOVED:
            if index is not None:
                del items[index]
        elif index is None:
            items.append(value)
        else:
            items[index] = value
        result[field] = items
        return result
    section = dict(current) if isinstance(current, dict) else {}
    if value is REMOVED:
        section.pop(key, None)
    else:
        section[key] = value
    result[field] = section
    return result


def covers(path: str, other: str) -> bool:
    """Whether writing ``path`` also sets ``other``: the same path, the root, or a
    field-level path above it (``names`` covers ``names.given``)."""
    return path in (other, ROOT) or other.startswith(path + ".")


def ancestors(path: str) -> list[str]:
    """The paths whose writing set ``path`` too, nearest first: itself, its field, root."""
    found = [path]
    if "." in path:
        found.append(path.split(".", 1)[0])
    if path != ROOT:
        found.append(ROOT)
    return found


def _content(item: Mapping[str, Any], id_key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != id_key}


def align_items(
    kind: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    fresh: Callable[[], str],
) -> dict[str, Any]:
    """Give every item of ``new`` its stable id.

    A form that rebuilds a list from its widgets may hand back items without ids (or
    with ``""``). Each such item takes the id of an unclaimed item of ``old`` with the
    same content; if the list kept its length, an item edited in place keeps the id of
    the item at its position; anything else is a new item with a fresh id. An item that
    already has an id keeps it.
    """
    result = dict(new)
    for field, id_key in item_lists(kind).items():
        items = new.get(field)
        if not isinstance(items, list):
            continue
        before = old.get(field) if old else None
        before = before if isinstance(before, list) else []
        claimed = {str(it.get(id_key)) for it in items if it.get(id_key)}
        unclaimed = [it for it in before if str(it.get(id_key)) not in claimed]
        aligned: list[Any] = []
        for position, item in enumerate(items):
            if not isinstance(item, dict):
                aligned.append(item)
                continue
            if item.get(id_key):
                aligned.append(dict(item))
                continue
            match = next(
                (u for u in unclaimed if _content(u, id_key) == _content(item, id_key)), None
            )
            if match is None and len(items) == len(before):
                at = before[position]
                if str(at.get(id_key)) in {str(u.get(id_key)) for u in unclaimed}:
                    match = at
            if match is not None:
                unclaimed = [u for u in unclaimed if u is not match]
                aligned.append({**item, id_key: match.get(id_key) or fresh()})
            else:
                aligned.append({**item, id_key: fresh()})
        result[field] = aligned
    return result


def backfill_id(record_id: str, field: str, position: int) -> str:
    """The id an item written before items had ids receives (migration 5): derived from
    the record, the list and the position, so every laptop back-fills the same ids."""
    digest = hashlib.sha256(f"{record_id}\x1f{field}\x1f{position}".encode())
    return digest.hexdigest()[:16]
