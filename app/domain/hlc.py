"""Hybrid logical clock (pure): orders changes across devices whose clocks disagree.

A clock value is one 64-bit integer: milliseconds since 1970 in the high bits and a
counter in the low ``COUNTER_BITS``. Integer order is clock order, in Python and in SQL
alike. The counter only counts changes made within one millisecond; when it fills, it
carries into the milliseconds, so the clock never overflows and never goes back — it
runs a millisecond ahead instead (measured: a vault writes far fewer than 65,536
changes per millisecond). 47 bits of milliseconds reach the year 6429, so the value
stays below 2**63, a signed SQLite INTEGER.

(Until schema 5 the clock was the string ``"<15-digit ms>-<6-digit counter>-<device>"``;
string order broke past counter 999,999. Migration 5 converts old values.)

Ties between two devices' changes with the same value are broken by device id, which the
clock value does not hold (see ``wins``).
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
MAX_VALUE = (1 << 63) - 1
# [DESIGN: Records and sync] A clock value from another device may run ahead of ours by
# at most this much; further ahead, the change is kept as it came and flagged, and our
# clock moves only to the cap. One device with its date set a year ahead must not drag
# every later edit on every laptop a year ahead.
MAX_FORWARD_SKEW_MS = 24 * 60 * 60 * 1000


def pack(wall_ms: int, counter: int = 0) -> int:
    if wall_ms < 0 or counter < 0:
        raise ValueError("clock values are never negative")
    value = (wall_ms << COUNTER_BITS) + counter
    if value > MAX_VALUE:
        raise ValueError("clock value beyond the year 6429")
    return value


def wall_ms(value: int) -> int:
    """The milliseconds part: when the change was made, by the clock that made it."""
    return value >> COUNTER_BITS


def counter(value: int) -> int:
    return value & COUNTER_MASK


def tick(last: int | None, now_ms: int) -> int:
    """The next local clock value: later than ``last`` even if the wall clock went back."""
    now = pack(max(now_ms, 0))
    if last is None or now > last:
        return now
    return last + 1  # a full counter carries into the milliseconds


@dataclass(frozen=True)
class Received:
    clock: int  # our clock after seeing the remote value
    skewed: bool  # the remote value was further ahead than the cap allows


def receive(last: int | None, remote: int, now_ms: int) -> Received:
    """Advance the local clock past a value seen from another device, by at most the
    forward-skew cap beyond our own wall clock."""
    cap = pack(max(now_ms, 0) + MAX_FORWARD_SKEW_MS, COUNTER_MASK)
    skewed = remote > cap
    seen = min(remote, cap)
    base = max(seen, last if last is not None else 0)
    return Received(max(tick(base, now_ms), base + 1), skewed)


def wins(a_clock: int, a_device: bytes, b_clock: int, b_device: bytes) -> bool:
    """Whether change a beats change b on the same path: the later clock value wins;
    on a tie, the larger device id (any fixed order works, as long as every device
    uses the same one)."""
    return (a_clock, a_device) > (b_clock, b_device)
