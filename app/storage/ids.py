"""Record and change ids: UUID version 7 (time-ordered, RFC 9562).

Random UUIDv4 keys scatter inserts over the whole B-tree, so a big vault reads and
decrypts a random page for almost every insert; time-ordered ids keep inserts at the
right edge of the index. The 74 random bits still make ids unguessable and unique
across devices.
"""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80  # unix_ts_ms
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return str(uuid.UUID(int=value))
