"""The sync server end to end: `harbour serve` on 127.0.0.1 over SQLite and PostgreSQL,
spoken to over HTTP exactly as docs/sync.md says (bodies gzip-compressed)."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.domain.audit import GENESIS_HASH, entry_hash
from app.sync import wire
from server import migrations as m
from server.store import Store
from tests.server.conftest import Centre
from tests.server.harness import ServerProcess, b64, change, harbour

pytestmark = pytest.mark.slow


def held(admin: Store, scope: str) -> int:
    with admin.engine.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(m.changes).where(m.changes.c.scope == scope)
        ).scalar()
    return int(count or 0)


def flags_of(centre: Centre, token: str) -> list[dict[str, Any]]:
    response = centre.wire.get("/v1/flags", token)
    assert response.status_code == 200, response.text
    return list(response.json()["flags"])


def test_health_names_the_protocol_and_another_protocol_gets_426(centre: Centre) -> None:
    health = centre.wire.get("/health", protocol=None)
    assert health.json() == {"status": "ok", "protocol": wire.PROTOCOL_VERSION}
    token = centre.enrol()["token"]
    body = {"protocol": 2, "changes": []}
    answer = centre.wire.post("/v1/push", body, token)
    assert answer.status_code == 426
    assert answer.json()["code"] == "protocol_mismatch"
    assert "protocol 1" in answer.json()["message"]
    assert centre.wire.get("/v1/pull?cursor=0", token, protocol=2).status_code == 426
    assert centre.wire.get("/v1/pull?cursor=0", token, protocol=None).status_code == 426
    assert centre.wire.enrol(centre.code_for(), protocol=7).status_code == 426


def test_enrolment_first_device_active_later_pending_until_a_manager_approves(
    centre: Centre,
) -> None:
    first = centre.enrol("Front desk")
    assert first["status"] == "active" and first["manager"] is True
    assert first["device_code"] == "A" and first["centre_id"] == centre.id
    assert first["centre_code"] == centre.code and first["organisation"] == "Synthetic Aid Org"
    second = centre.enrol("Back office")
    assert second["status"] == "pending" and second["device_code"] == "B"
    # A pending device may only poll its state and keys.
    state = centre.wire.get("/v1/state", second["token"])
    assert state.status_code == 200 and state.json()["status"] == "pending"
    refused = centre.wire.push(second["token"], [])
    assert refused.status_code == 403 and refused.json()["code"] == "pending"
    # Only a manager's device manages devices.
    assert centre.wire.get("/v1/devices", second["token"]).status_code == 403
    listed = centre.wire.get("/v1/devices", first["token"]).json()["devices"]
    assert [(d["device_code"], d["status"]) for d in listed] == [("A", "active"), ("B", "pending")]
    key = {
        "device_id": second["device_id"],
        "key_id": "00112233aabbccdd",
        "wrapped": b64(b"k" * 60),
    }
    path = f"/v1/devices/{second['device_id']}/approve"
    approve = {"protocol": 1, "wrapped_keys": [key]}
    assert centre.wire.post(path, approve, second["token"]).status_code == 403
    done = centre.wire.post(path, approve, first["token"])
    assert done.status_code == 200, done.text
    state = centre.wire.get("/v1/state", second["token"]).json()
    assert state["status"] == "active"
    assert state["wrapped_keys"] == [{**key, "by_device": first["device_id"]}]
    assert centre.wire.push(second["token"], []).status_code == 200
    assert centre.wire.post(path, approve, first["token"]).status_code == 409


def test_enrolment_codes_wrong_reused_or_expired_are_refused(centre: Centre) -> None:
    code = centre.code_for()
    assert centre.wire.enrol(code).status_code == 201
    reused = centre.wire.enrol(code)
    assert (reused.status_code, reused.json()["code"]) == (403, "enrol_code_used")
    stale = centre.code_for(now=datetime.now(UTC) - timedelta(minutes=16))
    expired = centre.wire.enrol(stale)
    assert (expired.status_code, expired.json()["code"]) == (403, "enrol_code_expired")
    wrong = centre.wire.enrol("0" * 26)
    assert (wrong.status_code, wrong.json()["code"]) == (403, "enrol_code_invalid")
    # Read aloud: lower case, no hyphens, O for 0 and I or L for 1 all still work.
    code = centre.code_for()
    spoken = code.replace("-", "").lower().replace("0", "o").replace("1", "l")
    assert centre.wire.enrol(spoken).status_code == 201


def test_push_is_idempotent_and_pull_resumes_by_cursor_in_batches(centre: Centre) -> None:
    device = centre.enrol()
    token, me = device["token"], device["device_id"]
    batch = [change(me, seq, centre.id) for seq in range(1, 31)]
    first = centre.wire.push(token, batch).json()
    assert (first["accepted"], first["already_held"], first["refused"]) == (30, 0, [])
    assert first["device_high"] == 30
    again = centre.wire.push(token, batch).json()
    assert (again["accepted"], again["already_held"]) == (0, 30)
    assert centre.admin is not None and held(centre.admin, centre.id) == 30
    cursor, seen, rounds = 0, [], 0
    while True:
        page = centre.wire.get(f"/v1/pull?cursor={cursor}&limit=7", token).json()
        seen += page["changes"]
        assert page["cursor"] >= cursor
        cursor, rounds = page["cursor"], rounds + 1
        if not page["more"]:
            break
    assert rounds == 5 and [c["change_id"] for c in seen] == [c["change_id"] for c in batch]
    assert seen[0] == batch[0]  # sealed bytes and metadata come back as they went
    late = centre.wire.get(f"/v1/pull?cursor={cursor}", token).json()
    # at_cursor: the change held where the laptop stopped (a restored server has another)
    assert late == {
        "changes": [],
        "cursor": cursor,
        "more": False,
        "at_cursor": batch[-1]["change_id"],
    }
    state = centre.wire.get("/v1/state", token).json()
    assert state["device_high"] == 30
    bad = centre.wire.get("/v1/pull?cursor=-1", token)
    assert bad.status_code == 422


def test_a_device_sequence_reused_under_another_change_is_refused_and_flagged(
    centre: Centre,
) -> None:
    device = centre.enrol()
    token, me = device["token"], device["device_id"]
    centre.wire.push(token, [change(me, 1, centre.id), change(me, 2, centre.id)])
    clone = change(me, 2, centre.id)
    fresh = change(me, 3, centre.id)
    answer = centre.wire.push(token, [clone, fresh]).json()
    assert answer["accepted"] == 1
    assert answer["refused"] == [{"change_id": clone["change_id"], "reason": "cloned_vault"}]
    assert held(centre.admin, centre.id) == 3
    assert [f["what"] for f in flags_of(centre, token)] == ["cloned_vault"]
    info = centre.wire.get("/v1/state", token).json()["devices"][0]
    assert info["flags"] == ["cloned_vault"]
    # Two changes of one batch with one sequence: the second is the clone.
    a, b = change(me, 9, centre.id), change(me, 9, centre.id)
    answer = centre.wire.push(token, [a, b]).json()
    assert answer["accepted"] == 1 and answer["refused"][0]["change_id"] == b["change_id"]


def test_a_device_sees_only_its_centre(centre: Centre, other_centre: Centre) -> None:
    a = centre.enrol()
    b = other_centre.enrol()
    other_centre.wire.push(b["token"], [change(b["device_id"], 1, other_centre.id)])
    centre.wire.push(a["token"], [change(a["device_id"], 1, centre.id)])
    mine = centre.wire.get("/v1/pull?cursor=0", a["token"]).json()["changes"]
    assert {c["scope"] for c in mine} == {centre.id}
    into_b = change(a["device_id"], 2, other_centre.id)
    as_b = change(b["device_id"], 2, centre.id)
    answer = centre.wire.push(a["token"], [into_b, as_b]).json()
    assert sorted(r["reason"] for r in answer["refused"]) == ["unknown_device", "wrong_scope"]
    assert held(centre.admin, other_centre.id) == 1
    # A manager of one centre cannot reach the devices of another.
    path = f"/v1/devices/{b['device_id']}/revoke"
    assert centre.wire.post(path, {"protocol": 1}, a["token"]).status_code == 404


def test_a_revoked_device_is_refused_on_its_next_request(centre: Centre, home: Any) -> None:
    manager = centre.enrol("Manager laptop")
    other = centre.enrol("Old laptop", manager=True)
    key = {"device_id": other["device_id"], "key_id": "00112233aabbccdd", "wrapped": b64(b"k" * 60)}
    centre.wire.post(
        f"/v1/devices/{other['device_id']}/approve",
        {"protocol": 1, "wrapped_keys": [key]},
        manager["token"],
    )
    assert centre.wire.get("/v1/state", other["token"]).status_code == 200
    done = harbour(
        "server",
        "revoke",
        "--store",
        centre.admin.url,
        "--device",
        other["device_id"],
        env={"HARBOUR_HOME": str(home)},
    )
    assert done.returncode == 0 and done.stdout.count("\n") == 1, done.stderr
    for answer in (
        centre.wire.get("/v1/state", other["token"]),
        centre.wire.push(other["token"], [change(other["device_id"], 1, centre.id)]),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "revoked"
        assert "revoked" in answer.json()["message"]
    assert held(centre.admin, centre.id) == 0
    wrong = centre.wire.get("/v1/state", manager["device_id"] + ".nottherightsecret")
    assert wrong.status_code == 401


def test_malformed_or_oversized_pushes_get_4xx_and_store_nothing(centre: Centre) -> None:
    device = centre.enrol()
    token, me = device["token"], device["device_id"]
    good = [change(me, seq, centre.id) for seq in range(1, 4)]

    def refused(body: dict[str, Any] | bytes, status: int, **kw: Any) -> dict[str, Any]:
        answer = centre.wire.post("/v1/push", body, token, **kw)
        assert answer.status_code == status, answer.text
        error = wire.ErrorBody.model_validate_json(answer.text)
        assert error.message
        return dict(answer.json())

    refused(b"{not json", 400)
    refused(b"\x1f\x8b\x08garbage", 400, encoding=None)  # claims nothing, is not JSON
    answer = centre.wire.http.post(
        "/v1/push",
        content=b"not gzip at all",
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 400
    refused(b"[1, 2]", 400)
    one_bad = [*good[:2], {**good[2], "device_seq": "3"}]
    error = refused({"protocol": 1, "changes": one_bad}, 422)
    assert "changes.2.device_seq" in error["message"]
    refused({"protocol": 1, "changes": good, "extra": True}, 422)
    refused({"protocol": 1, "changes": [{**good[0], "sealed": "%%%"}]}, 422)
    many = [change(me, seq, centre.id) for seq in range(1, wire.MAX_CHANGES_PER_PUSH + 2)]
    error = refused({"protocol": 1, "changes": many}, 413)
    assert str(wire.MAX_CHANGES_PER_PUSH) in error["message"]
    # A small gzip that inflates past 4 MiB is stopped, not inflated.
    pad = "x" * (wire.MAX_BODY_BYTES + 10)
    refused(json.dumps({"protocol": 1, "changes": [], "pad": pad}).encode(), 413)
    # The same past 4 MiB sent uncompressed.
    big = {"protocol": 1, "changes": [], "pad": base64.b64encode(os.urandom(3_300_000)).decode()}
    refused(big, 413, encoding=None)
    assert held(centre.admin, centre.id) == 0
    assert centre.wire.push(token, good).json()["accepted"] == 3
    # Bodies compressed or not are both read; answers come back gzip when asked.
    answer = centre.wire.post("/v1/push", {"protocol": 1, "changes": good}, token, encoding=None)
    assert answer.json()["already_held"] == 3
    page = centre.wire.http.get(
        "/v1/pull?cursor=0",
        headers={"Authorization": f"Bearer {token}", wire.PROTOCOL_HEADER: "1"},
    )
    assert page.headers.get("content-encoding") == "gzip"


def _chain(
    count: int, start: int = 1, prev: str = GENESIS_HASH, tag: str = ""
) -> list[dict[str, Any]]:
    entries = []
    for seq in range(start, start + count):
        fields = {
            "seq": seq,
            "at": f"2026-03-01T10:{seq % 60:02d}:00+00:00",
            "user_id": None,
            "action": "view",
            "record_id": None,
            "detail": f"entry {seq}{tag}",
        }
        digest = entry_hash(prev_hash=prev, **fields)  # type: ignore[arg-type]
        entries.append({**fields, "prev_hash": prev, "hash": digest})
        prev = digest
    return entries


def test_audit_anchor_extends_and_flags_a_head_behind_or_forked(centre: Centre) -> None:
    device = centre.enrol()
    token = device["token"]
    chain = _chain(10)
    first = centre.wire.push(token, [], chain[:5]).json()["audit_receipt"]
    assert first == {"anchor": {"seq": 5, "hash": chain[4]["hash"]}, "stored": 5, "problem": None}
    # Sent again with more (a lost answer): the overlap agrees, the rest extends.
    second = centre.wire.push(token, [], chain[3:8]).json()["audit_receipt"]
    assert second["anchor"]["seq"] == 8 and second["stored"] == 3 and second["problem"] is None
    # The first request (entries 1-5, written when nothing was anchored) delivered late:
    # compared by the chain position it says it extends (0), not by arrival: no alarm.
    late = {"protocol": 1, "changes": [], "audit": chain[:5], "audit_after": 0}
    late_receipt = centre.wire.post("/v1/push", late, token).json()["audit_receipt"]
    assert late_receipt == {
        "anchor": {"seq": 8, "hash": chain[7]["hash"]},
        "stored": 0,
        "problem": None,
    }
    # A laptop restored from an older backup: its head (6) is behind the anchor (8), and
    # it says it extends the current anchor (it read it from /v1/state), or does not say.
    restored = {"protocol": 1, "changes": [], "audit": chain[5:6], "audit_after": 8}
    behind = centre.wire.post("/v1/push", restored, token).json()["audit_receipt"]
    assert behind["problem"] == "behind" and behind["anchor"]["seq"] == 8
    behind = centre.wire.push(token, [], chain[:6]).json()["audit_receipt"]
    assert behind["problem"] == "behind" and behind["anchor"]["seq"] == 8
    # Another history at an anchored sequence.
    fork = _chain(9, tag=" rewritten")
    forked = centre.wire.push(token, [], fork[6:9]).json()["audit_receipt"]
    assert forked["problem"] == "forked" and forked["stored"] == 0
    # Saying it extends an older anchor does not hide a different history.
    old_fork = {"protocol": 1, "changes": [], "audit": fork[5:7], "audit_after": 5}
    forked = centre.wire.post("/v1/push", old_fork, token).json()["audit_receipt"]
    assert forked["problem"] == "forked" and forked["stored"] == 0
    # A chain that continues from another head than the anchor.
    other = _chain(2, start=9, prev="f" * 64)
    assert centre.wire.push(token, [], other).json()["audit_receipt"]["problem"] == "forked"
    # An altered entry.
    altered = [{**chain[8], "detail": "changed"}]
    assert centre.wire.push(token, [], altered).json()["audit_receipt"]["problem"] == "broken"
    state = centre.wire.get("/v1/state", token).json()
    assert state["audit_anchor"] == {"seq": 8, "hash": chain[7]["hash"]}
    assert [f["what"] for f in flags_of(centre, token)] == [
        "audit_behind",
        "audit_behind",
        "audit_forked",
        "audit_forked",
        "audit_forked",
        "audit_broken",
    ]
    assert centre.wire.push(token, [], chain[8:]).json()["audit_receipt"]["anchor"]["seq"] == 10


def test_a_signed_audit_head_must_verify_with_the_devices_key(centre: Centre) -> None:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    answer = centre.wire.enrol(centre.code_for(), signing_key=b64(public))
    device = answer.json()
    chain = _chain(3)

    def signed(entries: list[dict[str, Any]], signer: Ed25519PrivateKey) -> dict[str, Any]:
        head = entries[-1]
        message = wire.audit_anchor_message(device["device_id"], head["seq"], head["hash"])
        body = {"protocol": 1, "changes": [], "audit": entries}
        return {**body, "audit_signature": b64(signer.sign(message))}

    forged = signed(chain, Ed25519PrivateKey.generate())
    receipt = centre.wire.post("/v1/push", forged, device["token"]).json()["audit_receipt"]
    assert receipt["problem"] == "bad_signature" and receipt["anchor"] is None
    receipt = centre.wire.post("/v1/push", signed(chain, key), device["token"]).json()
    assert receipt["audit_receipt"]["anchor"]["seq"] == 3


def test_the_server_logs_no_payload(server: ServerProcess, centre: Centre) -> None:
    device = centre.enrol("Canary laptop Zeynab")
    sealed = b64(b"Zeynab Canary" + os.urandom(30))
    centre.wire.push(device["token"], [change(device["device_id"], 1, centre.id, sealed=sealed)])
    centre.wire.post("/v1/push", b"{broken Zeynab", device["token"])
    log = server.output()
    assert "Zeynab" not in log and sealed not in log and device["token"] not in log
