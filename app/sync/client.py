"""The laptop's HTTP client for the sync server (issue 16, item 6; docs/sync.md "Wire").

httpx, gzip-compressed bodies both ways, timeouts on every request, the protocol version
in every request (``Harbour-Protocol`` header and the POST bodies), the device token as a
bearer token, and, for https, the server certificate's SHA-256 fingerprint pinned at
enrolment: a response from a server whose certificate differs is refused before its body
is read.

Errors are ``SyncFailure`` with a ``code`` the service turns into a translated reason:
``offline`` (nothing answered), ``protocol`` (426), ``revoked``, ``pending``,
``unauthorised``, ``pin`` (certificate changed), ``too_large``, ``server`` (anything
else). Nothing personal is ever in a message: requests carry sealed values only.
"""

from __future__ import annotations

import hashlib
import ssl
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from app.sync import wire

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
ModelT = TypeVar("ModelT", bound=BaseModel)


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
    der = ssl_object.getpeercert(binary_form=True)
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
        verify: bool | ssl.SSLContext = True
        if fingerprint:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            verify = context
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
                raw = response.read()
        except httpx.TransportError as exc:
            raise SyncFailure("offline", type(exc).__name__) from exc
        self.bytes_sent += len(content or b"")
        self.bytes_received += len(raw)
        encoding = response.headers.get("Content-Encoding")
        # httpx already inflated a gzip response; raw is then the decoded body.
        try:
            data = wire.decompress_body(raw, None if encoding == "gzip" else encoding)
        except ValueError as exc:
            raise SyncFailure("server", str(exc), response.status_code) from exc
        if response.status_code >= 400:
            raise _failure(response.status_code, data)
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


def _failure(status: int, data: bytes) -> SyncFailure:
    code: str
    try:
        body = wire.ErrorBody.model_validate_json(data)
        code, message = str(body.code), body.message
    except ValidationError:
        code, message = "server", ""
    if status == 426:
        return SyncFailure("protocol", message, status)
    if code in {"revoked", "pending", "unauthorised", "too_large"}:
        return SyncFailure(code, message, status)
    if status == 401:
        return SyncFailure("unauthorised", message, status)
    if code.startswith("enrol_code"):
        return SyncFailure(code, message, status)
    return SyncFailure("server", f"{status} {code}: {message}", status)
