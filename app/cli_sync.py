"""The laptop's sync commands (issue 16, item 8), registered from ``app/cli.py``:

``harbour enrol --vault DIR --as MANAGER --server URL --code CODE``
``harbour devices list|approve|revoke --vault DIR --as MANAGER [--device ID] [--json]``
``harbour sync --vault DIR --as NAME [--json]`` (progress on stderr when it is a terminal)
``harbour conflicts --vault DIR --as MANAGER [--json]``
``harbour bundle export|import --vault DIR --as NAME --file FILE [--to DEVICE]``

Each prints one line (or one JSON object per line with ``--json``) and exits non-zero
with a one-line reason on failure (``app/cli.py`` prints the error). A bundle not made
for one device is under a passphrase: ``HARBOUR_BUNDLE_PASSPHRASE`` or a prompt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, _

EXIT_OK = 0

ENROLLED = N_("Enrolled in centre {centre} ({name}) as device {code} ({device}); status: {status}.")
SYNCED = N_(
    "Synced: {pushed} sent ({held} already there), {pulled} received, {conflicts} new conflicts."
)
PUSHING = N_("Sending changes: {done} of {total}, about {left} s left")
PULLING = N_("Receiving changes: {done}")
APPROVED = N_("Device {device} approved; the centre's keys were wrapped to it.")
REVOKED = N_("Device {device} revoked; a new content key was made for the remaining devices.")
EXPORTED = N_("{count} changes written to {path}.")
IMPORTED = N_(
    "{applied} changes applied ({held} already here) from device {device};"
    " {conflicts} new conflicts."
)
NO_CONFLICTS = N_("No open conflicts.")
NEED_DEVICE = N_("Give the device with --device ID.")


def _cli() -> Any:
    from app import cli

    return cli


def _with_session(args: argparse.Namespace, work: Callable[[Any], int]) -> int:
    session = _cli()._session(args)
    try:
        return work(session)
    finally:
        session.close()


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.services import sync

    def work(session: Any) -> int:
        result = sync.enrol(session, args.server, args.code)
        _cli()._say(
            _(ENROLLED).format(
                centre=result.centre_code,
                name=result.centre_name,
                code=result.device_code,
                device=result.device_id,
                status=result.status,
            )
        )
        return EXIT_OK

    return _with_session(args, work)


def cmd_devices(args: argparse.Namespace) -> int:
    from app.services import sync

    say = _cli()._say

    def work(session: Any) -> int:
        if args.devices_command == "list":
            for row in sync.list_devices(session):
                if args.json:
                    say(
                        json.dumps(
                            {
                                "id": row.id,
                                "name": row.name,
                                "code": row.code,
                                "status": row.status,
                                "manager": row.manager,
                                "fingerprint": row.fingerprint,
                                "enrolled_at": row.enrolled_at,
                                "this_laptop": row.this_laptop,
                                "flags": list(row.flags),
                            },
                            ensure_ascii=False,
                        ),
                        json=True,
                    )
                else:
                    flagged = (",".join(row.flags),) if row.flags else ()
                    _cli()._say_row(
                        row.id, row.name, row.code, row.status, row.fingerprint, *flagged
                    )
            return EXIT_OK
        if not args.device:
            raise InvalidInput(reason=_(NEED_DEVICE))
        if args.devices_command == "approve":
            sync.approve_device(session, args.device)
            say(_(APPROVED).format(device=args.device))
        else:
            sync.revoke_device(session, args.device)
            say(_(REVOKED).format(device=args.device))
        return EXIT_OK

    return _with_session(args, work)


def cmd_sync(args: argparse.Namespace) -> int:
    from app.services import sync

    shown = _cli()._Progress()

    def progress(p: sync.Progress) -> None:
        if p.phase == "push" and p.total:
            left = "?" if p.seconds_left is None else str(round(p.seconds_left))
            shown.count(_(PUSHING).replace("{left}", left), p.done, p.total)
        else:
            shown.count(PULLING, p.done, p.done + 1)

    def work(session: Any) -> int:
        try:
            report = sync.sync_now(session, progress=progress)
        finally:
            shown.done()
        if args.json:
            status = sync.status(session.vault)
            _cli()._say(
                json.dumps(
                    {
                        "state": status.state,
                        "pending": status.pending,
                        "last_success": status.last_success,
                        "pushed": report.pushed,
                        "already_held": report.already_held,
                        "pulled": report.pulled,
                        "applied": report.applied,
                        "conflicts": report.conflicts,
                        "resent": report.resent,
                        "audit_problem": report.audit_problem,
                        "bytes_sent": report.bytes_sent,
                        "bytes_received": report.bytes_received,
                    }
                ),
                json=True,
            )
        else:
            _cli()._say(
                _(SYNCED).format(
                    pushed=report.pushed,
                    held=report.already_held,
                    pulled=report.pulled,
                    conflicts=report.conflicts,
                )
            )
        return EXIT_OK

    return _with_session(args, work)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from app.services import conflicts

    def work(session: Any) -> int:
        rows = conflicts.list_conflicts(session)
        if not rows:
            if not args.json:
                _cli()._say(_(NO_CONFLICTS))
            return EXIT_OK
        for row in rows:
            data = row if isinstance(row, dict) else _as_dict(row)
            if args.json:
                _cli()._say(json.dumps(data, ensure_ascii=False, default=str), json=True)
            else:
                winner, other = data.get("winner") or {}, data.get("other") or {}
                _cli()._say_row(
                    str(data.get("id")),
                    str(data.get("kind")),
                    str(data.get("field") or data.get("rule") or ""),
                    str(winner.get("value", "")),
                    str(other.get("value", "")),
                    str(data.get("resolved") or ""),
                )
        return EXIT_OK

    return _with_session(args, work)


def _as_dict(row: Any) -> dict[str, Any]:
    import dataclasses

    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return dataclasses.asdict(row)
    return dict(vars(row))


def _bundle_passphrase(*, confirm: bool) -> str:
    return str(
        _cli()._secret("HARBOUR_BUNDLE_PASSPHRASE", _("Bundle passphrase: "), confirm=confirm)
    )


def cmd_bundle(args: argparse.Namespace) -> int:
    from app.services import sync

    def work(session: Any) -> int:
        if args.bundle_command == "export":
            vector = None
            if args.vector:
                from pathlib import Path

                given = json.loads(Path(args.vector).read_text("utf-8"))
                vector = {str(k): int(v) for k, v in given.items()}
            passphrase = None if args.to else _bundle_passphrase(confirm=True)
            count = sync.export_bundle(
                session, args.file, to_device=args.to, passphrase=passphrase, vector=vector
            )
            _cli()._say(_(EXPORTED).format(count=count, path=args.file))
            return EXIT_OK
        passphrase = _import_passphrase(args.file)
        report = sync.import_bundle(session, args.file, passphrase=passphrase)
        _cli()._say(
            _(IMPORTED).format(
                applied=report.applied,
                held=report.already_held,
                device=report.sender,
                conflicts=report.conflicts,
            )
        )
        return EXIT_OK

    return _with_session(args, work)


def _import_passphrase(path: str) -> str | None:
    from app.sync import bundle

    try:
        header = bundle.read_header(bundle.read_file(path))  # no link, device or FIFO
    except bundle.BundleRefused:
        return None  # the service says what is wrong with the file
    return _bundle_passphrase(confirm=False) if "passphrase" in header.to else None


def register(sub: Any, command: Callable[..., Any]) -> None:
    """Add the laptop's sync commands to the ``harbour`` parser (``command`` adds
    ``--vault`` and the handler, as in app/cli.py)."""

    p = command(sub, "enrol", cmd_enrol, "enrol this laptop with a sync server (manager)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--server", required=True, help="the server's URL (https://…)")
    p.add_argument("--code", required=True, help="the one-time code from `harbour server enrol`")

    devices = sub.add_parser("devices", help="the centre's devices (manager)").add_subparsers(
        dest="devices_command", required=True
    )
    for name, help_text in (
        ("list", "list the centre's devices"),
        ("approve", "approve a pending device (wraps the centre's keys to it)"),
        ("revoke", "revoke a device (the content key rotates)"),
    ):
        p = command(devices, name, cmd_devices, help_text)
        p.add_argument("--as", dest="acting", required=True)
        p.add_argument("--device", help="the device id")
        p.add_argument("--json", action="store_true", help="one JSON object per line")

    p = command(sub, "sync", cmd_sync, "send and receive changes now")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--json", action="store_true")

    p = command(sub, "conflicts", cmd_conflicts, "list sync conflicts (manager)")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--json", action="store_true")

    bundles = sub.add_parser("bundle", help="offline bundles (USB)").add_subparsers(
        dest="bundle_command", required=True
    )
    p = command(bundles, "export", cmd_bundle, "write the changes the other side lacks")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--to", help="the receiving device's id (else a passphrase is asked)")
    p.add_argument("--vector", help="JSON file: the receiver's version vector")
    p = command(bundles, "import", cmd_bundle, "apply a bundle")
    p.add_argument("--as", dest="acting", required=True)
    p.add_argument("--file", required=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_cli().main())
