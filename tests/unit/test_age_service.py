"""The age-assessment service on a real vault ([A1]-[A17])."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.age import AgeRange, Doubt, DoubtGround, Preconditions
from app.domain.case import Birth, BirthSource, CaseDraft, DatePrecision, Names
from app.domain.roles import Profession, Role
from app.errors import InvalidInput, PermissionDenied
from app.services import age, auth, cases, users
from tests.conftest import MANAGER, MANAGER_PASS

DAY = dt.date.today()
SOCIAL_PASS = "harbour social 2026 lamp"
DOCTOR_PASS = "harbour doctor 2026 lamp"
DOUBT = Doubt(
    grounds=[DoubtGround.STATEMENTS],
    reason="Said 15, later 17",
    raised_by="Officer O.",
    raised_on=DAY,
)
READY = Preconditions(
    informed_on=DAY,
    informed_language="prs",
    child_consents=True,
    guardian_consents=True,
    representative="Guardian G.",
    representative_present=True,
    interpreter="Interpreter I.",
)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes 28 in a common year ([A13])."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@pytest.fixture
def setting(vault_dir, manager):
    case = cases.register_case(
        manager,
        CaseDraft(
            names=Names(given="جاوید", family="رحیمی", given_latin="Javed", family_latin="Rahimi"),
            birth=Birth(declared_age=16),
            nationalities=["AF"],
        ),
    )
    users.add_user(
        manager,
        name="Social One",
        role=Role.ASSESSOR,
        profession=Profession.SOCIAL_WORKER,
        passphrase=SOCIAL_PASS,
    )
    users.add_user(
        manager,
        name="Doctor Two",
        role=Role.ASSESSOR,
        profession=Profession.PAEDIATRICIAN,
        passphrase=DOCTOR_PASS,
    )
    users.add_user(
        manager,
        name="Interpreter Three",
        role=Role.INTERPRETER,
        passphrase="harbour words 2026 lamp",
    )
    manager.close()
    return vault_dir, case.id


def sign_in(folder, name, passphrase):
    return auth.sign_in(folder, name, passphrase)


def test_full_assessment_gives_the_benefit_of_the_doubt(setting) -> None:
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    assert age.status_text(social, case_id) == "Age as declared by the child"
    with pytest.raises(age.AssessmentRefused) as refused:
        age.start(social, case_id, DOUBT, READY.model_copy(update={"interpreter": ""}))
    assert [p.rule for p in refused.value.problems] == ["A6"]
    assert "interpreter" in str(refused.value)

    started = age.start(social, case_id, DOUBT, READY)
    assert age.status_text(social, case_id) == "Treated as a child — assessment in progress"
    assert cases.get_row(social, case_id).age_status == "assessment_in_progress"

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
    with pytest.raises(age.AssessmentRefused) as refused:  # [A9]: appearance untried
        age.add_result(
            social,
            started.id,
            method_id="hand_wrist_xray",
            age_range=AgeRange(min_age=18, max_age=21),
            performed_on=DAY,
        )
    assert [p.rule for p in refused.value.problems] == ["A9", "A9", "A4"]
    social.close()

    doctor = sign_in(folder, "Doctor Two", DOCTOR_PASS)
    view = age.add_result(
        doctor,
        started.id,
        method_id="hand_wrist_xray",
        age_range=AgeRange(min_age=18, max_age=21),
        performed_on=DAY,
        skip_reason="appearance tells nothing here",
        method_consent=True,
    )
    assert view.conclusion.concluded_min_age == 16  # [A11] youngest credible
    with pytest.raises(age.AssessmentRefused) as refused:
        age.sign(doctor, started.id, conclude_adult=True)
    assert [p.rule for p in refused.value.problems] == ["A12"]
    with pytest.raises(age.AssessmentRefused) as refused:  # [A15][A16] first
        age.sign(doctor, started.id)
    assert [(p.rule, p.field) for p in refused.value.problems] == [
        ("A15", "child_view"),
        ("A16", "challenge"),
    ]
    age.record_child_view(doctor, started.id, "I am 16. The X-ray was frightening.")
    with pytest.raises(age.AssessmentRefused) as refused:  # the view alone is not enough
        age.sign(doctor, started.id)
    assert [p.rule for p in refused.value.problems] == ["A16"]
    age.record_challenge_information(
        doctor,
        started.id,
        how="Appeal to the court",
        deadline=DAY + dt.timedelta(days=14),
        helper="the guardian",
        explained_on=DAY,
        language="prs",
    )
    assert not age.sign(doctor, started.id).concluded  # one profession is not enough
    doctor.close()

    social = sign_in(folder, "Social One", SOCIAL_PASS)
    final = age.sign(social, started.id)
    assert final.concluded
    assert age.status_text(social, case_id) == ("Treated as a child — benefit of the doubt applied")
    birth = cases.open_case(social, case_id).draft.birth
    assert birth.source == "assessed"
    # [A13] the latest possible, from the day of signing: the module's day, or the next one
    # if the run crossed midnight.
    assert birth.date in (years_before(DAY, 16), years_before(dt.date.today(), 16))
    # Kept to the day: a year-precision date is shown and re-read as 1 January (older).
    assert birth.precision == "exact"
    social.close()


def test_genital_examination_cannot_be_entered_even_by_a_crafted_call(setting) -> None:
    folder, case_id = setting
    doctor = sign_in(folder, "Doctor Two", DOCTOR_PASS)
    started = age.start(doctor, case_id, DOUBT, READY)
    for crafted in ("genital_examination", "sexual_maturity_tanner"):
        with pytest.raises(age.AssessmentRefused) as refused:
            age.add_result(
                doctor,
                started.id,
                method_id=crafted,
                age_range=AgeRange(min_age=18, max_age=20),
                performed_on=DAY,
                skip_reason="x",
                method_consent=True,
            )
        assert refused.value.problems[0].rule == "A8"
    assert age.current(doctor, case_id).results == []
    doctor.close()


def test_removing_a_result_is_a_recorded_correction(setting) -> None:
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    view = age.add_result(
        social,
        started.id,
        method_id="documents",
        age_range=AgeRange(min_age=15, max_age=15),
        performed_on=DAY,
    )
    view = age.remove_result(
        social, started.id, view.results[0].id, reason="document belonged to a sibling"
    )
    assert view.results == [] and view.corrections[0]["reason"] == (
        "document belonged to a sibling"
    )
    social.close()


def test_a_result_is_never_removed_without_a_reason(setting) -> None:
    """[A17] An empty or blank reason is refused by the service, and nothing changes."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    view = age.add_result(
        social,
        started.id,
        method_id="documents",
        age_range=AgeRange(min_age=15, max_age=15),
        performed_on=DAY,
    )
    for blank in ("", "   ", "\t\n"):
        with pytest.raises(age.AssessmentRefused) as refused:
            age.remove_result(social, started.id, view.results[0].id, reason=blank)
        assert [(p.rule, p.field) for p in refused.value.problems] == [("A17", "remove_reason")]
    after = age.current(social, case_id)
    assert (after.results, after.corrections) == (view.results, [])
    social.close()


def test_interpreter_and_manager_permissions(setting) -> None:
    folder, case_id = setting
    interpreter = sign_in(folder, "Interpreter Three", "harbour words 2026 lamp")
    with pytest.raises(PermissionDenied):
        age.start(interpreter, case_id, DOUBT, READY)
    with pytest.raises(PermissionDenied):
        age.status_text(interpreter, case_id)
    interpreter.close()
    manager = sign_in(folder, MANAGER, MANAGER_PASS)
    started = age.start(manager, case_id, DOUBT, READY)  # a manager may start one ...
    with pytest.raises(InvalidInput) as info:  # ... but has no profession to sign a result
        age.add_result(manager, started.id, method_id="documents", age_range=None, performed_on=DAY)
    assert str(info.value) == "Your account has no profession recorded; ask a manager."
    assert age.current(manager, case_id).results == []
    manager.close()


def test_information_session_on_age_is_linked(setting) -> None:
    """[A3] The session in which the child was told about age assessment is linked."""
    from app.domain.information import ChildAnswer, InformationSession, ScreenShown
    from app.services import information

    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    now = dt.datetime.now(dt.UTC)
    told = information.record_session(
        social,
        InformationSession(
            language="prs",
            started_at=now,
            ended_at=now,
            screens=[
                ScreenShown(
                    screen_id="age.1", topic_id="age", seconds=30, answer=ChildAnswer.UNDERSTOOD
                )
            ],
        ),
        case_id=case_id,
    )
    started = age.start(social, case_id, DOUBT, READY)
    assert started.preconditions.information_session_id == told
    social.close()


def _ready_to_sign(s, assessment_id) -> None:
    age.record_child_view(s, assessment_id, "I am 16.")
    age.record_challenge_information(
        s,
        assessment_id,
        how="Appeal to the court",
        deadline=DAY + dt.timedelta(days=14),
        helper="the guardian",
        explained_on=DAY,
        language="prs",
    )


def test_changing_the_results_after_a_signature_asks_for_it_again(setting) -> None:
    """[A14] Both professions sign the same conclusion: a signature given to "15-17, a
    child" must not count towards a later "adult" the signer never saw."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    age.add_result(social, started.id, method_id="documents", age_range=None, performed_on=DAY)
    interview = age.add_result(
        social,
        started.id,
        method_id="psychosocial_interview",
        age_range=AgeRange(min_age=15, max_age=17),
        performed_on=DAY,
    ).results[-1]
    _ready_to_sign(social, started.id)
    assert len(age.sign(social, started.id).signatures) == 1
    social.close()

    doctor = sign_in(folder, "Doctor Two", DOCTOR_PASS)
    after = age.remove_result(doctor, started.id, interview.id, reason="notes unclear")
    assert after.signatures == []
    age.sign(doctor, started.id)
    after = age.add_result(
        doctor,
        started.id,
        method_id="hand_wrist_xray",
        age_range=AgeRange(min_age=19, max_age=23),
        performed_on=DAY,
        skip_reason="appearance tells nothing here",
        method_consent=True,
    )
    assert after.signatures == []
    final = age.sign(doctor, started.id, conclude_adult=True)
    assert not final.concluded  # the social worker has not signed this conclusion
    assert cases.get_row(doctor, case_id).age_status == "assessment_in_progress"
    doctor.close()


def test_a_range_whose_maximum_is_below_its_minimum_is_refused(setting) -> None:
    """[A10] The service refuses it, not only the screen's spin boxes: a range copied with
    an update is not validated again by the model."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    upside_down = AgeRange(min_age=16, max_age=19).model_copy(update={"max_age": 15})
    with pytest.raises(age.AssessmentRefused) as refused:
        age.add_result(
            social, started.id, method_id="documents", age_range=upside_down, performed_on=DAY
        )
    assert [(p.rule, p.field) for p in refused.value.problems] == [("A10", "range")]
    assert age.current(social, case_id).results == []
    one_year = AgeRange(min_age=16, max_age=16)  # a minimum equal to the maximum is a range
    view = age.add_result(
        social, started.id, method_id="documents", age_range=one_year, performed_on=DAY
    )
    assert [r.range for r in view.results] == [one_year]
    social.close()


def test_signing_needs_the_childs_own_view(setting) -> None:
    """[A15] With the challenge information recorded, a missing or blank view of the child
    still stops the signature, and no signature is kept."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    _ready_to_sign(social, started.id)
    age.record_child_view(social, started.id, "  \n ")
    with pytest.raises(age.AssessmentRefused) as refused:
        age.sign(social, started.id)
    assert [(p.rule, p.field) for p in refused.value.problems] == [("A15", "child_view")]
    assert age.current(social, case_id).signatures == []
    age.record_child_view(social, started.id, "I am 16.")
    assert [a.name for a in age.sign(social, started.id).signatures] == ["Social One"]
    social.close()


def test_signing_needs_how_the_child_can_challenge_the_result(setting) -> None:
    """[A16] How, by when and with whose help: blank answers are not recorded, and the
    signature waits for them."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    age.record_child_view(social, started.id, "I am 16.")
    for how, helper in (("  ", "the guardian"), ("Appeal to the court", "\t")):
        with pytest.raises(InvalidInput, match="how to challenge the result and who helps"):
            age.record_challenge_information(
                social,
                started.id,
                how=how,
                deadline=DAY + dt.timedelta(days=14),
                helper=helper,
                explained_on=DAY,
                language="prs",
            )
    assert age.current(social, case_id).challenge == {}
    with pytest.raises(age.AssessmentRefused) as refused:
        age.sign(social, started.id)
    assert [(p.rule, p.field) for p in refused.value.problems] == [("A16", "challenge")]
    assert age.current(social, case_id).signatures == []
    social.close()


def test_a_birth_date_from_a_document_ends_the_doubt(setting) -> None:
    """[A2] Documents are presumed genuine: the service passes the case's documented date
    to the rules, and the assessment does not start. A date the child only declared does
    not stop it."""
    folder, _case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    born = DAY.replace(year=DAY.year - 15, day=1)
    documented = cases.register_case(
        social,
        CaseDraft(
            names=Names(given="Amina", family="Yusuf"),
            birth=Birth(date=born, precision=DatePrecision.EXACT, source=BirthSource.DOCUMENT),
        ),
    )
    with pytest.raises(age.AssessmentRefused) as refused:
        age.start(social, documented.id, DOUBT, READY)
    assert [(p.rule, p.field) for p in refused.value.problems] == [("A2", "documents")]
    assert age.current(social, documented.id) is None
    assert age.status_text(social, documented.id) == "Age from a document"
    declared = cases.register_case(
        social,
        CaseDraft(
            names=Names(given="Amina", family="Yusuf"),
            birth=Birth(date=born, precision=DatePrecision.EXACT, source=BirthSource.DECLARED),
        ),
    )
    assert age.start(social, declared.id, DOUBT, READY).case_id == declared.id
    social.close()


def _signed_by_both(folder, assessment_id, *, conclude_adult: bool = False):
    """The social worker signs, then the paediatrician: the second signature concludes."""
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    _ready_to_sign(social, assessment_id)
    age.sign(social, assessment_id, conclude_adult=conclude_adult)
    social.close()
    doctor = sign_in(folder, "Doctor Two", DOCTOR_PASS)
    try:
        return age.sign(doctor, assessment_id, conclude_adult=conclude_adult)
    finally:
        doctor.close()


def test_an_inconclusive_assessment_concludes_with_the_benefit_of_the_doubt(setting) -> None:
    """[A12] Only inconclusive results: "adult" is refused, the case says "benefit of the
    doubt" (not "Assessed"), and the child's declared age stays."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    age.add_result(social, started.id, method_id="documents", age_range=None, performed_on=DAY)
    age.add_result(
        social, started.id, method_id="psychosocial_interview", age_range=None, performed_on=DAY
    )
    _ready_to_sign(social, started.id)
    with pytest.raises(age.AssessmentRefused) as refused:
        age.sign(social, started.id, conclude_adult=True)
    assert [(p.rule, p.field) for p in refused.value.problems] == [("A12", "conclusion")]
    social.close()

    final = _signed_by_both(folder, started.id)
    assert final.concluded and final.conclusion.inconclusive and final.conclusion.minor
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    assert cases.get_row(social, case_id).age_status == "benefit_of_doubt"
    assert age.status_text(social, case_id) == "Treated as a child — benefit of the doubt applied"
    assert cases.open_case(social, case_id).draft.birth == Birth(declared_age=16)
    social.close()


@pytest.mark.parametrize(
    ("low", "high", "minor", "age_status", "text"),
    [
        (17, 17, True, "assessed", "Assessed: 17–17 years"),
        (17, 19, True, "benefit_of_doubt", "Treated as a child — benefit of the doubt applied"),
        (18, 18, False, "assessed", "Assessed: 18–18 years"),
    ],
)
def test_seventeen_is_a_child_and_eighteen_an_adult_through_the_service(
    setting, low, high, minor, age_status, text
) -> None:
    """[A12] A credible 17 can never be concluded "adult"; a credible 18 can. [A13] The
    case's date of birth is the latest one consistent with the youngest age."""
    folder, case_id = setting
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    started = age.start(social, case_id, DOUBT, READY)
    age.add_result(
        social,
        started.id,
        method_id="documents",
        age_range=AgeRange(min_age=low, max_age=high),
        performed_on=DAY,
    )
    _ready_to_sign(social, started.id)
    if minor:
        with pytest.raises(age.AssessmentRefused) as refused:
            age.sign(social, started.id, conclude_adult=True)
        assert [p.rule for p in refused.value.problems] == ["A12"]
    social.close()

    final = _signed_by_both(folder, started.id, conclude_adult=not minor)
    assert final.concluded and final.conclusion.minor is minor
    social = sign_in(folder, "Social One", SOCIAL_PASS)
    assert cases.get_row(social, case_id).age_status == age_status
    assert age.status_text(social, case_id) == text
    birth = cases.open_case(social, case_id).draft.birth
    assert (birth.date, birth.source) == (years_before(DAY, low), "assessed")
    social.close()
