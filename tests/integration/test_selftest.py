"""The installed app can check itself: ``python -m ui --self-test``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.selftest import NAMES, STEPS, pdf_lines


@pytest.mark.slow
def test_self_test_passes_and_leaves_nothing(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HARBOUR_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Harbour ")
    assert [line.split(":")[0] for line in lines[1:]] == [f"ok    {step}" for step in STEPS]
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith("harbour-selftest-")]
    assert leftovers == []


def test_the_self_tests_pdf_reader_agrees_with_pdfminer() -> None:
    """The bundle reads its document back without a PDF library (ui/selftest.py): on the
    same document it must give what pdfminer.six gives, line for line."""
    import io

    from pdfminer.high_level import extract_text

    from app.i18n import set_language
    from app.reports.layout import Document

    set_language("en")
    doc = Document(title="Self-test", case_number="SELF-TEST-0001")
    doc.section("Names")
    for language, name in NAMES.items():
        doc.pair(language, name)
    pdf = doc.build()
    mined = [line for line in extract_text(io.BytesIO(pdf)).splitlines() if line.strip()]
    assert pdf_lines(pdf) == mined
    for language, name in NAMES.items():
        assert f"{language}: {name}" in mined
