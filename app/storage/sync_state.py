"""The laptop's own sync state (issue 16, items 2, 5, 6; migration 11): local-only tables
inside the encrypted vault, never synced.

``sync_enrolment``    one row once enrolled: server URL, the server certificate's SHA-256
                      fingerprint pinned at enrolment (https), the device id and code the
                      server assigned, the device token, the centre's id, code and name,
                      the device's status there (pending/active/revoked), when and by which
                      installation
``sync_device_keys``  this device's private keys: ``exchange`` (X25519: content keys are
                      wrapped to its public half) and ``signing`` (Ed25519: bundles, audit
                      anchors)
``sync_content_keys`` every content key of the centre by ``key_id``; one is ``current``
                      (new changes are sealed under it); old ones stay for old changes
``sync_progress``     key/value: ``pull_cursor`` (the server's sequence up to which pulled
                      changes are durably applied: written only in the transaction that
                      applied them), ``pushed_seq`` (local change-log seq up to which the
                      server acknowledged), ``device_high`` (the last device_seq the server
                      acknowledged), ``audit_anchor`` (seq of the last audit entry anchored),
                      ``last_result`` (JSON, for the status), flags
                      ``own_devices`` (JSON: the device ids this vault's own changes
                      carry: the enrolled one and the former ones the server took as its
                      aliases), ``highs`` (JSON: per own id, the last device_seq the
                      server acknowledged), ``pull_at`` (the change id at ``pull_cursor``:
                      a server restored from an older backup holds another or none there),
                      ``device_flags`` (JSON: what the server flagged per device)
``sync_devices``      the centre's devices as the server last listed them (name, code,
                      status, public keys): who may sign a bundle, who gets wrapped keys
``sync_bundles_seen`` bundle ids imported (a replayed bundle changes nothing)

Every write takes a connection inside the caller's transaction, so a use case can write
its sync state together with the records it changes (``Records.unit().connection``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlcipher3

from app.storage import change_log

if TYPE_CHECKING:  # migrations import this module's TABLES, and the vault imports them
    from app.storage.vault import Vault

TABLES = """
CREATE TABLE sync_enrolment (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    server_url       TEXT NOT NULL,
    cert_fingerprint TEXT,
    device_id        TEXT NOT NULL,
    device_code      TEXT NOT NULL,
    token            TEXT NOT NULL,
    centre_id        TEXT NOT NULL,
    centre_code      TEXT NOT NULL,
    centre_name      TEXT NOT NULL,
    status           TEXT NOT NULL,
    local_device_id  TEXT NOT NULL,
    installation     TEXT NOT NULL,
    enrolled_at      TEXT NOT NULL
);
CREATE TABLE sync_device_keys (
    purpose TEXT PRIMARY KEY,
    private BLOB NOT NULL,
    public  BLOB NOT NULL
);
CREATE TABLE sync_content_keys (
    key_id   TEXT PRIMARY KEY,
    key      BLOB NOT NULL,
    current  INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
CREATE TABLE sync_progress (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sync_devices (
    device_id   TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    device_code TEXT NOT NULL,
    status      TEXT NOT NULL,
    manager     INTEGER NOT NULL DEFAULT 0,
    public_key  BLOB NOT NULL,
    signing_key BLOB NOT NULL,
    enrolled_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sync_bundles_seen (
    bundle_id   TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL
);
"""

EXCHANGE = "exchange"
SIGNING = "signing"
PULL_CURSOR = "pull_cursor"
PUSHED_SEQ = "pushed_seq"
DEVICE_HIGH = "device_high"
AUDIT_ANCHOR = "audit_anchor"
LAST_RESULT = "last_result"
LAST_SUCCESS = "last_success"
OWN_DEVICES = "own_devices"
STAYS_LOCAL = "stays_local"  # JSON: former ids the server did not take (another centre's)
# meta: the organisation the server names for the centre this vault is enrolled in (from
# EnrolResponse); every laptop of the centre shows and prints it (app/storage/centre.py).
SERVER_ORGANISATION_META = "sync_organisation"
HIGHS = "highs"
PULL_AT = "pull_at"
DEVICE_FLAGS = "device_flags"
CENTRE_META = "sync_centre"  # meta: the server's centre id, the vault's centre identity


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    cert_fingerprint: str | None
    device_id: str
    device_code: str
    token: str
    centre_id: str
    centre_code: str
    centre_name: str
    status: str
    local_device_id: str
    installation: str
    enrolled_at: str


_ENROLMENT_COLUMNS = (
    "server_url, cert_fingerprint, device_id, device_code, token, centre_id, centre_code,"
    " centre_name, status, local_device_id, installation, enrolled_at"
)


# -- reads (the vault's own lock) ------------------------------------------------------
def enrolment(vault: Vault) -> Enrolment | None:
    rows = vault.query(f"SELECT {_ENROLMENT_COLUMNS} FROM sync_enrolment WHERE id = 1")
    return Enrolment(*rows[0]) if rows else None


def device_key(vault: Vault, purpose: str) -> tuple[bytes, bytes] | None:
    """(private, public) of this device's ``exchange`` or ``signing`` key."""
    rows = vault.query("SELECT private, public FROM sync_device_keys WHERE purpose = ?", (purpose,))
    return (bytes(rows[0][0]), bytes(rows[0][1])) if rows else None


def content_keys(vault: Vault) -> dict[str, bytes]:
    return {k: bytes(v) for k, v in vault.query("SELECT key_id, key FROM sync_content_keys")}


def current_content_key(vault: Vault) -> tuple[str, bytes] | None:
    rows = vault.query("SELECT key_id, key FROM sync_content_keys WHERE current = 1")
    return (rows[0][0], bytes(rows[0][1])) if rows else None


def progress(vault: Vault, key: str) -> str | None:
    rows = vault.query("SELECT value FROM sync_progress WHERE key = ?", (key,))
    return str(rows[0][0]) if rows else None


def progress_int(vault: Vault, key: str) -> int:
    value = progress(vault, key)
    return int(value) if value else 0


def last_result(vault: Vault) -> dict[str, Any] | None:
    value = progress(vault, LAST_RESULT)
    return json.loads(value) if value else None


def progress_json(vault: Vault, key: str, default: Any) -> Any:
    value = progress(vault, key)
    return json.loads(value) if value else default


def own_devices(vault: Vault) -> list[str]:
    """The device ids this vault's own changes carry: the enrolled one first, then the
    former ones (pushed under the server's aliases of this device)."""
    found = enrolment(vault)
    if found is None:
        return []
    former = progress_json(vault, OWN_DEVICES, [found.local_device_id])
    return [found.device_id, *[d for d in former if d != found.device_id]]


def logged_devices(vault: Vault) -> list[str]:
    """Every device id the change log holds changes of."""
    rows = vault.query(
        "SELECT d.uuid FROM interned_ids AS d"
        " WHERE d.n IN (SELECT DISTINCT device FROM change_log) ORDER BY d.uuid"
    )
    return [change_log.id_text(r[0]) for r in rows]


def bundle_seen(vault: Vault, bundle_id: str) -> bool:
    return bool(vault.query("SELECT 1 FROM sync_bundles_seen WHERE bundle_id = ?", (bundle_id,)))


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    device_code: str
    status: str
    manager: bool
    public_key: bytes
    signing_key: bytes
    enrolled_at: str


def devices(vault: Vault) -> list[Device]:
    rows = vault.query(
        "SELECT device_id, name, device_code, status, manager, public_key, signing_key,"
        " enrolled_at FROM sync_devices ORDER BY enrolled_at, device_id"
    )
    return [
        Device(r[0], r[1], r[2], r[3], bool(r[4]), bytes(r[5]), bytes(r[6]), r[7]) for r in rows
    ]


# -- writes (inside the caller's transaction) ----------------------------------------------
def write_enrolment(
    conn: sqlcipher3.Connection,
    enrolment: Enrolment,
    keys: dict[str, tuple[bytes, bytes]],
    former: list[str] | None = None,
    stays_local: list[str] | None = None,
    organisation: str = "",
) -> None:
    """Record an enrolment, this device's key pairs, and take the server's device id as
    the vault's device id (new changes are the enrolled device's; the change-log rows
    written before keep the id they were made with: ``former`` lists those ids, which the
    server took as aliases of this device). A re-enrolment starts over: old cursors go,
    content keys stay (old changes were sealed under them).

    The vault's centre identity becomes the server's centre id (meta ``sync_centre``):
    the case index files every case of this vault under it (docs/sync.md "Centre
    identity")."""
    conn.execute("DELETE FROM sync_enrolment")
    conn.execute(
        f"INSERT INTO sync_enrolment (id, {_ENROLMENT_COLUMNS})"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            enrolment.server_url,
            enrolment.cert_fingerprint,
            enrolment.device_id,
            enrolment.device_code,
            enrolment.token,
            enrolment.centre_id,
            enrolment.centre_code,
            enrolment.centre_name,
            enrolment.status,
            enrolment.local_device_id,
            enrolment.installation,
            enrolment.enrolled_at,
        ),
    )
    conn.execute("DELETE FROM sync_device_keys")
    conn.executemany(
        "INSERT INTO sync_device_keys (purpose, private, public) VALUES (?, ?, ?)",
        [(purpose, private, public) for purpose, (private, public) in keys.items()],
    )
    adopt_centre_identity(conn, enrolment.centre_id)
    conn.execute("DELETE FROM sync_progress")
    if former is not None:
        set_progress(conn, OWN_DEVICES, json.dumps(sorted(set(former) - {enrolment.device_id})))
    if stays_local:
        set_progress(conn, STAYS_LOCAL, json.dumps(sorted(stays_local)))
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('device_id', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (enrolment.device_id,),
    )
    # A server that names no organisation leaves the vault's own (a re-enrolment drops a
    # former centre's).
    conn.execute("DELETE FROM meta WHERE key = ?", (SERVER_ORGANISATION_META,))
    if organisation.strip():
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            (SERVER_ORGANISATION_META, organisation.strip()),
        )


# Every case an enrolled vault indexes is filed under the server's centre id, whatever
# local centre id its fields carry (a vault made on another laptop has its own): the case
# list, its centre filter and the number collisions see one centre on every laptop. A
# mapping every laptop applies the same way, not a recorded change (docs/sync.md). The
# case index reads meta ``sync_centre`` itself (case_index.filed_centre); the triggers
# that re-filed its rows before (7d57995) are dropped where an enrolment made them.
_OLD_TRIGGERS = ("sync_centre_insert", "sync_centre_update")


def adopt_centre_identity(conn: sqlcipher3.Connection, centre_id: str) -> None:
    """The vault's centre identity becomes ``centre_id`` (the server's): meta
    ``sync_centre``, every case index row re-filed; the case index files every row
    written later the same way (case_index.filed_centre)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CENTRE_META, centre_id),
    )
    for name in _OLD_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("UPDATE case_index SET centre_id = ? WHERE centre_id != ?", (centre_id, centre_id))


def centre_identity(vault: Vault) -> str | None:
    """The server's centre id once enrolled (the centre every case is filed under)."""
    rows = vault.query("SELECT value FROM meta WHERE key = ?", (CENTRE_META,))
    return str(rows[0][0]) if rows else None


def put_devices(conn: sqlcipher3.Connection, known: list[Device]) -> None:
    """Remember devices as the server listed them (a device once known stays known: a
    revoked one must still be recognised, and refused)."""
    conn.executemany(
        "INSERT INTO sync_devices (device_id, name, device_code, status, manager, public_key,"
        " signing_key, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (device_id) DO UPDATE SET name = excluded.name,"
        " device_code = excluded.device_code, status = excluded.status,"
        " manager = excluded.manager, public_key = excluded.public_key,"
        " signing_key = excluded.signing_key, enrolled_at = excluded.enrolled_at",
        [
            (
                d.device_id,
                d.name,
                d.device_code,
                d.status,
                int(d.manager),
                d.public_key,
                d.signing_key,
                d.enrolled_at,
            )
            for d in known
        ],
    )


def store_devices(vault: Vault, known: list[Device]) -> None:
    """``put_devices`` in a transaction of its own, none when every device is held as
    listed already (every sync asks the server for its state: no write, no fsync)."""
    held = {d.device_id: d for d in devices(vault)}
    if all(held.get(d.device_id) == d for d in known):
        return
    with vault.transaction() as conn:
        put_devices(conn, known)


def set_status(conn: sqlcipher3.Connection, status: str) -> None:
    conn.execute("UPDATE sync_enrolment SET status = ? WHERE id = 1", (status,))


def add_content_key(
    conn: sqlcipher3.Connection, key_id: str, key: bytes, *, current: bool, at: str
) -> None:
    """Keep a content key (idempotent); ``current`` makes it the one new changes use."""
    if current:
        conn.execute("UPDATE sync_content_keys SET current = 0 WHERE current = 1")
    conn.execute(
        "INSERT INTO sync_content_keys (key_id, key, current, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key_id) DO UPDATE SET current = max(current, excluded.current)",
        (key_id, key, int(current), at),
    )


def set_progress(conn: sqlcipher3.Connection, key: str, value: str | int) -> None:
    conn.execute(
        "INSERT INTO sync_progress (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, str(value)),
    )


def set_last_result(conn: sqlcipher3.Connection, result: dict[str, Any]) -> None:
    set_progress(conn, LAST_RESULT, json.dumps(result, sort_keys=True))


def mark_bundle_seen(conn: sqlcipher3.Connection, bundle_id: str, at: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO sync_bundles_seen (bundle_id, imported_at) VALUES (?, ?)",
        (bundle_id, at),
    )


def record_result(vault: Vault, result: dict[str, Any]) -> None:
    """The outcome of a sync attempt, in a transaction of its own (the status reads it)."""
    with vault.transaction() as conn:
        set_outcome(conn, result)


def save_cursor(vault: Vault, cursor: int, outcome: dict[str, Any] | None) -> None:
    """The pull cursor (an answer without changes moved it), and with it the sync's
    outcome when that answer was the last: one transaction."""
    with vault.transaction() as conn:
        set_progress(conn, PULL_CURSOR, cursor)
        if outcome is not None:
            set_outcome(conn, outcome)


def set_outcome(conn: sqlcipher3.Connection, result: dict[str, Any]) -> None:
    """``record_result`` inside the caller's transaction (the last pulled batch's)."""
    set_last_result(conn, result)
    if result.get("state") == "synced":
        set_progress(conn, LAST_SUCCESS, str(result.get("at", "")))


def update_progress(vault: Vault, values: dict[str, str | int]) -> None:
    """The values in one transaction; none when each is held as given already."""
    if not values:
        return
    keys = list(values)
    held = dict(
        vault.query(
            f"SELECT key, value FROM sync_progress WHERE key IN ({','.join('?' * len(keys))})",
            keys,
        )
    )
    if all(held.get(k) == str(v) for k, v in values.items()):
        return
    with vault.transaction() as conn:
        for key, value in values.items():
            set_progress(conn, key, value)


def store_content_key(vault: Vault, key_id: str, key: bytes, *, current: bool, at: str) -> None:
    with vault.transaction() as conn:
        add_content_key(conn, key_id, key, current=current, at=at)


def store_status(vault: Vault, status: str) -> None:
    with vault.transaction() as conn:
        set_status(conn, status)


def enrol(
    vault: Vault,
    enrolment: Enrolment,
    keys: dict[str, tuple[bytes, bytes]],
    former: list[str] | None = None,
    stays_local: list[str] | None = None,
    organisation: str = "",
) -> None:
    with vault.transaction() as conn:
        write_enrolment(conn, enrolment, keys, former, stays_local, organisation)
    vault.device_id = enrolment.device_id
