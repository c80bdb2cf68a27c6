"""``referral list --json`` output built by groups (``referrals.json_text``) is exactly
``json.dumps`` of each item, one per line, whatever the case numbers hold."""

from __future__ import annotations

import datetime as dt
import json

from app.services.referrals import ReferralItem, json_text


def test_json_text_is_json_dumps_of_every_item_line_by_line() -> None:
    day = dt.date(2026, 11, 2)
    items = [
        ReferralItem(
            f"id-{i}",
            f"case-{i}",
            number,
            "",
            "",
            ("guardian", "health")[i % 2],
            ("draft", "sent")[i % 3 == 0],
            bool(i % 5 == 0),
            bool(i % 7 == 0),
            None if i % 7 == 0 else day + dt.timedelta(days=i % 4),
            None if i % 7 == 0 else 25 - i % 4,
            None if i % 7 == 0 else 17 - i % 4,
        )
        for i, number in enumerate(
            ["NRC-2026-0001", 'quote " and \\ back', "tab\there", "نرک-۱", "line\u2028sep"] * 9
        )
    ]
    lines = json_text(items).split("\n")
    assert lines[-1] == "" and len(lines) == len(items) + 1
    for item, line in zip(items, lines, strict=False):
        assert line == json.dumps(item.as_json(), ensure_ascii=False)
        assert json.loads(line)["case_number"] == item.case_number
