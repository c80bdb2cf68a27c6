"""Admin commands of the sync server, registered under ``harbour`` by app/cli.py:

    harbour server init --store URL
    harbour server centre add --store URL --code CODE --name NAME [--organisation ORG]
    harbour server enrol --store URL --centre CODE [--manager]   (the code is the last line)
    harbour server revoke --store URL --device ID
    harbour serve --store URL [--host 127.0.0.1] --port P

Each prints one line (``enrol`` says what the code is for on stderr, the code on stdout)
and exits 1 with a reason on stderr when it fails. ``--store`` may come from
``HARBOUR_STORE`` instead, so that a PostgreSQL password stays out of shell history.
These are operator commands in English: the server imports nothing of the app but
``app.domain`` and ``app.sync.wire``. Heavy imports wait until a command runs, so that the
desktop installer, which leaves the server's libraries out, still builds its parser.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Callable
from typing import Any

from app.domain.text import terminal_safe

EXIT_OK, EXIT_ERROR = 0, 1


def _say(text: str, *, err: bool = False) -> None:
    print(terminal_safe(text), file=sys.stderr if err else sys.stdout)


def _store_of(args: argparse.Namespace) -> Any:
    from server.store import Store

    url = args.store or os.environ.get("HARBOUR_STORE", "")
    if not url:
        raise _Fail("a store is needed: --store sqlite:///PATH or postgresql://…")
    return Store(url)


class _Fail(Exception):
    pass


def _run(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            import sqlalchemy as sa

            from server.store import Refused, StoreNotReady
        except ImportError:
            _say("harbour: the sync server is not part of this installation", err=True)
            return EXIT_ERROR

        try:
            return handler(args)
        except (_Fail, StoreNotReady) as exc:
            _say(f"harbour: {exc}", err=True)
        except Refused as exc:
            _say(f"harbour: {exc.message}", err=True)
        except sa.exc.OperationalError as exc:
            # The driver's message may quote the URL: name only what went wrong.
            _say(f"harbour: cannot reach the store ({exc.orig.__class__.__name__})", err=True)
        return EXIT_ERROR

    return run


def cmd_init(args: argparse.Namespace) -> int:
    from server.migrations import LATEST

    store = _store_of(args)
    try:
        applied = store.init()
    finally:
        store.close()
    done = f"migrations {', '.join(map(str, applied))} applied" if applied else "already current"
    _say(f"store ready at schema {LATEST} ({done})")
    return EXIT_OK


def _ready(args: argparse.Namespace) -> Any:
    store = _store_of(args)
    try:
        store.check()
    except Exception:
        store.close()
        raise
    return store


def cmd_centre_add(args: argparse.Namespace) -> int:
    store = _ready(args)
    try:
        centre_id = store.add_centre(args.code, args.name, args.organisation or "")
    finally:
        store.close()
    _say(f"centre {args.code.strip().upper()} added: {centre_id}")
    return EXIT_OK


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.sync.wire import ENROL_CODE_MINUTES

    store = _ready(args)
    try:
        code = store.issue_enrol_code(args.centre, manager=args.manager)
    finally:
        store.close()
    role = "a manager's device" if args.manager else "a device"
    _say(
        f"one-time code to enrol {role} in centre {args.centre.strip().upper()}, "
        f"valid {ENROL_CODE_MINUTES} minutes, single use:",
        err=True,
    )
    _say(code)
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    try:
        device_id = str(uuid.UUID(args.device))
    except ValueError as exc:
        raise _Fail(f"not a device id: {args.device!r}") from exc
    store = _ready(args)
    try:
        store.revoke(device_id)
    finally:
        store.close()
    _say(f"device {device_id} revoked: refused from its next request")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.store import engine_url

    store = _ready(args)
    kind = engine_url(store.url).get_backend_name()
    _say(f"harbour sync server on http://{args.host}:{args.port} ({kind} store)")
    sys.stdout.flush()
    try:
        uvicorn.run(
            create_app(store),
            host=args.host,
            port=args.port,
            log_level="warning",
            access_log=False,
            server_header=False,
        )
    finally:
        store.close()
    return EXIT_OK


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return int(text)


def register(sub: Any) -> None:
    """Add ``server …`` and ``serve`` to the ``harbour`` parser's subcommands."""

    def with_store(parent: Any, name: str, handler: Callable[..., int], help: str) -> Any:
        p = parent.add_parser(name, help=help)
        p.add_argument("--store", help="sqlite:///PATH or postgresql://… (or HARBOUR_STORE)")
        p.set_defaults(handler=_run(handler))
        return p

    server = sub.add_parser("server", help="sync server administration").add_subparsers(
        dest="server_command", required=True
    )
    with_store(server, "init", cmd_init, "create or migrate the server's store")
    centre = server.add_parser("centre", help="centres").add_subparsers(
        dest="centre_command", required=True
    )
    p = with_store(centre, "add", cmd_centre_add, "add a centre")
    p.add_argument("--code", required=True, help="short code, as in case numbers (NRC)")
    p.add_argument("--name", required=True)
    p.add_argument("--organisation", default="")
    p = with_store(server, "enrol", cmd_enrol, "print a one-time enrolment code")
    p.add_argument("--centre", required=True, help="the centre's code")
    p.add_argument("--manager", action="store_true", help="the device will be a manager's")
    p = with_store(server, "revoke", cmd_revoke, "revoke a device")
    p.add_argument("--device", required=True, help="the device id")
    p = with_store(sub, "serve", cmd_serve, "run the sync server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, required=True)
