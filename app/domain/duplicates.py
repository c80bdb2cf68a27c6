"""Scoring a possible duplicate registration, with the reasons shown to the officer ([R5]).

Pure: the storage layer finds candidates through name keys; this module says how alike
two children's records are and why. The officer decides; nothing here merges anything.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from app.domain.names import (
    FINAL_A_COST,
    NameMatch,
    NameToken,
    compare_names,
    cyrillic_ending_differs,
    joined_token,
    propose_latin,
    script_of,
    tokens,
)
from app.domain.orthography import tigrinya_as_amharic, with_arabic_letters
from app.i18n import N_

CANDIDATE_THRESHOLD = 0.62
# Least name likeness for a candidate. Chosen on all tuning data (every labelled set but the
# newest held-out half; best F1, ties to the higher: `HARBOUR_BENCH_TUNE=1 python -m bench
# duplicates`), never on the held-out half. 0.76 since 2026-11-29 (F1 0.9286 against 0.9281
# at 0.75): a single head or final vowel cost (0.75) alone now parts two names. On the
# tuning data of the fourteenth round (12,562 pairs) 0.81 scores 0.0002 more (0.9235 against
# 0.9233; bootstrap 95 % interval of the difference -0.0011 to +0.0012): no difference F1
# can see, so the lower stays, which misses fewer of a child's second registrations. On
# the tuning data of the seventeenth round (20,404 pairs, the seventh population round's
# read included) 0.81 again scores best, 0.9293 against 0.9288 (it wins 158 of 200
# bootstrap resamples; 95 % interval of the difference -0.0005 to +0.0015, which holds
# 0): 0.76 stays, by the same rule.
NAME_THRESHOLD = 0.76


@dataclass(frozen=True)
class Profile:
    """What duplicate detection looks at: names in every script, birth, sex, nationality."""

    names: tuple[str, ...]  # original-script name, Latin transliteration, aliases
    birth_year: int | None = None
    birth_date: date | None = None  # only when the exact date is known
    sex: str | None = None
    nationalities: frozenset[str] = frozenset()

    def name_tokens(self) -> list[list[NameToken]]:
        return [tokens(n) for n in self.names if n and n.strip()]


@dataclass(frozen=True)
class Reason:
    """A translatable reason: ``template`` is a msgid, ``params`` fill it."""

    template: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    score: float
    reasons: tuple[Reason, ...]
    name_score: float


def effective_birth(profile: Profile) -> tuple[int | None, date | None]:
    """1 January is the usual stand-in when only the year is known: treat it as a year."""
    if profile.birth_date is not None:
        if (profile.birth_date.month, profile.birth_date.day) == (1, 1):
            return profile.birth_date.year, None
        return profile.birth_date.year, profile.birth_date
    return profile.birth_year, None


def _best_name_match(a: Profile, b: Profile) -> NameMatch | None:
    """Best match over the name forms of both records.

    When both records hold the name in the same non-Latin script, only those forms are
    compared: the original letters say more than any transliteration (محمد is not محمود,
    though both become "Mahmud"/"Mohamed" in someone's Latin).
    """
    return _names_match(a.names, b.names)[0]


# A duplicate lookup scores one child against hundreds of candidates, and children share
# names (a vault holds many "Mohammed Ahmad"s): the name comparison is a pure function of
# the two records' name strings, so it is computed once per pair of name lists.
@lru_cache(maxsize=65536)
def _names_match(
    names_a: tuple[str, ...], names_b: tuple[str, ...]
) -> tuple[NameMatch | None, tuple[Reason, ...]]:
    forms_a = [tokens(n) for n in _scored_forms(names_a)]
    forms_b = [tokens(n) for n in _scored_forms(names_b)]
    pairs = [(ta, tb) for ta in forms_a for tb in forms_b]
    same_script = [
        (ta, tb)
        for ta, tb in pairs
        if ta and tb and ta[0].script == tb[0].script and ta[0].script != "Latin"
    ]
    read_from = _proposal_sources(names_a) | _proposal_sources(names_b)
    best: NameMatch | None = None
    for ta, tb in same_script or pairs:
        match = compare_names(ta, tb)
        if _proposal_ending_differs(ta, tb, read_from):
            match = replace(match, score=match.score * FINAL_A_COST)
        if best is None or match.score > best.score:
            best = match
    return best, tuple(_name_reasons(best)) if best else ()


@lru_cache(maxsize=65536)
def _proposal_sources(names: tuple[str, ...]) -> dict[str, NameToken]:
    """Harbour's proposed Latin of each one-word Cyrillic name of a record, with the word
    it was read from."""
    found: dict[str, NameToken] = {}
    for name in names:
        if name and script_of(name) == "Cyrillic":
            words = tokens(name)
            if len(words) == 1:
                found[propose_latin(name).casefold()] = words[0]
    return found


def _proposal_ending_differs(
    ta: list[NameToken], tb: list[NameToken], read_from: dict[str, NameToken]
) -> bool:
    """Whether a typed Latin name meets Harbour's proposed Latin of a Cyrillic name whose
    ending says the two are other names (names.cyrillic_ending_differs: Иоланда's proposal
    Iolanda is not Jolande, Сергей's Serhii not Serge). Compared as two Latin spellings the
    proposal would let the other language's form through, which the Cyrillic does not."""
    for x, y in ((ta, tb), (tb, ta)):
        if len(x) == len(y) == 1 and x[0].script == y[0].script == "Latin":
            source = read_from.get(x[0].original.casefold())
            if source is not None and cyrillic_ending_differs(source, y[0]):
                return True
    return False


def _scored_forms(names: tuple[str, ...]) -> list[str]:
    """The name forms a score compares. A Latin form that is only Harbour's own reading of
    an Ethiopic form of the record (names.propose_latin, filled in when nobody typed a
    Latin spelling) is left out: Ethiopic writes every vowel, which the comparison of the
    original reads exactly, where the proposal compared as Latin lets any vowel pass
    (ዘውዱ's proposal Zewdu met Zewde). Measured on the tuning sets
    (``python -m bench duplicates``): F1 0.9174 with it, 0.9197 without; Arabic and
    Cyrillic proposals are kept, as leaving them out traded recall for precision at equal
    F1, and a missed second registration costs a child more than a false candidate."""
    present = [n for n in names if n and n.strip()]
    proposals = {propose_latin(n).casefold() for n in present if script_of(n) == "Ethiopic"}
    if not proposals:
        return present
    return [n for n in present if script_of(n) != "Latin" or n.casefold() not in proposals]


# The scripts a reason names, as the word that fills "{script_a}" in each language's
# sentence ("in Arabic and Latin script", "بالخط العربي والخط اللاتيني"): translated where
# the reason is shown (services.cases). The matcher's own names for scripts are not for
# people: a Bengali name showed as "Other", and every language showed the English word.
SCRIPT_NAMES = {
    "ARABIC": N_("Arabic"),
    "LATIN": N_("Latin"),
    "CYRILLIC": N_("Cyrillic"),
    "ETHIOPIC": N_("Ethiopic"),
    "GREEK": N_("Greek"),
    "BENGALI": N_("Bengali"),
    "DEVANAGARI": N_("Devanagari"),
    "GURMUKHI": N_("Gurmukhi"),
    "ARMENIAN": N_("Armenian"),
    "GEORGIAN": N_("Georgian"),
    "TAMIL": N_("Tamil"),
}
ANOTHER_SCRIPT = N_("another")


def script_name(text: str) -> str:
    """The name of the script a name is written in, as a msgid (SCRIPT_NAMES)."""
    for ch in text:
        if ch.isalpha():
            return SCRIPT_NAMES.get(unicodedata.name(ch, "").split(" ")[0], ANOTHER_SCRIPT)
    return ANOTHER_SCRIPT


def _name_reasons(match: NameMatch) -> list[Reason]:
    reasons: list[Reason] = []
    for left, right, sim in match.matched:
        if sim < 0.8:
            continue
        if left.script != right.script:
            reasons.append(
                Reason(
                    N_("“{a}” and “{b}” are the same name in {script_a} and {script_b} script"),
                    {
                        "a": left.original,
                        "b": right.original,
                        "script_a": script_name(left.original),
                        "script_b": script_name(right.original),
                    },
                )
            )
        elif left.original.casefold() == right.original.casefold():
            reasons.append(Reason(N_("same name “{a}”"), {"a": left.original}))
        else:
            reasons.append(
                Reason(
                    N_("“{a}” and “{b}” are spellings of one name"),
                    {"a": left.original, "b": right.original},
                )
            )
    if match.order_differs:
        reasons.append(Reason(N_("names in a different order")))
    if match.missing_tokens:
        reasons.append(
            Reason(N_("{n} name part(s) present in only one record"), {"n": match.missing_tokens})
        )
    return reasons


def score(a: Profile, b: Profile) -> Candidate:
    """0..1 likeness of two registrations, and the reasons for it."""
    match, name_reasons = _names_match(a.names, b.names)
    name_score = match.score if match else 0.0
    reasons = list(name_reasons)

    year_a, exact_a = effective_birth(a)
    year_b, exact_b = effective_birth(b)
    if exact_a and exact_b and exact_a == exact_b:
        birth = 1.0
        reasons.append(Reason(N_("same date of birth")))
    elif year_a is not None and year_b is not None:
        gap = abs(year_a - year_b)
        birth = {0: 0.9, 1: 0.7, 2: 0.4}.get(gap, 0.0)
        if gap == 0:
            reasons.append(Reason(N_("same birth year")))
        elif gap <= 2:
            reasons.append(Reason(N_("birth years {n} apart"), {"n": gap}))
        else:
            reasons.append(Reason(N_("birth years {n} apart"), {"n": gap}))
    else:
        birth = 0.5  # unknown: neither for nor against

    if a.nationalities and b.nationalities:
        shared = a.nationalities & b.nationalities
        nationality = 1.0 if shared else 0.2
        if shared:
            reasons.append(Reason(N_("same nationality")))
    else:
        nationality = 0.5

    total = 0.68 * name_score + 0.22 * birth + 0.10 * nationality
    if a.sex and b.sex and a.sex != b.sex:
        total *= 0.5
        reasons.append(Reason(N_("different sex recorded")))
    if year_a is not None and year_b is not None and abs(year_a - year_b) > 4:
        total *= 0.7
    return Candidate(round(min(1.0, total), 4), tuple(reasons), round(name_score, 4))


def is_candidate(candidate: Candidate) -> bool:
    return candidate.score >= CANDIDATE_THRESHOLD and candidate.name_score >= NAME_THRESHOLD


def _same_script_spellings(token: NameToken) -> list[str]:
    """Other spellings of a word in its own script that the same-script comparison
    (names._letters_similarity) reads as it, whose keys the index must hold too."""
    original = token.original
    others: list[str] = []
    if token.script == "Arabic":
        # پیام written بيام, as Arabic writes it.
        if plain := with_arabic_letters(original):
            others.append(plain)
        # Persian and Kurdish write an Arabic name's final ة as ه (هاله = هالة Hala, ژاله
        # = زالة): both endings (names._persian_final_alef).
        if original[-1:] in ("ه", "ة", "ە", "ۀ"):
            others += [original[:-1] + "ه", original[:-1] + "ة"]
    elif token.script == "Ethiopic":
        # Tigrinya ኸ and ቐ written ከ and ቀ, as Amharic does (መኾንን / መኮንን).
        amharic = tigrinya_as_amharic(original)
        if amharic != original:
            others.append(amharic)
    return others


def blocking_keys(profile: Profile) -> set[str]:
    """Keys the candidate index stores, so candidates are found without a full scan.

    Every reading's skeleton (Somali, Slavic, West African, Persian readings meet the
    plain one of another spelling), plus the plain skeleton's first three letters, so
    that a one-letter difference late in a name still meets; very short skeletons are
    kept whole. Keys follow ``names.KEY_VERSION``: a vault indexed under another
    version must rebuild its keys.
    """
    keys: set[str] = set()
    for name_tokens in profile.name_tokens():
        for token in name_tokens:
            for bones in token.all_skeletons:
                keys.add("s:" + bones)
            if len(token.skeleton) >= 4:
                keys.add("p:" + token.skeleton[:3])
            for other in _same_script_spellings(token):
                for written in tokens(other):
                    keys.update("s:" + bones for bones in written.all_skeletons)
        # Two neighbouring words read as one compound (Gebre Medhin = Gebremedhin,
        # names.joined_token): its plain skeleton meets the one-word spelling's readings
        # (one key a pair: every reading's would add half again to the vault's keys).
        for first, second in pairwise(name_tokens):
            joined = joined_token(first, second)
            if joined is not None:
                keys.add("s:" + joined.skeleton)
    return keys
