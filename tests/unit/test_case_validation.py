"""validate_case and the small case helpers, at their edges (registration.md [R1], [R4]).

The service tests (test_cases.py) reach these rules through a vault; these state each
rule on its own, with the day before, the day itself and the day after. Written for the
mutants that survived every other test (tools/mutation.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import case as c

TODAY = dt.date(2026, 11, 23)
TOMORROW = TODAY + dt.timedelta(days=1)


def fields(**changes) -> list[str]:
    draft = c.CaseDraft(names=c.Names(given="Amina"), birth=c.Birth(declared_age=15))
    return [p.field for p in c.validate_case(draft.model_copy(update=changes), today=TODAY)]


def test_a_plain_case_is_fine() -> None:
    assert fields() == []


@pytest.mark.parametrize(
    ("birth", "problems"),
    [
        (c.Birth(date=TODAY, precision=c.DatePrecision.EXACT), []),  # born today
        (c.Birth(date=TOMORROW, precision=c.DatePrecision.EXACT), ["birth.date"]),
        (c.Birth(declared_age=0), []),
        (c.Birth(declared_age=25), []),
        (c.Birth(declared_age=26), ["birth.declared_age"]),
        (c.Birth(declared_age=-1), ["birth.declared_age"]),
        # only an age was to be given: the age, or a date, is needed
        (c.Birth(), ["birth.declared_age"]),
        (c.Birth(date=dt.date(2011, 5, 1)), []),
        (c.Birth(declared_age=15), []),
    ],
)
def test_birth(birth: c.Birth, problems: list[str]) -> None:
    assert fields(birth=birth) == problems


@pytest.mark.parametrize(
    ("arrival", "problems"),
    [
        (TODAY, []),
        (TOMORROW, ["arrival.date"]),
        (dt.date(2011, 5, 1), []),  # on the day of birth
        (dt.date(2011, 4, 30), ["arrival.date"]),  # before it
        (None, []),
    ],
)
def test_arrival(arrival: dt.date | None, problems: list[str]) -> None:
    born = c.Birth(date=dt.date(2011, 5, 1), precision=c.DatePrecision.EXACT)
    assert fields(birth=born, arrival=c.Arrival(date=arrival)) == problems


def test_languages() -> None:
    ar, ti = c.Language(code="ar"), c.Language(code="tir")
    assert fields(languages=[ar, ti]) == []
    assert fields(languages=[ar, c.Language(code="xx1")]) == ["languages.1.code"]
    assert fields(languages=[ar.model_copy(update={"preferred": True}), ti]) == []
    both = [ar.model_copy(update={"preferred": True}), ti.model_copy(update={"preferred": True})]
    assert fields(languages=both) == ["languages"]


def test_nationalities_and_statelessness() -> None:
    assert fields(nationalities=["SY", "TR"]) == []
    assert fields(nationalities=["SY", "QQ"]) == ["nationalities.1"]
    assert fields(stateless=c.Answer.of(True)) == []
    assert fields(stateless=c.Answer.of(True), nationalities=["SY"]) == ["stateless"]
    assert fields(stateless=c.Answer.of(False), nationalities=["SY"]) == []
    assert fields(stateless=c.Answer(status=c.AnswerStatus.DECLINED), nationalities=["SY"]) == []


@pytest.mark.parametrize(
    ("status", "adult", "problems"),
    [
        (c.Accompaniment.UNACCOMPANIED, None, []),
        (c.Accompaniment.SEPARATED, None, ["separation.adult.relation"]),
        (
            c.Accompaniment.SEPARATED,
            c.Adult(name="Ali", relation=" "),
            ["separation.adult.relation"],
        ),
        (c.Accompaniment.SEPARATED, c.Adult(relation="uncle"), []),
        (c.Accompaniment.ACCOMPANIED, None, ["separation.adult.relation"]),
        (c.Accompaniment.ACCOMPANIED, c.Adult(relation="mother"), []),
    ],
)
def test_an_accompanying_adult_needs_a_relation(status, adult, problems) -> None:
    assert fields(separation=c.Separation(status=status, adult=adult)) == problems


@pytest.mark.parametrize(
    ("granted", "basis", "problems"),
    [
        (True, "", []),
        (False, "", ["consents.0.legal_basis"]),
        (False, " ", ["consents.0.legal_basis"]),
        (False, "Child protection act s. 12", []),
    ],
)
def test_consent_or_a_legal_basis(granted: bool, basis: str, problems: list[str]) -> None:
    consent = c.Consent(
        purpose=c.ConsentPurpose.SHARING, given_by="child", granted=granted, legal_basis=basis
    )
    assert fields(consents=[consent]) == problems


@pytest.mark.parametrize("purpose", list(c.ConsentPurpose))
def test_a_refused_photo_needs_no_legal_basis(purpose: c.ConsentPurpose) -> None:
    """Walkthrough I3: a refused photo is not taken, so it has no legal basis to record;
    what goes ahead anyway (registration, sharing, tracing) still needs one."""
    refused = c.Consent(purpose=purpose, given_by="child", granted=False)
    expected = [] if purpose == c.ConsentPurpose.PHOTO else ["consents.0.legal_basis"]
    assert fields(consents=[refused]) == expected


def test_documents_issuing_state() -> None:
    assert fields(documents=[c.DocumentSeen(type="school record")]) == []
    assert fields(documents=[c.DocumentSeen(type="passport", issuing_state="SY")]) == []
    bad = [c.DocumentSeen(type="a"), c.DocumentSeen(type="passport", issuing_state="QQ")]
    assert fields(documents=bad) == ["documents.1.issuing_state"]


def test_all_forms_of_a_name_once_each() -> None:
    """[R2] Every form is searched: the original script, the Latin, aliases, nickname."""
    names = c.Names(
        given="داوود",
        family="حسن",
        given_latin="Dawood",
        family_latin="Hassan",
        aliases=["Dawud Hasan", "Dawood Hassan"],
        nickname=c.Answer.of("Dudu"),
    )
    assert names.all_forms() == ("داوود حسن", "Dawood Hassan", "Dawud Hasan", "Dudu")
    assert c.Names(given="Amina").all_forms() == ("Amina",)
    declined = c.Names(given="Amina", nickname=c.Answer(status=c.AnswerStatus.DECLINED))
    assert declined.all_forms() == ("Amina",)


def test_birth_year() -> None:
    assert c.Birth(date=dt.date(2011, 5, 1)).year(TODAY) == 2011
    assert c.Birth(declared_age=15).year(TODAY) == 2011
    assert c.Birth().year(TODAY) is None


def test_urgent_concerns_suggest_their_referral() -> None:
    draft = c.CaseDraft(
        names=c.Names(given="Amina"),
        vulnerabilities=[
            c.Vulnerability(concern=c.Concern.TRAFFICKING, urgency=c.Urgency.URGENT),
            c.Vulnerability(concern=c.Concern.HEALTH, urgency=c.Urgency.SOON),
            c.Vulnerability(concern=c.Concern.TRAUMA, urgency=c.Urgency.URGENT),
        ],
    )
    assert c.urgent_flags(draft) == [
        (c.Concern.TRAFFICKING, "anti_trafficking"),
        (c.Concern.TRAUMA, "mental_health"),
    ]


def test_case_numbers_read_aloud() -> None:
    """[R4] centre code, year, sequence."""
    assert c.case_number("NRC", 2026, 42) == "NRC-2026-0042"
    assert c.case_number("NRC", 2026, 12345) == "NRC-2026-12345"
