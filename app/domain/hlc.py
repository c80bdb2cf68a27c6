"""Hybrid logical clock (pure): orders changes across devices whose clocks disagree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        # Fixed-width so that string order equals timestamp order in SQL.
        return f"{self.wall_ms:015d}-{self.counter:06d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, device = text.split("-", 2)
        return cls(int(wall), int(counter), device)


def tick(last: Timestamp | None, now_ms: int, device: str) -> Timestamp:
    """Next local timestamp: never goes backwards even if the wall clock does."""
    if last is None or now_ms > last.wall_ms:
        return Timestamp(now_ms, 0, device)
    return Timestamp(last.wall_ms, last.counter + 1, device)


def receive(last: Timestamp | None, remote: Timestamp, now_ms: int, device: str) -> Timestamp:
    """Advance the local clock past a timestamp seen from another device."""
    wall = max(now_ms, remote.wall_ms, last.wall_ms if last else 0)
    if last and wall == last.wall_ms and wall == remote.wall_ms:
        counter = max(last.counter, remote.counter) + 1
    elif last and wall == last.wall_ms:
        counter = last.counter + 1
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return Timestamp(wall, counter, device)
