"""Fixtures of the merge tests: two laptops of one centre (tests/sync/replicas.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.replicas import replica


@pytest.fixture
def laptops(tmp_path: Path, template_vault):
    a = replica(template_vault[0], tmp_path / "a")
    b = replica(template_vault[0], tmp_path / "b")
    yield a, b
    a.close()
    b.close()
