"""The server's tables and their numbered migrations (SQLite and PostgreSQL alike).

``schema_version`` holds one row: the number of the last migration applied. Each
migration runs in one transaction with the version bump, so a store is never half
migrated. A store newer than this code is refused (``StoreTooNew``).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

metadata = sa.MetaData()

# SQLite autoincrements only an INTEGER PRIMARY KEY; PostgreSQL wants BIGINT.
BigSeq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)

centres = sa.Table(
    "centres",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("organisation", sa.String(120), nullable=False, server_default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("centre_id", sa.String(36), sa.ForeignKey("centres.id"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("device_code", sa.String(3), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("public_key", sa.String(64), nullable=False),
    sa.Column("signing_key", sa.String(64), nullable=False),
    sa.Column("installation_id", sa.String(36), nullable=False),
    sa.Column("status", sa.String(8), nullable=False),
    sa.Column("manager", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("flags", sa.String(512), nullable=False, server_default=""),
    sa.Column("enrolled_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("centre_id", "device_code", name="uq_devices_centre_code"),
    sa.CheckConstraint("status IN ('pending', 'active', 'revoked')", name="ck_devices_status"),
)

enrol_codes = sa.Table(
    "enrol_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("centre_id", sa.String(36), sa.ForeignKey("centres.id"), nullable=False),
    sa.Column("manager", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("expires_at", sa.BigInteger, nullable=False),  # Unix seconds
    sa.Column("used_at", sa.String(32)),
    sa.Column("used_by", sa.String(36)),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("server_seq", BigSeq, primary_key=True, autoincrement=True),
    sa.Column("change_id", sa.String(36), nullable=False, unique=True),
    sa.Column("scope", sa.String(36), nullable=False),
    sa.Column("record_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("path", sa.String(512), nullable=False),
    sa.Column("hlc", sa.BigInteger, nullable=False),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("device_seq", sa.BigInteger, nullable=False),
    sa.Column("base_id", sa.String(36)),
    sa.Column("model", sa.Integer, nullable=False),
    sa.Column("key_id", sa.String(16), nullable=False),
    sa.Column("sealed", sa.LargeBinary, nullable=False),
    sa.Column("pushed_by", sa.String(36), nullable=False),
    sa.Column("signature", sa.LargeBinary),  # migration 3
    sa.UniqueConstraint("device_id", "device_seq", name="uq_changes_device_seq"),
    sa.Index("ix_changes_scope_seq", "scope", "server_seq"),
    sqlite_autoincrement=True,  # a server sequence is never reused
)

wrapped_keys = sa.Table(
    "wrapped_keys",
    metadata,
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("key_id", sa.String(16), primary_key=True),
    sa.Column("wrapped", sa.LargeBinary, nullable=False),
    sa.Column("by_device", sa.String(36), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
)

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(64), nullable=False),
    sa.Column("user_id", sa.String(64)),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(64)),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
)

audit_anchors = sa.Table(
    "audit_anchors",
    metadata,
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
)

flags = sa.Table(
    "flags",
    metadata,
    sa.Column("id", BigSeq, primary_key=True, autoincrement=True),
    sa.Column("centre_id", sa.String(36), nullable=False),
    sa.Column("device_id", sa.String(36)),
    sa.Column("what", sa.String(64), nullable=False),
    sa.Column("detail", sa.String(512), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Index("ix_flags_centre", "centre_id", "id"),
    sqlite_autoincrement=True,
)

_V1_TABLES = [
    centres,
    devices,
    enrol_codes,
    changes,
    wrapped_keys,
    audit_entries,
    audit_anchors,
    flags,
]


def _v1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=_V1_TABLES)


# The ids a vault's changes carried before it was enrolled (its local device ids, or a
# former enrolment's): the enrolled device may push changes under them (docs/sync.md).
# One alias may be claimed by several devices of one centre (vaults copied from one
# set-up vault hold the same changes under it); never across centres.
device_aliases = sa.Table(
    "device_aliases",
    metadata,
    sa.Column("alias_id", sa.String(36), primary_key=True),
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.id"), primary_key=True),
    sa.Column("centre_id", sa.String(36), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Index("ix_device_aliases_centre", "centre_id", "alias_id"),
)


def _v2(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[device_aliases])


def _v3(conn: sa.Connection) -> None:
    # Every change carries its device's Ed25519 signature (docs/sync.md "Signed changes").
    # Nullable only because ALTER TABLE cannot add a NOT NULL column without a default:
    # every push writes it; a row without one (none: nothing shipped before) is served
    # with a signature that verifies nowhere, so laptops quarantine it.
    # (A store made by this code has it from migration 1: the table below declares it.)
    held = {c["name"] for c in sa.inspect(conn).get_columns("changes")}
    if "signature" not in held:
        conn.execute(sa.text("ALTER TABLE changes ADD COLUMN signature " + _blob(conn)))


def _blob(conn: sa.Connection) -> str:
    return "BYTEA" if conn.dialect.name == "postgresql" else "BLOB"


# (number, what it does, the step). Append only; never edit a step once released.
MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "centres, devices, enrolment codes, changes, wrapped keys, audit anchors, flags", _v1),
    (2, "device aliases: the former device ids of an enrolled vault", _v2),
    (3, "changes.signature: the Ed25519 signature of the change's device", _v3),
]
LATEST = MIGRATIONS[-1][0]


class StoreTooNew(Exception):
    """The store was migrated by a newer server."""


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(engine: sa.Engine) -> list[int]:
    """Apply every migration the store lacks; return the numbers applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("schema_version"):
            schema_version.create(conn)
            conn.execute(schema_version.insert().values(version=0))
    for number, _what, step in MIGRATIONS:
        with engine.begin() as conn:
            version = current_version(conn)
            if version > LATEST:
                raise StoreTooNew(f"store schema {version} is newer than this server ({LATEST})")
            if version >= number:
                continue
            step(conn)
            conn.execute(schema_version.update().values(version=number))
            applied.append(number)
    return applied
