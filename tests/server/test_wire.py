"""The wire models (app/sync/wire.py) refuse what docs/sync.md does not allow."""

from __future__ import annotations

import base64
import gzip
import uuid

import pytest
from pydantic import ValidationError

from app.sync import wire


def _b64(n: int) -> str:
    return base64.b64encode(b"\x01" * n).decode()


def _change(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "change_id": str(uuid.uuid4()),
        "record_id": str(uuid.uuid4()),
        "kind": "case",
        "path": "names.given_latin",
        "hlc": 123456,
        "device_id": str(uuid.uuid4()),
        "device_seq": 1,
        "scope": str(uuid.uuid4()),
        "base_id": None,
        "model": 2,
        "key_id": "0123456789abcdef",
        "sealed": _b64(40),
        "signature": _b64(64),
    }
    data.update(over)
    return data


def test_a_sealed_change_round_trips_through_json() -> None:
    change = wire.SealedChange.model_validate(_change())
    again = wire.SealedChange.model_validate_json(change.model_dump_json())
    assert again == change


@pytest.mark.parametrize(
    "over",
    [
        {"change_id": "not-a-uuid"},
        {"change_id": str(uuid.uuid4()).upper()},
        {"device_seq": 0},
        {"device_seq": "1"},
        {"device_seq": True},
        {"hlc": -1},
        {"hlc": 2**63},
        {"kind": "Case; DROP"},
        {"path": "names\x00given"},
        {"path": "x" * 513},
        {"key_id": "0123"},
        {"sealed": "***"},
        {"sealed": _b64(10)},
        {"signature": _b64(63)},
        {"signature": None},
        {"sealed": _b64(wire.MAX_SEALED_BYTES + 1)},
        {"surprise": 1},
    ],
)
def test_a_malformed_sealed_change_is_refused(over: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        wire.SealedChange.model_validate(_change(**over))


def test_enrol_request_needs_raw_32_byte_keys_and_a_crockford_code() -> None:
    good = {
        "protocol": 1,
        "code": "0123456789ABCDEFGHJKMNPQRS",
        "device_name": "Laptop B",
        "installation_id": str(uuid.uuid4()),
        "public_key": _b64(32),
        "signing_key": _b64(32),
    }
    wire.EnrolRequest.model_validate(good)
    for bad in (
        {"public_key": _b64(31)},
        {"code": "short"},
        {"code": "U" * 26},
        {"device_name": ""},
    ):
        with pytest.raises(ValidationError):
            wire.EnrolRequest.model_validate({**good, **bad})


def test_a_push_over_the_change_limit_is_refused_by_the_model() -> None:
    change = _change()
    with pytest.raises(ValidationError):
        wire.PushRequest.model_validate(
            {"protocol": 1, "changes": [change] * (wire.MAX_CHANGES_PER_PUSH + 1)}
        )


def test_decompress_body_stops_at_the_limit_without_inflating_everything() -> None:
    bomb = gzip.compress(b"\x00" * (wire.MAX_BODY_BYTES + 10))
    assert len(bomb) < 10_000
    with pytest.raises(wire.BodyTooLarge):
        wire.decompress_body(bomb, "gzip")
    body = b'{"a": 1}'
    assert wire.decompress_body(gzip.compress(body), "gzip") == body
    assert wire.decompress_body(body, None) == body
    with pytest.raises(ValueError, match="truncated"):
        wire.decompress_body(gzip.compress(body)[:-6], "gzip")
    with pytest.raises(ValueError):
        wire.decompress_body(b"not gzip", "gzip")
    with pytest.raises(ValueError):
        wire.decompress_body(body, "br")


def test_encode_body_is_gzip_of_the_models_json() -> None:
    health = wire.HealthResponse(status="ok", protocol=wire.PROTOCOL_VERSION)
    assert gzip.decompress(wire.encode_body(health)) == health.model_dump_json().encode()
