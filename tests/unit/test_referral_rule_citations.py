"""Each rule of guardianship.md ([G1]-[G15]) and the firewall [R3] is cited in the code
that carries it and in a test named for it (the tests themselves fail when the rule
breaks; this keeps a rule from losing both silently)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = [f"G{i}" for i in range(1, 16)] + ["R3"]


def _text(folder: str) -> str:
    return "\n".join(p.read_text("utf-8") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("rule", RULES)
def test_rule_is_cited_in_code_and_in_a_test_name(rule: str) -> None:
    assert f"[{rule}]" in _text("app"), f"{rule} is cited nowhere in app/"
    names = re.findall(r"def (test_\w+)", _text("tests"))
    assert any(re.search(rf"(^|_){rule}(_|$)", n) for n in names), f"no test named for {rule}"
