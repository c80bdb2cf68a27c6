"""Referral rules pinned where the mutation run found them loose (docs/mutation.md, issue 15
item 5): the derived ids every laptop must compute alike, the firewall on a recipient kind
written with underscores [R3], what each refusal names, and days late."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from app.domain import referral as rules
from app.domain.referral import Referral, ReferralState, ReferralType, Refused

CASE = "01a21d68-d711-7e6b-a438-e138ce20e026"
AT = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def test_G1_derived_ids_are_the_same_on_every_laptop_and_every_version() -> None:
    """Two laptops (and two Harbour versions) open one guardian referral only if they
    derive the same id: the values are written out, not recomputed by the rule."""
    ns = uuid.UUID("6c1f4f3e-8a7b-4d5e-9b1a-3f2c0d9e7a41")
    assert ns == rules.REFERRAL_NAMESPACE
    assert rules.guardian_referral_id(CASE) == str(uuid.uuid5(ns, f"{CASE}:guardian"))
    assert rules.police_referral_id(CASE, "ep-1") == str(
        uuid.uuid5(ns, f"{CASE}:police_missing:ep-1")
    )
    assert rules.proposed_referral_id(CASE, "health") == str(
        uuid.uuid5(ns, f"{CASE}:proposed:health")
    )
    # Each part counts: another case, another episode, another type, another id.
    assert rules.police_referral_id(CASE, "ep-1") != rules.police_referral_id("other", "ep-1")
    assert rules.police_referral_id(CASE, "ep-1") != rules.police_referral_id(CASE, "ep-2")
    assert rules.proposed_referral_id(CASE, "health") != rules.proposed_referral_id("x", "health")


def test_R3_an_enforcement_word_after_an_underscore_in_a_kind_is_refused() -> None:
    """A centre's kind "city_frontex" is read as words ("city frontex"): refused, naming
    the kind; a name holding an enforcement word is refused naming the word."""
    (problem,) = rules.firewall_problems(kind="city_frontex")
    assert (problem.rule, problem.message, problem.params) == (
        "R3",
        rules.FIREWALL,
        {"what": "city_frontex"},
    )
    (problem,) = rules.firewall_problems(kind="ngo", name="Office of Abschiebung")
    assert problem.params == {"what": "abschiebung"}
    assert rules.firewall_problems(kind="ngo", name="Red Cross") == []
    assert rules.firewall_problems(kind="ngo") == []


def _referral(**change) -> Referral:
    values = dict(case_id=CASE, type=ReferralType.HEALTH, recipient_id="entry-1")
    values.update(change)
    return Referral(**values)


def test_G9_a_recipient_id_without_a_known_kind_is_no_recipient() -> None:
    """An entry that is gone (no kind) is no recipient, not a recipient of kind None."""
    problems = rules.sharing_problems(_referral(), None)
    assert (problems[0].rule, problems[0].message) == ("G9", rules.NO_RECIPIENT)


def test_G8_a_wrong_recipient_names_its_kind_and_the_type() -> None:
    problems = rules.sharing_problems(_referral(), "education")
    wrong = [p for p in problems if p.message == rules.WRONG_RECIPIENT]
    assert [(p.rule, p.params) for p in wrong] == [
        ("G8", {"kind": "education", "type": ReferralType.HEALTH})
    ]


def test_workflow_refusals_name_their_rule_and_keep_their_message() -> None:
    completed = _referral(state=ReferralState.COMPLETED)
    with pytest.raises(Refused) as refused:
        rules.transition(completed, ReferralState.SENT, at=AT, by="u")
    assert refused.value.rule == "G-workflow"
    assert refused.value.args == (rules.NOT_ALLOWED,)
    assert refused.value.params == {"current": "completed", "wanted": "sent"}
    with pytest.raises(Refused) as refused:
        rules.transition(_referral(), ReferralState.CANCELLED, at=AT, by="u", reason=" ")
    assert (refused.value.rule, refused.value.args) == ("G-workflow", (rules.REASON_NEEDED,))


def test_G6_days_late_counts_calendar_days_both_ways() -> None:
    today = dt.date(2026, 11, 27)
    assert rules.days_late(None, today) is None
    assert rules.days_late(dt.date(2026, 11, 20), today) == 7
    assert rules.days_late(dt.date(2026, 12, 1), today) == -4


def _profile(**change):
    import json
    from pathlib import Path

    from app.domain.profiles import profile_from_data

    root = Path(__file__).resolve().parents[2]
    data = json.loads((root / "resources/profiles/eu.json").read_text("utf-8"))
    data.update(change)
    return profile_from_data(data)


def test_G2_working_days_between_the_edges_of_the_covered_years() -> None:
    from app.domain.deadlines import working_days_between

    only_2026 = _profile(holidays={"2026": ["2026-01-01", "2026-12-25", "2026-12-26"]})
    day = dt.date(2026, 11, 27)
    assert working_days_between(day, day, only_2026) == 0  # the same day: none
    # From 1 January of the first covered year: the days after it are all covered.
    assert working_days_between(dt.date(2026, 1, 1), dt.date(2026, 1, 9), only_2026) == 6
    # Up to the last covered year's end: nothing of the next year is needed.
    assert working_days_between(dt.date(2026, 12, 1), dt.date(2026, 12, 31), only_2026) == 21
    assert working_days_between(dt.date(2026, 12, 1), dt.date(2027, 1, 4), only_2026) is None


def test_G2_a_flagged_deadline_keeps_its_provisional_mark() -> None:
    from app.domain.deadlines import add_working_days

    only_2026 = _profile(holidays={"2026": ["2026-01-01", "2026-12-25", "2026-12-26"]})
    found = add_working_days(dt.date(2026, 12, 18), 15, only_2026, provisional=True)
    assert found.due is None and found.uncovered == (2027,) and found.provisional


def test_G2_deadline_for_a_built_in_a_custom_and_an_unknown_type() -> None:
    deadline = {"ordinary": 3, "exceptional": 6}
    profile = _profile(
        custom_types=[{"code": "sports", "label": "Sports club", "deadline": deadline}]
    )
    assert profile.deadline_for("guardian") == profile.deadlines["guardian"]
    found = profile.deadline_for("custom:sports")
    assert found is not None and (found.ordinary, found.exceptional) == (3, 6)
    assert profile.deadline_for("custom:other") is None
    assert profile.deadline_for("nothing") is None
    assert profile.is_holiday(dt.date(2026, 12, 25)) and not profile.is_holiday(
        dt.date(2026, 12, 24)
    )


def test_G15_determined_finds_exactly_the_cells_the_sums_give_away() -> None:
    """The linear algebra alone (no reader's interval reasoning), on a 2 x 2 table."""
    from app.domain.stats import determined, with_margins

    cells = with_margins({("a", "x"): 3, ("a", "y"): 7, ("b", "x"): 6, ("b", "y"): 9})
    inner = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert determined(cells, {("a", "x")}) == {("a", "x")}  # its row's total minus 7
    assert determined(cells, inner) == set()  # four unknowns, three independent sums
    row_a = {("a", "x"), ("a", "y"), ("a", "total")}
    assert determined(cells, row_a) == row_a  # each from its column
    assert determined(cells, inner | {("a", "total"), ("b", "total")}) == set()


def test_G15_bounds_narrow_as_a_reader_would() -> None:
    """A "<5" is 1 to 4 and an "x" at least 5: a row "<5", "x" with a total of 6 can only
    be 1 and 5; with a total of 42 the cells keep a range of four values."""
    from app.domain.stats import bounds, with_margins

    inner = {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    fixed = with_margins({("a", "x"): 1, ("a", "y"): 5, ("b", "x"): 10, ("b", "y"): 12})
    assert bounds(fixed, {("a", "x")}, inner, 4) == {
        ("a", "x"): (1, 1),
        ("a", "y"): (5, 5),
        ("b", "x"): (10, 10),
        ("b", "y"): (12, 12),
    }
    open_ = with_margins({("a", "x"): 2, ("a", "y"): 40, ("b", "x"): 30, ("b", "y"): 12})
    assert bounds(open_, {("a", "x")}, inner, 4) == {
        ("a", "x"): (1, 4),
        ("a", "y"): (38, 41),
        ("b", "x"): (28, 31),
        ("b", "y"): (11, 14),
    }
