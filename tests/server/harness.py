"""A real sync server for tests: `harbour serve` as a process on 127.0.0.1, over a SQLite
file or a throwaway PostgreSQL (pgserver, binaries from PyPI, no Docker).

Other suites (the laptop client's) may import this: ``start_server(url)`` and
``postgres_uri(folder)``.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.sync import wire

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def harbour(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `harbour` command line (the one a server admin types)."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HARBOUR_LANGUAGE": "en", **(env or {})},
        check=False,
    )


@dataclass
class ServerProcess:
    url: str
    store: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def start_server(store: str, log: Path, *, timeout: float = 30.0) -> ServerProcess:
    """`harbour serve --store STORE --port P` on a free port; returns once /health answers."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--store", store, "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "HARBOUR_HOME": str(log.parent / "home")},
        )
    server = ServerProcess(f"http://127.0.0.1:{port}", store, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {server.output()}")
        try:
            if httpx.get(server.url + "/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"server did not answer in {timeout} s: {server.output()}")


def postgres_server(folder: Path) -> Any:
    """A throwaway PostgreSQL 16 (pgserver 0.1.4) in ``folder``; stopped at exit.

    As root, pgserver runs postgres as a system user ``pgserver`` it creates, and opens
    the folder's parents for that user to traverse (pgserver/postgres_server.py)."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(folder.parent))  # else a platformdirs warning
    import pgserver

    return pgserver.get_server(folder, cleanup_mode="stop")


def new_database(pg: Any, name: str) -> str:
    """A fresh database on the throwaway server; its URI (psycopg via a Unix socket)."""
    pg.psql(f"CREATE DATABASE {name};")
    return str(pg.get_uri(name))


# -- a tiny client speaking the wire protocol by hand (no laptop code) -------------------
def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def new_id() -> str:
    return str(uuid.uuid4())


# The Ed25519 private key of every device this harness enrolled (by device id) and of
# aliases it was told of: ``change`` signs with it as a laptop would (docs/sync.md).
SIGNERS: dict[str, Ed25519PrivateKey] = {}


def new_signing_key() -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.generate()
    return private, b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign_change(data: dict[str, Any], signer: str | None = None) -> dict[str, Any]:
    """``data`` with the signature of ``signer`` (default: its device; a random key when
    this harness does not know the device, which the server refuses)."""
    private = SIGNERS.get(signer or data["device_id"]) or Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in data.items() if k != "signature"}
    try:
        message = wire.change_message(SimpleNamespace(**unsigned))  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError):  # a malformed change a test sends
        return {**unsigned, "signature": b64(os.urandom(64))}
    return {**unsigned, "signature": b64(private.sign(message))}


class Wire:
    """HTTP on the server as a laptop would speak it, bodies gzip-compressed."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)

    def close(self) -> None:
        self.http.close()

    def post(
        self,
        path: str,
        body: dict[str, Any] | bytes,
        token: str | None = None,
        *,
        encoding: str | None = "gzip",
    ) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if encoding == "gzip":
            raw = gzip.compress(raw, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.post(path, content=raw, headers=headers)

    def get(
        self, path: str, token: str | None = None, protocol: int | None = wire.PROTOCOL_VERSION
    ) -> httpx.Response:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if protocol is not None:
            headers[wire.PROTOCOL_HEADER] = str(protocol)
        return self.http.get(path, headers=headers)

    def enrol(self, code: str, name: str = "Laptop", **over: Any) -> httpx.Response:
        private, public = new_signing_key()
        body = {
            "protocol": wire.PROTOCOL_VERSION,
            "code": code,
            "device_name": name,
            "installation_id": new_id(),
            "public_key": b64(os.urandom(32)),
            "signing_key": public,
            **over,
        }
        answer = self.post("/v1/enrol", body)
        if answer.status_code == 201 and body["signing_key"] == public:
            SIGNERS[answer.json()["device_id"]] = private
        return answer

    def push(
        self, token: str, changes: list[dict[str, Any]], audit: list[dict[str, Any]] | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"protocol": wire.PROTOCOL_VERSION, "changes": changes}
        if audit is not None:
            body["audit"] = audit
        return self.post("/v1/push", body, token)


def change(device_id: str, seq: int, scope: str, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "change_id": new_id(),
        "record_id": new_id(),
        "kind": "case",
        "path": "names.given_latin",
        "hlc": 1_000_000 + seq,
        "device_id": device_id,
        "device_seq": seq,
        "scope": scope,
        "base_id": None,
        "model": 2,
        "key_id": "00112233aabbccdd",
        "sealed": b64(os.urandom(12 + 16 + 20)),
    }
    signer = over.pop("signer", None)
    data.update(over)
    if "signature" in over:
        return data
    return sign_change(data, signer)
