"""rigour's lexicon as a first stage, measured where it is not the labeller (issue 17, step 3).

Every Wikidata row of the name sets was labelled by rigour's lexicon (then reviewed), so
the lexicon cannot be measured on them: it agrees with its own labels by construction. The
rows of ``name_pairs_standards.tsv`` were transcribed by hand from published transliteration
standards, without it. On those rows this prints the lexicon alone ("same" when both
spellings belong to one Wikidata item), Harbour's rules at the shipped threshold, and the
two together (same when either says so), and the lexicon as a veto on the rules (not the
same when both spellings are in it and share no item). Said plainly: the rules were tuned
on these rows (they are part of the first set), so the rules' figure is optimistic, and
what the lexicon adds on top of them is what the tuning had not already reached.

Run by hand in the builders' virtualenv (it needs rigour, which the app does not ship):

    cd tests/data && /tmp/pairs/bin/python rigour_on_standards.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from name_pairs_build import items_of  # the first set's builder, beside this file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def figures(hits: list[tuple[bool, bool]]) -> str:
    tp = sum(1 for hit, same in hits if hit and same)
    fp = sum(1 for hit, same in hits if hit and not same)
    fn = sum(1 for hit, same in hits if not hit and same)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"precision {precision:.3f}, recall {recall:.3f} ({fp} false, {fn} missed)"


def main() -> None:
    from app.domain.duplicates import NAME_THRESHOLD, Profile, score

    with open(HERE / "name_pairs_standards.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    items = items_of({w: "" for r in rows for w in (r["a"], r["b"])})
    lexicon, rules, either, vetoed = [], [], [], []
    for r in rows:
        same = r["same"] == "1"
        by_lexicon = bool(items.get(r["a"], set()) & items.get(r["b"], set()))
        by_rules = (
            score(Profile(names=(r["a"],)), Profile(names=(r["b"],))).name_score >= NAME_THRESHOLD
        )
        lexicon.append((by_lexicon, same))
        rules.append((by_rules, same))
        either.append((by_lexicon or by_rules, same))
        # The lexicon as a veto: both spellings known to it and no item shared.
        known_apart = r["a"] in items and r["b"] in items and not by_lexicon
        vetoed.append((by_rules and not known_apart, same))
    known = sum(1 for r in rows if r["a"] in items and r["b"] in items)
    print(f"{len(rows)} standards rows; both spellings in the lexicon: {known}")
    print(f"  lexicon alone:     {figures(lexicon)}")
    print(f"  rules:             {figures(rules)}")
    print(f"  rules or lexicon:  {figures(either)}")
    print(f"  rules, lexicon veto: {figures(vetoed)}")


if __name__ == "__main__":
    main()
