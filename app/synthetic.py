"""Synthetic children for demos, tests and benchmarks. Never real people.

Names are drawn from pools of common names per origin, in the script the child would
use, each with Latin spellings seen in practice. Origins follow roughly the Eurostat
shares of unaccompanied minors applying for asylum in the EU (registration.md): Syria
32 %, Afghanistan 25 %, Eritrea 8 %, Egypt 8 %, Somalia 7 %, Ukraine 6 %, Guinea 4 % ...
Most are boys aged 14 to 17. A fraction of generated cases are near-duplicates of
earlier ones: same child, other spelling, other script, other token order, a dropped
middle name, a birth year one off, or 1 January standing in for an unknown date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.domain.duplicates import Profile
from app.domain.spellings import (
    AFGHAN_FAMILY,
    AFGHAN_FEMALE,
    AFGHAN_MALE,
    ARABIC_FAMILY,
    ARABIC_FEMALE,
    ARABIC_MALE,
    GUINEAN_FAMILY,
    GUINEAN_FEMALE,
    GUINEAN_MALE,
    SOMALI_FAMILY,
    SOMALI_FEMALE,
    SOMALI_MALE,
    TIGRINYA_FAMILY,
    TIGRINYA_FEMALE,
    TIGRINYA_MALE,
    UKRAINIAN_FAMILY,
    UKRAINIAN_FEMALE,
    UKRAINIAN_MALE,
    Pool,
)


@dataclass(frozen=True)
class Origin:
    country: str  # ISO 3166 alpha-2
    share: float
    male: Pool
    female: Pool
    family: Pool
    languages: tuple[str, ...]  # ISO 639-3
    family_tokens: int  # 1 = family name; 2 = father's and grandfather's names
    family_name_share: float = 1.0  # Afghan children often give no family name


ORIGINS: tuple[Origin, ...] = (
    Origin("SY", 0.32, ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ("apc", "ara", "kmr"), 1),
    Origin("AF", 0.25, AFGHAN_MALE, AFGHAN_FEMALE, AFGHAN_FAMILY, ("prs", "pus", "haz"), 1, 0.6),
    Origin("ER", 0.08, TIGRINYA_MALE, TIGRINYA_FEMALE, TIGRINYA_FAMILY, ("tir",), 2),
    Origin("EG", 0.08, ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ("arz",), 1),
    Origin("SO", 0.07, SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY, ("som",), 2),
    Origin("UA", 0.06, UKRAINIAN_MALE, UKRAINIAN_FEMALE, UKRAINIAN_FAMILY, ("ukr", "rus"), 1),
    Origin("GN", 0.04, GUINEAN_MALE, GUINEAN_FEMALE, GUINEAN_FAMILY, ("fra", "ful", "sus"), 1),
)


@dataclass(frozen=True)
class Identity:
    """One synthetic child as they are, before anyone writes their name down."""

    origin: Origin
    given: tuple[str, tuple[str, ...]]
    family: tuple[tuple[str, tuple[str, ...]], ...]
    sex: str
    birth: dt.date
    year_only: bool


def _pick_origin(rng: random.Random) -> Origin:
    return rng.choices(ORIGINS, weights=[o.share for o in ORIGINS])[0]


def new_identity(rng: random.Random, today: dt.date) -> Identity:
    origin = _pick_origin(rng)
    sex = "male" if rng.random() < 0.86 else "female"
    given = rng.choice(origin.male if sex == "male" else origin.female)
    count = origin.family_tokens if rng.random() < origin.family_name_share else 0
    family = tuple(rng.choice(origin.family) for _ in range(count))
    age = rng.choices(range(8, 18), weights=[1, 1, 2, 3, 4, 6, 10, 16, 20, 18])[0]
    birth = today - dt.timedelta(days=age * 365 + rng.randrange(365))
    return Identity(origin, given, family, sex, birth, rng.random() < 0.4)


@dataclass(frozen=True)
class Registration:
    """How one desk wrote the identity down."""

    given: str
    family: str
    given_latin: str
    family_latin: str
    sex: str
    birth_date: dt.date | None
    declared_age: int | None
    nationalities: tuple[str, ...]

    def profile(self, today: dt.date) -> Profile:
        names = tuple(
            n
            for n in (
                f"{self.given} {self.family}".strip(),
                f"{self.given_latin} {self.family_latin}".strip(),
            )
            if n
        )
        year = (
            self.birth_date.year
            if self.birth_date
            else (today.year - self.declared_age if self.declared_age is not None else None)
        )
        exact = self.birth_date if self.birth_date else None
        return Profile(
            names=names,
            birth_year=year,
            birth_date=exact,
            sex=self.sex,
            nationalities=frozenset(self.nationalities),
        )


def register(
    identity: Identity, rng: random.Random, today: dt.date, *, variant: bool = False
) -> Registration:
    """Write an identity down; ``variant`` makes the kinds of differences desks make."""
    given_orig, given_spellings = identity.given
    family = list(identity.family)
    given_latin = rng.choice(given_spellings)
    family_latin = [rng.choice(spellings) for _, spellings in family]
    family_orig = [orig for orig, _ in family]
    birth: dt.date | None = identity.birth
    if identity.year_only:
        birth = dt.date(identity.birth.year, 1, 1)
    declared: int | None = None
    latin_only = identity.origin.country in ("SO", "GN")
    if variant:
        kind = rng.choice(["script", "spelling", "order", "drop", "year", "jan1", "age"])
        if kind == "script" and not latin_only:
            # the border wrote only Latin letters; the centre the original script
            given_orig, family_orig = given_latin, list(family_latin)
        elif kind == "order" and family:
            given_latin, family_latin = " ".join(family_latin), [given_latin]
            given_orig, family_orig = " ".join(family_orig), [given_orig]
        elif kind == "drop" and len(family) > 1:
            family_orig, family_latin = family_orig[:1], family_latin[:1]
        elif kind == "year" and birth:
            birth = dt.date(birth.year + rng.choice([-1, 1]), birth.month, min(birth.day, 28))
        elif kind == "jan1" and birth:
            birth = dt.date(birth.year, 1, 1)
        elif kind == "age" and birth:
            declared, birth = today.year - birth.year, None
        given_latin = rng.choice(given_spellings)  # a second desk spells anew
        if kind != "order":
            family_latin = [rng.choice(s) for _, s in family][: len(family_latin)]
    nationality = (identity.origin.country,) if rng.random() < 0.95 else ()
    return Registration(
        given=given_orig,
        family=" ".join(family_orig),
        given_latin=given_latin,
        family_latin=" ".join(family_latin),
        sex=identity.sex,
        birth_date=birth,
        declared_age=declared,
        nationalities=nationality,
    )


def labelled_pairs(count: int, seed: int, today: dt.date) -> list[tuple[Profile, Profile, bool]]:
    """Half same-child pairs (one registration and a variant), half different children.

    Negatives are hard on purpose: two thirds share the given name or the origin, the
    case that fools naive matching (different boys both called Mohammed from Syria).
    """
    rng = random.Random(seed)
    pairs: list[tuple[Profile, Profile, bool]] = []
    for i in range(count):
        a = new_identity(rng, today)
        if i % 2 == 0:
            first = register(a, rng, today)
            second = register(a, rng, today, variant=True)
            pairs.append((first.profile(today), second.profile(today), True))
            continue
        b = new_identity(rng, today)
        roll = rng.random()
        if roll < 0.4:  # same given name and origin, different child
            b = Identity(
                a.origin,
                a.given,
                b.family
                if b.origin == a.origin
                else tuple(rng.choice(a.origin.family) for _ in a.family),
                a.sex,
                b.birth,
                b.year_only,
            )
        elif roll < 0.67:  # same origin
            b = Identity(
                a.origin,
                rng.choice(a.origin.male),
                tuple(rng.choice(a.origin.family) for _ in a.family),
                a.sex,
                b.birth,
                b.year_only,
            )
        if b == a:
            continue
        pairs.append(
            (register(a, rng, today).profile(today), register(b, rng, today).profile(today), False)
        )
    return pairs


_RELATIONS = ("mother", "father", "brother", "sister", "uncle", "aunt", "grandmother")
_PLACES = (
    "Lampedusa",
    "Evros",
    "Melilla",
    "Chisinau border crossing",
    "Calais",
    "Brindisi",
    "Lesbos",
)


def case_draft(registration: Registration, identity: Identity, rng: random.Random, today: dt.date):
    """A full synthetic intake (CaseDraft) for one registration of an identity."""
    from app.domain import case as c

    birth_date = registration.birth_date
    if birth_date is not None:
        precision = (
            c.DatePrecision.YEAR
            if (birth_date.month, birth_date.day) == (1, 1)
            else c.DatePrecision.EXACT
        )
        birth = c.Birth(date=birth_date, precision=precision, source=c.BirthSource.DECLARED)
    else:
        birth = c.Birth(declared_age=registration.declared_age)
    languages = [c.Language(code=identity.origin.languages[0], preferred=True)]
    if len(identity.origin.languages) > 1 and rng.random() < 0.4:
        languages.append(c.Language(code=rng.choice(identity.origin.languages[1:])))
    roll = rng.random()
    if roll < 0.8:
        separation = c.Separation(status=c.Accompaniment.UNACCOMPANIED)
    elif roll < 0.93:
        separation = c.Separation(
            status=c.Accompaniment.SEPARATED,
            adult=c.Adult(name="(adult, synthetic)", relation="cousin"),
        )
    else:
        separation = c.Separation(
            status=c.Accompaniment.ACCOMPANIED,
            adult=c.Adult(name="(adult, synthetic)", relation="uncle"),
        )
    family = [
        c.FamilyMember(
            relation=rng.choice(_RELATIONS),
            whereabouts=c.Answer.of(
                rng.choice(
                    ["in the country of origin", "unknown", "in Germany", "in a camp in transit"]
                )
            ),
            wants_tracing=c.Answer.of(rng.random() < 0.7),
        )
        for _ in range(rng.randrange(0, 3))
    ]
    vulnerabilities = []
    if rng.random() < 0.12:
        vulnerabilities.append(
            c.Vulnerability(
                concern=rng.choice(list(c.Concern)),
                urgency=rng.choice([c.Urgency.ROUTINE, c.Urgency.SOON, c.Urgency.URGENT]),
            )
        )
    arrival_day = today - dt.timedelta(days=rng.randrange(0, 400))
    return c.CaseDraft(
        names=c.Names(
            given=registration.given,
            family=registration.family,
            given_latin=registration.given_latin,
            family_latin=registration.family_latin,
        ),
        sex=c.Answer.of(c.Sex(registration.sex)),
        birth=birth,
        nationalities=list(registration.nationalities),
        languages=languages,
        interpreter_needed=c.Answer.of(identity.origin.country not in ("GN",)),
        separation=separation,
        arrival=c.Arrival(date=arrival_day, place=rng.choice(_PLACES)),
        family=family,
        vulnerabilities=vulnerabilities,
        consents=[
            c.Consent(
                purpose=c.ConsentPurpose.REGISTRATION,
                given_by="child",
                language=languages[0].code,
                granted=True,
            )
        ],
    )


def synthetic_cases(count: int, seed: int, today: dt.date, *, duplicate_share: float = 0.08):
    """``count`` synthetic intakes; about ``duplicate_share`` re-register an earlier child."""
    rng = random.Random(seed)
    seen: list[Identity] = []
    for _ in range(count):
        if seen and rng.random() < duplicate_share:
            identity = rng.choice(seen)
            registration = register(identity, rng, today, variant=True)
        else:
            identity = new_identity(rng, today)
            seen.append(identity)
            registration = register(identity, rng, today)
        yield case_draft(registration, identity, rng, today)
