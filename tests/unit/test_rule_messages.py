"""What a rule says when it refuses: a message the catalog can translate, with its
placeholders filled, tied to the field the form shows it beside.

The rules return msgids, not text: the UI looks each one up in the staff language
(``_(problem.message).format(**problem.params)``). A message that is not a msgid of
translations/harbour.pot reaches every child's officer in English; a placeholder without
its parameter stops the form with a KeyError; a problem naming a field the form does not
know is shown in no place near what must be corrected (ui/age/page.py FIELD_STEP and
ui/cases/form.py place them by these names). Found by mutation testing
(tools/mutation.py): changing any of these texts or names left every other test green.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.domain import age, case, case_csv, duplicates, passphrase
from app.domain.age import AgeRange, Assessor, Doubt, DoubtGround, Preconditions, Profession

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def msgids() -> set[str]:
    with (ROOT / "translations" / "harbour.pot").open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def assert_renders(message: str, params: dict, msgids: set[str]) -> None:
    assert message in msgids, f"not a msgid of harbour.pot: {message!r}"
    assert placeholders(message) == set(params), (message, params)
    message.format(**params)


def age_problems() -> list[age.Problem]:
    """One of every problem the age rules can raise."""
    appearance_only = Doubt(
        grounds=[DoubtGround.APPEARANCE], reason="looks older", raised_by="Officer O.",
        raised_on=TODAY,
    )  # fmt: skip
    social = Assessor(user_id="u1", name="S", profession=Profession.SOCIAL_WORKER)
    return [
        *age.start_blockers(None, Preconditions(), genuine_document_age=16),
        *age.start_blockers(appearance_only, Preconditions(legal_basis="court order")),
        *age.method_warnings("genital_examination", []),
        *age.method_warnings("dental_xray", [], Profession.SOCIAL_WORKER),
        *age.range_problems(AgeRange.model_construct(min_age=17, max_age=15)),
        *age.removal_problems(" "),
        *age.signature_problems([social]),
    ]


def test_age_rules_name_their_rule_and_field() -> None:
    """[A1]-[A17]: which rule refused, beside which field of the age page."""
    assert [(p.rule, p.field) for p in age_problems()] == [
        ("A2", "documents"),
        ("A1", "doubt"),
        ("A3", "informed_on"),
        ("A4", "consent"),
        ("A5", "representative"),
        ("A6", "interpreter"),
        ("A1", "doubt.grounds"),
        ("A3", "informed_on"),
        ("A5", "representative"),
        ("A6", "interpreter"),
        ("A8", "method"),
        ("A9", "skip_reason"),
        ("A9", "assessor"),
        ("A4", "method_consent"),
        ("A10", "range"),
        ("A17", "remove_reason"),
        ("A14", "signatures"),
    ]


def test_age_rule_messages_are_translatable(msgids: set[str]) -> None:
    for problem in age_problems():
        assert_renders(problem.message, problem.params, msgids)


def test_a9_lists_the_untried_methods_as_the_page_reads_them() -> None:
    """[A9] The page turns ``methods`` back into method names by splitting on ", "."""
    [problem] = [p for p in age.method_warnings("mri_ultrasound", ["documents"]) if p.rule == "A9"]
    assert problem.params["methods"].split(", ") == [
        "psychosocial_interview",
        "physical_appearance",
        "paediatric_examination",
        "dental_observation",
    ]


def broken_case() -> case.CaseDraft:
    """A draft that breaks every rule of validate_case once."""
    return case.CaseDraft(
        names=case.Names(given="Amina"),
        birth=case.Birth(date=TODAY + dt.timedelta(days=1), declared_age=30),
        arrival=case.Arrival(date=TODAY + dt.timedelta(days=2)),
        languages=[
            case.Language(code="xx1", preferred=True),
            case.Language(code="ar", preferred=True),
        ],
        nationalities=["QQ"],
        stateless=case.Answer.of(True),
        separation=case.Separation(status=case.Accompaniment.SEPARATED),
        consents=[
            case.Consent(purpose=case.ConsentPurpose.SHARING, given_by="child", granted=False)
        ],
        documents=[case.DocumentSeen(type="passport", issuing_state="QQ")],
    )


def test_case_problems_name_their_field() -> None:
    fields = [p.field for p in case.validate_case(broken_case(), today=TODAY)]
    assert fields == [
        "birth.date",
        "birth.declared_age",
        "arrival.date",
        "languages.0.code",
        "languages",
        "nationalities.0",
        "stateless",
        "separation.adult.relation",
        "consents.0.legal_basis",
        "documents.0.issuing_state",
    ]


def test_case_problems_are_translatable(msgids: set[str]) -> None:
    problems = case.validate_case(broken_case(), today=TODAY)
    problems += case.validate_case(
        case.CaseDraft(
            names=case.Names(given="Amina"),
            birth=case.Birth(date=dt.date(2012, 5, 1)),
            arrival=case.Arrival(date=dt.date(2012, 4, 30)),
        ),
        today=TODAY,
    )
    problems += case.validate_case(case.CaseDraft(names=case.Names(given="Amina")), today=TODAY)
    assert len(problems) == 12
    for problem in problems:
        assert_renders(problem.message, problem.params, msgids)
    assert {p.params.get("code") for p in problems} == {None, "xx1", "QQ"}


def test_csv_row_problems_are_translatable(msgids: set[str]) -> None:
    """A refused spreadsheet row says which cell and why, in the officer's language."""
    with pytest.raises(case_csv.RowError) as refused:
        case_csv.draft_from_row({"given": " ", "family": "Kidane"}, today=TODAY)
    [problem] = refused.value.problems
    assert problem.field == "given"  # the column the officer corrects
    assert_renders(problem.message, problem.params, msgids)

    with pytest.raises(case_csv.RowError) as refused:
        case_csv.draft_from_row({"given": "Dawit", "birth_date": "2011-13"}, today=TODAY)
    [problem] = refused.value.problems
    assert problem.field == "birth_date"  # the column, not only "row" (issue 11, finding 7)
    assert_renders(problem.message, problem.params, msgids)
    assert problem.params == {"value": "2011-13", "forms": "YYYY-MM-DD, YYYY-MM or YYYY"}

    with pytest.raises(case_csv.RowError) as refused:
        case_csv.draft_from_row({"given": "Dawit", "declared_age": "31"}, today=TODAY)
    assert [p.field for p in refused.value.problems] == ["birth.declared_age"]
    assert refused.value.args == (refused.value.problems,)


def test_passphrase_messages_are_translatable(msgids: set[str]) -> None:
    found = passphrase.passphrase_problems("aaaa", "aaa", 12)
    found += passphrase.passphrase_problems("x" * 257, "", 12)
    found += passphrase.passphrase_problems("Password1234", "", 12)
    assert len(found) == 6
    for message in found:
        assert message in msgids, message
        message.format(min_length=12)


def test_duplicate_reasons_are_translatable(msgids: set[str]) -> None:
    """[R5] Every reason shown beside a duplicate candidate."""
    a = duplicates.Profile(
        names=("محمد أحمد", "Mohammed Ahmed Ali", "Mohamad"), birth_year=2010, sex="male",
        nationalities=frozenset({"SY"}),
    )  # fmt: skip
    b = duplicates.Profile(
        names=("Ahmed Muhammad",), birth_date=dt.date(2010, 3, 4), sex="female",
        nationalities=frozenset({"SY", "TR"}),
    )  # fmt: skip
    c = duplicates.Profile(names=("Mohamad",), birth_date=dt.date(2014, 3, 4))
    d = duplicates.Profile(names=("Mohamad",), birth_date=dt.date(2014, 3, 4))
    reasons = [
        *duplicates.score(a, b).reasons,
        *duplicates.score(a, c).reasons,
        *duplicates.score(c, d).reasons,
        *duplicates.score(b, c).reasons,
    ]
    templates = {r.template for r in reasons}
    assert len(templates) >= 8, templates
    for reason in reasons:
        assert_renders(reason.template, reason.params, msgids)
