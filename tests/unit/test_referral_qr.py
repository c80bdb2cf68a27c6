"""The referral form's QR code comes from reportlab's encoder loaded on its own (no barcode
package, no platypus at the first print): the squares are exactly those reportlab's
``QrCodeWidget`` draws, for case numbers of every shape."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.reports.referral_form import QR_SIZE, qr_squares


@pytest.mark.parametrize("value", ["NRC-2026-0042", "BC-2026-63557", "X", "NRC-2026-0001-ABCD"])
def test_qr_squares_are_the_widgets_squares(value: str) -> None:
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(value, barLevel="M", barWidth=QR_SIZE, barHeight=QR_SIZE)
    expected = [
        (round(s.x, 6), round(s.y, 6), round(s.width, 6), round(s.height, 6))
        for s in widget.draw().contents
        if s.fillColor is not None
    ]
    box, runs = qr_squares(value, QR_SIZE)
    assert [(round(x, 6), round(y, 6), round(w, 6), round(box, 6)) for x, y, w in runs] == expected


def test_a_first_print_loads_neither_the_barcode_package_nor_platypus() -> None:
    code = (
        "import sys; from bench.referral_pdf import sample;"
        " from app.reports.referral_form import build_referral_pdf;"
        " build_referral_pdf(sample('health', 'en'));"
        " print(sorted(m for m in ('reportlab.graphics.barcode', 'reportlab.platypus')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
