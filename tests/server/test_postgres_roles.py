"""The README's PostgreSQL roles (server/postgres_roles.sql): the server works as
harbour_app, and harbour_app cannot update or delete a change or an audit entry."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from server.store import Store
from tests.server.harness import Wire, b64, change, harbour, start_server
from tests.server.test_server import _chain

pytestmark = pytest.mark.slow

ROLES = Path(__file__).resolve().parents[2] / "server" / "postgres_roles.sql"


def test_the_server_runs_as_a_role_that_cannot_alter_changes(pg: Any, tmp_path: Path) -> None:
    name = f"roles_{uuid.uuid4().hex[:12]}"
    app_role = f"app_{uuid.uuid4().hex[:8]}"
    pg.psql(f"CREATE DATABASE {name};")
    pg.psql(f"CREATE ROLE {app_role} LOGIN;")
    owner_url = pg.get_uri(name)
    done = harbour("server", "init", "--store", owner_url, env={"HARBOUR_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    owner = Store(owner_url)
    grants = ROLES.read_text("utf-8").replace("harbour_app", app_role)
    with owner.engine.begin() as conn:
        conn.exec_driver_sql(grants)
    owner.add_centre("NRC", "North")
    code = owner.issue_enrol_code("NRC")
    second_code = owner.issue_enrol_code("NRC")
    app_url = owner_url.replace("postgresql://postgres:", f"postgresql://{app_role}:", 1)
    server = start_server(app_url, tmp_path / "server.log")
    wire_ = Wire(server.url)
    try:
        device = wire_.enrol(code).json()
        centre_id = device["centre_id"]
        changes = [change(device["device_id"], seq, centre_id) for seq in (1, 2)]
        answer = wire_.push(device["token"], changes)
        assert answer.status_code == 200 and answer.json()["accepted"] == 2, answer.text
        assert wire_.push(device["token"], changes).json()["already_held"] == 2
        page = wire_.get("/v1/pull?cursor=0", device["token"]).json()
        assert len(page["changes"]) == 2
        # Clone refusal (a flag), audit anchoring, approval with wrapped keys: all allowed.
        clone = change(device["device_id"], 2, centre_id)
        assert wire_.push(device["token"], [clone]).json()["refused"][0]["reason"] == (
            "cloned_vault"
        )
        receipt = wire_.push(device["token"], [], _chain(3)).json()["audit_receipt"]
        assert receipt["stored"] == 3
        second = wire_.enrol(second_code).json()
        key = {"device_id": second["device_id"], "key_id": "0" * 16, "wrapped": b64(b"k" * 60)}
        approved = wire_.post(
            f"/v1/devices/{second['device_id']}/approve",
            {"protocol": 1, "wrapped_keys": [key]},
            device["token"],
        )
        assert approved.status_code == 200, approved.text
    finally:
        wire_.close()
        server.stop()
    as_app = Store(app_url)
    try:
        for statement in ("UPDATE changes SET path = 'x'", "DELETE FROM changes"):
            with (
                pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
                as_app.engine.begin() as conn,
            ):
                conn.exec_driver_sql(statement)
    finally:
        as_app.close()
        owner.close()
