"""Which centre this vault is (docs/sync.md "Centre identity"): the one place that answers.

After sync a laptop holds one ``centre`` record per laptop of its centre (each laptop set
up apart wrote its own at set-up). The first by ``created_at`` is not this laptop's: a
record pulled from another laptop is stamped with its arrival, so it sorts first where
this laptop's clock was ahead at its set-up. The rule:

- the record is this vault's own: the one its set-up wrote (meta ``own_centre``, written
  with the record in the same transaction, ``remember``); in a vault set up before that
  meta, the centre record whose first change was made by one of this vault's own device
  ids (the device id, the one before enrolment, the former ids kept at enrolment); the
  oldest centre record only when none is (a vault before any of these);
- once enrolled, the name and code are the server centre's (``sync_enrolment``, from
  ``EnrolResponse``): every laptop of one centre shows and prints the same ones. The
  record's id (a new case's ``centre_id``, numbering before enrolment) and its other
  fields (``profile``) stay the vault's own;
- the organisation is the server's once enrolled and the server names one (meta
  ``sync_organisation``, from ``EnrolResponse``), else the one the own centre record
  names (``organisation_id``): laptops set up apart with different spellings of the
  organisation print the same one after enrolment.

Numbers are not this module's: after enrolment they count per server centre id and
device code (app/services/sync.py ``numbering``); numbers issued never change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.storage import change_log
from app.storage.sync_state import OWN_DEVICES, SERVER_ORGANISATION_META, STAYS_LOCAL

if TYPE_CHECKING:
    import sqlcipher3

    from app.storage.vault import Vault

OWN_CENTRE_META = "own_centre"  # meta: the id of the centre record this vault's set-up wrote

Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Centre:
    """This vault's centre as every reader shows it."""

    id: str  # the vault's own centre record
    name: str  # the server centre's once enrolled, else the record's
    code: str  # the same
    organisation: str  # the name of the organisation the own record names
    fields: dict[str, Any] = field(default_factory=dict)  # the own record's fields


def remember(conn: sqlcipher3.Connection, record_id: str) -> None:
    """At the first local insert of a centre record (set-up): it is this vault's own.
    A later one changes nothing (no service writes a second)."""
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (OWN_CENTRE_META, record_id)
    )


def _connection_query(conn: sqlcipher3.Connection) -> Query:
    return lambda sql, params: list(conn.execute(sql, params).fetchall())


def own_centre_id_in(conn: sqlcipher3.Connection) -> str | None:
    """``own_centre_id`` inside a transaction (or a migration)."""
    return own_centre_id(_connection_query(conn))


def own_centre_id(query: Query) -> str | None:
    """The id of this vault's own centre record (module docstring), None without one."""
    rows = query(
        "SELECT r.id FROM meta AS m JOIN records AS r ON r.id = m.value"
        " WHERE m.key = ? AND r.kind = 'centre' AND r.deleted = 0",
        (OWN_CENTRE_META,),
    )
    if rows:
        return str(rows[0][0])
    own = _own_device_ids(query)
    if own:
        marks = ",".join("?" * len(own))
        rows = query(
            "SELECT r.id FROM records AS r WHERE r.kind = 'centre' AND r.deleted = 0"
            " AND (SELECT d.uuid FROM change_log AS c JOIN interned_ids AS d ON d.n = c.device"
            "      WHERE c.record = unhex(replace(r.id, '-', '')) ORDER BY c.seq LIMIT 1)"
            f" IN ({marks}) ORDER BY r.created_at, r.id LIMIT 1",
            [change_log.id_bytes(i) for i in own],
        )
        if rows:
            return str(rows[0][0])
    rows = query(
        "SELECT id FROM records WHERE kind = 'centre' AND deleted = 0"
        " ORDER BY created_at, id LIMIT 1",
        (),
    )
    return str(rows[0][0]) if rows else None


def _own_device_ids(query: Query) -> list[str]:
    """Every device id this vault's own changes may carry: meta ``device_id``, the id
    before enrolment, the former ids kept at enrolment (taken by the server or not)."""
    ids: set[str] = set()
    for (value,) in query("SELECT value FROM meta WHERE key = 'device_id'", ()):
        ids.add(str(value))
    for (value,) in query("SELECT local_device_id FROM sync_enrolment", ()):
        ids.add(str(value))
    rows = query("SELECT value FROM sync_progress WHERE key IN (?, ?)", (OWN_DEVICES, STAYS_LOCAL))
    for (value,) in rows:
        try:
            ids.update(str(i) for i in json.loads(value))
        except (TypeError, ValueError):
            continue
    own: list[str] = []
    for i in sorted(ids):
        try:
            change_log.id_bytes(i)
        except ValueError:
            continue
        own.append(i)
    return own


def centre_of_vault(vault: Vault) -> Centre | None:
    """This vault's centre (module docstring); None in a vault without a centre record."""
    centre_id = own_centre_id(vault.query)
    if centre_id is None:
        return None
    rows = vault.query("SELECT fields FROM records WHERE id = ?", (centre_id,))
    fields: dict[str, Any] = json.loads(rows[0][0]) if rows else {}
    name, code = str(fields.get("name", "")), str(fields.get("code", ""))
    organisation = _organisation(vault, fields)
    enrolled = vault.query("SELECT centre_name, centre_code FROM sync_enrolment", ())
    if enrolled and enrolled[0][0] and enrolled[0][1]:
        name, code = str(enrolled[0][0]), str(enrolled[0][1])
        server = vault.query("SELECT value FROM meta WHERE key = ?", (SERVER_ORGANISATION_META,))
        if server and server[0][0]:
            organisation = str(server[0][0])
    return Centre(centre_id, name, code, organisation, fields)


def _organisation(vault: Vault, centre: dict[str, Any]) -> str:
    """The name of the organisation the centre record names; the oldest organisation
    record where it names none held here."""
    rows: list[tuple[Any, ...]] = []
    if centre.get("organisation_id"):
        rows = vault.query(
            "SELECT fields FROM records WHERE id = ? AND kind = 'organisation' AND deleted = 0",
            (str(centre["organisation_id"]),),
        )
    if not rows:
        rows = vault.query(
            "SELECT fields FROM records WHERE kind = 'organisation' AND deleted = 0"
            " ORDER BY created_at, id LIMIT 1",
            (),
        )
    return str(json.loads(rows[0][0]).get("name", "")) if rows else ""
