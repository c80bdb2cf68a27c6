"""Build tests/data/name_pairs_fresh.tsv: a second labelled set, drawn after the first was used up.

Why a second set: the held-out half of ``name_pairs.tsv`` was reported three times while the
rules were worked on (issue 17), so it no longer measures what the rules miss. This set is
drawn from a name pool the first one did not use, is written before any Harbour rule is run
on it, and its held-out half is reported once, after the rules are frozen. The first set
becomes tuning data in full.

Run by hand, outside the project's virtualenv (it needs packages the app does not):

    python3 -m venv /tmp/pairs && /tmp/pairs/bin/pip install rigour==2.6.1 faker==40.* \
        gender-guesser==0.4.0 anyascii rapidfuzz
    /tmp/pairs/bin/python tests/data/name_pairs_fresh_build.py

Sources, each pair naming its own:
- The name pool: Jörg Michael's first-name dictionary (``nam_dict.txt``, GNU FDL 1.2, shipped
  in the gender-guesser wheel), names it lists as used in the countries whose children
  Harbour receives (Arabia/Persia, Turkey, Kosovo, Albania, Russia, Belarus, Moldova,
  Ukraine, Armenia, Azerbaijan, Georgia, Kazakhstan/Uzbekistan, Bosnia, Macedonia, Serbia,
  Bulgaria, India/Sri Lanka); and Faker's given names for locales the first set did not use
  (Algerian Arabic in Arabic script, Bulgarian and Macedonian in Cyrillic, Nigerian English,
  Igbo, Yoruba, Twi, Kenyan English) beside the Arabic-script, Persian and Cyrillic locales
  the first set used, so that cross-script pairs can form.
- The labels: rigour's person-name lexicon (Wikidata given-name items and their labels in
  every script, shipped in the rigour wheel), as for the first set: "same" when both
  spellings belong to one item, "different" when each belongs to at least one item and they
  share none. Different pairs are the hard ones (rapidfuzz ratio of the anyascii forms >= 70,
  same first letter).
- No pair of the first set (either order) is taken again, and every pair has at least one
  spelling the first set never had.

Labels were then reviewed by hand, every row of both halves, by two reviewers who saw
neither Harbour's code nor any score, against a policy written first
(``tests/data/README-name-pairs.md``): "same" when a desk could write one child's given
name either way, "different" for masculine/feminine forms, pet forms, cognates of unrelated
language traditions. Each changed label carries its reason (label_note); a row the
reviewers could not decide is left out. Said plainly: the tuning half had been scored once
before the policy was written (the lexicon's labels gave P 0.90 R 0.87), and the policy's
examples include rows of the tuning half seen then; the held-out half had not been scored.

The split (tune / heldout) is a salted hash of the pair, so it never changes between runs
and does not follow the first set's split.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import random
import unicodedata
from collections import defaultdict
from pathlib import Path

from name_pairs_build import items_of, script  # the first set's builder, beside this file

HERE = Path(__file__).resolve().parent
OUT = HERE / "name_pairs_fresh.tsv"
FIRST_SET = HERE / "name_pairs.tsv"
REVIEW = HERE / "name_pairs_fresh_review.tsv"

# Faker locales: new ones, and the first set's script locales (for cross-script pairs).
NEW_LOCALES = ["ar_DZ", "bg_BG", "mk_MK", "en_NG", "ig_NG", "yo_NG", "tw_GH", "en_KE"]
SCRIPT_LOCALES = ["ar_AA", "ar_SA", "ar_PS", "fa_IR", "uk_UA", "ru_RU"]
# nam_dict.txt: the column of each country's frequency digit (read from the file's header).
NAM_DICT_COLUMNS = {
    "Bulgaria": 58,
    "Bosnia and Herzegovina": 59,
    "Kosovo": 61,
    "Macedonia": 62,
    "Serbia": 64,
    "Albania": 66,
    "Russia": 68,
    "Belarus": 69,
    "Moldova": 70,
    "Ukraine": 71,
    "Armenia": 72,
    "Azerbaijan": 73,
    "Georgia": 74,
    "Kazakhstan/Uzbekistan": 75,
    "Turkey": 76,
    "Arabia/Persia": 77,
    "India/Sri Lanka": 80,
}
MAX_PER_ITEM = 3
# Pairs taken per pair of scripts. The pool holds three Cyrillic-Latin pairs for every
# Arabic-Latin one; the quotas keep Arabic script, the script of most children Harbour
# receives, from being drowned (chosen from the pool's sizes, before any scoring).
POSITIVE_QUOTA = {
    ("ARABIC", "LATIN"): 160,
    ("CYRILLIC", "LATIN"): 150,
    ("LATIN", "LATIN"): 110,
    ("CYRILLIC", "CYRILLIC"): 20,
    ("ARABIC", "CYRILLIC"): 10,
    ("ARABIC", "ARABIC"): 5,
}
NEGATIVE_QUOTA = {
    ("ARABIC", "LATIN"): 70,
    ("ARABIC", "ARABIC"): 30,
    ("CYRILLIC", "LATIN"): 80,
    ("CYRILLIC", "CYRILLIC"): 30,
    ("LATIN", "LATIN"): 170,
    ("ARABIC", "CYRILLIC"): 10,
}


def scripts_of(pair: tuple[str, str]) -> tuple[str, str]:
    return tuple(sorted((script(pair[0]), script(pair[1]))))  # type: ignore[return-value]


def by_quota(pairs: list[tuple[str, str]], quota: dict) -> list[tuple[str, str]]:
    taken: dict = defaultdict(int)
    out = []
    for pair in pairs:
        key = scripts_of(pair)
        if taken[key] < quota.get(key, 0):
            taken[key] += 1
            out.append(pair)
    print("  by scripts:", {k: v for k, v in taken.items() if v})
    return out


def split_of(a: str, b: str) -> str:
    digest = hashlib.sha256(f"fresh\t{a}\t{b}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def _keep(name: str) -> str | None:
    name = unicodedata.normalize("NFC", name.strip())
    if not name or len(name.split()) > 2 or any(c.isdigit() for c in name):
        return None
    if len(name.split()) == 2 and script(name) != "ARABIC":
        return None  # two-word compounds only where Arabic script splits them
    return name


def nam_dict_names() -> dict[str, str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    words: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or len(line) < 86 or line[0] == "=":
            continue
        if line[29] == "+":
            continue  # the file's own advice: lines sorted by expanded umlauts are repeats
        countries = [c for c, col in NAM_DICT_COLUMNS.items() if line[col] != " "]
        if not countries:
            continue
        name = _keep(line[3:29].replace("+", " "))
        if name and " " not in name:
            words.setdefault(name, f"nam_dict {countries[0]}")
    return words


def faker_names(locales: list[str]) -> dict[str, str]:
    words: dict[str, str] = {}
    for loc in locales:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names_male", "first_names_female", "first_names"):
            names = getattr(provider, attr, None) or ()
            if not isinstance(names, (list, tuple, dict)):
                continue  # a locale whose names are computed (a property), not listed
            for name in names:
                kept = _keep(name)
                if kept:
                    words.setdefault(kept, f"faker {loc}")
    return words


def first_set() -> tuple[set[tuple[str, str]], set[str]]:
    pairs: set[tuple[str, str]] = set()
    words: set[str] = set()
    with open(FIRST_SET, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            pairs.add((row["a"], row["b"]))
            pairs.add((row["b"], row["a"]))
            words.update((row["a"], row["b"]))
    return pairs, words


def main(seed: int = 1727) -> None:
    from anyascii import anyascii
    from rapidfuzz import fuzz

    rng = random.Random(seed)
    old_pairs, old_words = first_set()
    words = {**faker_names(SCRIPT_LOCALES), **nam_dict_names(), **faker_names(NEW_LOCALES)}
    items = items_of(words)

    def fresh(a: str, b: str) -> bool:
        return (a, b) not in old_pairs and (a not in old_words or b not in old_words)

    by_item: dict[str, list[str]] = defaultdict(list)
    for word, ids in items.items():
        for qid in ids:
            by_item[qid].append(word)
    positives: dict[tuple[str, str], str] = {}
    for qid in sorted(by_item):
        members = sorted(by_item[qid])
        if len(members) < 2 or len(members) > 40:
            continue  # one spelling only, or an item so broad it is not one name
        pairs = [
            (a, b)
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if a.casefold() != b.casefold()
            and fresh(a, b)
            # Spellings of one name, not its cognate in another language.
            and fuzz.ratio(anyascii(a).lower(), anyascii(b).lower()) >= 60
        ]
        rng.shuffle(pairs)
        pairs.sort(key=lambda p: script(p[0]) == script(p[1]))  # cross-script first
        for a, b in pairs[:MAX_PER_ITEM]:
            positives.setdefault((a, b), qid)
    pos = sorted(positives)
    rng.shuffle(pos)
    pos = by_quota(pos, POSITIVE_QUOTA)

    ascii_of = {w: anyascii(w).lower() for w in items}
    by_initial: dict[str, list[str]] = defaultdict(list)
    for w in sorted(items):
        by_initial[ascii_of[w][:1]].append(w)
    hard: list[tuple[str, str]] = []
    for group in by_initial.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if items[a] & items[b] or a.casefold() == b.casefold() or not fresh(a, b):
                    continue
                if fuzz.ratio(ascii_of[a], ascii_of[b]) >= 70:
                    hard.append((a, b))
    rng.shuffle(hard)
    neg = by_quota([p for p in hard if not _unsure(ascii_of[p[0]], ascii_of[p[1]])], NEGATIVE_QUOTA)

    rows = [(a, b, 1, f"rigour lexicon: both {positives[(a, b)]}") for a, b in pos]
    rows += [(a, b, 0, "rigour lexicon: no shared Wikidata item") for a, b in neg]
    review = reviewed()
    dropped = 0
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n")
        out.writerow(("a", "b", "same", "family", "source", "split", "label_note"))
        for a, b, same, source in rows:
            pool = f"{words[a]}; {words[b]}"
            verdict, reason = review.get((a, b), (str(same), ""))
            if verdict == "drop":
                dropped += 1
                continue
            note = f"reviewed {same}->{verdict}: {reason}" if verdict != str(same) else ""
            out.writerow((a, b, verdict, "wikidata", f"{source} ({pool})", split_of(a, b), note))
    print(
        f"review: {sum(1 for v, _ in review.values() if v != 'drop')} rows seen, {dropped} left out"
    )
    cross = sum(1 for a, b, *_ in rows if script(a) != script(b))
    print(f"{len(pos)} same, {len(neg)} different; {cross} cross-script; {len(rows)} rows")


def reviewed() -> dict[tuple[str, str], tuple[str, str]]:
    if not REVIEW.exists():
        return {}
    with open(REVIEW, encoding="utf-8") as f:
        return {
            (r["a"], r["b"]): (r["verdict"], r["reason"]) for r in csv.DictReader(f, delimiter="\t")
        }


def _unsure(a: str, b: str) -> bool:
    """Left out as unsure, as in the first set: the lexicon keeps apart two spellings that
    differ only in a final vowel, y for i or a doubled letter (Sophia / Sophie)."""
    import re

    def core(s: str) -> str:
        s = re.sub(r"[^a-z]", "", s).replace("y", "i")
        return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouh]+$", "", s))

    return core(a) == core(b)


if __name__ == "__main__":
    main()
