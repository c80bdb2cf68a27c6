"""The age-assessment record PDF, read back: names in logical order, fonts embedded."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.domain.age import AgeRange, Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, CaseDraft, Names
from app.domain.roles import Profession, Role
from app.services import age, auth, cases, files, users
from tests.integration.helpers import assert_ok, harbour

pytestmark = pytest.mark.slow
DAY = dt.date.today()
NAMES = [("محمد", "علي", "Mohammed", "Ali"), ("ተስፋይ", "ሃይለ", "Tesfay", "Haile")]
PASS = {"Social Sam": "harbour lamp 2026 one", "Doctor Dana": "harbour lamp 2026 two"}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def logical_text(pdf: Path) -> str:
    """Text in reading order: pdfminer.six follows the content stream, where the engine
    writes each line's text in logical order (app/reports/text.py)."""
    from pdfminer.high_level import extract_text

    return normalise(extract_text(str(pdf)))


def concluded_case(vault_dir: Path, manager, names: tuple[str, str, str, str]) -> str:
    given, family, given_latin, family_latin = names
    case = cases.register_case(
        manager,
        CaseDraft(
            names=Names(
                given=given, family=family, given_latin=given_latin, family_latin=family_latin
            ),
            birth=Birth(declared_age=16),
        ),
    )
    for name, profession in (
        ("Social Sam", Profession.SOCIAL_WORKER),
        ("Doctor Dana", Profession.PAEDIATRICIAN),
    ):
        if users.find_user(manager.vault, name) is None:
            users.add_user(
                manager, name=name, role=Role.ASSESSOR, profession=profession, passphrase=PASS[name]
            )
    return case.id


def run_assessment(vault_dir: Path, case_id: str) -> None:
    social = auth.sign_in(vault_dir, "Social Sam", PASS["Social Sam"])
    started = age.start(
        social,
        case_id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="two different ages given",
            raised_by="Officer O.",
            raised_on=DAY,
        ),
        Preconditions(
            informed_on=DAY,
            informed_language="ara",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            interpreter="Int. I.",
        ),
    )
    age.add_result(
        social,
        started.id,
        method_id="documents",
        age_range=None,
        performed_on=DAY,
        notes="no papers",
    )
    age.add_result(
        social,
        started.id,
        method_id="psychosocial_interview",
        age_range=AgeRange(min_age=16, max_age=19),
        performed_on=DAY,
    )
    age.record_child_view(social, started.id, "I am sixteen.")
    age.record_challenge_information(
        social,
        started.id,
        how="Appeal",
        deadline=DAY + dt.timedelta(days=14),
        helper="the guardian",
        explained_on=DAY,
        language="ara",
    )
    age.sign(social, started.id)
    social.close()
    doctor = auth.sign_in(vault_dir, "Doctor Dana", PASS["Doctor Dana"])
    age.sign(doctor, started.id)
    doctor.close()


def test_record_pdf_reads_back_in_logical_order(vault_dir: Path, manager, tmp_path) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    ids = [concluded_case(vault_dir, manager, n) for n in NAMES]
    manager.close()
    for case_id in ids:
        run_assessment(vault_dir, case_id)
    for case_id, names in zip(ids, NAMES, strict=True):
        out = tmp_path / f"{names[2]}.pdf"
        result = harbour(
            "age",
            "record-pdf",
            "--vault",
            str(vault_dir),
            "--as",
            "Social Sam",
            "--case",
            case_id,
            "--out",
            str(out),
            passphrase=PASS["Social Sam"],
        )
        assert_ok(result)
        text = logical_text(out)
        original = f"{names[0]} {names[1]}"
        assert original in text, text[:400]  # logical order, letters joined back
        assert f"{names[2]} {names[3]}" in text
        for needle in (
            "Youngest credible age: 16",
            "Social Sam",
            "Doctor Dana",
            "I am sixteen.",
            "Appeal",
            "Margin of error",
            "Social worker",  # the signatures' professions as the window writes them
            "Paediatrician",  # (walkthrough A10: "Profession: psychologist")
        ):
            assert needle in text
        assert "genital" not in text.lower()
        if shutil.which("pdftotext"):  # poppler, when installed: the same logical text
            poppler = subprocess.run(
                ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert original in normalise(poppler)
        # Fonts are embedded (a FontFile2 stream per subset font).
        with out.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            fonts = []
            for page in PDFPage.create_pages(document):
                for font in resolve1(resolve1(page.resources).get("Font", {})).values():
                    font = resolve1(font)
                    for descendant in resolve1(font.get("DescendantFonts", [])) or [font]:
                        descriptor = resolve1(resolve1(descendant).get("FontDescriptor"))
                        if descriptor is not None:
                            fonts.append(descriptor.get("FontFile2") is not None)
        assert fonts and all(fonts)
    session = auth.sign_in(vault_dir, "Social Sam", PASS["Social Sam"])
    printed = session.vault.query("SELECT count(*) FROM audit WHERE action = 'print'")
    session.close()
    assert printed == [(2,)]


def test_arabic_name_is_drawn_right_to_left(tmp_path) -> None:
    """In a right-to-left word the first letter sits rightmost, and the whole Arabic name
    lies between "Name:" and "(Mohammed" (the text carriers sit where the letters are)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer
    from reportlab.pdfgen.canvas import Canvas

    from app.reports.text import draw_line

    path = tmp_path / "rtl.pdf"
    canvas = Canvas(str(path))
    draw_line(canvas, 50, 700, "Name: محمد علي (Mohammed Ali)", 14)
    canvas.save()
    chars = []

    def walk(item) -> None:
        if isinstance(item, LTChar):
            if item.get_text():
                chars.append(item)
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child)

    for page in extract_pages(str(path)):
        walk(page)
    arabic = [c for c in chars if "\u0600" <= c.get_text()[:1] <= "\u06ff"]
    first = next(c for c in arabic if c.get_text() == "م")
    assert first.x0 == max(c.x0 for c in arabic if c.get_text() in "محمد")
    assert max(c.x1 for c in arabic) <= min(c.x0 for c in chars if c.get_text() == "M") + 0.01
    assert min(c.x0 for c in arabic) >= max(c.x1 for c in chars if c.get_text() == ":") - 0.01


def test_first_page_renders(vault_dir: Path, manager, tmp_path) -> None:
    import pypdfium2

    [case_id] = [concluded_case(vault_dir, manager, NAMES[0])]
    manager.close()
    run_assessment(vault_dir, case_id)
    session = auth.sign_in(vault_dir, "Social Sam", PASS["Social Sam"])
    out = tmp_path / "record.pdf"
    files.save_age_record_pdf(session, case_id, out)
    session.close()
    pdf = pypdfium2.PdfDocument(str(out))
    image = pdf[0].render(scale=1.0).to_pil().convert("L")
    assert image.size[0] > 500
    low, high = image.getextrema()
    assert (low, high) == (0, 255) or high - low > 200  # ink on paper, not a blank page
    image.save(tmp_path / "record-page-1.png")


def test_a_name_is_drawn_as_written_not_as_a_calligraphic_ligature(tmp_path) -> None:
    """reportlab's default shaping turns on discretionary ligatures, and Noto draws محمد
    as the single glyph U+FDF4 with vowel marks the child's name was not written with."""
    from pdfminer.high_level import extract_text
    from reportlab.pdfgen.canvas import Canvas

    from app.reports.text import draw_line

    path = tmp_path / "name.pdf"
    canvas = Canvas(str(path))
    draw_line(canvas, 50, 700, "محمد علي", 14)
    canvas.save()
    assert "\ufdf4" not in extract_text(str(path))
    assert "محمد علي" in logical_text(path)


def test_a_name_without_a_font_is_marked_and_whoever_saves_is_told(
    vault_dir: Path, manager, tmp_path
) -> None:
    """Never a silent gap (issue 13): Hangul has no bundled font; the record prints a
    mark and the Latin spelling, and the service (so the CLI and the screen) says so."""
    [case_id] = [concluded_case(vault_dir, manager, ("민준", "김", "Minjun", "Kim"))]
    manager.close()
    run_assessment(vault_dir, case_id)
    session = auth.sign_in(vault_dir, "Social Sam", PASS["Social Sam"])
    saved = files.save_age_record_pdf(session, case_id, tmp_path / "record.pdf")
    session.close()
    assert set(saved.missing) >= {"민", "준"}
    assert "민" in saved.warning and saved.size > 1000
    text = logical_text(tmp_path / "record.pdf")
    assert "Minjun" in text
    arabic = files.SavedDocument(10, ())
    assert arabic.warning == ""
