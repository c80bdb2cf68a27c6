"""``harbour``: the admin command line.

Passphrases come from ``HARBOUR_PASSPHRASE`` (the acting user's),
``HARBOUR_NEW_PASSPHRASE`` (a passphrase being set) and ``HARBOUR_RECOVERY_CODE``, or
from an interactive prompt; never from an argument, which would land in shell history
and in the process list. Every failure prints one line and exits non-zero.

Files: every command runs with umask 077, and Harbour's own folders (and the ``--vault``
folder, when it holds a vault) are made private at start (``app.services.files``). A file
written with ``--out`` goes through ``files``/``app.storage.outputs``: never into a vault
folder, never through a link, never over an existing file without ``--force``.

Input files (``--json``, ``--csv``) are taken whole or refused with one line: an ordinary
file, at most ``JSON_LIMIT``/``CSV_LIMIT`` bytes, UTF-8 with or without a byte order mark
(``app.domain.text.decode_text``), read strictly (``app.domain.case.draft_from_json``,
``app.domain.case_csv``). Everything printed goes through ``_say``, which escapes control
characters and direction overrides (``app.domain.text.terminal_safe``): a name or a file
name can never move the cursor, clear the screen or reverse the line it is printed on.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.errors import HarbourError, InvalidInput, OutputExists, VaultDamaged
from app.i18n import N_, _

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
MIB = 1 << 20
JSON_LIMIT = 1 * MIB  # one case
CSV_LIMIT = 64 * MIB  # a spreadsheet (100,000 children take about 20 MiB)

NOT_FOUND = N_("{path} does not exist.")
IS_FOLDER = N_("{path} is a folder; give the file itself.")
NOT_A_FILE = N_("{path} is not an ordinary file.")
TOO_LARGE = N_("{path} is larger than {limit} MiB, the most Harbour reads from one file.")
NOT_READABLE = N_("Harbour is not allowed to read {path}.")
READ_FAILED = N_("{path} could not be read ({reason}).")


def _say(text: str = "", *, file=None, json: bool = False) -> None:
    """Print one line with whatever could act on a terminal escaped."""
    from app.domain.text import terminal_safe

    print(terminal_safe(text, json=json), file=file or sys.stdout)


def _say_row(*cells: str) -> None:
    """Print cells separated by tabs, each cell escaped as ``_say`` does."""
    from app.domain.text import terminal_safe

    print("\t".join(terminal_safe(str(cell)) for cell in cells))


class _Progress:
    """Progress of long work on stderr, only when stderr is a terminal (a script that pipes
    it gets nothing but the usual lines). ``count`` shows done/total; ``ticking`` shows
    the seconds a single long step has taken so far, from a thread, until it returns."""

    def __init__(self) -> None:
        self.on = sys.stderr.isatty()
        self._shown = 0
        self._last = 0.0

    def _show(self, text: str) -> None:
        from app.domain.text import terminal_safe

        line = terminal_safe(text)
        pad = " " * max(0, self._shown - len(line))
        sys.stderr.write(f"\r{line}{pad}")
        sys.stderr.flush()
        self._shown = len(line)

    def count(self, template: str, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if not self.on or (done < total and now - self._last < 0.1):
            return
        self._last = now
        self._show(_(template).format(done=done, total=total))

    def ticking(self, template: str, **params: object):
        import contextlib
        import threading
        import time

        @contextlib.contextmanager
        def run():
            if not self.on:
                yield
                return
            stop = threading.Event()
            start = time.monotonic()

            def tick() -> None:
                while True:
                    seconds = int(time.monotonic() - start)
                    self._show(_(template).format(seconds=seconds, **params))
                    if stop.wait(0.5):
                        return

            thread = threading.Thread(target=tick, daemon=True)
            thread.start()
            try:
                yield
            finally:
                stop.set()
                thread.join()
                self.done()

        return run()

    def done(self) -> None:
        if self.on and self._shown:
            sys.stderr.write("\r" + " " * self._shown + "\r")
            sys.stderr.flush()
            self._shown = 0


READING = N_("Reading {path}… {seconds} s")
PROPOSING = N_("Proposing Latin spellings: {done} of {total}")
IMPORTING = N_("Importing {n} cases… {seconds} s")
ADDING_DEMO = N_("Adding synthetic cases: {done} of {total}")
REINDEXING = N_(
    "Harbour was updated: preparing the duplicate search for this version, once: {done} of {total}"
)
REKEYING = N_("Replacing the vault key… {seconds} s")


def _secret(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env_name)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InvalidInput(
            reason=_("Set {env} or run this command in a terminal to be asked.").format(
                env=env_name
            )
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat: ")) != first:
        raise InvalidInput(reason=_("The two entries differ."))
    return first


def _passphrase() -> str:
    return _secret("HARBOUR_PASSPHRASE", _("Passphrase: "))


def _new_passphrase() -> str:
    return _secret("HARBOUR_NEW_PASSPHRASE", _("New passphrase: "), confirm=True)


def _session(args: argparse.Namespace):
    """Sign in as ``--as`` under the same rules as the desktop: wrong passphrases slow
    the next attempt down (across commands) and reach the audit log at the next success;
    a temporary passphrase allows nothing but ``user passwd`` (checked by the services)."""
    from app.services import attempts, auth

    throttle = attempts.load(Path(args.vault))
    throttle.check(args.acting)  # before asking, so a refused attempt costs no typing
    progress = _Progress()  # the one-off name index rebuild after an upgrade (~18 s/100k)
    try:
        return auth.sign_in(
            Path(args.vault),
            args.acting,
            _passphrase(),
            throttle=throttle,
            progress=lambda done, total: progress.count(REINDEXING, done, total),
        )
    finally:
        progress.done()
        attempts.save(throttle)


def _print_recovery_code(code: str) -> None:
    _say(_("Recovery code (shown once; write it down and keep it locked away):"))
    _say(f"    {code}")


def cmd_init(args: argparse.Namespace) -> int:
    from app.services import setup

    session, code = setup.create_vault(
        Path(args.vault),
        organisation=args.organisation,
        centre=args.centre,
        user_name=args.user,
        passphrase=_secret("HARBOUR_PASSPHRASE", _("Passphrase: "), confirm=True),
        passphrase_min_length=args.min_length,
    )
    session.close()
    from app.services.files import protect_install

    protect_install(args.vault)  # a folder that existed before init becomes private too
    _say(_("Vault created in {path} with manager {name}.").format(path=args.vault, name=args.user))
    _print_recovery_code(code)
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.domain.roles import Profession, Role
    from app.services import users

    session = _session(args)
    try:
        user = users.add_user(
            session,
            name=args.user,
            role=Role(args.role),
            profession=Profession(args.profession) if args.profession else None,
            passphrase=_new_passphrase(),
        )
    finally:
        session.close()
    _say(_("User {name} added as {role}.").format(name=user.name, role=user.role.value))
    return EXIT_OK


def cmd_user_passwd(args: argparse.Namespace) -> int:
    from app.services import users

    acting = args.acting or args.user
    args.acting = acting
    session = _session(args)
    try:
        if acting.casefold() == args.user.casefold():
            users.change_own_passphrase(
                session, old_passphrase=_passphrase(), new_passphrase=_new_passphrase()
            )
            _say(_("Passphrase changed."))
        else:
            users.reset_passphrase(session, user_name=args.user, new_passphrase=_new_passphrase())
            _say(
                _("Temporary passphrase set; {name} must change it at next sign-in.").format(
                    name=args.user
                )
            )
    finally:
        session.close()
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace) -> int:
    from app.services import users

    session = _session(args)
    try:
        users.remove_user(session, user_name=args.user)
    finally:
        session.close()
    _say(_("User {name} removed; their key slot is deleted.").format(name=args.user))
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.services import users

    session = _session(args)
    try:
        for user in users.list_users(session):
            state = "active" if user.active else "removed"
            _say_row(user.name, user.role.value, user.profession or "-", state)
    finally:
        session.close()
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from app.services import maintenance

    session = _session(args)
    try:
        report = maintenance.doctor(session)
    finally:
        session.close()
    if not report.healthy:
        raise VaultDamaged(reason="; ".join(report.problems))
    _say(
        _(
            "Vault healthy: pages authenticate, structure ok, audit chain of {n} entries whole."
        ).format(n=report.audit_entries)
    )
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    from app.services import maintenance

    session = _session(args)
    try:
        with _Progress().ticking(REKEYING):
            code = maintenance.rekey(session, passphrase=_passphrase())
        waiting = maintenance.users_without_slot(session)
    finally:
        session.close()
    _say(_("The vault key was replaced."))
    _print_recovery_code(code)
    if waiting:
        _say(
            _("These users need a new temporary passphrase (harbour user passwd): {names}").format(
                names=", ".join(waiting)
            )
        )
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from app.services import auth

    code = _secret("HARBOUR_RECOVERY_CODE", _("Recovery code: "))
    session, new_code = auth.recover(
        Path(args.vault), code, manager_name=args.user, new_passphrase=_new_passphrase()
    )
    session.close()
    _say(
        _("New passphrase set for {name}. The old recovery code no longer works.").format(
            name=args.user
        )
    )
    _print_recovery_code(new_code)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import demo

    progress = _Progress()
    session = _session(args)
    try:
        done = demo.fill(
            session,
            count=args.cases,
            seed=args.seed,
            progress=lambda done, total: progress.count(ADDING_DEMO, done, total),
        )
    finally:
        progress.done()
        session.close()
    _say(_("{n} synthetic cases added.").format(n=done))
    return EXIT_OK


def _read_input(path: str, limit: int) -> str:
    """The text of an input file, whole: an ordinary file of at most ``limit`` bytes in
    UTF-8 (with or without a byte order mark). Anything else: one ``InvalidInput`` or
    ``InputRefused`` line."""
    import errno
    import stat

    from app.domain.text import decode_text

    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) or not path:
            raise InvalidInput(NOT_FOUND, path=path) from None
        if exc.errno == errno.EISDIR:
            raise InvalidInput(IS_FOLDER, path=path) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise InvalidInput(NOT_READABLE, path=path) from None
        raise InvalidInput(READ_FAILED, path=path, reason=os.strerror(exc.errno or 0)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(IS_FOLDER, path=path)
        if not stat.S_ISREG(info.st_mode):  # a device, a pipe: no size, maybe no end
            raise InvalidInput(NOT_A_FILE, path=path)
        if info.st_size > limit:
            raise InvalidInput(TOO_LARGE, path=path, limit=limit // MIB)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InvalidInput(READ_FAILED, path=path, reason=os.strerror(exc.errno or 0)) from None
    finally:
        os.close(fd)
    if size > limit:  # the file grew while it was read
        raise InvalidInput(TOO_LARGE, path=path, limit=limit // MIB)
    return decode_text(b"".join(chunks), name=path)


def cmd_case_add(args: argparse.Namespace) -> int:
    from app.domain.case import draft_from_json
    from app.services import cases, lookup

    draft = draft_from_json(_read_input(args.json, JSON_LIMIT), path=args.json)
    draft = lookup.propose_missing_latin(draft)  # [R2] as the form would
    session = _session(args)
    try:
        row = cases.register_case(session, draft)
    except cases.CaseInvalid as exc:
        raise InvalidInput(
            reason="; ".join(f"{k}: {v}" for k, v in exc.messages().items())
        ) from None
    finally:
        session.close()
    _say(row.id)
    _say(_("Registered as {number}.").format(number=row.case_number), file=sys.stderr)
    return EXIT_OK


def cmd_case_find(args: argparse.Namespace) -> int:
    import json

    from app.domain.duplicates import Profile
    from app.services import cases

    profile = Profile(names=(args.name,), birth_year=args.birth_year)
    session = _session(args)
    try:
        found = cases.find_duplicates(session, profile, limit=args.limit)
    finally:
        session.close()
    for candidate in found:
        row = candidate.row
        if args.json:
            _say(
                json.dumps(
                    {
                        "case_id": row.id,
                        "case_number": row.case_number,
                        "name": row.display_name,
                        "name_latin": row.display_latin,
                        "birth_year": row.birth_year,
                        "score": candidate.score,
                        "reasons": candidate.reasons,
                    },
                    ensure_ascii=False,
                ),
                json=True,
            )
        else:
            _say(
                f"{candidate.score:.2f}  {row.case_number}  {row.display_name}"
                f"  ({row.display_latin}; {row.birth_year or '?'})  — "
                + "; ".join(candidate.reasons)
            )
    return EXIT_OK


def cmd_case_list(args: argparse.Namespace) -> int:
    """Every case, newest registration first: tab-separated, or with --json one JSON
    object per line (id, number, names, status) for scripts."""
    import json

    from app.services import cases

    page = 1000
    session = _session(args)
    try:
        offset = 0
        while True:
            rows = cases.query_cases(session, offset=offset, limit=page)
            for row in rows:
                if args.json:
                    record = {
                        "id": row.id,
                        "number": row.case_number,
                        "names": {"original": row.display_name, "latin": row.display_latin},
                        "status": row.status,
                    }
                    _say(json.dumps(record, ensure_ascii=False), json=True)
                else:
                    _say_row(row.case_number, row.display_name, row.display_latin, row.status)
            if len(rows) < page:
                break
            offset += page
    finally:
        session.close()
    return EXIT_OK


def cmd_case_import(args: argparse.Namespace) -> int:
    """Import a spreadsheet whole, or nothing: a file with any bad row imports no row
    (importing the corrected file again would otherwise register the good rows twice).
    Each bad row is listed on stdout by line; the refusal is one line on stderr."""
    import datetime as dt

    from app.domain.case_csv import read_cases, read_sheet
    from app.i18n import ngettext
    from app.services import cases, lookup

    progress = _Progress()
    with progress.ticking(READING, path=args.csv):
        sheet = read_sheet(_read_input(args.csv, CSV_LIMIT), path=args.csv)
        reading = read_cases(sheet, today=dt.date.today())
    if reading.refused:
        for line, problems in reading.refused:
            detail = "; ".join(f"{p.field}: {_(p.message).format(**p.params)}" for p in problems)
            _say(_("line {line}: {problems}").format(line=line, problems=detail))
        bad = len(reading.refused)
        raise InvalidInput(
            ngettext(
                "{bad} of {total} rows has problems (listed above); nothing was imported. "
                "Correct them and import the file again.",
                "{bad} of {total} rows have problems (listed above); nothing was imported. "
                "Correct them and import the file again.",
                bad,
            ),
            bad=bad,
            total=reading.rows,
        )
    drafts = []
    for done, draft in enumerate(reading.drafts, start=1):
        drafts.append(lookup.propose_missing_latin(draft))  # [R2] as the form would
        progress.count(PROPOSING, done, len(reading.drafts))
    progress.done()
    session = _session(args)
    try:
        with progress.ticking(IMPORTING, n=len(drafts)):
            ids = cases.import_cases(session, drafts)
    finally:
        session.close()
    _say(ngettext("{n} case imported.", "{n} cases imported.", len(ids)).format(n=len(ids)))
    return EXIT_OK


def cmd_age_record_pdf(args: argparse.Namespace) -> int:
    from app.services import files, lookup

    try:
        # Refuse a bad --out before asking for the passphrase and deriving the key.
        files.check_output(args.out, replace=args.force)
        session = _session(args)
        try:
            case_id = lookup.case_id(session, args.case)  # a case number or an id
            saved = files.save_age_record_pdf(session, case_id, args.out, replace=args.force)
        finally:
            session.close()
    except OutputExists as exc:
        raise OutputExists(
            N_("{path} already exists. Choose another name, or add --force to replace it."),
            **exc.params,
        ) from None
    _say(
        _("Age assessment record written to {path} ({kb} KB).").format(
            path=args.out, kb=saved.size // 1024
        )
    )
    if saved.warning:
        _say(saved.warning)
    return EXIT_OK


def cmd_referral_list(args: argparse.Namespace) -> int:
    """Referrals, earliest deadline first; --overdue: those waiting past their deadline;
    --json: one object per line (case_id, case_number, type, state, due, days_late ...)."""

    from app.services import referral_list as referrals  # not the workflow: a light import

    session = _session(args)
    try:
        # Built by SQLite in one string, escaped as _say would (terminal_safe), and
        # written at once: 100,000 lines printed one by one cost more than the listing.
        text = referrals.listing_output(session, overdue=args.overdue, json=args.json)
    finally:
        session.close()
    sys.stdout.write(text)
    return EXIT_OK


def cmd_referral_pdf(args: argparse.Namespace) -> int:
    """A referral form as a PDF (managers only; audited as a print [G10]): refused, in one
    line, without a recipient and a recorded consent or legal basis [G9][R3]."""
    from app.services import files, lookup, referrals

    try:
        # Refuse a bad --out before asking for the passphrase and deriving the key.
        files.check_output(args.out, replace=args.force)
        session = _session(args)
        try:
            case_id = lookup.case_id(session, args.case)  # a case number or an id
            data = referrals.form_data(session, case_id, args.type)
            saved = files.save_referral_pdf(session, data, args.out, replace=args.force)
        finally:
            session.close()
    except OutputExists as exc:
        raise OutputExists(
            N_("{path} already exists. Choose another name, or add --force to replace it."),
            **exc.params,
        ) from None
    _say(
        _("Referral form written to {path} ({kb} KB).").format(path=args.out, kb=saved.size // 1024)
    )
    if saved.warning:
        _say(saved.warning)
    return EXIT_OK


def cmd_case_missing(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.services import lookup, missing

    seen = dt.datetime.fromisoformat(args.seen_at) if args.seen_at else dt.datetime.now(dt.UTC)
    session = _session(args)
    try:
        case_id = lookup.case_id(session, args.case)
        missing.mark_missing(
            session,
            case_id,
            missing.Sighting(
                seen_at=seen,
                where=args.where,
                with_whom=args.with_whom,
                clothing=args.clothing,
                belongings=args.belongings,
                contacts=args.contacts,
                risks=args.risks,
                told=tuple(t.strip() for t in args.told.split(",") if t.strip()),
            ),
        )
    finally:
        session.close()
    _say(_("Marked missing; the police referral is open and the alert raised."))
    return EXIT_OK


def cmd_case_photo(args: argparse.Namespace) -> int:
    """[G12] Keep a photo of the child (JPEG or PNG), taken under the consent for photos
    recorded on the case: re-encoded without metadata; refused without that consent."""
    from app.services import lookup, photos

    data = photos.read_photo_file(args.file)  # before the passphrase: a bad file costs none
    photos.clean_jpeg(data, args.file)  # refused now, naming the file, if not a photo
    session = _session(args)
    try:
        case_id = lookup.case_id(session, args.case)
        photos.add_photo(session, case_id, data, name=args.file)
    finally:
        session.close()
    _say(_("Photo kept with case {case}, without its camera data.").format(case=args.case))
    return EXIT_OK


def cmd_case_found(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.services import lookup, missing

    found_at = dt.datetime.fromisoformat(args.at) if args.at else dt.datetime.now(dt.UTC)
    session = _session(args)
    try:
        case_id = lookup.case_id(session, args.case)
        missing.mark_found(
            session, case_id, found_at=found_at, where=args.where, condition=args.condition
        )
    finally:
        session.close()
    _say(_("Marked found; hold the return interview."))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from app.services import files, referrals

    try:
        files.check_output(args.out, replace=args.force)
        session = _session(args)
        try:
            size = referrals.save_stats_csv(session, args.out, replace=args.force)
        finally:
            session.close()
    except OutputExists as exc:
        raise OutputExists(
            N_("{path} already exists. Choose another name, or add --force to replace it."),
            **exc.params,
        ) from None
    _say(_("Statistics written to {path} ({n} bytes).").format(path=args.out, n=size))
    return EXIT_OK


def cmd_device_confirm(args: argparse.Namespace) -> int:
    from app.services import device

    session = _session(args)
    try:
        device.confirm(session, same_device=args.same)
    finally:
        session.close()
    _say(
        _("Confirmed: this is the same laptop; numbering goes on.")
        if args.same
        else _("Confirmed: this is a new laptop; it now numbers children as a device of its own.")
    )
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, with what it echoes back (an unrecognised argument) escaped too."""

    def _print_message(self, message: str, file=None) -> None:
        from app.domain.text import terminal_safe

        if message:
            lines = message.split("\n")
            super()._print_message("\n".join(terminal_safe(line) for line in lines), file)


class _Version(argparse.Action):
    """``--version``: the package metadata is read when asked for (importlib.metadata
    costs about 25 ms at every start of every command otherwise)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from app import __version__

        parser._print_message(f"harbour {__version__}\n", sys.stdout)  # as argparse's own
        parser.exit()


class _Skipped:
    """A command's parser not built: whatever is asked of it, it answers itself."""

    def __getattr__(self, name: str):
        return self._anything

    def _anything(self, *args, **kwargs) -> _Skipped:
        return self


class _OnlyCommand:
    """The top-level subparsers, building only the parser of the command named on the
    command line (``build_parser(only=...)``): building all of them cost every command
    10-20 ms of CPU at start. ``found`` says whether the name was a command."""

    def __init__(self, real, name: str) -> None:
        self.real, self.name, self.found = real, name, False

    def add_parser(self, name: str, **kwargs):
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.real.add_parser(name, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only``, just that command's (the whole one when
    ``only`` names no command, so that the usage lists them all)."""
    parser = _Parser(
        prog="harbour",
        description="Harbour admin commands. Passphrases come from HARBOUR_PASSPHRASE, "
        "HARBOUR_NEW_PASSPHRASE and HARBOUR_RECOVERY_CODE or a prompt, never an argument.",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show program's version number and exit"
    )
    sub: Any = parser.add_subparsers(dest="command", required=True)
    if only is not None:
        sub = _OnlyCommand(sub, only)

    def command(parent, name: str, handler: Callable[[argparse.Namespace], int], help: str):
        p = parent.add_parser(name, help=help)
        p.add_argument("--vault", required=True, help="the vault folder")
        p.set_defaults(handler=handler)
        return p

    p = command(sub, "init", cmd_init, "create a vault with its first manager")
    p.add_argument("--organisation", required=True)
    p.add_argument("--centre", required=True)
    p.add_argument("--user", required=True, help="the first manager's sign-in name")
    p.add_argument("--min-length", type=int, default=12, help="minimum passphrase length")

    users = sub.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    p = command(users, "add", cmd_user_add, "add a user (manager only)")
    p.add_argument("--as", dest="acting", required=True, help="the manager doing it")
    p.add_argument("--user", required=True)
    p.add_argument(
        "--role", required=True, choices=["manager", "intake_officer", "assessor", "interpreter"]
    )
    p.add_argument(
        "--profession",
        choices=["social_worker", "psychologist", "paediatrician", "other"],
        help="required for assessors",
    )
    p = command(
        users,
        "passwd",
        cmd_user_passwd,
        "change your passphrase, or (as a manager) set a temporary one for a user",
    )
    p.add_argument("--user", required=True)
    p.add_argument("--as", dest="acting", help="a manager resetting someone else's passphrase")
    p = command(users, "remove", cmd_user_remove, "remove a user and their key slot")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--user", required=True)
    p = command(users, "list", cmd_user_list, "list users")
    p.add_argument("--as", dest="acting", required=True)

    devices = sub.add_parser("device", help="which laptop this vault is on").add_subparsers(
        dest="device_command", required=True
    )
    p = command(
        devices,
        "confirm",
        cmd_device_confirm,
        "after a vault folder was copied or restored: same laptop or a new one (manager)",
    )
    p.add_argument("--as", dest="acting", required=True, help="the manager doing it")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--same", action="store_true", help="the same laptop as before")
    which.add_argument("--new", action="store_true", help="a new laptop (a new device id)")
    p = command(sub, "doctor", cmd_doctor, "check the vault; exit 0 when healthy")
    p.add_argument("--as", dest="acting", required=True)
    p = command(sub, "rekey", cmd_rekey, "replace the database key and all key slots")
    p.add_argument("--as", dest="acting", required=True)
    p = command(
        sub, "recover", cmd_recover, "set a new passphrase for a manager with the recovery code"
    )
    p.add_argument("--user", required=True, help="the manager who lost their passphrase")
    p = command(sub, "demo", cmd_demo, "fill the vault with synthetic children (never real)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)

    case = sub.add_parser("case", help="cases: add, find, list, import").add_subparsers(
        dest="case_command", required=True
    )
    p = command(case, "add", cmd_case_add, "register one case from a JSON file")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--json", required=True, help="a file holding one case (CaseDraft JSON)")
    p = command(case, "find", cmd_case_find, "ranked duplicate candidates for a name")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--name", required=True, help="a name in any script")
    p.add_argument("--birth-year", type=int)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = command(case, "list", cmd_case_list, "list every case, newest first")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = command(
        case, "import", cmd_case_import, "import a spreadsheet (CSV); bad rows are reported by line"
    )
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--csv", required=True)

    p = command(case, "missing", cmd_case_missing, "mark a child missing (opens the alert)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--case", required=True, help="the case number (or the case id)")
    p.add_argument("--where", required=True, help="where the child was last seen")
    p.add_argument("--seen-at", help="when (YYYY-MM-DDTHH:MM; default now)")
    p.add_argument("--with-whom", default="")
    p.add_argument("--clothing", default="")
    p.add_argument("--belongings", default="")
    p.add_argument("--contacts", default="")
    p.add_argument("--risks", default="")
    p.add_argument("--told", default="", help="who was told, e.g. police,guardian")
    p = command(case, "photo", cmd_case_photo, "keep a photo of the child (consent needed)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--case", required=True, help="the case number (or the case id)")
    p.add_argument("--file", required=True, help="a JPEG or PNG photo")
    p = command(case, "found", cmd_case_found, "mark a missing child found")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--case", required=True, help="the case number (or the case id)")
    p.add_argument("--where", required=True)
    p.add_argument("--condition", required=True, help="in what condition the child was found")
    p.add_argument("--at", help="when (YYYY-MM-DDTHH:MM; default now)")

    referral = sub.add_parser("referral", help="referrals").add_subparsers(
        dest="referral_command", required=True
    )
    p = command(referral, "list", cmd_referral_list, "referrals, earliest deadline first")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--overdue", action="store_true", help="only those past their deadline")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = command(
        referral, "pdf", cmd_referral_pdf, "write a referral form as a PDF (audited as a print)"
    )
    p.add_argument("--as", dest="acting", required=True, help="a manager")
    p.add_argument("--case", required=True, help="the case number (or the case id)")
    p.add_argument("--type", required=True, help="the referral type, e.g. guardian, health")
    p.add_argument("--out", required=True, help="where to write the PDF (never in a vault folder)")
    p.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    p = command(sub, "stats", cmd_stats, "aggregate counts as CSV (small cells suppressed)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--out", required=True, help="where to write the CSV (never in a vault folder)")
    p.add_argument("--force", action="store_true", help="replace the --out file if it exists")

    ages = sub.add_parser("age", help="age assessments").add_subparsers(
        dest="age_command", required=True
    )
    p = command(
        ages,
        "record-pdf",
        cmd_age_record_pdf,
        "write a case's age-assessment record as a PDF (audited as a print)",
    )
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--case", required=True, help="the case number (or the case id)")
    p.add_argument("--out", required=True, help="where to write the PDF (never in a vault folder)")
    p.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    from app.cli_sync import register as register_sync  # issue 16: the laptop's sync

    register_sync(sub, command)
    _register_server(sub)
    if isinstance(sub, _OnlyCommand) and not sub.found:
        return build_parser()
    return parser


def _register_server(sub) -> None:
    """`harbour server …` and `harbour serve` (server/cli.py); absent from the desktop
    installer, which leaves the server out."""
    try:
        from server.cli import register
    except ImportError:
        return
    register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    from app.config import private_umask
    from app.i18n import set_language

    set_language(os.environ.get("HARBOUR_LANGUAGE", "en"))
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv and not argv[0].startswith("-") else None
    args = build_parser(only=first).parse_args(argv)
    old_umask = private_umask()
    try:
        from app.services.files import protect_install

        protect_install(getattr(args, "vault", None))  # server commands have none
        return args.handler(args)
    except HarbourError as exc:
        _say(f"harbour: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say(f"harbour: {_('interrupted')}", file=sys.stderr)
        return 130
    finally:
        os.umask(old_umask)  # main() may run inside another program (tests)


if __name__ == "__main__":
    sys.exit(main())
