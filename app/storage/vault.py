"""The vault: one SQLCipher 4 database, its key-slot sidecar and its process lock.

Files in a vault folder:

``harbour.keys``        key slots (see ``keyslots.py``); names the database file
``harbour-<id>.db``     the SQLCipher database (plus ``-journal`` during a write)
``harbour.lock``        empty; locked while a process has the vault open

Rules kept here:
- the database is opened with a random 256-bit raw key, never a passphrase;
- temporary tables and indices stay in memory (SQLCipher does not encrypt temp files);
- opening never creates a file: a wrong passphrase or a foreign folder leaves the disk
  exactly as it was (the file is opened with ``mode=rw``, and the key is checked by
  AES-GCM before the database is touched);
- a rekey writes a new database under a new name and then switches the sidecar to it
  in one atomic rename, so a crash leaves either the old pair or the new pair.

Nothing destructive follows a doubtful open (issue 11, finding 3). Before migrations run
or anything is written, the database the sidecar names must be a Harbour database of
*this* vault: not 0 bytes, not without tables, and holding the sidecar's vault id in
``meta`` (a format-2 slot also binds the database's file name). Otherwise the open fails
with ``VaultDamaged`` and the folder is left as it was: an empty or foreign file is never
migrated into, and never used to decide which key slots are stale. Files are deleted at
an open only when the healthy database recorded them: a rekey writes the name of the new
database into the old one (``rekey_new_database``) before creating it, and the name of
the old one into the new one (``rekey_old_database``); whichever database the sidecar
names finishes the interrupted step. Any other ``harbour-*.db`` in the folder is left
alone. The one exception is ``write_sidecar``'s own temporary files
(``.harbour.keys.<8 hex>.tmp``), which only a crash inside an atomic sidecar replace leaves.
Adding an account records ``pending_account:<id>`` before its slot is written, so the
slot of an add cut short is deleted at the next sign-in; a slot whose account the
database does not know, and does not list as pending, is kept.

A commit is in the database file when COMMIT returns (issue 11, finding 5): a rollback
journal (``journal_mode = DELETE``), not a write-ahead log, with ``synchronous = EXTRA``
(the folder is synced after the journal is deleted, which is the commit, so a commit
survives power loss too). With WAL, committed transactions lived in ``-wal`` until a
checkpoint: a damaged or deleted ``-wal`` after a crash, or a backup of the ``.db`` alone
taken while Harbour ran, lost committed cases, and nothing could tell (the database was
whole, only older). A checkpoint at close does not help after a crash, and a record of the
last commit kept beside the database could only report the loss, at the cost of a second
synced write per commit. A rollback journal costs more per commit than WAL, and buys
nothing back here: one connection behind a mutex, no concurrent readers. What a crash can
still leave is the transaction it interrupted, half put back if its ``-journal`` is damaged
or deleted before the next open; ``commits.py`` makes that visible at unlock and in
``doctor``. Measured (2-core Xeon, this project's disk):

- ``tools/wal_damage.py`` (a child registers cases and is killed with SIGKILL, then 256
  random bytes over the side file's page records, or the file deleted; judged by plain SQL
  with the raw key, by a sign-in and by ``harbour doctor``). Before, with WAL: 100
  overwrites lost 257 committed cases in 95 runs, 20 deletions 46 in 18; unlock and doctor
  reported 0 of them. Now (``--seed 11``): 100 overwrites of a live ``-journal`` and 20
  deletions lost 0 committed cases; 6 runs were left half-written (5 a page that no longer
  reads, 1 an audit entry whose case was put back: "21 recorded changes are missing"),
  reported 6/6 by unlock and by doctor; 0 whole runs reported. 404 kills alone: 0 lost,
  0 half-written, doctor content each time; 70 overwrites of database pages: 70/70
  reported. Seeds 5 and 7: 7/7 and 6/6 reported (one database there no longer read at
  all). A child switched back to WAL on this code still loses committed cases unseen (20
  overwrites: 29 in 17 runs): the stamp goes down with the frames that hold it.
- ``tests/integration/test_journal_damage.py`` builds the mixes a damaged or deleted
  journal can leave (one page of a transaction put back, or only one written): each one
  that is neither the database before nor after it is reported (4 passed unseen before).
- ``python -m bench commit``, ``register_case`` through the service (two commits), median
  / p90: WAL, FULL, no stamp (before) 6.1 / 12.0 ms; now (DELETE, EXTRA, stamp) 21.6 /
  43.1 ms; DELETE with FULL 16.0 / 40.0; without the stamp 20.4 / 45.7. An import batch
  of 500 cases: 739 ms before, 613 ms now. A person registers a case in minutes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from app.config import make_private_dir
from app.domain import hlc
from app.domain.name_key_version import KEY_VERSION as NAME_KEY_VERSION
from app.domain.passphrase import new_recovery_code, normalise_passphrase, normalise_recovery_code
from app.errors import (
    DiskFull,
    ForeignFile,
    UnknownUser,
    VaultBusy,
    VaultCopied,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultNotWritable,
    VaultReadOnly,
    WrongPassphrase,
    WrongRecoveryCode,
)
from app.i18n import N_, _
from app.storage import commits, drop, keyslots
from app.storage.centre import own_centre_id_in
from app.storage.filelock import ProcessLock
from app.storage.installation import installation_id
from app.storage.migrations import LATEST, MIGRATIONS

SIDECAR_NAME = "harbour.keys"
LOCK_NAME = "harbour.lock"
DATABASE_PATTERN = re.compile(r"^harbour-[0-9a-f]{16}\.db$")
SIDECAR_TMP_PATTERN = re.compile(r"^\.harbour\.keys\.[0-9a-f]{8}\.tmp$")
REKEY_NEW = "rekey_new_database"  # in the old database: the file a rekey is writing
REKEY_OLD = "rekey_old_database"  # in the new database: the file it replaces
INTERPRETER_ROLE = "interpreter"  # app.domain.roles.Role.INTERPRETER
DROP_KEY = "drop_key:"  # + user id: an interpreter's drop key (see drop.py)
PENDING_ACCOUNT = "pending_account:"  # + user id: a slot written before its account
CLOCK_KEY = "clock"  # the clock's last value (see records.py, which keeps it)
INSTALLATION_KEY = "installation"  # the installation that last wrote this vault

DATABASE_EMPTY = N_("the database file {name} is empty")
DATABASE_NOT_HARBOUR = N_("the database file {name} holds no Harbour data")
DATABASE_FOREIGN = N_("the database file {name} belongs to another vault")

DatabaseError = sqlcipher3.DatabaseError


def sidecar_path(folder: Path) -> Path:
    return Path(folder) / SIDECAR_NAME


def vault_exists(folder: Path) -> bool:
    return sidecar_path(folder).is_file()


def read_sidecar(folder: Path) -> keyslots.Sidecar:
    path = sidecar_path(folder)
    if Path(folder).is_file():
        raise ForeignFile(path=str(folder))
    if not Path(folder).is_dir() or not path.is_file():
        raise VaultNotFound(path=str(folder))
    sidecar = keyslots.read_sidecar(path)
    if not DATABASE_PATTERN.match(sidecar.database):
        raise VaultDamaged(reason=_(keyslots.FILE_DAMAGED))
    return sidecar


def _new_database_name() -> str:
    return f"harbour-{secrets.token_hex(8)}.db"


def _translate_sqlite_error(exc: Exception, folder: Path | None = None) -> Exception:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:  # a disk remounted read-only mid-command
        return VaultReadOnly(path=str(folder or ""))
    if "full" in text:
        return DiskFull()
    if "locked" in text or "busy" in text:
        return VaultBusy()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return VaultDamaged(reason="the database file does not read correctly")
    return exc


def _check_identity(conn: sqlcipher3.Connection, name: str, vault_id: str) -> None:
    """Refuse, before anything is written, a database that is not this vault's."""
    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        raise VaultDamaged(reason=_(DATABASE_EMPTY).format(name=name))
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    except DatabaseError:  # no meta table: some other SQLCipher database
        raise VaultDamaged(reason=_(DATABASE_NOT_HARBOUR).format(name=name)) from None
    if row is None:
        raise VaultDamaged(reason=_(DATABASE_NOT_HARBOUR).format(name=name))
    if row[0] != vault_id:
        raise VaultDamaged(reason=_(DATABASE_FOREIGN).format(name=name))


def _connect(db_path: Path, key: bytes, vault_id: str) -> sqlcipher3.Connection:
    """Open an existing database file of this vault with a raw key.

    Never creates the file, and refuses (``VaultDamaged``) an empty file or a database
    that is not the vault's before setting any pragma that could write to it.
    """
    if not db_path.is_file():
        raise VaultDamaged(reason=f"the database file {db_path.name} is missing")
    if db_path.stat().st_size == 0:
        raise VaultDamaged(reason=_(DATABASE_EMPTY).format(name=db_path.name))
    conn = sqlcipher3.connect(
        f"file:{db_path}?mode=rw", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        # SQLCipher logs decryption failures to stderr by default; a damaged page is
        # reported through the exception below (one clear line), not as log noise.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Temp tables, sort spills and indices in memory: SQLCipher's temp files are plain.
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError:
            raise VaultDamaged(
                reason="the database does not open with the key held by the key slots"
            ) from None
        _check_identity(conn, db_path.name, vault_id)
        _set_journal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 2000")
        # 64 MiB of decrypted pages: a centre's whole vault usually fits, and big vaults
        # do not re-read and re-decrypt the same index pages on every query.
        conn.execute("PRAGMA cache_size = -65536")
        damage = commits.problems_at_open(conn)
        if damage:
            raise VaultDamaged(reason=damage)
    except BaseException:
        conn.close()
        raise
    return conn


def _set_journal(conn: sqlcipher3.Connection) -> None:
    """A rollback journal: a commit is in the database file when COMMIT returns (issue 11,
    finding 5; see the module docstring). Switching from WAL checkpoints the -wal first."""
    mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise VaultBusy()
    # EXTRA: FULL, and the folder is synced after the journal is deleted (the commit), so
    # a committed transaction survives power loss, not only a crashed process.
    conn.execute("PRAGMA synchronous = EXTRA")


def _create_database(db_path: Path, key: bytes) -> sqlcipher3.Connection:
    # Create the file ourselves so it is private from the start; SQLite gives its -wal
    # and -shm files the same permissions.
    os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")
    _set_journal(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _migrate(conn: sqlcipher3.Connection) -> None:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > LATEST:
        raise VaultDamaged(reason="the vault was written by a newer Harbour; update Harbour")
    pending = [(n, sql) for n, sql in MIGRATIONS if n > current]
    if not pending:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, migration in pending:
            if callable(migration):
                migration(conn)
            else:
                for statement in _split_sql(migration):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# progress(done, total) of the one-off name index rebuild after an upgrade (cases)
IndexProgress = Callable[[int, int], None]


def _rebuild_name_index_if_stale(
    conn: sqlcipher3.Connection, progress: IndexProgress | None = None
) -> None:
    """Name keys and search terms built by an older matcher are rebuilt before the vault
    is used (one meta lookup when they are current; the rules load only when not)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'name_key_version'").fetchone()
    if row is not None and row[0] == str(NAME_KEY_VERSION):
        return
    from app.storage.case_index import rebuild_all

    conn.execute("BEGIN IMMEDIATE")
    try:
        rebuild_all(conn, progress)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


class Vault:
    """An unlocked vault. All access goes through this object's lock and transactions."""

    def __init__(
        self,
        folder: Path,
        sidecar: keyslots.Sidecar,
        key: bytes,
        conn: sqlcipher3.Connection,
        lock: ProcessLock,
        owns_lock: bool,
    ) -> None:
        self.folder = Path(folder)
        self.sidecar = sidecar
        self._key = bytearray(key)
        self._conn: sqlcipher3.Connection | None = conn
        self._process_lock = lock
        self._owns_lock = owns_lock
        self._mutex = threading.RLock()
        commits.opened(conn)  # "open" until close(): found open, a session stopped short
        self.device_id = self.meta("device_id") or ""
        # The clock's last value is kept in meta by every write (one lookup here: reading
        # it from the change log cost 3.5 s at 100,000 cases).
        clock = self.meta(CLOCK_KEY)
        self._clock: int | None = int(clock) if clock else None
        self.installation = installation_id()
        self._check_installation()

    # -- life cycle ---------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def database_path(self) -> Path:
        return self.folder / self.sidecar.database

    @property
    def conn(self) -> sqlcipher3.Connection:
        if self._conn is None:
            raise VaultLocked()
        return self._conn

    def close(self) -> None:
        """Close the database and drop the key (best effort: Python may keep copies)."""
        with self._mutex:
            if self._conn is not None:
                with contextlib.suppress(DatabaseError):
                    commits.mark_closed(self._conn)
                self._conn.close()
                self._conn = None
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = bytearray()
            if self._owns_lock:
                self._process_lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- access -------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """One write transaction; rolled back whole on any error."""
        with self._mutex:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                before = commits.begin(conn)
            except DatabaseError as exc:
                with contextlib.suppress(DatabaseError):
                    conn.execute("ROLLBACK")
                raise _translate_sqlite_error(exc, self.folder) from exc
            try:
                yield conn
                commits.stamp(conn, before)
                conn.execute("COMMIT")
            except DatabaseError as exc:
                with contextlib.suppress(DatabaseError):
                    conn.execute("ROLLBACK")
                raise _translate_sqlite_error(exc, self.folder) from exc
            except BaseException:
                with contextlib.suppress(DatabaseError):
                    conn.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            try:
                rows: list[tuple[Any, ...]] = self.conn.execute(sql, params).fetchall()
                return rows
            except DatabaseError as exc:
                raise _translate_sqlite_error(exc, self.folder) from exc

    def integrity_problems(self) -> list[str]:
        """Every page authentic (SQLCipher's HMACs, free pages too) and the structure and
        every index whole: reads the whole file."""
        problems = []
        cipher = self.query("PRAGMA cipher_integrity_check")
        if cipher:
            problems.append(f"page authentication failed: {cipher[0][0]}")
        structure = self.query("PRAGMA integrity_check")
        if structure and structure[0][0] != "ok":
            problems.append(f"database structure: {structure[0][0]}")
        return problems

    def last_commit_problems(self) -> list[str]:
        """Whether the last transaction is whole, and every record agrees with its history
        (see ``commits.py``; reads every record)."""
        with self._mutex:
            return commits.stamp_problems(self.conn) + commits.history_problems(self.conn)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def kdf_policy(self) -> keyslots.KdfParams:
        """Argon2id cost for new slots, kept inside the encrypted database.

        Kept in the vault (not the sidecar) so that nobody without the key can lower it.
        """
        raw = self.meta("kdf_policy")
        return keyslots.KdfParams(**json.loads(raw)) if raw else keyslots.DEFAULT_KDF

    def next_clock(self) -> int:
        """A hybrid-logical-clock value for the next local change (``app/domain/hlc.py``)."""
        with self._mutex:
            self._clock = hlc.tick(self._clock, int(time.time() * 1000))
            return self._clock

    def saw_clock(self, remote: int) -> bool:
        """Advance the clock past a value from another device (capped); True when the
        value was further ahead than the cap and should be flagged."""
        with self._mutex:
            received = hlc.receive(self._clock, remote, int(time.time() * 1000))
            self._clock = received.clock
            return received.skewed

    def centre_scope(self, conn: sqlcipher3.Connection) -> str | None:
        """The centre this vault's shared records belong to (the scope of their changes)."""
        if getattr(self, "_centre", None) is None:
            # This vault's own centre record, not the first to sort (storage/centre.py).
            self._centre: str | None = own_centre_id_in(conn)
        return self._centre

    @property
    def clock(self) -> int | None:
        return self._clock

    # -- installation identity (issue 14, item 7) ---------------------------------------
    def _check_installation(self) -> None:
        last = self.meta(INSTALLATION_KEY)
        self.opened_by_other_installation = last is not None and last != self.installation
        if last is None:  # a vault from before this check: this laptop adopts it
            self._put_meta({INSTALLATION_KEY: self.installation})

    def _put_meta(self, values: dict[str, str]) -> None:
        with self._mutex:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    list(values.items()),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def require_known_installation(self) -> None:
        """Refuse to hand out case numbers (and so clock values a copy would repeat)
        while another installation wrote this vault last and no manager confirmed."""
        if self.opened_by_other_installation:
            raise VaultCopied()

    def confirm_installation(self, *, same_device: bool) -> None:
        """A manager says what this vault folder is after another installation wrote it:
        the same laptop (its device id stays) or a copy on a new laptop (a new device id,
        so the two never issue the same case numbers or clock values)."""
        values = {INSTALLATION_KEY: self.installation}
        if not same_device:
            values["device_id"] = str(uuid.uuid4())
        self._put_meta(values)
        self.device_id = values.get("device_id", self.device_id)
        self.opened_by_other_installation = False

    # -- key slots ----------------------------------------------------------------------
    def _write_sidecar(self, sidecar: keyslots.Sidecar) -> None:
        keyslots.write_sidecar(sidecar_path(self.folder), sidecar)
        self.sidecar = sidecar

    def set_user_slot(
        self,
        *,
        user_id: str,
        user_name: str,
        role: str,
        passphrase: str,
        new_account: bool = False,
        replace_damaged: bool = True,
        drop_key: bytes | None = None,
        temporary: bool = False,
    ) -> None:
        """Add a user's slot, or rewrap it with a new passphrase (one atomic replace).

        Every field of the slot is bound into the wrap, so this is also how a slot's name
        or role is changed. ``new_account``: the account record does not exist yet; the
        database records that first (``pending_account``), so that the slot of an add cut
        short is recognised and deleted at the next sign-in. Call
        ``account_recorded`` once the account is written. ``replace_damaged``: a
        damaged entry claiming to be this user's slot goes too (see
        ``Sidecar.with_slot``); the automatic re-wrap at sign-in keeps it.

        An interpreter's slot wraps their ``drop_key`` (kept in their account record),
        never the database key; ``temporary`` is bound into it, since an interpreter
        cannot read the account record that says so for everyone else.
        """
        kdf = self.kdf_policy
        interpreter = role == INTERPRETER_ROLE
        if interpreter and (drop_key is None or len(drop_key) != keyslots.KEY_BYTES):
            raise ValueError("an interpreter's slot wraps their drop key")
        with self._mutex:
            slot = keyslots.wrap(
                drop_key if interpreter and drop_key is not None else bytes(self._key),
                normalise_passphrase(passphrase),
                vault_id=self.sidecar.vault_id,
                database=self.sidecar.database,
                kind="interpreter" if interpreter else "user",
                user_id=user_id,
                user_name=user_name,
                role=role,
                kdf=kdf,
                temporary=temporary,
            )
            if new_account:
                with self.transaction() as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, '')",
                        (PENDING_ACCOUNT + user_id,),
                    )
            self._write_sidecar(self.sidecar.with_slot(slot, replace_damaged=replace_damaged))

    def drop_key(self, user_id: str) -> bytes | None:
        """An interpreter's drop key, kept here (local to this vault, never synced)."""
        value = self.meta(DROP_KEY + user_id)
        return bytes.fromhex(value) if value else None

    def set_drop_key(self, user_id: str, key: bytes) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (DROP_KEY + user_id, key.hex()),
            )

    def account_recorded(self, user_id: str) -> None:
        """The account whose slot ``set_user_slot(new_account=True)`` wrote now exists."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_ACCOUNT + user_id,))

    def pending_accounts(self) -> set[str]:
        """User ids whose slot was written by an add that may have been cut short."""
        rows = self.query("SELECT key FROM meta WHERE key GLOB ?", (PENDING_ACCOUNT + "*",))
        return {key[len(PENDING_ACCOUNT) :] for (key,) in rows}

    def slot_sealed(self, slot: keyslots.Slot, *, drop_key: bytes | None = None) -> bool:
        """Whether a slot was made with this vault's key and not changed since.

        An interpreter's slot is sealed under their drop key (from their account record):
        pass it as ``drop_key``; without it such a slot never counts as sealed.
        """
        with self._mutex:
            if self._conn is None:
                raise VaultLocked()
            if slot.kind == "interpreter":
                key = drop_key
                if key is None:
                    return False
            else:
                key = bytes(self._key)
            return keyslots.seal_holds(
                slot,
                key,
                vault_id=self.sidecar.vault_id,
                database=self.sidecar.database,
            )

    def remove_user_slot(self, user_id: str) -> None:
        with self._mutex:
            self._write_sidecar(self.sidecar.without_user(user_id))

    def replace_recovery_code(self) -> str:
        with self._mutex:
            code = new_recovery_code()
            slot = self._recovery_slot(code, self.kdf_policy)
            self._write_sidecar(self.sidecar.with_slot(slot, replace_damaged=True))
            return code

    def _recovery_slot(self, code: str, kdf: keyslots.KdfParams) -> keyslots.Slot:
        return keyslots.wrap(
            bytes(self._key),
            normalise_recovery_code(code).encode("ascii"),
            vault_id=self.sidecar.vault_id,
            database=self.sidecar.database,
            kind="recovery",
            kdf=kdf,
        )

    def rekey(
        self,
        *,
        user_id: str,
        user_name: str,
        role: str,
        passphrase: str,
    ) -> str:
        """Replace the database key and every slot; returns the new recovery code.

        The database is copied under the new key to a new file, then the sidecar is
        switched to it in one atomic rename. Only the acting manager's slot and a new
        recovery slot exist afterwards: other users' passphrases are not known here, so
        a manager gives each of them a new temporary passphrase.

        Each database records the other's file name first (``REKEY_NEW`` in the old one,
        ``REKEY_OLD`` in the new one), so that whichever of them the sidecar names after
        a crash deletes the other at the next open, and nothing else.
        """
        kdf = self.kdf_policy
        with self._mutex:
            old_path = self.database_path
            new_name = _new_database_name()
            new_path = self.folder / new_name
            new_key = keyslots.new_database_key()
            vault_id = self.sidecar.vault_id
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            number = self.conn.execute("PRAGMA application_id").fetchone()[0]
            with self.transaction() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (REKEY_NEW, new_name)
                )
            try:
                # Created here, private from the start: ATTACH would make it 0644 less the
                # umask (and its -wal and -shm take the database file's mode).
                os.close(os.open(new_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                self.conn.execute(
                    f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\"", (str(new_path),)
                )
                self.conn.execute("SELECT sqlcipher_export('rekeyed')")
                self.conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
                # The header's transaction number (commits.py), which the stamp names.
                self.conn.execute(f"PRAGMA rekeyed.application_id = {int(number)}")
                self.conn.execute("DELETE FROM rekeyed.meta WHERE key = ?", (REKEY_NEW,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO rekeyed.meta (key, value) VALUES (?, ?)",
                    (REKEY_OLD, old_path.name),
                )
                self.conn.execute("DETACH DATABASE rekeyed")
                new_conn = _connect(new_path, new_key, vault_id)
            except DatabaseError as exc:
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("DETACH DATABASE rekeyed")
                _remove_database_files(new_path)
                self._forget_rekey_marker()
                raise _translate_sqlite_error(exc, self.folder) from exc
            # Wrap the new key before touching this object's state: if Argon2id fails here
            # (out of memory, an interrupt), the vault must go on with the old key and the
            # old sidecar. Half-switched state made the next slot change write a sidecar
            # with one slot, pointing at the stale copy, whose opening deleted the database.
            try:
                code = new_recovery_code()
                user_slot = keyslots.wrap(
                    new_key,
                    normalise_passphrase(passphrase),
                    vault_id=vault_id,
                    database=new_name,
                    kind="user",
                    user_id=user_id,
                    user_name=user_name,
                    role=role,
                    kdf=kdf,
                )
                recovery_slot = keyslots.wrap(
                    new_key,
                    normalise_recovery_code(code).encode("ascii"),
                    vault_id=vault_id,
                    database=new_name,
                    kind="recovery",
                    kdf=kdf,
                )
                sidecar = keyslots.Sidecar(vault_id=vault_id, database=new_name, slots=())
                sidecar = sidecar.with_slot(user_slot).with_slot(recovery_slot)
                self._write_sidecar(sidecar)  # the commit point of the rekey
            except BaseException:
                new_conn.close()
                _remove_database_files(new_path)
                self._forget_rekey_marker()
                raise
            old_key, self._key = self._key, bytearray(new_key)
            for i in range(len(old_key)):
                old_key[i] = 0
            assert self._conn is not None
            self._conn.close()
            self._conn = new_conn
            _remove_database_files(old_path)
            with contextlib.suppress(DatabaseError):  # if it stays, the next open clears it
                new_conn.execute("DELETE FROM meta WHERE key = ?", (REKEY_OLD,))
            return code

    def _forget_rekey_marker(self) -> None:
        with contextlib.suppress(DatabaseError, VaultLocked):
            self.conn.execute("DELETE FROM meta WHERE key = ?", (REKEY_NEW,))


def _remove_database_files(db_path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _finish_interrupted_rekey(
    conn: sqlcipher3.Connection, folder: Path, sidecar: keyslots.Sidecar
) -> None:
    """Delete what a crash can leave, and only that: the other database of a rekey that
    this (verified) database recorded, and ``write_sidecar``'s temporary files."""
    markers = (REKEY_NEW, REKEY_OLD)
    rows = conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", markers).fetchall()
    for _key, name in rows:
        if DATABASE_PATTERN.match(name) and name != sidecar.database:
            _remove_database_files(Path(folder) / name)
    if rows:
        conn.execute("DELETE FROM meta WHERE key IN (?, ?)", markers)
    for path in Path(folder).iterdir():
        if SIDECAR_TMP_PATTERN.match(path.name):
            path.unlink(missing_ok=True)


def _acquire(folder: Path, lock: ProcessLock | None) -> tuple[ProcessLock, bool]:
    if lock is not None and lock.held:
        return lock, False
    lock = lock or ProcessLock(Path(folder) / LOCK_NAME)
    lock.acquire(create=True)
    return lock, True


def _open(
    folder: Path,
    sidecar: keyslots.Sidecar,
    key: bytes,
    lock: ProcessLock | None,
    progress: IndexProgress | None = None,
) -> Vault:
    process_lock, owns = _acquire(folder, lock)
    conn = None
    try:
        conn = _connect(Path(folder) / sidecar.database, key, sidecar.vault_id)
        _migrate(conn)
        _finish_interrupted_rekey(conn, folder, sidecar)
        _rebuild_name_index_if_stale(conn, progress)
        return Vault(folder, sidecar, key, conn, process_lock, owns)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if owns:
            process_lock.release()
        # A damaged page read while opening (migrations, Vault.__init__) is a known,
        # reportable condition, not a crash.
        translated = (
            _translate_sqlite_error(exc, Path(folder)) if isinstance(exc, DatabaseError) else exc
        )
        if translated is not exc:
            raise translated from exc
        raise


def _check_not_busy(folder: Path, lock: ProcessLock | None) -> None:
    """Fail fast, before the slow key derivation, when another process holds the vault."""
    if lock is not None and lock.held:
        return
    path = Path(folder) / LOCK_NAME
    if path.exists():
        probe = ProcessLock(path)
        probe.acquire()
        probe.release()


class InterpreterAccess:
    """What an interpreter's sign-in opens: their own drop key, never the database.

    With it they can seal what they record into the vault's drop (``drop.py``) and change
    their own passphrase; nothing in it opens a child's record.
    """

    def __init__(self, folder: Path, sidecar: keyslots.Sidecar, slot: keyslots.Slot, key: bytes):
        self.folder = Path(folder)
        self.sidecar = sidecar
        self.slot = slot
        self._key = bytearray(key)

    @property
    def is_open(self) -> bool:
        return bool(self._key)

    def close(self) -> None:
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()

    def write_item(self, payload: dict[str, Any]) -> str:
        """Seal ``payload`` into the drop; returns the item id (it becomes the record id)."""
        if not self._key:
            raise VaultLocked()
        try:
            return drop.write_item(
                self.folder,
                vault_id=self.sidecar.vault_id,
                author_id=self.slot.user_id or "",
                drop_key=bytes(self._key),
                payload=payload,
            )
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull() from None
            raise

    def case_numbers(self) -> set[str] | None:
        """Case numbers this interpreter may record against (sealed for them), if known."""
        if not self._key:
            raise VaultLocked()
        return drop.read_numbers(
            self.folder,
            vault_id=self.sidecar.vault_id,
            user_id=self.slot.user_id or "",
            drop_key=bytes(self._key),
        )

    def change_passphrase(self, old: str, new: str, *, lock: ProcessLock | None = None) -> None:
        """Re-wrap this interpreter's slot under a new passphrase (no longer temporary)."""
        if not self._key:
            raise VaultLocked()
        process_lock, owns = _acquire(self.folder, lock)
        try:
            sidecar = read_sidecar(self.folder)
            current = sidecar.user_slot_by_id(self.slot.user_id or "")
            if current is None or current.kind != "interpreter":
                raise UnknownUser(name=self.slot.user_name or "")
            sidecar.unwrap(current, normalise_passphrase(old))  # the old one, checked
            slot = keyslots.wrap(
                bytes(self._key),
                normalise_passphrase(new),
                vault_id=sidecar.vault_id,
                database=sidecar.database,
                kind="interpreter",
                user_id=current.user_id,
                user_name=current.user_name,
                role=current.role,
                kdf=current.kdf,
                temporary=False,
            )
            sidecar = sidecar.with_slot(slot)
            keyslots.write_sidecar(sidecar_path(self.folder), sidecar)
            self.sidecar, self.slot = sidecar, slot
        finally:
            if owns:
                process_lock.release()


def unlock(
    folder: Path,
    user_name: str,
    passphrase: str,
    *,
    lock: ProcessLock | None = None,
    progress: IndexProgress | None = None,
) -> tuple[Vault | InterpreterAccess, keyslots.Slot]:
    """Open the vault as a user. Raises WrongPassphrase, UnknownUser, VaultBusy ...

    An interpreter's slot opens only their drop key (``InterpreterAccess``): the
    database stays closed, and no process lock is taken, since nothing but the drop and
    their own slot is ever written.
    """
    sidecar = read_sidecar(folder)
    slot = sidecar.user_slot(user_name)
    if slot is None:
        damaged = sidecar.damaged_user_slot(user_name)
        if damaged is not None:
            reason = keyslots.SLOT_COST if damaged.cost else keyslots.SLOT_DAMAGED
            raise VaultDamaged(reason=_(reason))
        raise UnknownUser(name=user_name)
    if slot.kind == "interpreter":
        key = sidecar.unwrap(slot, normalise_passphrase(passphrase))
        return InterpreterAccess(folder, sidecar, slot, key), slot
    _check_not_busy(folder, lock)
    key = sidecar.unwrap(slot, normalise_passphrase(passphrase))
    return _open(folder, sidecar, key, lock, progress), slot


def unlock_with_recovery(
    folder: Path,
    code: str,
    *,
    lock: ProcessLock | None = None,
    progress: IndexProgress | None = None,
) -> Vault:
    sidecar = read_sidecar(folder)
    slot = sidecar.recovery_slot()
    if slot is None:
        if any(d.kind == "recovery" for d in sidecar.damaged):
            raise VaultDamaged(reason=_(keyslots.RECOVERY_DAMAGED))
        raise VaultDamaged(reason="the vault has no recovery slot")
    _check_not_busy(folder, lock)
    try:
        key = sidecar.unwrap(slot, normalise_recovery_code(code).encode("ascii"))
    except WrongPassphrase:
        raise WrongRecoveryCode() from None
    return _open(folder, sidecar, key, lock, progress)


def create(
    folder: Path,
    *,
    user_id: str,
    user_name: str,
    role: str,
    passphrase: str,
    kdf: keyslots.KdfParams = keyslots.DEFAULT_KDF,
    lock: ProcessLock | None = None,
) -> tuple[Vault, str]:
    """Create a new vault with its first user's slot and a recovery slot.

    Returns the open vault and the recovery code, which is shown once and never stored.
    The sidecar is written last: until it exists there is no vault, only a stray file.
    """
    folder = Path(folder)
    if vault_exists(folder):
        raise VaultExists(path=str(folder))
    if folder.exists() and not folder.is_dir():
        raise ForeignFile(path=str(folder))
    try:
        make_private_dir(folder)  # missing parents 0700 too, not Python's 0755
    except OSError as exc:
        if exc.errno == errno.EROFS:
            raise VaultReadOnly(path=str(folder)) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise VaultNotWritable(path=str(folder)) from None
        if exc.errno == errno.ENOSPC:
            raise DiskFull() from None
        raise
    process_lock, owns = _acquire(folder, lock)
    try:
        key = keyslots.new_database_key()
        vault_id = str(uuid.uuid4())
        db_name = _new_database_name()
        conn = _create_database(folder / db_name, key)
        _migrate(conn)
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("vault_id", vault_id),
                ("device_id", str(uuid.uuid4())),
                (INSTALLATION_KEY, installation_id()),
                ("name_key_version", str(NAME_KEY_VERSION)),
                ("kdf_policy", json.dumps(dataclasses.asdict(kdf))),
            ],
        )
        conn.execute("COMMIT")
        sidecar = keyslots.Sidecar(vault_id=vault_id, database=db_name, slots=())
        vault = Vault(folder, sidecar, key, conn, process_lock, owns)
        code = new_recovery_code()
        user_slot = keyslots.wrap(
            key,
            normalise_passphrase(passphrase),
            vault_id=vault_id,
            database=db_name,
            kind="user",
            user_id=user_id,
            user_name=user_name,
            role=role,
            kdf=kdf,
        )
        recovery = vault._recovery_slot(code, kdf)
        vault._write_sidecar(sidecar.with_slot(user_slot).with_slot(recovery))
        return vault, code
    except BaseException:
        if owns:
            process_lock.release()
        raise
