"""Fixtures of the merge tests: two laptops of one centre (tests/sync/replicas.py); every
test's ``tmp_path`` on tmpfs (tests/tmpfs.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.replicas import replica
from tests.tmpfs import tmp_path_on_tmpfs


@pytest.fixture
def tmp_path(tmp_path: Path) -> Iterator[Path]:
    """pytest's folder, on tmpfs where there is one (vault commits fsync)."""
    yield from tmp_path_on_tmpfs(tmp_path)


@pytest.fixture
def laptops(tmp_path: Path, template_vault):
    a = replica(template_vault[0], tmp_path / "a")
    b = replica(template_vault[0], tmp_path / "b")
    yield a, b
    a.close()
    b.close()
