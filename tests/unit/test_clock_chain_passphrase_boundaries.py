"""Exact examples at the edges of three pure rules: the hybrid logical clock, the audit
chain's hash, and the passphrase and recovery-code rules.

The property tests in test_domain_rules.py hold for many inputs but not at these edges:
mutation testing (tools/mutation.py) changed `<` into `<=`, `+ 1` into `+ 2` or dropped
an argument here, and every test still passed.
"""

from __future__ import annotations

import hashlib
import unicodedata

from app.domain import hlc
from app.domain.audit import GENESIS_HASH, AuditEntry, entry_hash, first_broken
from app.domain.passphrase import (
    is_well_formed_recovery_code,
    normalise_passphrase,
    passphrase_problems,
)

# ---- hybrid logical clock (issue 14: one 64-bit integer) ------------------------------------
P = hlc.pack


def test_tick_starts_a_new_millisecond_at_counter_zero() -> None:
    assert hlc.tick(None, 1000) == P(1000, 0)
    assert hlc.tick(P(900, 7), 1000) == P(1000, 0)


def test_tick_in_the_same_or_an_earlier_millisecond_counts_up_by_one() -> None:
    last = P(1000, 4)
    assert hlc.tick(last, 1000) == P(1000, 5)
    assert hlc.tick(last, 990) == P(1000, 5)  # the wall clock went back


def test_order_holds_where_the_old_string_counter_overflowed() -> None:
    """Schema 4's counter was six decimal digits in a string: past 999,999 string order
    (what SQL sorted) broke. Integers have no such edge; a full counter carries."""
    old_edge = [P(5000, 999_999 % 65536), P(5000, 1_000_000 % 65536)]
    assert hlc.tick(P(5000, hlc.COUNTER_MASK), 5000) == P(5001, 0)  # the carry
    stamps, last = [], None
    for _ in range(1_000_001):  # a million changes in one millisecond
        last = hlc.tick(last, 5000)
        stamps.append(last)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert hlc.wall_ms(stamps[-1]) == 5000 + 1_000_000 // 65536
    assert old_edge[0] != old_edge[1]


def test_receive_moves_just_past_what_it_has_seen() -> None:
    assert hlc.receive(P(100, 3), P(120, 2), 200) == hlc.Received(P(200, 0), False)
    assert hlc.receive(None, P(120, 2), 200) == hlc.Received(P(200, 0), False)
    assert hlc.receive(P(100, 3), P(300, 2), 200) == hlc.Received(P(300, 3), False)
    assert hlc.receive(P(300, 9), P(300, 2), 200) == hlc.Received(P(300, 10), False)


def test_a_stamp_a_year_ahead_moves_the_clock_by_at_most_the_cap() -> None:
    now = 1_800_000_000_000
    year = 365 * 24 * 3600 * 1000
    after = hlc.receive(P(now), P(now + year), now)
    assert after.skewed
    assert hlc.wall_ms(after.clock) - now <= hlc.MAX_FORWARD_SKEW_MS + 1
    # The next local edit is not dragged a year ahead either.
    assert hlc.wall_ms(hlc.tick(after.clock, now + 1)) - now <= hlc.MAX_FORWARD_SKEW_MS + 1
    just_inside = hlc.receive(P(now), P(now + hlc.MAX_FORWARD_SKEW_MS), now)
    assert not just_inside.skewed


def test_ties_are_broken_by_device_id() -> None:
    assert hlc.wins(P(10, 1), b"\x02", P(10, 1), b"\x01")
    assert not hlc.wins(P(10, 1), b"\x01", P(10, 1), b"\x02")
    assert hlc.wins(P(10, 2), b"\x01", P(10, 1), b"\x09")


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
