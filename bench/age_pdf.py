"""Time to build the age-assessment record PDF. Target (issues 6, 13): under 200 ms.

Synthetic data with an Arabic-script and a Tigrinya name; the first build (font loading)
is reported apart from the median of the warm builds a user sees after the first.
"""

from __future__ import annotations

import datetime as dt
import time

from bench.common import figure, median

RUNS = 20


def _data(name: str, latin: str):
    from app.domain.age import (
        AgeRange,
        Assessor,
        Doubt,
        DoubtGround,
        MethodResult,
        Preconditions,
        Profession,
        conclude,
    )
    from app.domain.calendars import Calendar, WrittenDate
    from app.reports.age_record import AgeRecordData, DocumentConsidered

    day = dt.date(2026, 11, 23)
    social = Assessor(user_id="a", name="Social Sam", profession=Profession.SOCIAL_WORKER)
    doctor = Assessor(user_id="b", name="Doctor Dana", profession=Profession.PAEDIATRICIAN)
    results = [
        MethodResult(id="1", method_id="documents", performed_on=day, assessor=social),
        MethodResult(
            id="2",
            method_id="psychosocial_interview",
            performed_on=day,
            assessor=social,
            range=AgeRange(min_age=16, max_age=19),
        ),
        MethodResult(
            id="3",
            method_id="hand_wrist_xray",
            performed_on=day,
            assessor=doctor,
            range=AgeRange(min_age=17, max_age=21),
            skip_reason="synthetic",
            method_consent=True,
        ),
    ]
    return AgeRecordData(
        centre="Bench Centre",
        case_number="BC-2026-0001",
        name_original=name,
        name_latin=latin,
        declared_age="16",
        doubt=Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="two ages given",
            raised_by="Officer O.",
            raised_on=day,
        ),
        # dates as written on the papers, beside the Gregorian ones (issue 12: 14)
        birth_date=dt.date(2011, 3, 12),
        birth_written=WrittenDate(calendar=Calendar.SOLAR_HIJRI, year=1389, month=12, day=21),
        documents=[
            DocumentConsidered(
                "Kebele ID ER-0042 (Eritrea)",
                dt.date(2025, 9, 11),
                WrittenDate(calendar=Calendar.ETHIOPIAN, year=2018, month=1, day=1),
            )
        ],
        preconditions=Preconditions(
            informed_on=day,
            informed_language="ara",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            interpreter="Int. I.",
        ),
        results=results,
        conclusion=conclude(results, day),
        signatures=[social, doctor],
        child_view="I am sixteen.",
        challenge={
            "how": "Appeal",
            "deadline": "14 days",
            "helper": "guardian",
            "explained_on": "2026-11-23",
            "language": "ara",
        },
    )


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")


def run() -> None:
    from app.i18n import set_language
    from app.reports import text
    from app.reports.age_record import build_age_record

    data = [_data("محمد علي", "Mohammed Ali"), _data("ተስፋይ ሃይለ", "Tesfay Haile")]
    set_language("ar")  # a right-to-left record: bidi, shaping and Arabic dates
    try:
        start = time.perf_counter()
        pdf = build_age_record(data[0])
        first = (time.perf_counter() - start) * 1000
        times = []
        for i in range(RUNS):
            start = time.perf_counter()
            build_age_record(data[i % 2])
            times.append((time.perf_counter() - start) * 1000)
        cold = []  # every line laid out again (the engine's caches emptied)
        for i in range(RUNS // 2):
            text._layout_line.cache_clear()
            text._shape.cache_clear()
            start = time.perf_counter()
            build_age_record(data[i % 2])
            cold.append((time.perf_counter() - start) * 1000)
    finally:
        set_language("en")
    pages = _pages(pdf)
    figure(
        "age_record_pdf_median_ms",
        median(times),
        "ms",
        target=200,
        note=f"warm, Arabic UI, {pages} pages; Arabic and Tigrinya names, three methods",
    )
    figure(
        "age_record_pdf_uncached_median_ms",
        median(cold),
        "ms",
        note="fonts loaded, but no line or shaping cached",
    )
    figure("age_record_pdf_first_build_ms", first, "ms", note="includes loading the fonts")
