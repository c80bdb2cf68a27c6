"""Pure rules: passphrases, recovery codes, throttling, HLC, audit chain, roles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain import hlc
from app.domain.audit import GENESIS_HASH, AuditEntry, entry_hash, first_broken
from app.domain.passphrase import (
    RECOVERY_ALPHABET,
    format_recovery_code,
    is_well_formed_recovery_code,
    new_recovery_code,
    normalise_recovery_code,
    passphrase_problems,
    throttle_delay_seconds,
)
from app.domain.roles import Permission, Role, may


def test_passphrase_rules() -> None:
    assert passphrase_problems("anchor lighthouse 42", "Manager One", 12) == []
    assert "Use at least {min_length} characters." in passphrase_problems("short", "x", 12)
    assert "Use more different characters." in passphrase_problems("aaaaaaaaaaaaaa", "x", 12)
    assert "Do not use your user name in the passphrase." in passphrase_problems(
        "amira-test-passphrase", "Amira", 12
    )
    assert "This passphrase is too common." in passphrase_problems("password1234", "x", 12)


def test_recovery_code_is_grouped_and_forgiving() -> None:
    code = new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 6 and all(len(g) == 5 for g in groups)
    assert set(code.replace("-", "")) <= set(RECOVERY_ALPHABET)
    assert is_well_formed_recovery_code(code.lower().replace("-", " "))
    # Hand-copied look-alikes map to the same symbols.
    assert normalise_recovery_code("O1IL0-abc") == "0111" + "0ABC"
    assert format_recovery_code("ABCDEFGHJK") == "ABCDE-FGHJK"


def test_throttle_is_progressive_and_capped() -> None:
    delays = [throttle_delay_seconds(n) for n in range(12)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:8] == [1, 2, 4, 8, 16]
    assert max(delays) == 30 and delays == sorted(delays)


@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=50))
def test_hlc_never_goes_backwards(walls: list[int]) -> None:
    last = None
    stamps = []
    for wall in walls:
        last = hlc.tick(last, wall)
        stamps.append(last)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


@given(st.integers(0, 10**12), st.integers(0, 10**12), st.integers(0, 1000))
def test_hlc_receive_passes_remote(local_wall: int, remote_wall: int, counter: int) -> None:
    local = hlc.pack(local_wall)
    remote = hlc.pack(remote_wall, counter)
    now = max(local_wall, remote_wall)  # within the skew cap
    after = hlc.receive(local, remote, now)
    assert after.clock > remote and after.clock > local and not after.skewed


def _chain(n: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        fields = dict(seq=seq, at=f"t{seq}", user_id="u", action="view", record_id="r", detail="")
        digest = entry_hash(prev_hash=prev, **fields)
        entries.append(AuditEntry(prev_hash=prev, hash=digest, **fields))
        prev = digest
    return entries


def test_audit_chain_finds_first_break() -> None:
    chain = _chain(6)
    assert first_broken(chain) is None
    altered = list(chain)
    altered[2] = AuditEntry(**{**altered[2].__dict__, "action": "print"})
    entry, reason = first_broken(altered)
    assert entry.seq == 3 and reason == "was altered"
    missing = chain[:3] + chain[4:]
    assert first_broken(missing) == (4, "missing")


def test_roles() -> None:
    assert may(Role.INTERPRETER, Permission.SHOW_INFORMATION)
    assert not may(Role.INTERPRETER, Permission.READ_CASE)
    for role in (Role.INTAKE_OFFICER, Role.ASSESSOR, Role.INTERPRETER):
        assert not may(role, Permission.MANAGE_USERS)
        assert not may(role, Permission.PRINT_REFERRAL)
        assert not may(role, Permission.RESOLVE_CONFLICTS)
    assert all(may(Role.MANAGER, p) for p in Permission)


def test_record_ids_are_time_ordered_uuid7() -> None:
    import uuid

    from app.storage.ids import new_id

    ids = [new_id() for _ in range(2000)]
    parsed = [uuid.UUID(i) for i in ids]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert len(set(ids)) == len(ids)
    # ordered by millisecond: the 48-bit timestamp prefix never goes backwards
    stamps = [u.int >> 80 for u in parsed]
    assert stamps == sorted(stamps)


def test_recovery_code_typed_with_other_digits() -> None:
    # A code read aloud and typed on an Arabic or Persian keyboard: same digits, no crash.
    assert normalise_recovery_code("١٢٣ab-۴۵") == "123AB45"
