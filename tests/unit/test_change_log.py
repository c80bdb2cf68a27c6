"""The change log per path with item ids, on real vaults (issue 14, items 2, 3, 7).

Two copies of one vault stand for two laptops that worked apart: what each wrote must
name different paths whenever they changed different things, so that sync can merge
them without a conflict and without losing either.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.domain import paths
from app.domain.case import Birth, CaseDraft, FamilyMember, Names
from app.domain.roles import Role
from app.errors import InvalidInput, PermissionDenied, VaultCopied
from app.services import auth, cases, device, maintenance, users
from app.storage.records import Records
from tests.conftest import MANAGER, MANAGER_PASS, give_installation_id

OFFICER_PASS = "harbour officer 2026 lamp"
DATA = Path(__file__).resolve().parents[1] / "data" / "release_vault"


def _register(session) -> str:
    return cases.register_case(
        session,
        CaseDraft(
            names=Names(given="Amanuel", family="Tesfay", given_latin="Amanuel"),
            birth=Birth(declared_age=15),
            nationalities=["ER"],
        ),
    ).id


def _two_copies(vault_dir: Path, tmp_path: Path) -> tuple[str, Path, Path]:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    case_id = _register(session)
    session.close()
    laptop_a, laptop_b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(vault_dir, laptop_a)
    shutil.copytree(vault_dir, laptop_b)
    return case_id, laptop_a, laptop_b


def _edit(folder: Path, case_id: str, change) -> list:
    session = auth.sign_in(folder, MANAGER, MANAGER_PASS)
    try:
        draft = cases.open_case(session, case_id).draft
        cases.update_case(session, case_id, change(draft))
        return cases.case_history(session, case_id)
    finally:
        session.close()


def test_an_alias_and_a_latin_spelling_changed_apart_touch_different_paths(
    vault_dir: Path, tmp_path: Path
) -> None:
    case_id, a, b = _two_copies(vault_dir, tmp_path)
    on_a = _edit(
        a,
        case_id,
        lambda d: d.model_copy(update={"names": d.names.model_copy(update={"aliases": ["Amon"]})}),
    )
    on_b = _edit(
        b,
        case_id,
        lambda d: d.model_copy(
            update={"names": d.names.model_copy(update={"given_latin": "Amanuel T."})}
        ),
    )
    assert [e.path for e in on_a] == ["", "names.aliases"]
    assert [e.path for e in on_b] == ["", "names.given_latin"]
    assert on_a[-1].value == ["Amon"] and on_b[-1].value == "Amanuel T."
    # Both replaced the value the registration set: the same base on both laptops.
    assert on_a[-1].base == on_b[-1].base == on_a[0].seq


def test_two_family_members_added_apart_are_two_items(vault_dir: Path, tmp_path: Path) -> None:
    case_id, a, b = _two_copies(vault_dir, tmp_path)

    def add(member: FamilyMember):
        return lambda d: d.model_copy(update={"family": [*d.family, member]})

    on_a = _edit(a, case_id, add(FamilyMember(relation="sister", name="Selam")))
    on_b = _edit(b, case_id, add(FamilyMember(relation="uncle", name="Yonas")))
    path_a, path_b = on_a[-1].path, on_b[-1].path
    assert path_a.startswith("family.") and path_b.startswith("family.")
    assert path_a != path_b  # two items, not one list written twice
    # Applying laptop B's change to laptop A's record keeps both members.
    session = auth.sign_in(a, MANAGER, MANAGER_PASS)
    fields = Records(session.vault).get(case_id).fields
    session.close()
    merged = paths.apply("case", fields, path_b, on_b[-1].value)
    assert sorted(m["name"] for m in merged["family"]) == ["Selam", "Yonas"]


def test_an_edited_item_keeps_its_id_and_changes_one_path(manager) -> None:
    case_id = _register(manager)
    draft = cases.open_case(manager, case_id).draft
    cases.update_case(
        manager,
        case_id,
        draft.model_copy(update={"family": [FamilyMember(relation="sister", name="Selam")]}),
    )
    stored = cases.open_case(manager, case_id).draft.family[0]
    assert stored.id  # given by storage
    # A form that rebuilds the list without ids: the edited member keeps its id.
    cases.update_case(
        manager,
        case_id,
        draft.model_copy(update={"family": [FamilyMember(relation="sister", name="Selam T.")]}),
    )
    history = cases.case_history(manager, case_id)
    assert history[-1].path == f"family.{stored.id}"
    assert history[-1].value["name"] == "Selam T."
    assert cases.open_case(manager, case_id).draft.family[0].id == stored.id


def test_an_intake_autosave_adds_nothing_to_the_change_log(manager) -> None:
    before = manager.vault.query("SELECT count(*), max(seq) FROM change_log")[0]
    draft_id = cases.save_draft(manager, {"names": {"given": "Draft"}}, step=1)
    for n in range(5):
        cases.save_draft(manager, {"names": {"given": f"Draft {n}"}}, step=2, draft_id=draft_id)
    assert manager.vault.query("SELECT count(*), max(seq) FROM change_log")[0] == before
    assert cases.load_draft(manager, draft_id) == ({"names": {"given": "Draft 4"}}, 2)
    cases.discard_draft(manager, draft_id)
    assert cases.list_drafts(manager) == []


def test_the_clock_survives_a_restart_and_is_read_from_meta(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    _register(session)
    last = session.vault.clock
    stored = session.vault.query("SELECT max(hlc) FROM change_log")[0][0]
    session.close()
    assert last == stored
    again = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert again.vault.clock == last  # from meta: no scan of the log at sign-in
    assert again.vault.next_clock() > last
    again.close()


def test_a_stamp_a_year_ahead_moves_the_vault_clock_by_at_most_the_cap(manager) -> None:
    from app.domain import hlc

    now = manager.vault.next_clock()
    year_ahead = hlc.pack(hlc.wall_ms(now) + 365 * 24 * 3600 * 1000)
    assert manager.vault.saw_clock(year_ahead)  # flagged
    ahead = hlc.wall_ms(manager.vault.next_clock()) - hlc.wall_ms(now)
    assert ahead <= hlc.MAX_FORWARD_SKEW_MS + 1000


def test_a_copied_vault_folder_numbers_no_child_until_a_manager_confirms(
    vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    users.add_user(session, name="Officer Two", role=Role.INTAKE_OFFICER, passphrase=OFFICER_PASS)
    _register(session)
    original_device = session.vault.device_id
    session.close()
    copy = tmp_path / "imaged"
    shutil.copytree(vault_dir, copy)

    other_home = tmp_path / "other-laptop"
    monkeypatch.setenv("HARBOUR_HOME", str(other_home))  # another installation
    officer = auth.sign_in(copy, "Officer Two", OFFICER_PASS)
    assert device.needs_confirmation(officer)
    with pytest.raises(VaultCopied):
        _register(officer)
    with pytest.raises(PermissionDenied):
        device.confirm(officer, same_device=False)
    officer.close()

    manager = auth.sign_in(copy, MANAGER, MANAGER_PASS)
    device.confirm(manager, same_device=False)
    assert manager.vault.device_id != original_device
    row = cases.get_row(manager, _register(manager))
    assert row.case_number.endswith("0002")
    manager.close()
    # The next sign-in on this laptop asks nothing.
    again = auth.sign_in(copy, MANAGER, MANAGER_PASS)
    assert not device.needs_confirmation(again)
    again.close()

    # Back on the first laptop, nothing changed.
    give_installation_id(tmp_path / "home")
    monkeypatch.setenv("HARBOUR_HOME", str(tmp_path / "home"))
    first = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    assert not device.needs_confirmation(first) and first.vault.device_id == original_device
    first.close()


def test_a_vault_written_by_the_release_migrates_and_keeps_everything(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    shutil.copytree(DATA, folder)
    info = json.loads((DATA / "RELEASE.json").read_text("utf-8"))
    expected = json.loads((DATA / "EXPECTED.json").read_text("utf-8"))
    session = auth.sign_in(folder, *info["manager"])
    try:
        assert session.vault.query("PRAGMA user_version")[0][0] >= 5
        records = Records(session.vault)
        for record_id, meta in expected["records"].items():
            if meta["kind"] == "intake_draft":
                continue  # moved to the local drafts table
            stored = records.get(record_id)
            assert stored is not None and stored.kind == meta["kind"], record_id
            history = records.history(record_id)
            old = expected["history"][record_id]
            assert [[e.path, e.value, e.user_id, e.device_id] for e in history] == old
            assert all(e.model == 1 for e in history)
            assert [e.hlc for e in history] == sorted(e.hlc for e in history)
        # The draft is still there, as a draft.
        drafts = cases.list_drafts(session)
        assert [d.label for d in drafts] == ["Draft Child"]
        # Every audit entry, with its hash chain, unchanged.
        audit = session.vault.query(
            "SELECT seq, action, record_id, user_id, hash FROM audit WHERE seq <= ? ORDER BY seq",
            (len(expected["audit"]),),
        )
        assert [list(a) for a in audit] == expected["audit"]
        # Items back-filled with ids; the case opens and its links are there.
        first = cases.open_case(session, info["cases"]["first"])
        assert all(m.id for m in first.draft.family) and all(la.id for la in first.draft.languages)
        assert [link["id"] for link in first.links] == [info["link"]]
        assert [cases.get_row(session, c).case_number for c in info["cases"].values()] == info[
            "case_numbers"
        ]
        # New writes go on from where the old log stopped.
        top = session.vault.query("SELECT max(seq) FROM change_log")[0][0]
        case_id = _register(session)
        assert records.history(case_id)[0].seq > top
        assert maintenance.doctor(session).healthy
    finally:
        session.close()
    again = auth.sign_in(folder, *info["manager"])  # the stamp agrees after migration
    assert maintenance.doctor(again).healthy
    again.close()


def test_name_keys_from_an_older_matcher_are_rebuilt_at_unlock(vault_dir: Path) -> None:
    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    case_id = _register(session)
    keys = session.vault.query("SELECT key FROM name_keys WHERE record_id = ?", (case_id,))
    assert keys
    with session.vault.transaction() as conn:  # as an older Harbour left it
        conn.execute("DELETE FROM name_keys")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'name_key_version'")
    session.close()
    again = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    rebuilt = again.vault.query("SELECT key FROM name_keys WHERE record_id = ?", (case_id,))
    assert sorted(rebuilt) == sorted(keys)
    assert again.vault.meta("name_key_version") != "1"
    assert maintenance.doctor(again).healthy
    again.close()


def test_a_unit_of_work_commits_all_of_its_writes_or_none(manager) -> None:
    records = Records(manager.vault)
    before = manager.vault.query("SELECT count(*) FROM change_log")[0][0]
    with pytest.raises(RuntimeError), records.unit(user_id=manager.user.id) as unit:
        first = unit.insert("note", {"text": "one"})
        assert unit.get(first) is not None  # the unit reads its own writes
        unit.insert("note", {"text": "two"})
        raise RuntimeError("the use case fails half-way")
    assert manager.vault.query("SELECT count(*) FROM change_log")[0][0] == before
    assert records.get(first) is None
    with records.unit(user_id=manager.user.id) as unit:
        a = unit.insert("note", {"text": "one"})
        unit.update(a, {"text": "one, edited"})
    assert [e.path for e in records.history(a)] == ["", "text"]


def test_registering_from_a_draft_removes_the_draft_in_the_same_transaction(manager) -> None:
    draft_id = cases.save_draft(manager, {"names": {"given": "Amanuel"}}, step=3)
    cases.register_case(
        manager,
        CaseDraft(names=Names(given="Amanuel"), birth=Birth(declared_age=15)),
        draft_id=draft_id,
    )
    assert cases.list_drafts(manager) == []


def test_registering_with_a_duplicate_decision_is_one_transaction(manager) -> None:
    from app.domain.case import SpecialCategories

    first = _register(manager)
    count = cases.count_cases(manager)
    with pytest.raises(InvalidInput):  # a decision about a case that is not there
        cases.register_case(
            manager,
            CaseDraft(names=Names(given="Amanuel"), birth=Birth(declared_age=15)),
            decision=cases.DuplicateDecision("no-such-case", False, "different photo"),
        )
    assert cases.count_cases(manager) == count  # nothing registered
    row = cases.register_case(
        manager,
        CaseDraft(names=Names(given="Amanuel"), birth=Birth(declared_age=15)),
        special=SpecialCategories(),
        decision=cases.DuplicateDecision(first, False, "different photo"),
    )
    links = cases.open_case(manager, row.id).links
    assert [(link["case_b"], link["decision"]) for link in links] == [(first, "different_child")]


def test_items_written_before_their_list_had_ids_get_ids_at_the_next_change() -> None:
    """A referral's history became an item list after referrals existed: entries stored
    with an empty id are named by position, and an edit gives them real ids."""
    old = {"history": [{"id": "", "state": "draft"}, {"id": "", "state": "sent"}]}
    assert set(paths.flatten("referral", old)) == {"history.#0", "history.#1"}
    fresh = iter(["a1", "b2", "c3"])
    new = {"history": [*old["history"], {"state": "accepted"}]}
    aligned = paths.align_items("referral", old, new, lambda: next(fresh))
    ids = [item["id"] for item in aligned["history"]]
    assert all(ids) and len(set(ids)) == 3


def test_a_folder_or_link_at_the_installation_file_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.errors import InstallationFileForeign
    from app.storage.installation import installation_id

    home = tmp_path / "attacked"
    monkeypatch.setenv("HARBOUR_HOME", str(home))
    (home / "data" / "installation-id").mkdir(parents=True)
    with pytest.raises(InstallationFileForeign):
        installation_id()
    (home / "data" / "installation-id").rmdir()
    (home / "data" / "installation-id").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(InstallationFileForeign):
        installation_id()
    (home / "data" / "installation-id").unlink()
    (home / "data" / "installation-id").write_text("not an id", "ascii")
    assert installation_id() == installation_id()  # a damaged id is replaced once
