"""Rule ids ([A14], [G9], [R3] …) belong in the code, the tests and a "why" tooltip, not in
what a child's guardian, a judge or a reception officer reads (issue 12: 5). Every message
of the UI catalogs, and so every label, message and document line drawn through them, is
free of them, in the template and in every translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
RULE_ID = re.compile(r"\[[ARG]\d+\]")


def test_no_catalog_message_carries_a_rule_id() -> None:
    found = []
    for path in sorted((ROOT / "translations").glob("**/*.po*")):
        with open(path, "rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                found += [
                    f"{path.relative_to(ROOT)}: {text!r}"
                    for text in (*ids, *texts)
                    if text and RULE_ID.search(text)
                ]
    assert found == []
