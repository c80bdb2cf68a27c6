"""The sync server's HTTP face (Starlette under uvicorn), per docs/sync.md.

Every body is read with a bound (4 MiB decompressed), checked for the protocol version
(426 when it differs) before it is validated (422, nothing stored), and then handed to
the store in one transaction. No payload is ever logged: errors name a field, not a value.
"""

from __future__ import annotations

import ipaddress
import json
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.sync import wire
from server.store import Device, Refused, Store

# Compressed bodies are at most a little larger than the raw JSON they hold.
_MAX_RAW_BODY = wire.MAX_BODY_BYTES + 64 * 1024

_STATUS: dict[str, int] = {
    "protocol_mismatch": 426,
    "unauthorised": 401,
    "revoked": 403,
    "pending": 403,
    "forbidden": 403,
    "not_found": 404,
    "too_large": 413,
    "malformed": 400,
    "invalid": 422,
    "enrol_code_invalid": 403,
    "enrol_code_expired": 403,
    "enrol_code_used": 403,
    "conflict": 409,
    "rate_limited": 429,
}


@dataclass(frozen=True)
class Limits:
    """Failed enrolment codes and device tokens allowed in a sliding window: per client
    address (an IPv6 address counts by its /64), and enrolment failures from all
    addresses together. Over a limit the server answers 429 with ``Retry-After`` to every
    enrolment and every unknown token from there until the oldest failure leaves the
    window; a token it knows is always served (a centre's laptops share one address, and
    a token is 256 random bits: there is nothing to guess). Only failures count (a refused
    code, a token it does not know), not the 429s themselves.

    No overall limit on tokens: tokens hold 256 random bits, and an overall one would let
    anyone who sends bad tokens stop every laptop's sync. Behind a reverse proxy on the
    same host the client address is the one the proxy forwards (uvicorn trusts
    ``X-Forwarded-For`` from 127.0.0.1 only: ``FORWARDED_ALLOW_IPS``)."""

    per_address: int = 10
    enrol_overall: int = 100
    window_s: float = 15 * 60
    addresses: int = 10_000  # addresses remembered at most (the oldest forgotten first)


class FailureLimiter:
    """In memory, per server process (a restart forgets): enough to turn guessing into
    a crawl; the codes themselves (130 bits, 15 minutes, single use) do the rest."""

    def __init__(
        self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._lock = threading.Lock()
        self._by_address: OrderedDict[str, deque[float]] = OrderedDict()
        self._enrol: deque[float] = deque()

    @staticmethod
    def key(address: str | None) -> str:
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return address or "unknown"
        if isinstance(ip, ipaddress.IPv6Address):
            if ip.ipv4_mapped is not None:
                return str(ip.ipv4_mapped)
            return str(ipaddress.IPv6Network((ip, 64), strict=False))  # one host's range
        return str(ip)

    def _prune(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.limits.window_s:
            times.popleft()

    def _wait(self, times: deque[float], limit: int, now: float) -> int | None:
        self._prune(times, now)
        if len(times) < limit:
            return None
        # Free again when enough of the oldest failures have left the window.
        return max(1, math.ceil(times[len(times) - limit] + self.limits.window_s - now))

    def retry_after(self, address: str | None, *, enrol: bool) -> int | None:
        """Seconds to wait before this address may try again (None: it may now)."""
        now = self._clock()
        with self._lock:
            times = self._by_address.get(self.key(address))
            waits = [self._wait(times, self.limits.per_address, now) if times else None]
            if enrol:
                waits.append(self._wait(self._enrol, self.limits.enrol_overall, now))
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    def failed(self, address: str | None, *, enrol: bool) -> None:
        now = self._clock()
        key = self.key(address)
        with self._lock:
            times = self._by_address.pop(key, None) or deque()
            self._prune(times, now)
            times.append(now)
            self._by_address[key] = times  # most recent last
            while len(self._by_address) > self.limits.addresses:
                self._by_address.popitem(last=False)
            if enrol:
                self._prune(self._enrol, now)
                self._enrol.append(now)


class Problem(Exception):
    def __init__(self, code: wire.ErrorCode, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.code: wire.ErrorCode = code
        self.message = message
        self.retry_after = retry_after


def _json(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json")


def _error(code: wire.ErrorCode, message: str, retry_after: int | None = None) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if code == "unauthorised" else {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Response(
        wire.ErrorBody(code=code, message=message).model_dump_json(),
        status_code=_STATUS[code],
        media_type="application/json",
        headers=headers,
    )


def _check_header_protocol(request: Request, *, required: bool) -> None:
    value = request.headers.get(wire.PROTOCOL_HEADER) or request.query_params.get("protocol")
    if value is None:
        if required:
            raise Problem(
                "protocol_mismatch",
                f"this server speaks sync protocol {wire.PROTOCOL_VERSION}; "
                f"send it in the {wire.PROTOCOL_HEADER} header",
            )
        return
    if value.strip() != str(wire.PROTOCOL_VERSION):
        raise _mismatch(value.strip()[:20])


def _mismatch(theirs: object) -> Problem:
    return Problem(
        "protocol_mismatch",
        f"this server speaks sync protocol {wire.PROTOCOL_VERSION}, the request {theirs}: "
        "update Harbour on this laptop or the server",
    )


async def _body(
    request: Request, model: type[BaseModel], *, pre: Callable[[Any], None] | None = None
) -> Any:
    _check_header_protocol(request, required=False)
    declared = request.headers.get("content-length")
    if declared is not None and _whole(declared) and int(declared) > _MAX_RAW_BODY:
        raise Problem("too_large", f"request body over {wire.MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _MAX_RAW_BODY:
            raise Problem("too_large", f"request body over {wire.MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    try:
        raw = wire.decompress_body(b"".join(chunks), request.headers.get("content-encoding"))
    except wire.BodyTooLarge as exc:
        raise Problem(
            "too_large", f"request body over {wire.MAX_BODY_BYTES} bytes decompressed"
        ) from exc
    except ValueError as exc:
        raise Problem("malformed", f"the body could not be read: {exc}") from exc
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Problem("malformed", "the body is not JSON") from exc
    except RecursionError as exc:  # nested deeper than the parser's stack
        raise Problem("malformed", "the body is nested too deep") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise Problem("malformed", "the body holds a number too long to read") from exc
    if not isinstance(data, dict):
        raise Problem("malformed", "the body is not a JSON object")
    protocol = data.get("protocol")
    if protocol != wire.PROTOCOL_VERSION or isinstance(protocol, bool):
        raise _mismatch(protocol if isinstance(protocol, int) else "none")
    if pre is not None:
        pre(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise Problem(
            "invalid", f"{exc.error_count()} invalid field(s); first: {where}: {first['msg']}"
        ) from exc


def _limit_push(data: Any) -> None:
    changes = data.get("changes")
    if isinstance(changes, list) and len(changes) > wire.MAX_CHANGES_PER_PUSH:
        raise Problem(
            "too_large", f"{len(changes)} changes in one push; at most {wire.MAX_CHANGES_PER_PUSH}"
        )
    audit = data.get("audit")
    if isinstance(audit, list) and len(audit) > wire.MAX_AUDIT_PER_PUSH:
        raise Problem(
            "too_large",
            f"{len(audit)} audit entries in one push; at most {wire.MAX_AUDIT_PER_PUSH}",
        )


Handler = Callable[[Request], Awaitable[Response]]


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _limited(limiter: FailureLimiter, request: Request, *, enrol: bool) -> None:
    wait = limiter.retry_after(_address(request), enrol=enrol)
    if wait is not None:
        what = "enrolment codes" if enrol else "device tokens"
        raise Problem(
            "rate_limited",
            f"too many failed attempts ({what}); try again in {wait} s",
            retry_after=wait,
        )


def create_app(store: Store, limits: Limits | None = None) -> Starlette:
    limiter = FailureLimiter(limits)

    async def device_of(request: Request, *, pending_ok: bool = False) -> Device:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem("unauthorised", "a device token is needed (Authorization: Bearer)")
        device = await run_in_threadpool(store.authenticate, token.strip())
        if device is None:
            # Only a token the server does not know is slowed: the laptops of a centre
            # share one address behind its router, and one laptop's stale token (or a
            # mistyped enrolment code) must not stop the others' sync.
            _limited(limiter, request, enrol=False)
            limiter.failed(_address(request), enrol=False)
            raise Problem("unauthorised", "this device token is not known")
        if device.status == "revoked":
            raise Problem("revoked", "this device was revoked; a manager must enrol it again")
        if device.status == "pending" and not pending_ok:
            raise Problem(
                "pending", "this device waits for a manager's approval on an enrolled laptop"
            )
        return device

    async def manager_of(request: Request) -> Device:
        device = await device_of(request)
        if not device.manager:
            raise Problem("forbidden", "only a manager's device may manage devices")
        return device

    def guarded(handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except Problem as problem:
                return _error(problem.code, problem.message, problem.retry_after)
            except Refused as refused:
                return _error(refused.code, refused.message)

        return run

    async def health(request: Request) -> Response:
        return _json(wire.HealthResponse(status="ok", protocol=wire.PROTOCOL_VERSION))

    async def enrol(request: Request) -> Response:
        _limited(limiter, request, enrol=True)
        body = await _body(request, wire.EnrolRequest)
        try:
            return _json(await run_in_threadpool(store.enrol, body), 201)
        except Refused as refused:
            if refused.code.startswith("enrol_code"):
                limiter.failed(_address(request), enrol=True)
            raise

    async def push(request: Request) -> Response:
        device = await device_of(request)
        body = await _body(request, wire.PushRequest, pre=_limit_push)
        return _json(await run_in_threadpool(store.push, device, body))

    async def pull(request: Request) -> Response:
        _check_header_protocol(request, required=True)
        device = await device_of(request)
        cursor = _int_param(request, "cursor", 0, 0, 2**63 - 1)
        limit = _int_param(request, "limit", wire.DEFAULT_PULL_LIMIT, 1, wire.MAX_PULL_LIMIT)
        return _json(await run_in_threadpool(store.pull, device, cursor, limit))

    async def state(request: Request) -> Response:
        _check_header_protocol(request, required=True)
        device = await device_of(request, pending_ok=True)
        return _json(await run_in_threadpool(store.state, device))

    async def keys(request: Request) -> Response:
        if request.method == "GET":
            _check_header_protocol(request, required=True)
            device = await device_of(request, pending_ok=True)
            found = await run_in_threadpool(store.my_keys, device)
            return _json(wire.KeysResponse(wrapped_keys=found))
        manager = await manager_of(request)
        body = await _body(request, wire.KeysRequest)
        await run_in_threadpool(store.put_keys, manager, body.wrapped_keys)
        return _json(
            wire.KeysResponse(wrapped_keys=await run_in_threadpool(store.my_keys, manager))
        )

    async def devices(request: Request) -> Response:
        _check_header_protocol(request, required=True)
        manager = await manager_of(request)
        found = await run_in_threadpool(store.devices, manager)
        return _json(wire.DevicesResponse(devices=found))

    async def approve(request: Request) -> Response:
        manager = await manager_of(request)
        body = await _body(request, wire.ApproveRequest)
        target = request.path_params["device_id"]
        await run_in_threadpool(store.approve, manager, target, body)
        return _json(wire.DevicesResponse(devices=await run_in_threadpool(store.devices, manager)))

    async def revoke(request: Request) -> Response:
        manager = await manager_of(request)
        body = await _body(request, wire.RevokeRequest)
        target = request.path_params["device_id"]
        await run_in_threadpool(store.revoke_by, manager, target, body)
        return _json(wire.DevicesResponse(devices=await run_in_threadpool(store.devices, manager)))

    async def flags(request: Request) -> Response:
        _check_header_protocol(request, required=True)
        manager = await manager_of(request)
        return _json(wire.FlagsResponse(flags=await run_in_threadpool(store.flags, manager)))

    uuid_path = "{device_id:uuid}"
    routes = [
        Route("/health", guarded(health), methods=["GET"]),
        Route("/v1/enrol", guarded(enrol), methods=["POST"]),
        Route("/v1/push", guarded(push), methods=["POST"]),
        Route("/v1/pull", guarded(pull), methods=["GET"]),
        Route("/v1/state", guarded(state), methods=["GET"]),
        Route("/v1/keys", guarded(keys), methods=["GET", "POST"]),
        Route("/v1/devices", guarded(devices), methods=["GET"]),
        Route(f"/v1/devices/{uuid_path}/approve", guarded(_str_id(approve)), methods=["POST"]),
        Route(f"/v1/devices/{uuid_path}/revoke", guarded(_str_id(revoke)), methods=["POST"]),
        Route("/v1/flags", guarded(flags), methods=["GET"]),
    ]

    async def server_error(request: Request, exc: Exception) -> Response:
        # Never echo the exception: it could hold a payload.
        return Response(
            wire.ErrorBody(code="invalid", message="internal server error").model_dump_json(),
            status_code=500,
            media_type="application/json",
        )

    return Starlette(
        routes=routes,
        # Level 6, not Starlette's 9: a pull answer of 1,000 changes 0.1 % larger, a
        # third less of the server's CPU (mostly base64 of ciphertext: little to find).
        middleware=[Middleware(GZipMiddleware, minimum_size=512, compresslevel=6)],
        exception_handlers={500: server_error},
    )


def _str_id(handler: Handler) -> Handler:
    async def run(request: Request) -> Response:
        request.path_params["device_id"] = str(request.path_params["device_id"])
        return await handler(request)

    return run


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not _whole(text) or not low <= int(text) <= high:
        raise Problem("invalid", f"{name} must be a whole number from {low} to {high}")
    return int(text)


def _whole(text: str) -> bool:
    """ASCII digits only, at most 19 of them: ``str.isdigit`` alone takes ``²`` (which
    ``int`` refuses) and ``١`` (which it reads)."""
    return 0 < len(text) <= 19 and text.isascii() and text.isdigit()


def app_for(url: str) -> Starlette:
    """The ASGI app over the store at ``url`` (which must be initialised)."""
    store = Store(url)
    store.check()
    return create_app(store)
