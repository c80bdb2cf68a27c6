"""The certificate pin over https and the bound on compressed answers (issue 16, item 3
"behind TLS"; app/sync/client.py): the real server under uvicorn with a self-signed
certificate made here; the laptop pins it at enrolment; a server that later presents
another certificate is refused during the TLS handshake, before any request (and so the
device token) is sent; a gzip answer that inflates past the bound is refused."""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import ipaddress
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.services import cases, sync
from app.sync import client as sync_client
from app.sync.client import Client, SyncFailure
from server.store import Store
from tests.server.harness import ROOT, free_port
from tests.sync.test_sync_laptops import draft

pytestmark = pytest.mark.slow


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


class TlsServer:
    """uvicorn over the real server app with a certificate, on a given port; its access
    log says which requests reached it."""

    def __init__(self, store: str, port: int, cert: tuple[Path, Path], log: Path) -> None:
        code = (
            "import uvicorn; from server.app import app_for; "
            f"uvicorn.run(app_for({store!r}), host='127.0.0.1', port={port}, "
            f"ssl_keyfile={str(cert[0])!r}, ssl_certfile={str(cert[1])!r}, log_level='info')"
        )
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        self.url = f"https://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text()
            try:
                httpx.get(self.url + "/health", verify=False, timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(log.read_text())

    def requests(self) -> list[str]:
        return [
            line
            for line in self.log.read_text().splitlines()
            if '"GET ' in line or '"POST ' in line
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    admin = Store(url)
    admin.init()
    admin.add_centre("NRC", "North Reception Centre")
    admin.close()
    yield url


def test_the_pin_refuses_another_certificate_before_the_token_is_sent(
    store, manager, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    first, second = self_signed(tmp_path, "first"), self_signed(tmp_path, "second")
    port = free_port()
    server = TlsServer(store, port, first, tmp_path / "tls1.log")
    try:
        admin = Store(store)
        code = admin.issue_enrol_code("NRC", manager=True)
        admin.close()
        sync.enrol(manager, server.url, code)
        cases.register_case(manager, draft("Pinned"))
        assert sync.sync_now(manager).pushed > 0  # over https, the pinned certificate
    finally:
        server.stop()
    other = TlsServer(store, port, second, tmp_path / "tls2.log")
    try:
        before = len(other.requests())
        with pytest.raises(sync.SyncError, match="certificate"):
            sync.sync_now(manager)
        assert sync.status(manager.require_vault()).state == "failed"
        # Refused in the handshake: not one request reached the server with the token.
        assert len(other.requests()) == before
    finally:
        other.stop()


def test_a_gzip_answer_that_inflates_past_the_bound_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A real HTTP server on 127.0.0.1 answering with a gzip bomb."""
    bomb = gzip.compress(b" " * (4 * 1024 * 1024))  # 4 MiB of spaces in a few KiB

    class Bomb(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setattr(sync_client, "MAX_RESPONSE_BYTES", 1024 * 1024)
    try:
        with (
            Client(f"http://127.0.0.1:{httpd.server_port}") as client,
            pytest.raises(SyncFailure) as refused,
        ):
            client.health()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert refused.value.code == "too_large"
    assert len(bomb) < 64 * 1024
