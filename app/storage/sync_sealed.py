"""Sealed changes as they arrived, and the changes that did not open (issue 16; docs/sync.md
"Signed changes" and "Quarantine"). Local-only tables, never synced.

- ``sync_sealed``: the wire form (``wire.SealedChange`` JSON: sealed value and the
  signature of the device that made it) of every change that arrived from another device,
  so that a bundle relays it with its original signature (a laptop cannot sign for
  another device, and re-sealing would change the signed bytes).
- ``sync_quarantine``: a pulled change that does not open (a bad tag, a signature that does
  not verify, a device unknown here): its readable metadata and its wire form, kept aside
  so that the rest applies and the pull cursor moves on; listed to managers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlcipher3

if TYPE_CHECKING:
    from app.storage.vault import Vault

TABLES = """
CREATE TABLE sync_sealed (
    change_id TEXT PRIMARY KEY,
    wire      TEXT NOT NULL
);
CREATE TABLE sync_quarantine (
    change_id  TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    record_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    path       TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    reason     TEXT NOT NULL,   -- sealed (does not open), signature, unknown_device
    wire       TEXT NOT NULL,
    at         TEXT NOT NULL
);
"""

_CHUNK = 500


@dataclass(frozen=True)
class Quarantined:
    change_id: str
    device_id: str
    device_seq: int
    record_id: str
    kind: str
    path: str
    key_id: str
    reason: str
    at: str


def keep(conn: sqlcipher3.Connection, items: Iterable[tuple[str, str]]) -> None:
    """Keep the wire form of arrived changes: (change id, ``SealedChange`` JSON)."""
    conn.executemany(
        "INSERT OR IGNORE INTO sync_sealed (change_id, wire) VALUES (?, ?)", list(items)
    )


def kept(vault: Vault, change_ids: list[str]) -> dict[str, str]:
    """change id -> the wire form kept, for those of ``change_ids`` held."""
    found: dict[str, str] = {}
    for start in range(0, len(change_ids), _CHUNK):
        part = change_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        for change_id, text in vault.query(
            f"SELECT change_id, wire FROM sync_sealed WHERE change_id IN ({marks})",
            part,
        ):
            found[str(change_id)] = str(text)
    return found


def put_quarantine(
    conn: sqlcipher3.Connection, items: Iterable[Quarantined], wires: dict[str, str]
) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO sync_quarantine (change_id, device_id, device_seq, record_id,"
        " kind, path, key_id, reason, wire, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                q.change_id,
                q.device_id,
                q.device_seq,
                q.record_id,
                q.kind,
                q.path,
                q.key_id,
                q.reason,
                wires[q.change_id],
                q.at,
            )
            for q in items
        ],
    )


def quarantined(vault: Vault) -> list[Quarantined]:
    return [
        Quarantined(
            str(r[0]),
            str(r[1]),
            int(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            str(r[7]),
            str(r[8]),
        )
        for r in vault.query(
            "SELECT change_id, device_id, device_seq, record_id, kind, path, key_id, reason, at"
            " FROM sync_quarantine ORDER BY at, device_id, device_seq"
        )
    ]


def quarantined_devices(vault: Vault) -> dict[str, int]:
    """device id (as the changes carry it) -> how many of its changes were set aside."""
    return {
        str(device_id): int(n)
        for device_id, n in vault.query(
            "SELECT device_id, count(*) FROM sync_quarantine GROUP BY device_id"
        )
    }
