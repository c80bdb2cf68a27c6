"""Build tests/data/name_pairs_ethiopic.tsv: Ethiopic-script names against their Latin
spellings (issue 17), from a source outside the project.

None of the five earlier sets has an Ethiopic pair: rigour's lexicon, their source, has no
Ethiopic forms. Eritrean children are among the unaccompanied children Europe receives
most, so this set measures the Ethiopic family on its own.

Source: "List of Ethiopian Authors / የኢትዮጵያ ደራሲያን ስም ዝርዝር", Solomon Gebre Christos,
Haile Selassie I University Library, Addis Ababa, 1971, as keyed by the Ge'ez Frontier
Foundation (github.com/geezorg/data, amharic/toponymic/SGC-SingleNames-20071123.txt; the
repository states no licence). Each line is a name word in Ethiopic script, its scholarly
transliteration and the author's own Latin spelling (Tesfaye, Berhanu, Wolde, Mesfin). The
source file is not kept here: download it and pass its path.

- Same (1): an Ethiopic word and the Latin spelling on its own line.
- Different (0): an Ethiopic word and the Latin spelling of another line whose
  transliteration differs, when the two look alike (rapidfuzz ratio of the anyascii forms
  >= 75, same first letter): the hard pairs.
- A line whose Latin spelling has a comma, a slash, a full stop or a digit (Western
  names, abbreviations) is left out, and so is a line with an empty column.

Every label was then reviewed by hand against tests/data/README-name-pairs.md, by
reviewers who saw neither code nor scores: a line that is not a personal name (a common
word, an institution, a place) or whose two columns are not the same word is dropped; a
"different" pair that is one name spelled two ways (ለገሠ / ለገሰ, both Legesse) becomes
"same". Their verdicts are in name_pairs_ethiopic_review.tsv. The split (tune / heldout)
is a salted hash of the pair; the held-out half is reported once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py):

    cd tests/data && /tmp/pairs/bin/python name_pairs_ethiopic_build.py SGC-SingleNames.txt
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "name_pairs_ethiopic.tsv"
REVIEW = HERE / "name_pairs_ethiopic_review.tsv"
SOURCE = "Solomon Gebre Christos, List of Ethiopian Authors (1971), geezorg/data SGC-SingleNames"
NEGATIVES_PER_NAME = 2


def split_of(a: str, b: str) -> str:
    digest = hashlib.sha256(f"ethiopic\t{a}\t{b}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def _ethiopic(word: str) -> bool:
    letters = [c for c in word if not c.isspace()]
    return bool(letters) and all("ETHIOPIC" in unicodedata.name(c, "") for c in letters)


def lines(path: Path) -> list[tuple[str, str, str]]:
    kept = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) < 3 or not all(cols[:3]):
            continue
        ethiopic, scholarly, latin = cols[:3]
        if not _ethiopic(ethiopic) or re.search(r"[,/.\d]", latin + scholarly):
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", unicodedata.normalize("NFC", latin)):
            continue  # the common spelling is plain Latin letters
        kept.append((ethiopic, scholarly, latin))
    return kept


def main(source: Path) -> None:
    from anyascii import anyascii
    from rapidfuzz import fuzz

    rows = lines(source)
    positives = sorted({(e, latin) for e, _, latin in rows})
    by_latin: dict[str, set[str]] = {}
    scholarly_of: dict[str, set[str]] = {}
    for e, s, latin in rows:
        by_latin.setdefault(latin, set()).add(s.casefold())
        scholarly_of.setdefault(e, set()).add(s.casefold())

    rng = random.Random(1971)
    negatives: list[tuple[str, str]] = []
    latins = sorted(by_latin)
    for e in sorted(scholarly_of):
        ascii_e = re.sub(r"[^a-z]", "", anyascii(e).lower())
        candidates = [
            latin
            for latin in latins
            if latin[:1].lower() == ascii_e[:1]
            and not by_latin[latin] & scholarly_of[e]
            and (e, latin) not in set(positives)
            and fuzz.ratio(ascii_e, latin.lower()) >= 75
        ]
        rng.shuffle(candidates)
        negatives.extend((e, latin) for latin in candidates[:NEGATIVES_PER_NAME])

    review = {}
    if REVIEW.exists():
        with open(REVIEW, encoding="utf-8") as f:
            review = {
                (r["a"], r["b"]): (r["verdict"], r["reason"])
                for r in csv.DictReader(f, delimiter="\t")
            }
    dropped = 0
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", lineterminator="\n")
        out.writerow(("a", "b", "same", "family", "source", "split", "label_note"))
        for (a, b), same in [*((p, 1) for p in positives), *((n, 0) for n in negatives)]:
            verdict, reason = review.get((a, b), (str(same), ""))
            if verdict == "drop":
                dropped += 1
                continue
            note = f"reviewed {same}->{verdict}: {reason}" if verdict != str(same) else ""
            where = "same line" if same else "lines apart"
            out.writerow((a, b, verdict, "ethiopic", f"{SOURCE}: {where}", split_of(a, b), note))
    print(f"{len(positives)} same, {len(negatives)} different; {dropped} left out by review")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
