"""The laptop's HTTP client for the sync server (issue 16, item 6; docs/sync.md "Wire").

httpx, gzip-compressed bodies both ways, timeouts on every request, the protocol version
in every request (``Harbour-Protocol`` header and the POST bodies), the device token as a
bearer token, and, for https, the server certificate's SHA-256 fingerprint pinned at
enrolment: checked on the connection, right after the TLS handshake, so a server whose
certificate differs is never sent a request (nor the token). Responses are bounded: at
most ``MAX_RESPONSE_BYTES`` on the wire and decompressed (a small gzip body can inflate
to gigabytes).

Errors are ``SyncFailure`` with a ``code`` the service turns into a translated reason:
``offline`` (nothing answered), ``protocol`` (426), ``revoked``, ``pending``,
``unauthorised``, ``pin`` (certificate changed), ``too_large``, ``server`` (anything
else). Nothing personal is ever in a message: requests carry sealed values only.
"""

from __future__ import annotations

import functools
import hashlib
import ssl
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from app.sync import wire

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # a pull batch is far below; a bomb is far above
ModelT = TypeVar("ModelT", bound=BaseModel)


class PinMismatch(ssl.SSLError):
    """The server's certificate is not the one pinned at enrolment."""


class PinnedContext(ssl.SSLContext):
    """TLS that trusts one certificate, by its SHA-256 fingerprint, checked inside the
    handshake's ``wrap_socket`` (httpx's sync transport calls it): on a mismatch the socket
    is closed before a byte of HTTP is written."""

    fingerprint: str = ""
    mismatched: bool = False

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        sock = super().wrap_socket(*args, **kwargs)
        der = sock.getpeercert(binary_form=True)
        if not der or hashlib.sha256(der).hexdigest() != self.fingerprint:
            self.mismatched = True
            sock.close()
            raise PinMismatch("the server's certificate is not the one pinned")
        return sock


@functools.lru_cache(maxsize=1)
def ca_context() -> ssl.SSLContext:
    """What httpx builds for ``verify=True`` (certifi's CA bundle, or SSL_CERT_FILE /
    SSL_CERT_DIR), once per process; shared by every client (an SSLContext holds no
    per-connection state)."""
    return httpx.create_ssl_context(verify=True)


def pinned_context(fingerprint: str) -> PinnedContext:
    context = PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # a pinned self-signed certificate names no CA
    context.verify_mode = ssl.CERT_NONE
    context.fingerprint = fingerprint
    return context


class SyncFailure(Exception):
    def __init__(self, code: str, message: str = "", status: int | None = None) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.status = status


def certificate_fingerprint(url: str, timeout: float = 5.0) -> str | None:
    """SHA-256 (hex) of the certificate an https server presents now; None for http.

    Read once at enrolment (trust on first use, shown to the manager) and pinned."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    host, port = parts.hostname or "", parts.port or 443
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except OSError as exc:
        raise SyncFailure("offline", str(exc)) from exc
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def _peer_fingerprint(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    ssl_object = stream.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(True)  # an _ssl._SSLSocket: no keywords
    return hashlib.sha256(der).hexdigest() if der else None


class Client:
    """One server, one device token (None before enrolment)."""

    def __init__(
        self,
        server_url: str,
        *,
        token: str | None = None,
        fingerprint: str | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self.fingerprint = fingerprint
        headers = {
            wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION),
            "Accept-Encoding": "gzip",
            "User-Agent": "harbour-laptop",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # A pinned self-signed certificate is checked by fingerprint instead of a CA.
        # Otherwise the CA context is built once per process (loading the CA bundle took
        # ~40 ms per client, paid by every sync even over plain HTTP).
        self._pinned = pinned_context(fingerprint) if fingerprint else None
        verify: ssl.SSLContext = self._pinned or ca_context()
        self._http = httpx.Client(
            base_url=self.server_url,
            headers=headers,
            timeout=timeout,
            verify=verify,
            transport=transport,
            follow_redirects=False,
        )
        self.bytes_sent = 0
        self.bytes_received = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request -------------------------------------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        answer: type[ModelT],
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
    ) -> ModelT:
        content = wire.encode_body(body) if body is not None else None
        headers = (
            {"Content-Type": "application/json", "Content-Encoding": "gzip"} if content else {}
        )
        try:
            with self._http.stream(
                method, path, content=content, headers=headers, params=params
            ) as response:
                if self.fingerprint and _peer_fingerprint(response) != self.fingerprint:
                    raise SyncFailure("pin", "the server's certificate is not the one pinned")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_raw():  # as sent: still compressed
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise SyncFailure("too_large", "the server's answer is too large")
                    chunks.append(chunk)
        except httpx.TransportError as exc:
            if self._pinned is not None and self._pinned.mismatched:
                raise SyncFailure("pin", "the server's certificate is not the one pinned") from exc
            raise SyncFailure("offline", type(exc).__name__) from exc
        raw = b"".join(chunks)
        self.bytes_sent += len(content or b"")
        self.bytes_received += len(raw)
        try:
            data = wire.decompress_body(
                raw, response.headers.get("Content-Encoding"), limit=MAX_RESPONSE_BYTES
            )
        except wire.BodyTooLarge as exc:
            raise SyncFailure("too_large", "the server's answer is too large") from exc
        except ValueError as exc:
            raise SyncFailure("server", str(exc), response.status_code) from exc
        if response.status_code >= 400:
            raise _failure(response.status_code, data, response.headers.get("Retry-After"))
        try:
            return answer.model_validate_json(data)
        except ValidationError as exc:
            raise SyncFailure(
                "server", "the server's answer does not parse", response.status_code
            ) from exc

    # -- endpoints ---------------------------------------------------------------------
    def health(self) -> wire.HealthResponse:
        return self._request("GET", "/health", wire.HealthResponse)

    def enrol(self, request: wire.EnrolRequest) -> wire.EnrolResponse:
        return self._request("POST", "/v1/enrol", wire.EnrolResponse, request)

    def push(self, request: wire.PushRequest) -> wire.PushResponse:
        return self._request("POST", "/v1/push", wire.PushResponse, request)

    def pull(self, cursor: int, limit: int = wire.DEFAULT_PULL_LIMIT) -> wire.PullResponse:
        return self._request(
            "GET", "/v1/pull", wire.PullResponse, params={"cursor": cursor, "limit": limit}
        )

    def state(self) -> wire.StateResponse:
        return self._request("GET", "/v1/state", wire.StateResponse)

    def approve(self, device_id: str, request: wire.ApproveRequest) -> wire.DevicesResponse:
        return self._request(
            "POST", f"/v1/devices/{device_id}/approve", wire.DevicesResponse, request
        )

    def revoke(self, device_id: str, request: wire.RevokeRequest) -> wire.DevicesResponse:
        return self._request(
            "POST", f"/v1/devices/{device_id}/revoke", wire.DevicesResponse, request
        )

    def upload_keys(self, request: wire.KeysRequest) -> wire.KeysResponse:
        return self._request("POST", "/v1/keys", wire.KeysResponse, request)


def _failure(status: int, data: bytes, retry_after: str | None = None) -> SyncFailure:
    """``rate_limited`` carries the seconds to wait (``Retry-After``) as its message."""
    code: str
    try:
        body = wire.ErrorBody.model_validate_json(data)
        code, message = str(body.code), body.message
    except ValidationError:
        code, message = "server", ""
    if status == 426:
        return SyncFailure("protocol", message, status)
    if status == 429:
        wait = retry_after.strip() if retry_after else ""
        seconds = int(wait) if wait.isascii() and wait.isdigit() and len(wait) < 7 else 900
        return SyncFailure("rate_limited", str(seconds), status)
    if code in {"revoked", "pending", "unauthorised", "too_large"}:
        return SyncFailure(code, message, status)
    if status == 401:
        return SyncFailure("unauthorised", message, status)
    if code.startswith("enrol_code"):
        return SyncFailure(code, message, status)
    return SyncFailure("server", f"{status} {code}: {message}", status)
