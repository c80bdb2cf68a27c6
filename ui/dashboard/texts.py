"""The dashboard's words: list titles, chart titles and category names, and one line per
child on each list."""

from __future__ import annotations

import datetime as dt

from app import i18n
from app.domain.referral import TYPE_NAMES
from app.i18n import N_, format_date, ngettext
from ui.cases import labels
from ui.common import _, isolate

LIST_TITLES = {
    "missing": N_("Missing children"),
    "without_guardian": N_("Children without a guardian"),
    "urgent": N_("Urgent needs without a referral"),
    "not_informed": N_("Children not yet informed"),
    "age": N_("Age assessments in progress"),
    "awaiting": N_("Referrals awaiting an answer"),
}
LIST_EMPTY = {
    "missing": N_("No child is missing."),
    "without_guardian": N_("Every child has a guardian."),
    "urgent": N_("Every urgent need has a referral."),
    "not_informed": N_("Every child has been informed."),
    "age": N_("No age assessment is in progress."),
    "awaiting": N_("No referral is waiting for an answer."),
}
CHART_TITLES = {
    "age_group": N_("Children in care by age group"),
    "sex": N_("Children in care by sex"),
    "nationality": N_("Children in care by nationality"),
    "accompaniment": N_("Children in care by accompaniment"),
}
AGE_GROUPS = {
    "0-5": N_("0–5 years"),
    "6-11": N_("6–11 years"),
    "12-14": N_("12–14 years"),
    "15-17": N_("15–17 years"),
    "18+": N_("18 or older"),
    "unknown": N_("Age unknown"),
}
SEXES = {
    **labels.SEX,
    "unknown": N_("Unknown"),
    "declined": N_("Not said"),
    "not_asked": N_("Not asked yet"),
}
ACCOMPANIMENT = {
    "unaccompanied": N_("Unaccompanied"),
    "separated": N_("Separated"),
    "accompanied": N_("Accompanied"),
}


def category(chart: str, code: str) -> str:
    """A chart category's name in the UI language."""
    if chart == "age_group":
        return _(AGE_GROUPS.get(code, code))
    if chart == "sex":
        return _(SEXES[code]) if code in SEXES else code
    if chart == "accompaniment":
        return _(ACCOMPANIMENT[code]) if code in ACCOMPANIMENT else code
    if code == "other":
        return _("Other nationalities")
    if code == "stateless":
        return _("Stateless")
    if code == "unknown":
        return _("Unknown")
    name = i18n.babel_locale(i18n.active_language()).territories.get(code)
    return str(name) if name else code


def child(number: str, name: str, latin: str) -> str:
    """The case number and the child's name (and its Latin spelling when it differs)."""
    if latin and latin != name:
        who = _("{name} ({latin})").format(name=isolate(name), latin=isolate(latin))
    else:
        who = isolate(name or latin)
    return _("{number} {name}").format(number=isolate(number), name=who)


def deadline(item) -> str:
    """[G6] How late, in working days, and whether the deadline is provisional."""
    if item.flagged or item.working_days_late is None:
        text = _("deadline to check: no public holidays known for that year")
    elif item.working_days_late > 0:
        n = item.working_days_late
        text = ngettext("{count} working day overdue", "{count} working days overdue", n).format(
            count=n
        )
    elif item.working_days_late == 0 and (item.days_late or 0) >= 0:
        text = _("due today")
    else:
        n = max(1, -item.working_days_late)
        text = ngettext("{count} working day left", "{count} working days left", n).format(count=n)
    if item.provisional:
        text = _("{deadline} (provisional deadline)").format(deadline=text)
    return text


def referral_type(code: str) -> str:
    for known, name in TYPE_NAMES.items():
        if known.value == code:
            return _(name)
    return code.removeprefix("custom:")


def line(number: str, name: str, latin: str, detail: str) -> str:
    return _("{child} — {detail}").format(child=child(number, name, latin), detail=detail)


def since(value: str) -> str:
    """When a missing child was last seen."""
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return _("missing")
    return _("missing since {date} {time}").format(
        date=isolate(format_date(when.date())), time=isolate(when.strftime("%H:%M"))
    )


def registered(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return ""
    return _("registered {date}").format(date=isolate(format_date(day)))
