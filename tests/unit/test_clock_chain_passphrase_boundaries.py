"""Exact examples at the edges of three pure rules: the hybrid logical clock, the audit
chain's hash, and the passphrase and recovery-code rules.

The property tests in test_domain_rules.py hold for many inputs but not at these edges:
mutation testing (tools/mutation.py) changed `<` into `<=`, `+ 1` into `+ 2` or dropped
an argument here, and every test still passed.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from app.domain import hlc
from app.domain.audit import GENESIS_HASH, AuditEntry, entry_hash, first_broken
from app.domain.hlc import Timestamp
from app.domain.passphrase import (
    is_well_formed_recovery_code,
    normalise_passphrase,
    passphrase_problems,
)

# ---- hybrid logical clock -------------------------------------------------------------------


def test_tick_starts_a_new_millisecond_at_counter_zero() -> None:
    assert hlc.tick(None, 1000, "dev-a") == Timestamp(1000, 0, "dev-a")
    assert hlc.tick(Timestamp(900, 7, "dev-a"), 1000, "dev-a") == Timestamp(1000, 0, "dev-a")


def test_tick_in_the_same_or_an_earlier_millisecond_counts_up_by_one() -> None:
    last = Timestamp(1000, 4, "dev-a")
    assert hlc.tick(last, 1000, "dev-a") == Timestamp(1000, 5, "dev-a")
    assert hlc.tick(last, 990, "dev-a") == Timestamp(1000, 5, "dev-a")  # clock went back


@pytest.mark.parametrize(
    ("last", "remote", "now", "expected"),
    [
        # the local wall clock is ahead of everything seen: a new millisecond, counter 0
        (Timestamp(100, 3, "b"), Timestamp(120, 2, "r"), 200, Timestamp(200, 0, "b")),
        (None, Timestamp(120, 2, "r"), 200, Timestamp(200, 0, "b")),
        # the remote is ahead: take its time and count one past its counter
        (Timestamp(100, 3, "b"), Timestamp(150, 8, "r"), 120, Timestamp(150, 9, "b")),
        (None, Timestamp(150, 8, "r"), 120, Timestamp(150, 9, "b")),
        (None, Timestamp(0, 5, "r"), 0, Timestamp(0, 6, "b")),
        # the local clock is ahead of the remote: one past the local counter only
        (Timestamp(100, 1, "b"), Timestamp(50, 9, "r"), 80, Timestamp(100, 2, "b")),
        # all at the same millisecond: one past the larger counter
        (Timestamp(100, 1, "b"), Timestamp(100, 6, "r"), 90, Timestamp(100, 7, "b")),
        (Timestamp(100, 6, "b"), Timestamp(100, 1, "r"), 100, Timestamp(100, 7, "b")),
    ],
)
def test_receive_moves_just_past_what_it_has_seen(last, remote, now, expected) -> None:
    got = hlc.receive(last, remote, now, "b")
    assert got == expected
    assert got > remote and (last is None or got > last)


def test_timestamps_survive_encoding_with_dashes_in_the_device_id() -> None:
    """Device ids are UUIDs: the device part keeps its dashes."""
    stamp = Timestamp(1_700_000_000_123, 42, "3f2b9c1e-8d4a-4e7b-9a60-1c2d3e4f5a6b")
    assert stamp.encode() == "001700000000123-000042-3f2b9c1e-8d4a-4e7b-9a60-1c2d3e4f5a6b"
    assert Timestamp.decode(stamp.encode()) == stamp


# ---- audit chain ----------------------------------------------------------------------------


def test_entry_hash_is_sha256_of_the_documented_canonical_json() -> None:
    """Hashes already stored in vaults must verify after an upgrade: the canonical form is
    compact JSON, non-ASCII kept as UTF-8, in the order prev, seq, at, user, action,
    record, detail."""
    canonical = '["' + GENESIS_HASH + '",1,"2026-11-23T10:00:00Z","u1","view",null,"Zoé"]'
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert (
        entry_hash(
            prev_hash=GENESIS_HASH,
            seq=1,
            at="2026-11-23T10:00:00Z",
            user_id="u1",
            action="view",
            record_id=None,
            detail="Zoé",
        )
        == expected
    )


def test_a_chain_whose_link_is_broken_says_so() -> None:
    fields = {"seq": 1, "at": "t", "user_id": None, "action": "view", "record_id": None}
    first = AuditEntry(
        prev_hash=GENESIS_HASH,
        hash=entry_hash(prev_hash=GENESIS_HASH, detail="", **fields),
        detail="",
        **fields,
    )
    relinked = AuditEntry(
        prev_hash="f" * 64,
        hash=entry_hash(prev_hash="f" * 64, detail="", **{**fields, "seq": 2}),
        detail="",
        **{**fields, "seq": 2},
    )
    assert first_broken([first, relinked]) == (relinked, "does not link to the entry before it")


# ---- passphrases and recovery codes ---------------------------------------------------------

LENGTH = "Use at least {min_length} characters."
TOO_LONG = "Use at most 256 characters."
VARIETY = "Use more different characters."
NAME = "Do not use your user name in the passphrase."


def test_minimum_length_is_inclusive() -> None:
    assert LENGTH not in passphrase_problems("abcdefghijkl", "x", 12)  # 12 characters
    assert LENGTH in passphrase_problems("abcdefghijk", "x", 12)  # 11


def test_maximum_length_is_256_inclusive() -> None:
    ok = ("abcdefghij" * 26)[:256]
    assert TOO_LONG not in passphrase_problems(ok, "x", 12)
    assert TOO_LONG in passphrase_problems(ok + "k", "x", 12)


def test_four_different_characters_are_enough_three_are_not() -> None:
    assert VARIETY not in passphrase_problems("abcdabcdabcd", "x", 12)
    assert VARIETY in passphrase_problems("abcabcabcabc", "x", 12)


def test_a_user_name_of_three_letters_is_refused_inside_the_passphrase() -> None:
    assert NAME in passphrase_problems("the ada lighthouse", "Ada", 12)
    assert NAME not in passphrase_problems("the jo lighthouse", "Jo", 12)  # too short to matter


def test_a_passphrase_typed_composed_or_decomposed_is_the_same_bytes() -> None:
    composed, decomposed = "Zoé lighthouse", "Zoe\u0301 lighthouse"
    assert normalise_passphrase(decomposed) == normalise_passphrase(composed)
    assert normalise_passphrase(composed) == unicodedata.normalize("NFC", composed).encode("utf-8")


def test_a_recovery_code_needs_the_length_and_the_alphabet() -> None:
    assert is_well_formed_recovery_code("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567")
    assert not is_well_formed_recovery_code("ABCDE-FGHJK-MNPQR-STVWX-YZ012-3456U")  # U is not
    assert not is_well_formed_recovery_code("ABCDE-FGHJK-MNPQR-STVWX-YZ012-3456")  # 29
