"""Name keys across scripts, for finding a child registered twice ([R2], [R5]).

The original-script name is never changed ([R2]); everything here builds *keys* used
only for matching. A key is a consonant skeleton of a Latin rendering of each name
token, because Arabic script writes no short vowels ("محمد" is Muhammad, Mohammed,
Mohamed ... all m-h-m-d), Ethiopic transliterations guess vowels, and Latin spellings
differ mostly in vowels and a few letter pairs (kh/h, q/k, ou/u, ph/f ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler, Levenshtein

# Letter swaps seen in Latin spellings of the same name, applied before vowels go.
_LATIN_SWAPS: tuple[tuple[str, str], ...] = (
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("zh", "j"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("v", "w"),
    ("ts", "s"),
    ("dz", "z"),
)
# "son of" and articles: they carry no identity and come and go between spellings.
_PARTICLES = frozenset(
    {"bin", "ibn", "ben", "ould", "wad", "walad", "al", "el", "ul", "bint", "abu", "de"}
)
_ABD_FORMS = ("abdoul", "abdul", "abdel", "abdal", "abdou", "abdu", "abd")
_VOWELS = re.compile(r"[aeiou]")

# Skeletons so common among the children Harbour serves that a match on them alone
# says little (Mohammed, Ahmad, Ali, Hassan, Hussein, Ibrahim, Abdullah, Omar, Yusuf,
# Fatima, Maryam, Abdi, Mahmoud, Mustafa, Khalid, Hamid).
COMMON_SKELETONS = frozenset(
    {
        "mhmd",
        "hmd",
        "l",
        "hsn",
        "brhm",
        "bdh",
        "mr",
        "ysf",
        "ftm",
        "mrym",
        "bd",
        "mstf",
        "hld",
        "sd",
        "mn",
    }
)


@dataclass(frozen=True)
class NameToken:
    original: str
    latin: str  # lower-case Latin rendering, vowels kept (for Latin-to-Latin finesse)
    skeleton: str
    script: str  # "Arabic", "Ethiopic", "Cyrillic", "Latin", ...
    alternates: tuple[str, ...] = ()  # other readings of the skeleton (Somali c/x)

    @property
    def all_skeletons(self) -> tuple[str, ...]:
        return (self.skeleton, *self.alternates)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for script in ("ARABIC", "ETHIOPIC", "CYRILLIC", "LATIN", "GREEK"):
                if name.startswith(script):
                    return script.title()
            return "Other"
    return "Latin"


def _latin(token: str) -> str:
    text = unicodedata.normalize("NFKC", token)
    script = script_of(text)
    if script == "Arabic" and text.startswith("ال") and len(text) > 3:
        text = text[2:]  # the article al-, written joined in Arabic script
    if script == "Arabic":
        # Taa marbuta is a silent -a at the end of a name (هبة = Heba), not an h.
        text = text.replace("ة", "ا")
    latin = anyascii(text).lower()
    return re.sub(r"[^a-z]", "", latin)


def skeleton(latin: str, *, somali: bool = False) -> str:
    """Consonant skeleton of a Latin rendering: 'mohammed' -> 'mhmd'.

    ``somali`` reads c and x as Somali orthography does (c is the Arabic ʿayn, x the
    h-sound: Cabdi = Abdi, Maxamed = Mohamed); otherwise c is k and x is ks
    (Olexandr = Oleksandr). Callers try both where a name has c or x.
    """
    if not latin:
        return ""
    word = latin.replace("c", "").replace("x", "h") if somali else latin.replace("x", "ks")
    # Final -ah / -eh is a vowel (Sarah = Sara), except in -lah/-llah (Abdullah).
    if len(word) > 3 and word[-2:] in ("ah", "eh") and word[-3] != "l":
        word = word[:-1]
    for pair, replacement in _LATIN_SWAPS:
        word = word.replace(pair, replacement)
    if not word:
        return ""
    head, tail = word[0], word[1:]
    # y and w are long vowels in Arabic-script names; keep them only as a first letter.
    tail = re.sub(r"[yw]", "", tail)
    head = "" if head in "aeiou" else head
    bones = head + _VOWELS.sub("", tail)
    bones = re.sub(r"(.)\1+", r"\1", bones)
    if bones.startswith("bdl") and len(bones) > 3:
        bones = "bd" + bones[3:]
    return bones


def skeletons(latin: str) -> tuple[str, ...]:
    """Every plausible reading of a token, the plain one first.

    Extra readings: Somali c and x; an article written joined ("Alkhateeb" =
    al-Khatib); th read as s, as Levantine, Egyptian and Turkish speech has it
    (Othman = Osman).
    """
    readings = [skeleton(latin)]
    if "c" in latin or "x" in latin:
        readings.append(skeleton(latin, somali=True))
    if latin[:2] in ("al", "el") and len(latin) > 5:
        readings.append(skeleton(latin[2:]))
    if "th" in latin:
        readings.append(skeleton(latin.replace("th", "s")))
    return tuple(dict.fromkeys(r for r in readings if r))


def tokens(name: str) -> list[NameToken]:
    """Split a full name into tokens with keys; particles dropped, Abd-compounds joined."""
    return list(_tokens(name))


@lru_cache(maxsize=131072)
def _tokens(name: str) -> tuple[NameToken, ...]:
    raw = [t for t in re.split(r"[\s\-‐_.,'’`]+", name.strip()) if t]
    result: list[NameToken] = []
    pending_abd: NameToken | None = None
    for part in raw:
        latin = _latin(part)
        if not latin:
            continue
        if latin in _PARTICLES:
            continue
        if (latin in _ABD_FORMS or (latin == "bd" and script_of(part) == "Arabic")) and (
            pending_abd is None
        ):
            pending_abd = NameToken(part, "abd", "bd", script_of(part))
            continue
        for form in _ABD_FORMS[:-1]:
            if latin.startswith(form) and len(latin) > len(form) + 2:
                latin = "abd" + latin[len(form) :]
                break
        original = part
        if pending_abd is not None:
            latin = "abd" + latin
            original = f"{pending_abd.original} {part}"
            pending_abd = None
        readings = skeletons(latin)
        if script_of(part) == "Arabic" and part.startswith("ال") and len(part) > 3:
            # Read with and without the article: الحسن is al-Hassan, but الياس is Ilyas.
            whole = re.sub(r"[^a-z]", "", anyascii(part.replace("ة", "ا")).lower())
            readings = tuple(dict.fromkeys((*readings, *skeletons(whole))))
        if not readings:
            continue
        token = NameToken(original, latin, readings[0], script_of(part), readings[1:])
        result.append(token)
    if pending_abd is not None:
        result.append(pending_abd)
    return tuple(result)


def _skeleton_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    base = Levenshtein.normalized_similarity(a, b)
    # Short skeletons differ by one letter easily; don't let 'hsn' ~ 'msn' score 0.67.
    return base**2 if min(len(a), len(b)) <= 3 else base


@lru_cache(maxsize=65536)
def _token_similarity(a: NameToken, b: NameToken) -> float:
    if a.script == b.script and a.script in ("Arabic", "Ethiopic", "Cyrillic"):
        # Written in the same script, the letters themselves are the evidence: a long
        # vowel letter is real (محمد Mohammed is not محمود Mahmoud), so compare the
        # full transliteration, not the vowel-less skeleton.
        same_script = Levenshtein.normalized_similarity(a.latin, b.latin)
        return same_script if same_script >= 0.85 else 0.0
    base = max(_skeleton_similarity(x, y) for x in a.all_skeletons for y in b.all_skeletons)
    if base < 0.7:
        return 0.0  # a different name, not a spelling of the same one
    if a.script == "Latin" and b.script == "Latin":
        # Both written in Latin letters: vowels are real evidence, weigh them a little.
        return base * (0.8 + 0.2 * JaroWinkler.normalized_similarity(a.latin, b.latin))
    return base


@dataclass(frozen=True)
class NameMatch:
    score: float  # 0..1
    matched: tuple[tuple[NameToken, NameToken, float], ...]
    order_differs: bool
    missing_tokens: int


def compare_names(a: list[NameToken], b: list[NameToken]) -> NameMatch:
    """Best one-to-one pairing of tokens, independent of order.

    The shorter name's tokens are each paired with their best partner in the longer
    name; a token with no partner (a dropped middle or grandfather's name) costs a
    little, not a lot, because names gain and lose tokens between registrations.
    """
    if not a or not b:
        return NameMatch(0.0, (), False, max(len(a), len(b)))
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    pairs: list[tuple[float, int, int]] = sorted(
        ((_token_similarity(s, t), i, j) for i, s in enumerate(short) for j, t in enumerate(long_)),
        reverse=True,
    )
    used_s: set[int] = set()
    used_l: set[int] = set()
    chosen: list[tuple[int, int, float]] = []
    for sim, i, j in pairs:
        if i in used_s or j in used_l:
            continue
        used_s.add(i)
        used_l.add(j)
        chosen.append((i, j, sim))
    # A match on a very common name counts half; a mismatch counts fully.
    weights = [
        0.5 if short[i].skeleton in COMMON_SKELETONS and sim >= 0.8 else 1.0 for i, _, sim in chosen
    ]
    total = sum(w * sim for w, (_, _, sim) in zip(weights, chosen, strict=True))
    mean = total / sum(weights)
    if all(short[i].skeleton in COMMON_SKELETONS for i, _, _ in chosen) and len(chosen) == 1:
        mean *= 0.85  # a single very common name on each side is weak evidence
    missing = len(long_) - len(short)
    score = mean * (1.0 - 0.08 * missing)
    strong = sorted((i, j) for i, j, sim in chosen if sim >= 0.8)
    order_differs = [j for _, j in strong] != sorted(j for _, j in strong)
    matched = tuple((short[i], long_[j], sim) for i, j, sim in sorted(chosen))
    return NameMatch(max(0.0, score), matched, order_differs, missing)


def propose_latin(name: str, known: dict[str, str] | None = None) -> str:
    """A Latin transliteration to propose for a name typed in its own script ([R2]).

    Only a proposal: the officer edits it, and the original stays the primary form.
    Known names take their most common spelling (Arabic script writes no short vowels,
    so a letter-by-letter rendering of محمد would be "Mhmd"); other tokens fall back to
    a letter-by-letter transliteration.
    """
    table = _known_spellings() if known is None else known
    parts = name.split()
    words = []
    i = 0
    while i < len(parts):
        pair = " ".join(parts[i : i + 2])
        if i + 1 < len(parts) and pair in table:  # two-word names: عبد الرحمن
            words.append(table[pair])
            i += 2
            continue
        word = parts[i]
        i += 1
        if script_of(word) == "Latin":
            words.append(word)
            continue
        letters = word.replace("ة", "ا") if script_of(word) == "Arabic" else word
        spelled = table.get(word) or anyascii(letters).replace("`", "").replace("'", "")
        words.append(spelled[:1].upper() + spelled[1:])
    return " ".join(w for w in words if w)


@lru_cache(maxsize=1)
def _known_spellings() -> dict[str, str]:
    from app.domain.spellings import ALL_POOLS

    table: dict[str, str] = {}
    for pool in ALL_POOLS:
        for original, spellings in pool:
            if script_of(original) != "Latin":
                table.setdefault(original, spellings[0])
    return table
