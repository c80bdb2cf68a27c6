"""Attacks on the real sync server (`harbour serve` on 127.0.0.1, SQLite and PostgreSQL
stores): hostile bodies and parameters at every endpoint, devices reaching across
centres, pending and revoked devices, guessed tokens. Every answer is a 4xx with an
``ErrorBody`` (never a 500), and nothing is stored."""

from __future__ import annotations

import gzip
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.sync import wire
from server import migrations as m
from tests.server.conftest import Centre, from_address
from tests.server.harness import ServerProcess, Wire, b64, change

pytestmark = pytest.mark.slow

DEEP = 100_000


def _counts(centre: Centre) -> dict[str, int]:
    tables = (m.changes, m.devices, m.wrapped_keys, m.audit_entries, m.flags, m.enrol_codes)
    with centre.admin.engine.connect() as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)
            for t in tables
        }


def _is_4xx(answer: Any, where: str) -> None:
    assert 400 <= answer.status_code < 500, (where, answer.status_code, answer.text[:200])
    wire.ErrorBody.model_validate_json(answer.text)


def _key(device_id: str) -> dict[str, Any]:
    return {"device_id": device_id, "key_id": "00112233aabbccdd", "wrapped": b64(b"k" * 60)}


def _manager_and_pending(centre: Centre) -> tuple[dict[str, Any], dict[str, Any]]:
    manager = centre.enrol("Manager laptop")
    pending = centre.enrol("New laptop")
    assert pending["status"] == "pending"
    return manager, pending


def test_hostile_json_at_every_endpoint_gets_a_4xx_not_a_500(centre: Centre) -> None:
    manager, pending = _manager_and_pending(centre)
    token = manager["token"]
    target = pending["device_id"]
    endpoints = [
        ("/v1/enrol", None),
        ("/v1/push", token),
        ("/v1/keys", token),
        (f"/v1/devices/{target}/approve", token),
        (f"/v1/devices/{target}/revoke", token),
    ]
    bodies = {
        # json.loads raises RecursionError on these
        "deep array": b'{"protocol":1,"changes":' + b"[" * DEEP + b"]" * DEEP + b"}",
        "deep object": b'{"protocol":1,"x":' + b'{"a":' * DEEP + b"1" + b"}" * DEEP + b"}",
        # and ValueError (more than 4300 digits) on these
        "huge protocol": b'{"protocol":' + b"9" * 5000 + b"}",
        "huge field": b'{"protocol":1,"changes":[],"x":' + b"1" * 5000 + b"}",
        "huge float": b'{"protocol":1,"changes":[],"x":1e999999}',
        "nan": b'{"protocol":1,"changes":[],"x":NaN}',
        "lone surrogate": b'{"protocol":1,"changes":[],"x":"\\ud800"}',
    }
    before = _counts(centre)
    for path, auth in endpoints:
        bearer = {"Authorization": f"Bearer {auth}"} if auth else {}
        for name, raw in bodies.items():
            for encoding in ("gzip", None):
                answer = centre.wire.post(path, raw, auth, encoding=encoding)
                _is_4xx(answer, f"{path} {name} {encoding}")
        # a small gzip that inflates past the limit, at every endpoint
        bomb = gzip.compress(b" " * (wire.MAX_BODY_BYTES + 1024), compresslevel=9)
        answer = centre.wire.http.post(
            path,
            content=bomb,
            headers={"Content-Encoding": "gzip", **bearer},
        )
        assert answer.status_code == 413, path
        # another content encoding, or several
        for encoding in ("br", "gzip, gzip", "deflate"):
            answer = centre.wire.http.post(
                path,
                content=gzip.compress(b'{"protocol":1}'),
                headers={"Content-Encoding": encoding, **bearer},
            )
            _is_4xx(answer, f"{path} {encoding}")
    assert _counts(centre) == before


@pytest.mark.parametrize("value", ["²", "١", "1e3", "-1", " 1", "0x10", "9" * 40, ""])
def test_odd_numbers_in_the_pull_query_get_a_4xx(centre: Centre, value: str) -> None:
    device = centre.enrol()
    for name in ("cursor", "limit"):
        answer = centre.wire.get(f"/v1/pull?{name}={value}", device["token"])
        _is_4xx(answer, f"{name}={value!r}")
    if value == value.strip() and value.isascii():  # else httpx itself refuses to send it
        answer = centre.wire.http.get(
            "/v1/state",
            headers={"Authorization": f"Bearer {device['token']}", wire.PROTOCOL_HEADER: value},
        )
        _is_4xx(answer, f"protocol header {value!r}")


def test_an_odd_content_length_gets_a_4xx(server: ServerProcess, centre: Centre) -> None:
    """Content-Length ``²`` passes ``str.isdigit`` but not ``int``."""
    device = centre.enrol()
    parts = urlsplit(server.url)
    body = b'{"protocol":1,"changes":[]}'
    for length in ("\u00b2".encode(), b"99999999999999999999999999"):
        request = (
            b"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + device["token"].encode() + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: " + length + b"\r\n"
            b"Connection: close\r\n\r\n" + body
        )
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
            s.sendall(request)
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        status = int(answer.split(b" ", 2)[1])
        assert 400 <= status < 500, (length, answer[:300])


def test_a_device_reaches_nothing_of_another_centre(centre: Centre, other_centre: Centre) -> None:
    a_manager = centre.enrol("A manager")
    b_manager, b_pending = _manager_and_pending(other_centre)
    a_tok = a_manager["token"]
    b_ids = {b_manager["device_id"], b_pending["device_id"]}
    # B has a change and a flag (a sequence reused under another change id).
    first = change(b_manager["device_id"], 1, other_centre.id)
    other_centre.wire.push(b_manager["token"], [first])
    clone = {**change(b_manager["device_id"], 1, other_centre.id)}
    assert other_centre.wire.push(b_manager["token"], [clone]).json()["refused"]
    before = _counts(centre)

    pulled = centre.wire.get("/v1/pull?cursor=0&limit=1000", a_tok).json()
    assert not any(c["scope"] == other_centre.id for c in pulled["changes"])
    # at_cursor never names another centre's change
    with centre.admin.engine.connect() as conn:
        b_seq = conn.execute(
            sa.select(m.changes.c.server_seq).where(m.changes.c.change_id == first["change_id"])
        ).scalar()
    probe = centre.wire.get(f"/v1/pull?cursor={b_seq}", a_tok).json()
    assert probe["at_cursor"] is None and not probe["changes"]
    state = centre.wire.get("/v1/state", a_tok).json()
    assert not {d["device_id"] for d in state["devices"]} & b_ids
    assert not set(state["highs"]) & b_ids
    listed = centre.wire.get("/v1/devices", a_tok).json()["devices"]
    assert not {d["device_id"] for d in listed} & b_ids
    assert centre.wire.get("/v1/flags", a_tok).json()["flags"] == []
    assert centre.wire.get("/v1/keys", a_tok).json()["wrapped_keys"] == []

    approve = f"/v1/devices/{b_pending['device_id']}/approve"
    answer = centre.wire.post(
        approve, {"protocol": 1, "wrapped_keys": [_key(b_pending["device_id"])]}, a_tok
    )
    assert answer.status_code == 404, answer.text
    for target in b_ids:
        answer = centre.wire.post(f"/v1/devices/{target}/revoke", {"protocol": 1}, a_tok)
        assert answer.status_code == 404, answer.text
    # a key for B's device, in a push of keys, an approval of A's own or a revocation
    for path, body in (
        ("/v1/keys", {"protocol": 1, "wrapped_keys": [_key(b_manager["device_id"])]}),
        (
            f"/v1/devices/{a_manager['device_id']}/revoke",
            {"protocol": 1, "wrapped_keys": [_key(b_manager["device_id"])]},
        ),
    ):
        _is_4xx(centre.wire.post(path, body, a_tok), path)
    # changes into B's scope, or under B's device ids, or claiming B's ids at enrolment
    answer = centre.wire.push(
        a_tok,
        [
            change(a_manager["device_id"], 1, other_centre.id),
            change(b_manager["device_id"], 2, centre.id),
            change(b_pending["device_id"], 1, centre.id),
        ],
    ).json()
    assert answer["accepted"] == 0 and len(answer["refused"]) == 3
    claimed = centre.wire.enrol(
        centre.code_for(), "Claims B's ids", former_device_ids=sorted(b_ids)
    ).json()
    answer = centre.wire.push(a_tok, [change(b_manager["device_id"], 5, centre.id)]).json()
    assert [r["reason"] for r in answer["refused"]] == ["unknown_device"]
    assert claimed["status"] == "pending"
    after = _counts(centre)
    assert after["changes"] == before["changes"] and after["wrapped_keys"] == before["wrapped_keys"]
    with centre.admin.engine.connect() as conn:
        statuses = dict(
            conn.execute(
                sa.select(m.devices.c.id, m.devices.c.status).where(m.devices.c.id.in_(b_ids))
            ).all()
        )
    assert statuses == {b_manager["device_id"]: "active", b_pending["device_id"]: "pending"}


def test_a_pending_device_reads_only_its_own_state_and_keys(centre: Centre) -> None:
    manager = centre.enrol("Manager laptop")
    # a code made for a manager's device: still nothing of the centre until approved
    pending = centre.enrol("Would-be manager", manager=True)
    assert pending["status"] == "pending"
    tok = pending["token"]
    for answer in (
        centre.wire.push(tok, [change(pending["device_id"], 1, centre.id)]),
        centre.wire.get("/v1/pull?cursor=0", tok),
        centre.wire.get("/v1/devices", tok),
        centre.wire.get("/v1/flags", tok),
        centre.wire.post("/v1/keys", {"protocol": 1, "wrapped_keys": []}, tok),
        centre.wire.post(f"/v1/devices/{manager['device_id']}/revoke", {"protocol": 1}, tok),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "pending", answer.text
    state = centre.wire.get("/v1/state", tok).json()
    assert [d["device_id"] for d in state["devices"]] == [pending["device_id"]]
    assert centre.wire.get("/v1/keys", tok).status_code == 200


def test_a_revoked_device_with_its_cached_token_is_refused_everywhere(centre: Centre) -> None:
    manager = centre.enrol("Manager laptop")
    other = centre.enrol("Old laptop", manager=True)
    centre.wire.post(
        f"/v1/devices/{other['device_id']}/approve",
        {"protocol": 1, "wrapped_keys": [_key(other["device_id"])]},
        manager["token"],
    )
    answer = centre.wire.post(
        f"/v1/devices/{other['device_id']}/revoke", {"protocol": 1}, manager["token"]
    )
    assert answer.status_code == 200, answer.text
    tok = other["token"]
    for answer in (
        centre.wire.get("/v1/state", tok),
        centre.wire.get("/v1/keys", tok),
        centre.wire.get("/v1/pull?cursor=0", tok),
        centre.wire.get("/v1/devices", tok),
        centre.wire.get("/v1/flags", tok),
        centre.wire.push(tok, [change(other["device_id"], 1, centre.id)]),
        centre.wire.post("/v1/keys", {"protocol": 1, "wrapped_keys": []}, tok),
        centre.wire.post(f"/v1/devices/{manager['device_id']}/revoke", {"protocol": 1}, tok),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "revoked", answer.text
    # approving a revoked device again is refused: it must enrol anew
    answer = centre.wire.post(
        f"/v1/devices/{other['device_id']}/approve",
        {"protocol": 1, "wrapped_keys": [_key(other["device_id"])]},
        manager["token"],
    )
    assert answer.status_code == 409


def test_guessed_or_bent_tokens_get_401(centre: Centre) -> None:
    device = centre.enrol()
    device_id, _, secret = device["token"].partition(".")
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for token in (
        f"{device_id}.{flipped}",
        f"{device_id}.",
        f"{device_id.upper()}.{secret}",
        f"{device_id}.{secret}x",
        f".{secret}",
        secret,
        f"{device_id}.{secret}" + "A" * 10_000,
        f"{device_id}.{'A' * 43}",
        "../../etc/passwd.x",
    ):
        answer = centre.wire.get("/v1/state", token)
        assert answer.status_code in {400, 401}, (token[:60], answer.status_code)
    for header in (f"Basic {device['token']}", "Bearer", device["token"]):
        answer = centre.wire.http.get(
            "/v1/state", headers={"Authorization": header, wire.PROTOCOL_HEADER: "1"}
        )
        assert answer.status_code == 401, header[:20]
    assert centre.wire.get("/v1/state", device["token"]).status_code == 200


def test_failed_codes_and_tokens_from_one_address_are_slowed_with_429(centre: Centre) -> None:
    """10 failed enrolment codes from one address: the 11th attempt, even with a good
    code, is refused 429 with Retry-After (nothing checked, nothing stored); another
    address still enrols. Same for device tokens the server does not know; a token it
    knows is served from any address, limited or not (a centre's laptops share one address
    behind its router: one laptop's stale token or a mistyped code must not stop the
    others' sync)."""
    good = centre.code_for()
    for _ in range(10):
        answer = centre.wire.enrol("0" * 26)
        assert answer.json()["code"] == "enrol_code_invalid"
    before = _counts(centre)
    limited = centre.wire.enrol(good)
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 15 * 60
    assert _counts(centre) == before  # the good code was not even looked at
    elsewhere = from_address(Wire(str(centre.wire.http.base_url)))
    try:
        device = elsewhere.enrol(good)
        assert device.status_code == 201  # still unused: another address enrols with it
        token = device.json()["token"]
        for _ in range(10):
            assert elsewhere.get("/v1/state", token + "x").status_code == 401
        refused = elsewhere.get("/v1/state", token + "y")  # another unknown token: slowed
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert elsewhere.get("/v1/state", token).status_code == 200  # a known one: served
    finally:
        elsewhere.close()
    # This address failed codes: its enrolments wait, its laptops' known tokens do not.
    assert centre.wire.get("/v1/state", token).status_code == 200
    assert centre.wire.get("/v1/state", token + "z").status_code == 429


def test_an_enrolment_code_is_single_use_even_read_aloud_differently(centre: Centre) -> None:
    code = centre.code_for()
    assert centre.wire.enrol(code).status_code == 201
    for variant in (code.lower(), code.replace("-", ""), code.replace("1", "I").replace("0", "O")):
        answer = centre.wire.enrol(variant)
        assert answer.status_code == 403 and answer.json()["code"] == "enrol_code_used", variant
    # a code one symbol away is unknown, not a near miss
    fresh = centre.code_for()
    last = fresh[-1]
    near = fresh[:-1] + ("0" if last != "0" else "1")
    answer = centre.wire.enrol(near)
    assert answer.status_code == 403 and answer.json()["code"] == "enrol_code_invalid"
    assert centre.wire.enrol(fresh).status_code == 201


def test_json_error_answers_never_echo_the_body(centre: Centre) -> None:
    device = centre.enrol()
    secret = "Canarybody Zephyrine"
    body = {"protocol": 1, "changes": [{**change(device["device_id"], 1, centre.id), "path": 5}]}
    body["changes"][0]["record_id"] = secret
    answer = centre.wire.post("/v1/push", json.dumps(body).encode(), device["token"])
    assert answer.status_code == 422 and secret not in answer.text


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    from app.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql//harbour:S3cretPw@127.0.0.1/db",  # no colon: does not parse
        "postgresql://harbour:S3cretPw@127.0.0.1:port/db",  # a port that is not a number
        "postgresql://harbour:S3cretPw@[::1/db",  # a bracket left open
        "sqlite://",
        "sqlite:///",
        "sqlite:///:memory:",
        "file:///etc/passwd",
        "sqlite:////proc/self/environ",
    ],
)
def test_an_odd_store_url_fails_in_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("HARBOUR_HOME", str(tmp_path))
    code, out, err = _cli(capsys, "server", "init", "--store", url)
    assert (code, out, len(err)) == (1, [], 1), (url, err)
    assert err[0].startswith("harbour: ") and "S3cretPw" not in err[0], err


def test_a_device_cannot_take_another_devices_next_sequence(centre: Centre) -> None:
    victim = centre.enrol("Victim laptop")
    rogue = centre.enrol("Rogue laptop", manager=True)
    centre.wire.post(
        f"/v1/devices/{rogue['device_id']}/approve",
        {"protocol": 1, "wrapped_keys": [_key(rogue["device_id"])]},
        victim["token"],
    )
    forged = change(victim["device_id"], 1, centre.id, signer=rogue["device_id"])
    answer = centre.wire.push(rogue["token"], [forged]).json()
    assert answer["accepted"] == 0, "a change under another device's id taken from the rogue"
    assert [r["reason"] for r in answer["refused"]] == ["bad_signature"]
    genuine = change(victim["device_id"], 1, centre.id)
    assert centre.wire.push(victim["token"], [genuine]).json()["accepted"] == 1
    # a genuine change relayed by another device of the centre is still taken, and a
    # genuine one whose sealed value was swapped on the way is not
    relayed = change(victim["device_id"], 2, centre.id)
    assert centre.wire.push(rogue["token"], [relayed]).json()["accepted"] == 1
    swapped = {**change(victim["device_id"], 3, centre.id), "sealed": relayed["sealed"]}
    answer = centre.wire.push(rogue["token"], [swapped]).json()
    assert [r["reason"] for r in answer["refused"]] == ["bad_signature"]
    flags = centre.wire.get("/v1/flags", victim["token"]).json()["flags"]
    assert any(f["what"] == "bad_signature" and f["device_id"] == rogue["device_id"] for f in flags)
