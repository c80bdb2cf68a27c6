"""One entry of a record's change history, as services and screens see it (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain import hlc
from app.domain.paths import REMOVED, ROOT


@dataclass(frozen=True)
class HistoryEntry:
    seq: int  # order of arrival on this laptop
    change_id: str
    record_id: str
    kind: str
    path: str  # "" = the whole record (its creation); "names.given"; "family.<item id>"
    value: Any  # REMOVED when the path was taken away
    hlc: int
    user_id: str | None
    device_id: str
    device_seq: int
    base: int | None  # seq of the change this one replaced
    model: int  # 1: a whole section per change (schema 4 and older)

    @property
    def field(self) -> str:
        """The top-level field the path belongs to ("" for a whole record)."""
        return self.path.split(".", 1)[0]

    @property
    def removed(self) -> bool:
        return self.value is REMOVED

    @property
    def creates_record(self) -> bool:
        return self.path == ROOT

    @property
    def at(self) -> str:
        """When the change was made (by the writing device's clock), ISO 8601, UTC."""
        moment = dt.datetime.fromtimestamp(hlc.wall_ms(self.hlc) / 1000, tz=dt.UTC)
        return moment.isoformat(timespec="seconds")
