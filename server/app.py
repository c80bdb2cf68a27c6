"""The sync server's HTTP face (Starlette under uvicorn), per docs/sync.md.

Every body is read with a bound (4 MiB decompressed), checked for the protocol version
(426 when it differs) before it is validated (422, nothing stored), and then handed to
the store in one transaction. No payload is ever logged: errors name a field, not a value.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
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
}


class Problem(Exception):
    def __init__(self, code: wire.ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: wire.ErrorCode = code
        self.message = message


def _json(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status, media_type="application/json")


def _error(code: wire.ErrorCode, message: str) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if code == "unauthorised" else None
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


def create_app(store: Store) -> Starlette:
    async def device_of(request: Request, *, pending_ok: bool = False) -> Device:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem("unauthorised", "a device token is needed (Authorization: Bearer)")
        device = await run_in_threadpool(store.authenticate, token.strip())
        if device is None:
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
                return _error(problem.code, problem.message)
            except Refused as refused:
                return _error(refused.code, refused.message)

        return run

    async def health(request: Request) -> Response:
        return _json(wire.HealthResponse(status="ok", protocol=wire.PROTOCOL_VERSION))

    async def enrol(request: Request) -> Response:
        body = await _body(request, wire.EnrolRequest)
        return _json(await run_in_threadpool(store.enrol, body), 201)

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
        middleware=[Middleware(GZipMiddleware, minimum_size=512)],
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
