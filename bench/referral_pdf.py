"""Time to build a referral form PDF. Target (issue 15): under 200 ms, the first build too.

Synthetic data with every optional field filled (each form draws only its own); an Arabic
health referral and a Tigrinya police referral alternate. Reported: the median of warm
builds, builds with the engine's caches emptied, and the first build in a fresh process,
once after ``app.reports.referral_form.warm_up`` (fonts, catalog and QR module loaded, as
a background thread would at sign-in) and once with nothing loaded.
"""

from __future__ import annotations

import datetime as dt
import time

from bench.common import figure, median

RUNS = 20
# Each optional field's free text carries a token no other field has, so a test can find
# which fields a form drew.
TOKENS = {
    "guardian": "Gita Guardianova",
    "health_needs": "HEALTHNEEDX asthma, needs an inhaler",
    "protection_concerns": "PROTECTX threatened by an adult",
    "trafficking_indicators": "TRAFFICKX owes a debt for the journey",
    "last_sighting": "SIGHTX bus station",
    "family_sought": "FAMILYX Amina",
    "schooling": "SCHOOLX six years of primary school",
}


def sample(referral_type: str, language: str, name: str = "محمد علي", latin: str = "Mohammed Ali"):
    from app.reports.referral_form import FamilyMember, LastSighting, ReferralFormData, SharingBasis

    day = dt.date(2026, 11, 23)
    return ReferralFormData(
        referral_type=referral_type,
        language=language,
        recipient_name="Dr Rami Recipient",
        recipient_organisation="City Hospital",
        organisation="Harbour Relief",
        centre="North Centre",
        case_number="NRC-2026-0042",
        reference="NRC-2026-0042-R3",
        name_original=name,
        name_latin=latin,
        made_on=day,
        reason="Cough for two weeks",
        urgency="urgent",
        type_name="Sports club",
        age=16,
        age_status="assessment_in_progress",
        languages=("ara", "tir", "prs"),
        interpreter_needed=True,
        interpreter_language="ara",
        basis=SharingBasis(
            consent_by="guardian",
            consent_on=dt.date(2026, 11, 20),
            consent_language="ara",
            legal_basis="Art. 6(1)(e)",
            child_assent=True,
            child_view="I agree to see the doctor",
        ),
        officer_name="Olga Officer",
        officer_profession="social_worker",
        due_on=dt.date(2026, 12, 14),
        due_provisional=True,
        sex="female",
        birth_date=dt.date(2010, 5, 1),
        nationalities=("SD", "ER"),
        accompaniment="unaccompanied",
        guardian_name=TOKENS["guardian"],
        guardian_authority="County Court",
        application_made_on=dt.date(2026, 11, 1),
        health_needs=TOKENS["health_needs"],
        protection_concerns=TOKENS["protection_concerns"],
        trafficking_indicators=(TOKENS["trafficking_indicators"], "no identity papers"),
        last_sighting=LastSighting(
            when=dt.datetime(2026, 11, 22, 18, 30),
            where=TOKENS["last_sighting"],
            with_whom="two older boys",
            clothing="red jacket, blue jeans",
            description="short black hair, 1.60 m",
            belongings="a phone and a small bag",
            contacts="a cousin in the capital",
            risks="exploitation; needs daily medication",
            told="guardian and child protection, 22 November 19:00",
        ),
        family_sought=(FamilyMember(TOKENS["family_sought"], "mother", "Khartoum"),),
        schooling=TOKENS["schooling"],
    )


_FIRST = """
import time
from bench.referral_pdf import sample
from app.reports import referral_form
data = sample("health", "ar")
if {warm}:
    referral_form.warm_up("ar")
start = time.perf_counter()
referral_form.build_referral_pdf(data)
print((time.perf_counter() - start) * 1000)
"""


def _first_build(warm: bool) -> float:
    """The first build in a fresh process (median of three processes)."""
    import subprocess
    import sys

    times = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _FIRST.format(warm=warm)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return median(times)


def run() -> None:
    from app.reports import text
    from app.reports.referral_form import build_referral_pdf

    data = [
        sample("health", "ar"),
        sample("police_missing", "ti", "ተስፋይ ሃይለ", "Tesfay Haile"),
    ]
    pdf = build_referral_pdf(data[0])
    times = []
    for i in range(RUNS):
        start = time.perf_counter()
        build_referral_pdf(data[i % 2])
        times.append((time.perf_counter() - start) * 1000)
    cold = []  # every line laid out again (the engine's caches emptied)
    for i in range(RUNS // 2):
        text._layout_line.cache_clear()
        text._shape.cache_clear()
        start = time.perf_counter()
        build_referral_pdf(data[i % 2])
        cold.append((time.perf_counter() - start) * 1000)
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    figure(
        "referral_pdf_median_ms",
        median(times),
        "ms",
        target=200,
        note=f"warm; Arabic health referral ({pages} pages) and Tigrinya police referral",
    )
    figure(
        "referral_pdf_uncached_median_ms",
        median(cold),
        "ms",
        target=200,
        note="fonts loaded, but no line or shaping cached",
    )
    figure(
        "referral_pdf_first_build_after_warm_up_ms",
        _first_build(warm=True),
        "ms",
        target=200,
        note="fresh process, referral_form.warm_up() run first (as at sign-in); 3 runs",
    )
    figure(
        "referral_pdf_first_build_cold_ms",
        _first_build(warm=False),
        "ms",
        target=200,
        note="fresh process, nothing loaded: fonts, catalog and QR module on the way; 3 runs",
    )
