"""The server's store: SQLAlchemy Core over SQLite (``sqlite:///PATH``) or PostgreSQL
(``postgresql://…`` through psycopg 3), the same behaviour on both.

The store holds sealed values it cannot open (it has no content key), routing metadata,
devices (token kept only as a SHA-256 hash), one-time enrolment codes (hashed), wrapped
keys, audit anchors and flags for the managers. Each use case is one transaction; writes
are serialised (a process lock, ``BEGIN IMMEDIATE`` on SQLite, an advisory transaction
lock on PostgreSQL) so that server sequences commit in the order they are given: a pull
never stores a cursor past a change that commits later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from app.domain.audit import entry_hash
from app.sync import wire
from server import migrations as m

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ENROL_CODE_SYMBOLS = 26  # x 5 bits = 130 bits
_PG_LOCK_KEY = 0x4841_5242  # "HARB"
_CHUNK = 500


class Refused(Exception):
    """A request the store will not carry out; ``code`` is a wire ``ErrorCode``."""

    def __init__(self, code: wire.ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: wire.ErrorCode = code
        self.message = message


class StoreNotReady(Exception):
    """The store is missing, not initialised, or from a newer server."""


@dataclass(frozen=True)
class Device:
    id: str
    centre_id: str
    name: str
    device_code: str
    status: str
    manager: bool
    signing_key: str


def engine_url(url: str) -> sa.URL:
    """``sqlite:///PATH`` or ``postgresql://…`` (psycopg 3); anything else refused."""
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        # Never echo the URL: it may hold a PostgreSQL password.
        raise StoreNotReady(
            "not a store URL (it does not parse): use sqlite:///PATH or postgresql://…"
        ) from exc
    if parsed.drivername == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreNotReady("a SQLite store needs a file: sqlite:///PATH")
        return parsed
    if parsed.drivername in {"postgresql", "postgres", "postgresql+psycopg"}:
        return parsed.set(drivername="postgresql+psycopg")
    raise StoreNotReady(f"unsupported store {parsed.drivername!r}: use sqlite:/// or postgresql://")


def make_engine(url: str) -> sa.Engine:
    target = engine_url(url)
    if target.drivername == "sqlite":
        engine = sa.create_engine(target, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(target, pool_pre_ping=True)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_enrol_code(code: str) -> str:
    """Crockford decoding: case-insensitive, hyphens and spaces dropped, I/L read as 1, O as 0."""
    text = code.strip().upper().replace("-", "").replace(" ", "")
    return text.translate(str.maketrans("ILO", "110"))


def new_enrol_code() -> str:
    symbols = "".join(secrets.choice(CROCKFORD) for _ in range(ENROL_CODE_SYMBOLS))
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def device_code_for(index: int) -> str:
    """A, B … Z, AA, AB … (index from 0): short, readable aloud, in case numbers."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.postgres = self.engine.dialect.name == "postgresql"
        self._write_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------
    def init(self) -> list[int]:
        try:
            return m.migrate(self.engine)
        except m.StoreTooNew as exc:
            raise StoreNotReady(str(exc)) from exc

    def check(self) -> None:
        """Refuse to serve a store that is not initialised to this server's schema."""
        target = engine_url(self.url)
        if target.drivername == "sqlite" and not os.path.exists(str(target.database)):
            # Opening would create an empty file: say what is missing instead.
            raise StoreNotReady(
                f"no store at {target.database}: run `harbour server init --store URL`"
            )
        try:
            with self.engine.connect() as conn:
                version = m.current_version(conn)
        except sa.exc.OperationalError as exc:
            raise StoreNotReady(f"cannot open the store: {exc.__class__.__name__}") from exc
        if version != m.LATEST:
            raise StoreNotReady(
                f"store schema is {version}, this server needs {m.LATEST}: "
                "run `harbour server init --store URL`"
            )

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._write_lock, self.engine.begin() as conn:
            if self.postgres:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            yield conn

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as conn:
            yield conn

    # -- admin ---------------------------------------------------------------------------
    def add_centre(self, code: str, name: str, organisation: str = "") -> str:
        code = code.strip().upper()
        if not code or len(code) > 16 or not code.replace("-", "").isalnum():
            raise Refused("invalid", "a centre code is 1 to 16 letters or digits")
        if not name.strip() or len(name) > 120:
            raise Refused("invalid", "a centre name is 1 to 120 characters")
        centre_id = str(uuid.uuid4())
        with self._write() as conn:
            held = conn.execute(sa.select(m.centres.c.id).where(m.centres.c.code == code))
            if held.first():
                raise Refused("conflict", f"a centre with code {code} already exists")
            conn.execute(
                m.centres.insert().values(
                    id=centre_id,
                    code=code,
                    name=name.strip(),
                    organisation=organisation.strip(),
                    created_at=_iso(_now(None)),
                )
            )
        return centre_id

    def issue_enrol_code(
        self, centre_code: str, *, manager: bool = False, now: datetime | None = None
    ) -> str:
        code = new_enrol_code()
        expires = _now(now) + timedelta(minutes=wire.ENROL_CODE_MINUTES)
        with self._write() as conn:
            centre = self._centre_by_code(conn, centre_code)
            conn.execute(
                m.enrol_codes.insert().values(
                    code_hash=_sha256(normalise_enrol_code(code)),
                    centre_id=centre.id,
                    manager=manager,
                    expires_at=int(expires.timestamp()),
                )
            )
        return code

    def revoke(self, device_id: str, *, by: Device | None = None) -> None:
        with self._write() as conn:
            self._revoke(conn, device_id, by)

    def _revoke(self, conn: sa.Connection, device_id: str, by: Device | None) -> None:
        row = conn.execute(sa.select(m.devices).where(m.devices.c.id == device_id)).first()
        if row is None or (by is not None and row.centre_id != by.centre_id):
            raise Refused("not_found", "no such device")
        conn.execute(m.devices.update().where(m.devices.c.id == device_id).values(status="revoked"))

    # -- enrolment ----------------------------------------------------------------------
    def enrol(self, request: wire.EnrolRequest, now: datetime | None = None) -> wire.EnrolResponse:
        moment = _now(now)
        code_hash = _sha256(normalise_enrol_code(request.code))
        token_secret = secrets.token_urlsafe(32)
        device_id = str(uuid.uuid4())
        with self._write() as conn:
            code = conn.execute(
                sa.select(m.enrol_codes).where(m.enrol_codes.c.code_hash == code_hash)
            ).first()
            if code is None:
                raise Refused("enrol_code_invalid", "this enrolment code is not known")
            if code.used_at is not None:
                raise Refused("enrol_code_used", "this enrolment code was already used")
            if code.expires_at <= int(moment.timestamp()):
                raise Refused("enrol_code_expired", "this enrolment code has expired")
            centre = conn.execute(
                sa.select(m.centres).where(m.centres.c.id == code.centre_id)
            ).one()
            taken = conn.execute(
                sa.select(m.devices.c.device_code, m.devices.c.status).where(
                    m.devices.c.centre_id == centre.id
                )
            ).all()
            codes = {row.device_code for row in taken}
            index = 0
            while device_code_for(index) in codes:
                index += 1
            first = not any(row.status == "active" for row in taken)
            status = "active" if first else "pending"
            manager = bool(code.manager) or first
            conn.execute(
                m.devices.insert().values(
                    id=device_id,
                    centre_id=centre.id,
                    name=request.device_name,
                    device_code=device_code_for(index),
                    token_hash=_sha256(token_secret),
                    public_key=request.public_key,
                    signing_key=request.signing_key,
                    installation_id=request.installation_id,
                    status=status,
                    manager=manager,
                    enrolled_at=_iso(moment),
                )
            )
            conn.execute(
                m.enrol_codes.update()
                .where(m.enrol_codes.c.code_hash == code_hash)
                .values(used_at=_iso(moment), used_by=device_id)
            )
            aliases = self._add_aliases(
                conn, centre.id, device_id, request.former_device_ids, moment
            )
        return wire.EnrolResponse(
            device_id=device_id,
            device_code=device_code_for(index),
            token=f"{device_id}.{token_secret}",
            centre_id=centre.id,
            centre_code=centre.code,
            centre_name=centre.name,
            organisation=centre.organisation,
            status=status,  # type: ignore[arg-type]
            manager=manager,
            aliases=aliases,
        )

    def _add_aliases(
        self,
        conn: sa.Connection,
        centre_id: str,
        device_id: str,
        former: Sequence[str],
        moment: datetime,
    ) -> list[str]:
        """The former device ids of an enrolling vault become aliases of its device: it
        may push the changes it made under them. An id that is a device or an alias of
        another centre is not taken (those changes stay refused as ``unknown_device``).
        Returns the ids taken (the enrolment answer says them: the laptop keeps the
        changes under the others to itself)."""
        wanted = sorted(set(former) - {device_id})
        if not wanted:
            return []
        # Never a device's own id, in any centre: an alias lets its owner sign changes
        # under it, and no device signs for another.
        elsewhere: set[str] = set(
            conn.execute(sa.select(m.devices.c.id).where(m.devices.c.id.in_(wanted))).scalars()
        ) | set(
            conn.execute(
                sa.select(m.device_aliases.c.alias_id).where(
                    m.device_aliases.c.alias_id.in_(wanted),
                    m.device_aliases.c.centre_id != centre_id,
                )
            ).scalars()
        )
        rows = [
            {"alias_id": a, "device_id": device_id, "centre_id": centre_id, "at": _iso(moment)}
            for a in wanted
            if a not in elsewhere
        ]
        if rows:
            conn.execute(m.device_aliases.insert(), rows)
        return [row["alias_id"] for row in rows]

    def _signers(self, conn: sa.Connection, centre_id: str) -> dict[str, list[bytes]]:
        """Device id or alias id -> the signing keys that may sign its changes: an active
        or revoked device of the centre its own (a revoked device's earlier changes may
        still be relayed), an alias its owners' (vaults copied from one set-up vault
        share one)."""
        keys: dict[str, bytes] = {
            row.id: base64.b64decode(row.signing_key)
            for row in conn.execute(
                sa.select(m.devices.c.id, m.devices.c.signing_key).where(
                    m.devices.c.centre_id == centre_id, m.devices.c.status != "pending"
                )
            )
        }
        signers = {device_id: [key] for device_id, key in keys.items()}
        for row in conn.execute(
            sa.select(m.device_aliases.c.alias_id, m.device_aliases.c.device_id).where(
                m.device_aliases.c.centre_id == centre_id
            )
        ):
            if row.device_id in keys and row.alias_id not in keys:
                signers.setdefault(row.alias_id, []).append(keys[row.device_id])
        return signers

    def authenticate(self, token: str) -> Device | None:
        """The device a bearer token belongs to (any status), or None. The secret is
        compared as a SHA-256 hash in constant time; the lookup is by the device id."""
        device_id, _, secret = token.partition(".")
        if not secret or len(device_id) != 36 or len(token) > 200:
            return None
        with self._read() as conn:
            row = conn.execute(sa.select(m.devices).where(m.devices.c.id == device_id)).first()
        presented = _sha256(secret)
        stored = row.token_hash if row is not None else "0" * 64
        if not hmac.compare_digest(presented, stored) or row is None:
            return None
        return _device(row)

    # -- push and pull ------------------------------------------------------------------
    def push(self, device: Device, request: wire.PushRequest) -> wire.PushResponse:
        accepted = held = 0
        refused: list[wire.Refusal] = []
        cloned: dict[str, list[int]] = {}
        forged = 0
        with self._write() as conn:
            verifier = _Verifier(self._signers(conn, device.centre_id))
            ids = [c.change_id for c in request.changes]
            held_ids: set[str] = set()
            for part in _chunks(ids):
                held_ids.update(
                    conn.execute(
                        sa.select(m.changes.c.change_id).where(m.changes.c.change_id.in_(part))
                    ).scalars()
                )
            seqs_by_device: dict[str, list[int]] = {}
            for c in request.changes:
                seqs_by_device.setdefault(c.device_id, []).append(c.device_seq)
            held_seqs: dict[tuple[str, int], str] = {}
            for dev, seqs in seqs_by_device.items():
                for part in _chunks(sorted(set(seqs))):
                    for row in conn.execute(
                        sa.select(m.changes.c.device_seq, m.changes.c.change_id).where(
                            m.changes.c.device_id == dev, m.changes.c.device_seq.in_(part)
                        )
                    ):
                        held_seqs[(dev, row.device_seq)] = row.change_id
            rows: list[dict[str, Any]] = []
            for c in request.changes:
                if c.scope != device.centre_id:
                    refused.append(wire.Refusal(change_id=c.change_id, reason="wrong_scope"))
                    continue
                if not verifier.knows(c.device_id):
                    refused.append(wire.Refusal(change_id=c.change_id, reason="unknown_device"))
                    continue
                if not verifier.verify(c):
                    # Not signed by its device (or an owner of its alias): a forgery under
                    # another device's id, or a value swapped on the way. Never stored.
                    refused.append(wire.Refusal(change_id=c.change_id, reason="bad_signature"))
                    forged += 1
                    continue
                if c.change_id in held_ids:
                    held += 1
                    continue
                other = held_seqs.get((c.device_id, c.device_seq))
                if other is not None and other != c.change_id:
                    refused.append(wire.Refusal(change_id=c.change_id, reason="cloned_vault"))
                    cloned.setdefault(c.device_id, []).append(c.device_seq)
                    continue
                held_ids.add(c.change_id)
                held_seqs[(c.device_id, c.device_seq)] = c.change_id
                rows.append(
                    {
                        "change_id": c.change_id,
                        "scope": c.scope,
                        "record_id": c.record_id,
                        "kind": c.kind,
                        "path": c.path,
                        "hlc": c.hlc,
                        "device_id": c.device_id,
                        "device_seq": c.device_seq,
                        "base_id": c.base_id,
                        "model": c.model,
                        "key_id": c.key_id,
                        "sealed": base64.b64decode(c.sealed),
                        "signature": base64.b64decode(c.signature),
                        "pushed_by": device.id,
                    }
                )
            if rows:
                insert = self._insert(m.changes).on_conflict_do_nothing(
                    index_elements=["change_id"]
                )
                for part in _chunks(rows):
                    conn.execute(insert, list(part))
                accepted = len(rows)
            moment = _iso(_now(None))
            for dev, seqs in cloned.items():
                self._flag(
                    conn,
                    device.centre_id,
                    dev,
                    "cloned_vault",
                    f"{len(seqs)} change(s) reuse a device sequence held under another change "
                    f"(first: {min(seqs)}), pushed by device {device.id}",
                    moment,
                )
            if forged:
                self._flag(
                    conn,
                    device.centre_id,
                    device.id,
                    "bad_signature",
                    f"{forged} change(s) pushed whose signature does not verify with the "
                    "signing key of their device",
                    moment,
                )
            receipt = self._anchor(conn, device, request, moment)
            high = self._device_high(conn, device.id)
        return wire.PushResponse(
            accepted=accepted,
            already_held=held,
            refused=refused,
            device_high=high,
            audit_receipt=receipt,
        )

    def _insert(self, table: sa.Table) -> Any:
        if self.postgres:
            from sqlalchemy.dialects import postgresql

            return postgresql.insert(table)
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)

    def pull(self, device: Device, cursor: int, limit: int) -> wire.PullResponse:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(m.changes)
                .where(m.changes.c.scope == device.centre_id, m.changes.c.server_seq > cursor)
                .order_by(m.changes.c.server_seq)
                .limit(limit + 1)
            ).all()
            at_cursor = (
                conn.execute(
                    sa.select(m.changes.c.change_id).where(
                        m.changes.c.server_seq == cursor, m.changes.c.scope == device.centre_id
                    )
                ).scalar()
                if cursor
                else None
            )
        more = len(rows) > limit
        rows = rows[:limit]
        # Rows checked when they were pushed (every field, the signature too): built
        # without validating them again (the answer is serialised, not parsed, here).
        changes = [
            wire.SealedChange.model_construct(
                change_id=r.change_id,
                record_id=r.record_id,
                kind=r.kind,
                path=r.path,
                hlc=r.hlc,
                device_id=r.device_id,
                device_seq=r.device_seq,
                scope=r.scope,
                base_id=r.base_id,
                model=r.model,
                key_id=r.key_id,
                sealed=base64.b64encode(r.sealed).decode("ascii"),
                # A row stored without one (before migration 3; none shipped) is served
                # with a signature that verifies nowhere: laptops quarantine it.
                signature=base64.b64encode(r.signature or bytes(64)).decode("ascii"),
            )
            for r in rows
        ]
        return wire.PullResponse(
            changes=changes,
            cursor=rows[-1].server_seq if rows else cursor,
            more=more,
            at_cursor=at_cursor,
        )

    def _device_high(self, conn: sa.Connection, device_id: str) -> int:
        high = conn.execute(
            sa.select(sa.func.max(m.changes.c.device_seq)).where(m.changes.c.device_id == device_id)
        ).scalar()
        return int(high or 0)

    # -- audit anchors ------------------------------------------------------------------
    def _anchor(
        self, conn: sa.Connection, device: Device, request: wire.PushRequest, moment: str
    ) -> wire.AuditReceipt:
        row = conn.execute(
            sa.select(m.audit_anchors).where(m.audit_anchors.c.device_id == device.id)
        ).first()
        anchor = wire.AuditAnchor(seq=row.seq, hash=row.hash) if row else None
        entries = sorted(request.audit, key=lambda e: e.seq)
        if not entries:
            return wire.AuditReceipt(anchor=anchor, stored=0)
        problem, detail = self._check_chain(conn, device, anchor, entries, request)
        if problem is not None:
            self._flag(conn, device.centre_id, device.id, f"audit_{problem}", detail, moment)
            return wire.AuditReceipt(anchor=anchor, stored=0, problem=problem)  # type: ignore[arg-type]
        base = anchor.seq if anchor else 0
        new = [e for e in entries if e.seq > base]
        if not new:
            return wire.AuditReceipt(anchor=anchor, stored=0)
        conn.execute(
            m.audit_entries.insert(),
            [
                {
                    "device_id": device.id,
                    "seq": e.seq,
                    "at": e.at,
                    "user_id": e.user_id,
                    "action": e.action,
                    "record_id": e.record_id,
                    "detail": e.detail,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                    "received_at": moment,
                }
                for e in new
            ],
        )
        head = new[-1]
        values = {"seq": head.seq, "hash": head.hash, "at": moment}
        if row is None:
            conn.execute(m.audit_anchors.insert().values(device_id=device.id, **values))
        else:
            conn.execute(
                m.audit_anchors.update()
                .where(m.audit_anchors.c.device_id == device.id)
                .values(**values)
            )
        return wire.AuditReceipt(
            anchor=wire.AuditAnchor(seq=head.seq, hash=head.hash), stored=len(new)
        )

    def _check_chain(
        self,
        conn: sa.Connection,
        device: Device,
        anchor: wire.AuditAnchor | None,
        entries: list[wire.AuditEntry],
        request: wire.PushRequest,
    ) -> tuple[str | None, str]:
        """(problem, detail): the entries must chain among themselves (app.domain.audit
        ``entry_hash``), agree with every entry already anchored, and continue the anchor."""
        for before, entry in zip([None, *entries], entries, strict=False):
            if before is not None and (
                entry.seq != before.seq + 1 or entry.prev_hash != before.hash
            ):
                return "broken", f"audit entries do not chain at seq {entry.seq}"
            recomputed = entry_hash(
                prev_hash=entry.prev_hash,
                seq=entry.seq,
                at=entry.at,
                user_id=entry.user_id,
                action=entry.action,
                record_id=entry.record_id,
                detail=entry.detail,
            )
            if recomputed != entry.hash:
                return "broken", f"audit entry {entry.seq} was altered"
        if anchor is not None:
            first, last = entries[0], entries[-1]
            overlap = [e for e in entries if e.seq <= anchor.seq]
            if overlap:
                stored: dict[int, str] = dict(
                    conn.execute(
                        sa.select(m.audit_entries.c.seq, m.audit_entries.c.hash).where(
                            m.audit_entries.c.device_id == device.id,
                            m.audit_entries.c.seq.between(overlap[0].seq, overlap[-1].seq),
                        )
                    ).all()
                )
                for e in overlap:
                    if e.seq in stored and stored[e.seq] != e.hash:
                        return "forked", (
                            f"audit entry {e.seq} differs from the one anchored "
                            f"(anchor at {anchor.seq})"
                        )
            # Compared by chain position, not arrival order: a batch that says it extends
            # an anchor older than the stored one is an old request the network delivered
            # late (its entries agree with the stored chain: checked above), not a restore.
            # A restored vault reads the current anchor first and says it extends that one.
            late = request.audit_after is not None and request.audit_after < anchor.seq
            if last.seq < anchor.seq and not late:
                return "behind", (
                    f"audit head {last.seq} is behind the anchor {anchor.seq} "
                    "(a restored or truncated vault)"
                )
            if first.seq > anchor.seq + 1:
                return "broken", f"audit entries start at {first.seq}, anchor is {anchor.seq}"
            following = next((e for e in entries if e.seq == anchor.seq + 1), None)
            if following is not None and following.prev_hash != anchor.hash:
                return "forked", f"audit entry {following.seq} does not continue the anchor"
        if request.audit_signature is not None:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            head = entries[-1]
            try:
                Ed25519PublicKey.from_public_bytes(base64.b64decode(device.signing_key)).verify(
                    base64.b64decode(request.audit_signature),
                    wire.audit_anchor_message(device.id, head.seq, head.hash),
                )
            except (InvalidSignature, ValueError):
                return "bad_signature", f"the signature of audit head {head.seq} does not verify"
        return None, ""

    # -- devices and keys ---------------------------------------------------------------
    def state(self, device: Device) -> wire.StateResponse:
        with self._read() as conn:
            anchor = conn.execute(
                sa.select(m.audit_anchors).where(m.audit_anchors.c.device_id == device.id)
            ).first()
            return wire.StateResponse(
                device_id=device.id,
                status=device.status,  # type: ignore[arg-type]
                device_high=self._device_high(conn, device.id),
                highs=self._highs(conn, device.id),
                audit_anchor=wire.AuditAnchor(seq=anchor.seq, hash=anchor.hash) if anchor else None,
                # Every active device sees the centre's devices (ids, names, codes,
                # status, public and signing keys: no personal data), so that any laptop
                # verifies a bundle or a relayed change and learns revocations. A pending
                # device sees itself only, even one enrolled with a manager's code.
                devices=self._devices(conn, device, everyone=device.status == "active"),
                wrapped_keys=self._keys_for(conn, device.id),
            )

    def _highs(self, conn: sa.Connection, device_id: str) -> dict[str, int]:
        """The highest device_seq held of a device and of each of its aliases."""
        aliases: list[str] = list(
            conn.execute(
                sa.select(m.device_aliases.c.alias_id).where(
                    m.device_aliases.c.device_id == device_id
                )
            ).scalars()
        )
        ids = [device_id, *aliases]
        return {i: self._device_high(conn, i) for i in ids}

    def devices(self, device: Device) -> list[wire.DeviceInfo]:
        with self._read() as conn:
            return self._devices(conn, device, everyone=True)

    def _devices(
        self, conn: sa.Connection, device: Device, *, everyone: bool
    ) -> list[wire.DeviceInfo]:
        query = sa.select(m.devices).where(m.devices.c.centre_id == device.centre_id)
        alias_query = sa.select(m.device_aliases.c.alias_id, m.device_aliases.c.device_id).where(
            m.device_aliases.c.centre_id == device.centre_id
        )
        if not everyone:
            query = query.where(m.devices.c.id == device.id)
            alias_query = alias_query.where(m.device_aliases.c.device_id == device.id)
        aliases: dict[str, list[str]] = {}
        for row in conn.execute(alias_query.order_by(m.device_aliases.c.alias_id)):
            aliases.setdefault(row.device_id, []).append(row.alias_id)
        return [
            wire.DeviceInfo(
                device_id=r.id,
                name=r.name,
                device_code=r.device_code,
                status=r.status,
                manager=bool(r.manager),
                public_key=r.public_key,
                signing_key=r.signing_key,
                enrolled_at=r.enrolled_at,
                flags=[f for f in r.flags.split(",") if f],
                aliases=aliases.get(r.id, [])[: wire.MAX_FORMER_IDS],
            )
            for r in conn.execute(query.order_by(m.devices.c.enrolled_at, m.devices.c.device_code))
        ]

    def _keys_for(self, conn: sa.Connection, device_id: str) -> list[wire.WrappedKey]:
        rows = conn.execute(
            sa.select(m.wrapped_keys)
            .where(m.wrapped_keys.c.device_id == device_id)
            .order_by(m.wrapped_keys.c.at, m.wrapped_keys.c.key_id)
        )
        return [
            wire.WrappedKey(
                device_id=r.device_id,
                key_id=r.key_id,
                wrapped=base64.b64encode(r.wrapped).decode("ascii"),
                by_device=r.by_device,
            )
            for r in rows
        ]

    def my_keys(self, device: Device) -> list[wire.WrappedKey]:
        with self._read() as conn:
            return self._keys_for(conn, device.id)

    def approve(self, manager: Device, target_id: str, request: wire.ApproveRequest) -> None:
        with self._write() as conn:
            row = conn.execute(sa.select(m.devices).where(m.devices.c.id == target_id)).first()
            if row is None or row.centre_id != manager.centre_id:
                raise Refused("not_found", "no such device in this centre")
            if row.status != "pending":
                raise Refused("conflict", f"the device is {row.status}, not pending")
            if any(k.device_id != target_id for k in request.wrapped_keys):
                raise Refused("invalid", "every wrapped key must be for the approved device")
            if not request.wrapped_keys:
                raise Refused("invalid", "an approval carries the centre's wrapped keys")
            self._put_keys(conn, manager, request.wrapped_keys)
            conn.execute(
                m.devices.update()
                .where(m.devices.c.id == target_id)
                .values(status="active", manager=request.manager)
            )

    def revoke_by(self, manager: Device, target_id: str, request: wire.RevokeRequest) -> None:
        with self._write() as conn:
            self._revoke(conn, target_id, manager)
            if request.wrapped_keys:
                self._put_keys(conn, manager, request.wrapped_keys)

    def put_keys(self, manager: Device, keys: Sequence[wire.WrappedKey]) -> None:
        with self._write() as conn:
            self._put_keys(conn, manager, keys)

    def _put_keys(
        self, conn: sa.Connection, manager: Device, keys: Sequence[wire.WrappedKey]
    ) -> None:
        targets = {k.device_id for k in keys}
        ok: set[str] = set(
            conn.execute(
                sa.select(m.devices.c.id).where(
                    m.devices.c.id.in_(targets),
                    m.devices.c.centre_id == manager.centre_id,
                    m.devices.c.status != "revoked",
                )
            ).scalars()
        )
        if ok != targets:
            raise Refused("invalid", "a wrapped key is for a device not active in this centre")
        # A device's keys are listed in `at` order and its laptop takes the last as the
        # current one: `at` to the microsecond, one apart in the request's order (the
        # approving laptop sends the current key last), so a rotation in the same second
        # as the key before it, or keys wrapped in one request, keep their order (in
        # seconds they fell back to key_id order: a laptop could keep the revoked key).
        start = _now(None)
        insert = self._insert(m.wrapped_keys)
        insert = insert.on_conflict_do_update(
            index_elements=["device_id", "key_id"],
            set_={
                "wrapped": insert.excluded.wrapped,
                "by_device": manager.id,
                "at": insert.excluded.at,
            },
        )
        conn.execute(
            insert,
            [
                {
                    "device_id": k.device_id,
                    "key_id": k.key_id,
                    "wrapped": base64.b64decode(k.wrapped),
                    "by_device": manager.id,
                    "at": (start + timedelta(microseconds=i))
                    .astimezone(UTC)
                    .isoformat(timespec="microseconds"),
                }
                for i, k in enumerate(keys)
            ],
        )

    # -- flags ----------------------------------------------------------------------------
    def _flag(
        self,
        conn: sa.Connection,
        centre_id: str,
        device_id: str | None,
        what: str,
        detail: str,
        moment: str,
    ) -> None:
        conn.execute(
            m.flags.insert().values(
                centre_id=centre_id, device_id=device_id, what=what, detail=detail[:512], at=moment
            )
        )
        if device_id is None:
            return
        current = conn.execute(
            sa.select(m.devices.c.flags).where(m.devices.c.id == device_id)
        ).scalar()
        if current is None:
            return
        names = [f for f in current.split(",") if f]
        if what not in names:
            names.append(what)
            conn.execute(
                m.devices.update()
                .where(m.devices.c.id == device_id)
                .values(flags=",".join(names)[:512])
            )

    def flags(self, device: Device) -> list[wire.Flag]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(m.flags)
                .where(m.flags.c.centre_id == device.centre_id)
                .order_by(m.flags.c.id)
            )
            return [
                wire.Flag(what=r.what, device_id=r.device_id, detail=r.detail, at=r.at)
                for r in rows
            ]

    # -- helpers --------------------------------------------------------------------------
    def _centre_by_code(self, conn: sa.Connection, code: str) -> Any:
        row = conn.execute(
            sa.select(m.centres).where(m.centres.c.code == code.strip().upper())
        ).first()
        if row is None:
            raise Refused("not_found", f"no centre with code {code.strip().upper()}")
        return row


class _Verifier:
    """Checks ``SealedChange.signature`` (Ed25519 over ``wire.change_message``) against
    the signing keys that may sign for the change's device id; key objects built once."""

    def __init__(self, keys: dict[str, list[bytes]]) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        self._keys = keys
        self._objects: dict[bytes, Any] = {}
        self._load = Ed25519PublicKey.from_public_bytes

    def knows(self, device_id: str) -> bool:
        return bool(self._keys.get(device_id))

    def verify(self, change: wire.SealedChange) -> bool:
        from cryptography.exceptions import InvalidSignature

        message = wire.change_message(change)
        signature = base64.b64decode(change.signature)
        for raw in self._keys.get(change.device_id, []):
            if raw not in self._objects:
                try:
                    self._objects[raw] = self._load(raw)
                except ValueError:
                    self._objects[raw] = None
            public = self._objects[raw]
            if public is None:
                continue
            try:
                public.verify(signature, message)
                return True
            except InvalidSignature:
                continue
        return False


def _device(row: Any) -> Device:
    return Device(
        id=row.id,
        centre_id=row.centre_id,
        name=row.name,
        device_code=row.device_code,
        status=row.status,
        manager=bool(row.manager),
        signing_key=row.signing_key,
    )
