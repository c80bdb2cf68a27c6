"""Precision and recall of duplicate scoring (issues 4 and 17).

Two sets:
- ``tests/data/name_pairs.tsv``: labelled name pairs from sources outside Harbour's own
  rules (transliteration standards' tables, national orthographies, and Wikidata given-name
  items as shipped in the rigour package; see ``tests/data/name_pairs_build.py``), split
  into a tuning half and a held-out half. Names only, no birth date or nationality, as the
  issue measured them. The shipped name threshold was chosen on the tuning half
  (``HARBOUR_BENCH_TUNE=1 python -m bench duplicates``, which hides the held-out half);
  the held-out half is reported at it.
- ``tests/data/name_pairs_fresh.tsv``: a second set drawn the same way from a name pool the
  first did not use (``tests/data/name_pairs_fresh_build.py``), every label reviewed by hand
  against a written policy (``tests/data/README-name-pairs.md``), because the first set's
  held-out half had been reported three times while rules were worked on. Its held-out half
  was reported once (precision 0.894, recall 0.917) and is tuning data since.
- ``tests/data/name_pairs_third.tsv``: a third set from the pool left
  (``tests/data/name_pairs_third_build.py``), reviewed the same way. Its held-out half was
  reported once (precision 0.817, recall 0.912) and is tuning data since.
- ``tests/data/name_pairs_fourth.tsv``: a fourth set drawn from the forms of rigour's
  lexicon itself, the name pools being used up (``tests/data/name_pairs_fourth_build.py``),
  reviewed the same way. Its held-out half was reported once (precision 0.883, recall
  0.878) and is tuning data since.
- ``tests/data/name_pairs_fifth.tsv``: a fifth set from the same pool, without the fourth's
  pairs (``tests/data/name_pairs_fifth_build.py``), reviewed the same way. Its held-out half
  was reported once (precision 0.836, recall 0.877) and is tuning data since.
- ``tests/data/name_pairs_sixth.tsv``: a sixth set from the same pool, without any earlier
  set's pairs (``tests/data/name_pairs_sixth_build.py``), reviewed the same way. Its
  held-out half was reported once (precision 0.836, recall 0.925 at 1161f6b) and is tuning
  data since.
- ``tests/data/name_pairs_ethiopic.tsv``: Ethiopic-script names against their Latin
  spellings from a list of Ethiopian authors (``tests/data/name_pairs_ethiopic_build.py``),
  the family no other set has, reviewed the same way. Its held-out half was reported once
  beside the sixth's (precision 0.969, recall 0.972) and is tuning data since.
- ``tests/data/name_pairs_seventh.tsv``: a seventh set from the fourth's pool, without any
  earlier set's pairs (``tests/data/name_pairs_seventh_build.py``), reviewed the same way.
  Its held-out half, the one the issue's target is read on, was reported once with the
  rules frozen at 2293237: precision 0.874, recall 0.940 (400 pairs; target 0.95 both,
  missed; the rules of 2a70957 score 0.866/0.935 on it). It is tuning data since.
- ``tests/data/name_pairs_eighth.tsv``: an eighth set from the same pool, without any
  earlier set's pairs (``tests/data/name_pairs_eighth_build.py``), reviewed the same way.
  Its held-out half, the one the issue's target is read on, was reported once with the
  rules frozen at 3e32334 (name threshold 0.76): precision 0.875, recall 0.898 (418 pairs;
  target 0.95 both, missed; the rules of 2a70957 score 0.862/0.904 on it). It is tuning
  data since.
- ``tests/data/name_pairs_ninth.tsv``: a ninth set from the same pool, without any earlier
  set's pairs (``tests/data/name_pairs_ninth_build.py``), reviewed the same way (four blind
  reviewers, two per half; the held-out half's reviewers reported counts only). Its
  held-out half, the one the issue's target is read on, was reported once with the rules
  frozen at 8b045e8 (name threshold 0.76): precision 0.859, recall 0.884 (401 pairs; 29
  false, 23 missed; target 0.95 both, missed; the rules of 4cbabd1, the eighth round's,
  score 0.850/0.884 on it, those of 2a70957 0.821/0.874). A second reader then found
  false matches the new rules made between common names (Salem / سلیم, Zoe / Joe, Xu /
  Zhu) and broken ones (Khwaja / Khawaja); fixed from those findings, not from the
  held-out rows, the rules score 0.854/0.884 on it (30 false, 23 missed): a second look,
  not a clean one. It is tuning data since.
- ``tests/data/name_pairs_tenth.tsv``: a tenth set from the same pool, without any earlier
  set's pairs (``tests/data/name_pairs_tenth_build.py``), reviewed the same way. Its
  held-out half, the one the issue's target is read on, was reported once with the rules
  frozen at 973c433 (name threshold 0.76): precision 0.878, recall 0.908 (379 pairs; 22
  false, 16 missed; target 0.95 both, missed). The rules of 9bcbcaa (the ninth round) and
  of 4cbabd1 (the eighth) score 0.883/0.908 on it, those of 2a70957 0.866/0.891: the
  ninth and tenth rounds did not move it. It is tuning data since.
- ``tests/data/name_pairs_eleventh.tsv``: an eleventh set from the same pool, without any
  earlier set's pairs (``tests/data/name_pairs_eleventh_build.py``), reviewed the same way.
  Its held-out half was read once with the rules unchanged since 973c433 (name threshold
  0.76): precision 0.905, recall 0.896 (411 pairs; 20 false, 22 missed; target 0.95 both,
  missed). With the tenth's, read under the same rules: precision 0.892 (95% Wilson
  interval 0.858-0.919), recall 0.902 (0.868-0.927) on 790 pairs. It is tuning data since.
- ``tests/data/name_pairs_twelfth.tsv``: a twelfth set from the same pool, without any
  earlier set's pairs (``tests/data/name_pairs_twelfth_build.py``), reviewed the same way.
  Its held-out half, the one the issue's target is read on, was reported once with the
  rules frozen at d5b4560 (name threshold 0.76): precision 0.875, recall 0.910 (412 pairs;
  26 false, 18 missed; target 0.95 both, missed). The rules of 973c433 score the same on
  it: this stop's rules (presentation forms, compounds with the article, the South Asian
  z, Belarusian цц) concern names no set of given names holds; reworked after a second
  reader (88fc4b5), they score the same on it (a second look). Tenth, eleventh and
  twelfth halves pooled, under 973c433's rules: precision 0.886 (95% 0.858-0.909), recall
  0.904 (0.878-0.926), 1,202 pairs; Arabic-Latin pairs 0.931 / 0.954 (358), Latin-Latin
  0.796 / 0.819 (386). It is tuning data since.
- ``tests/data/name_pairs_thirteenth.tsv``: a thirteenth set from the same pool, without
  any earlier set's pairs (``tests/data/name_pairs_thirteenth_build.py``), reviewed the
  same way. Its held-out half, the one the issue's target is read on, was reported once
  with the rules frozen at 5e64c5a (name threshold 0.76), after a second reader's fixes:
  precision 0.918, recall 0.910 (429 pairs; 18 false, 20 missed; target 0.95 both,
  missed). The rules of 37750d0 (the twelfth round) score the same on it: this round's
  rules (Russian practical transcription of Western names, English names in Arabic
  script, the Maghrebi imala, the Indic inherent vowel) concern names these sets hold
  few of. Tenth to thirteenth halves pooled, each read once: precision 0.895 (95%
  0.872-0.914), recall 0.906 (0.884-0.924), 1,631 pairs. It is tuning data since.
- ``tests/data/name_pairs_fourteenth.tsv``: a fourteenth set from the same pool, without
  any earlier set's pairs (``tests/data/name_pairs_fourteenth_build.py``), reviewed the
  same way. Its held-out half, the one the issue's target is read on, was reported once
  with the rules frozen at 6453cc8 (name threshold 0.76), after a second reader's fixes:
  precision 0.908, recall 0.926 (417 pairs; 19 false, 15 missed; target 0.95 both,
  missed). The rules of 725b8e2 (the thirteenth round) score the same on it: this round's
  rules (Kurmanji, Vietnamese in Russian transcription, Albanian) concern names these sets
  hold few of. Tenth to fourteenth halves pooled, each read once under the rules of its
  round: precision 0.897 (95% 0.877-0.915), recall 0.910 (0.891-0.926), 2,048 pairs. It is
  tuning data since.
- ``tests/data/name_pairs_fifteenth.tsv``: a fifteenth set from the same pool, without any
  earlier set's pairs (``tests/data/name_pairs_fifteenth_build.py``), reviewed the same
  way. Its held-out half, the one the issue's target is read on, was reported once with
  the rules frozen at 0cf8ccc (name threshold 0.76), the fourteenth round's final rules:
  precision 0.870, recall 0.903 (386 pairs; 25 false, 18 missed; target 0.95 both,
  missed). The rules of 725b8e2 score the same on it. Tenth to fifteenth halves pooled,
  each read once: precision 0.893 (95% 0.874-0.909), recall 0.909 (0.891-0.924), 2,434
  pairs. It is tuning data since.
- ``tests/data/name_pairs_sixteenth.tsv``: a sixteenth set from the same pool, without any
  earlier set's pairs (``tests/data/name_pairs_sixteenth_build.py``), reviewed the same
  way. Its held-out half, the one the issue's target is read on, was reported once with the
  rules frozen at d2f3fa6 (name threshold 0.76), after two readers' fixes: precision 0.861,
  recall 0.921 (406 pairs; 30 false, 16 missed; target 0.95 both, missed). The rules of
  6173855 (the fifteenth round) score the same on it. Tenth to sixteenth halves pooled,
  each read once under the rules of its round: precision 0.888 (95% 0.871-0.904), recall
  0.911 (0.894-0.924), 2,840 pairs. It is tuning data since.
- ``tests/data/name_pairs_population.tsv``: 2,476 pairs that seven helpers wrote from their
  knowledge of the names of the children reception centres receive (Afghan, Iranian,
  Pakistani, Syrian, Iraqi, Kurdish, Egyptian, Maghrebi, Eritrean, Ethiopian, Somali,
  Sudanese, West African, Bangladeshi, Ukrainian, Caucasian, Balkan, Vietnamese; Greek
  police spellings among them), labelled by the helper who wrote each list and not
  reviewed a second time. The Wikidata-drawn sets above hold few of these children's names
  and spellings. Split by a hash of the pair; the tuning half was looked at while this
  round's rules were written. The held-out half was read once at the freeze (d2f3fa6):
  precision 0.917 (95% 0.895-0.934), recall 0.908 (0.886-0.927), 1,243 pairs, 63 false,
  70 missed; the rules of 6173855 score 0.909 / 0.876 on it (67 false, 95 missed).
- ``tests/data/name_pairs_population_second.tsv``: 864 pairs that four other helpers wrote
  the same way after the freeze (the same brief; pairs the first lists hold left out, 476
  of them), all held out: read once with the rules of d2f3fa6 (78578ec, the same keys and
  scores): precision 0.903 (95% 0.875-0.926), recall 0.858 (0.826-0.885), 50 false, 77
  missed; the rules of 6173855 score 0.897 / 0.836 on it (52 false, 89 missed). Both
  population lists are tuning data since.
- ``tests/data/name_pairs_seventeenth.tsv``: a seventeenth set from the fourth's pool,
  without any earlier set's pairs (``tests/data/name_pairs_seventeenth_build.py``, seed
  2039), reviewed the same way (four blind reviewers; the held-out half's reported counts
  only). Its held-out half, the one the issue's target is read on, was read once with the
  rules frozen at 877d425 (name threshold 0.76): precision 0.890 (95% 0.840-0.926), recall
  0.903 (0.855-0.936), 398 pairs, 23 false, 20 missed; target 0.95 both, missed. The rules
  of 3e52b50 (the sixteenth round) score the same on it, those of 6173855 0.894 / 0.903.
- ``tests/data/name_pairs_population_third.tsv``, ``_fourth.tsv``, ``_fifth.tsv``: 535,
  359 and 367 pairs that twelve more helpers wrote from the same brief in three rounds
  (every pair an earlier list held left out), all held out, read once at 877d425. The
  third round's misses were printed, by a mistake of the developer's tool, before the
  freeze (none of its rows was used to write a rule, but its recall is not a clean
  figure): precision 0.932, recall 0.951. The fourth and fifth, never seen before the
  read: precision 0.912 / 0.930, recall 0.928 / 0.954; together (726 pairs) precision
  0.921 (95% 0.893-0.942), recall 0.941 (0.916-0.959), 37 false, 27 missed, against
  0.920 / 0.898 for the rules of 3e52b50 and 0.918 / 0.874 for those of 6173855. All
  three are tuning data since, as is the seventeenth held-out half; a second look fixed
  forms they showed missing (5cd082e).
- ``tests/data/name_pairs_population_sixth.tsv``: 340 pairs by four more helpers, written
  during that second look, read once at 0767c47 (the rules of 5cd082e): precision 0.921
  (95% 0.876-0.950), recall 0.925 (0.881-0.953), 17 false, 16 missed; the rules of
  877d425 score 0.920 / 0.915, those of 3e52b50 0.918 / 0.892. Tuning data since; a third
  look followed (93f00c6).
- ``tests/data/name_pairs_population_seventh.tsv``: 368 pairs by four more helpers (girls'
  names asked for among them), read once at 68b238d (the rules of 93f00c6), the sample
  read on then: precision 0.951 (95% 0.915-0.972), recall 0.903
  (0.859-0.934), 11 false, 23 missed; target 0.95 both: recall missed. The rules of
  3e52b50 score 0.949 / 0.865, those of 6173855 0.948 / 0.840. The four clean population
  reads of this round pooled (rounds four to seven, 1,094 pairs): precision 0.928
  (0.910-0.943), recall 0.927 (0.909-0.943). A fourth look followed (21b3b17).
- ``tests/data/name_pairs_population_eighth.tsv``: 243 pairs by eight more helpers (967
  written, 724 already in rounds one to seven: the most frequent names are used up),
  read once at 24eb1bb (the rules of 0998688): precision 0.904 (95% 0.842-0.943), recall
  0.878 (0.813-0.922), 13 false, 17 missed. The rules of 3e52b50 score 0.899 / 0.835.
  Tuning data since (644b3c5, f49d8d7).
- ``tests/data/name_pairs_population_ninth.tsv``: 450 pairs by eight more helpers asked
  for the names past the hundred most frequent (884 written, 434 already listed), read
  once at 8d864d6 (the rules of f49d8d7): precision 0.952 (95% 0.918-0.972), recall 0.838
  (0.791-0.876), 12 false, 46 missed. The rules of 0998688 score 0.952 / 0.835, those of
  3e52b50 0.950 / 0.796, those of 6173855 0.948 / 0.768. Tuning data since (9b68b37,
  and a second compilation of name forms, f4ea80b).
- ``tests/data/name_pairs_population_tenth.tsv``: 417 pairs by eight more helpers, the
  names past the hundred most frequent again (887 written, 470 already listed), read once
  at 200d578 (the rules of f4ea80b): precision 0.924 (95% 0.885-0.951), recall 0.875
  (0.830-0.910), 19 false, 33 missed. The rules of 0998688 score 0.927 / 0.860, those of
  3e52b50 0.919 / 0.819, those of 6173855 0.919 / 0.811. Tuning data since (44d8aee,
  and a third compilation of name forms, 7ca6f47).
- ``tests/data/name_pairs_population_eleventh.tsv``: 396 pairs by eight more helpers
  (girls' names first; one helper only pairs that mix scripts; 892 written, 496 already
  listed), read once at 23e118d (the rules of 7ca6f47): precision 0.884 (95%
  0.838-0.918), recall 0.932 (0.893-0.958), 29 false, 16 missed. The rules of 0998688
  score 0.883 / 0.920, those of 3e52b50 0.877 / 0.869, those of 6173855 0.874 / 0.848.
  Tuning data since (001a1a9; a second reader's findings fixed in d2faab0).
- ``tests/data/name_pairs_population_twelfth.tsv``: 315 pairs by seven more helpers (778
  written, 463 already listed), read once at 5bb52d1 (the rules of d2faab0): precision
  0.962 (0.924-0.981), recall 0.903 (0.854-0.937), 7 false, 19 missed. The rules of
  0998688 score 0.960 / 0.867. Tuning data since (3e5acec).
- ``tests/data/name_pairs_population_thirteenth.tsv``: 123 pairs by four more helpers
  (443 written, 320 already listed), read once at ece5f2c (the rules of 3e5acec):
  precision 0.895 (0.806-0.946), recall 0.944 (0.866-0.978), 8 false, 4 missed. The rules
  of 0998688 score 0.890 / 0.903. Tuning data since (2681939).
- ``tests/data/name_pairs_population_fourteenth.tsv``: 348 pairs by eight more helpers,
  asked also for the less obvious real spellings (887 written, 539 already listed), read
  once at 38ea3d5 (the rules of 2681939, the last change to the rules): precision 0.931
  (0.889-0.958), recall 0.927 (0.884-0.954), 15 false, 16 missed. The rules of 0998688
  score 0.932 / 0.876, those of 3e52b50 0.927 / 0.812, those of 6173855 0.919 / 0.780.
- ``tests/data/name_pairs_population_fifteenth.tsv``: 360 pairs by eight more helpers, the
  same brief (886 written, 526 already listed, one malformed row left out), read once at
  f9b2f95, a second read of the same rules (2681939): precision 0.929 (0.888-0.956),
  recall 0.874 (0.826-0.911), 16 false, 30 missed. The rules of 0998688 score 0.927 /
  0.845. Tuning data since (5e74f3c).
  Rounds fourteen and fifteen, both read by the final rules (708 pairs): 0.930
  (0.902-0.950) / 0.899 (0.868-0.924). The eight clean reads of rounds eight to fifteen
  pooled (2,652 pairs, each read by the rules of its time): precision 0.925
  (0.911-0.937), recall 0.890 (0.874-0.904); the rules of 0998688 on the same eight
  samples: 0.925 / 0.868.
- ``tests/data/name_pairs_population_sixteenth.tsv``: 376 pairs by eight more helpers, the
  same brief (893 written, 517 already listed), read once at 9a6cf18 (the rules of
  5e74f3c): precision 0.953 (0.918-0.974), recall 0.872 (0.826-0.907), 11 false, 33
  missed. The rules of 7ea0d12 (the last stop's) score 0.953 / 0.868, those of 0998688
  0.952 / 0.841. Tuning data since (1af2694).
- ``tests/data/name_pairs_population_seventeenth.tsv``: 389 pairs by eight more helpers
  (895 written, 506 already listed), read once at 22b89b9 (the rules of 1af2694):
  precision 0.959 (0.926-0.977), recall 0.896 (0.853-0.927), 10 false, 27 missed. The
  rules of 7ea0d12 score 0.958 / 0.876, those of 0998688 0.957 / 0.861. Rounds sixteen
  and seventeen (765 pairs): 0.956 (0.934-0.971) / 0.884 (0.853-0.909). The ten clean
  reads of rounds eight to seventeen pooled (3,417 pairs): precision 0.932
  (0.921-0.942), recall 0.889 (0.875-0.901). Tuning data since (0df794c).
- ``tests/data/name_pairs_population_eighteenth.tsv``: 377 pairs (901 written, 524 already
  listed), read once at 3bd624f (the rules of 01c2003, after the second reader's fixes):
  precision 0.928 (0.888-0.955), recall 0.909 (0.866-0.939), 17 false, 22 missed. The
  rules of 7ea0d12 score 0.927 / 0.896. Tuning data since (83ac56e).
- ``tests/data/name_pairs_population_nineteenth.tsv``: 374 pairs (907 written, 532
  already listed, one malformed row left out), read once at 356d053 (the rules of
  9bebb6f): precision 0.908 (0.866-0.938), recall 0.894 (0.850-0.926), 23 false, 27
  missed. The rules of 7ea0d12 score 0.908 / 0.886. Tuning data since (123c737).
- ``tests/data/name_pairs_population_twentieth.tsv``: 293 pairs (894 written, 601 already
  listed), read once at fa49480 (the rules of bae4f01): precision 0.923 (0.873-0.954),
  recall 0.852 (0.794-0.897), 13 false, 27 missed. The rules of 7ea0d12 score 0.917 /
  0.847, those of 0998688 0.914 / 0.814. Tuning data since (fbf310b).
- ``tests/data/name_pairs_population_twentyfirst.tsv``: 290 pairs (898 written, 608
  already listed), read once at fd54c1f (the rules of fbf310b): precision 0.946
  (0.901-0.971), recall 0.806 (0.745-0.855), 9 false, 38 missed. The rules of 7ea0d12
  score the same, those of 0998688 0.945 / 0.786. Tuning data since (c665b12).
- ``tests/data/name_pairs_population_twentysecond.tsv``: 260 pairs (883 written, 622
  already listed, one malformed row left out), read once at b263010 (the rules of
  c665b12), the sample the issue's target is read on now: precision 0.947 (0.902-0.972),
  recall 0.920 (0.870-0.952), 9 false, 14 missed; target 0.95 both: both missed. The
  rules of 7ea0d12 score 0.947 / 0.926 (Alesia / Olesia, parted by the first-a rule of
  123c737, narrowed after the read in dac4d16), those of 0998688 0.946 / 0.897. The
  seven clean reads of rounds sixteen to twenty-two (2,359 pairs, each by the rules of
  its time): 0.937 (0.924-0.949) / 0.880 (0.863-0.895), against 0.936 / 0.873 for the
  rules of 7ea0d12 on the same pairs. Rounds eight to twenty-two pooled (5,011 pairs):
  precision 0.931 (0.921-0.939), recall 0.885 (0.874-0.896).
- Synthetic pairs (``app.synthetic.labelled_pairs``): half one child registered twice,
  half different children; printed at the shipped threshold and at a few others.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from functools import cache
from pathlib import Path

from bench.common import figure

TODAY = dt.date(2026, 11, 23)
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
PAIRS = DATA / "name_pairs.tsv"
FRESH_PAIRS = DATA / "name_pairs_fresh.tsv"
THIRD_PAIRS = DATA / "name_pairs_third.tsv"
FOURTH_PAIRS = DATA / "name_pairs_fourth.tsv"
FIFTH_PAIRS = DATA / "name_pairs_fifth.tsv"
SIXTH_PAIRS = DATA / "name_pairs_sixth.tsv"
ETHIOPIC_PAIRS = DATA / "name_pairs_ethiopic.tsv"
SEVENTH_PAIRS = DATA / "name_pairs_seventh.tsv"
EIGHTH_PAIRS = DATA / "name_pairs_eighth.tsv"
NINTH_PAIRS = DATA / "name_pairs_ninth.tsv"
TENTH_PAIRS = DATA / "name_pairs_tenth.tsv"
ELEVENTH_PAIRS = DATA / "name_pairs_eleventh.tsv"
TWELFTH_PAIRS = DATA / "name_pairs_twelfth.tsv"
THIRTEENTH_PAIRS = DATA / "name_pairs_thirteenth.tsv"
FOURTEENTH_PAIRS = DATA / "name_pairs_fourteenth.tsv"
FIFTEENTH_PAIRS = DATA / "name_pairs_fifteenth.tsv"
SIXTEENTH_PAIRS = DATA / "name_pairs_sixteenth.tsv"
SEVENTEENTH_PAIRS = DATA / "name_pairs_seventeenth.tsv"
POPULATION_PAIRS = DATA / "name_pairs_population.tsv"
POPULATION_SECOND_PAIRS = DATA / "name_pairs_population_second.tsv"
POPULATION_THIRD_PAIRS = DATA / "name_pairs_population_third.tsv"
POPULATION_FOURTH_PAIRS = DATA / "name_pairs_population_fourth.tsv"
POPULATION_FIFTH_PAIRS = DATA / "name_pairs_population_fifth.tsv"
POPULATION_SIXTH_PAIRS = DATA / "name_pairs_population_sixth.tsv"
POPULATION_SEVENTH_PAIRS = DATA / "name_pairs_population_seventh.tsv"
POPULATION_EIGHTH_PAIRS = DATA / "name_pairs_population_eighth.tsv"
POPULATION_NINTH_PAIRS = DATA / "name_pairs_population_ninth.tsv"
POPULATION_TENTH_PAIRS = DATA / "name_pairs_population_tenth.tsv"
POPULATION_ELEVENTH_PAIRS = DATA / "name_pairs_population_eleventh.tsv"
POPULATION_TWELFTH_PAIRS = DATA / "name_pairs_population_twelfth.tsv"
POPULATION_THIRTEENTH_PAIRS = DATA / "name_pairs_population_thirteenth.tsv"
POPULATION_FOURTEENTH_PAIRS = DATA / "name_pairs_population_fourteenth.tsv"
POPULATION_FIFTEENTH_PAIRS = DATA / "name_pairs_population_fifteenth.tsv"
POPULATION_SIXTEENTH_PAIRS = DATA / "name_pairs_population_sixteenth.tsv"
POPULATION_SEVENTEENTH_PAIRS = DATA / "name_pairs_population_seventeenth.tsv"
POPULATION_EIGHTEENTH_PAIRS = DATA / "name_pairs_population_eighteenth.tsv"
POPULATION_NINETEENTH_PAIRS = DATA / "name_pairs_population_nineteenth.tsv"
POPULATION_TWENTIETH_PAIRS = DATA / "name_pairs_population_twentieth.tsv"
POPULATION_TWENTYFIRST_PAIRS = DATA / "name_pairs_population_twentyfirst.tsv"
POPULATION_TWENTYSECOND_PAIRS = DATA / "name_pairs_population_twentysecond.tsv"
HELD_OUT = "population_twentysecond"  # the sample the target is read on (reported once)


def load_pairs(split: str | None = None, path: Path = PAIRS) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r for r in rows if split is None or r["split"] == split]


def tuning_pairs() -> list[dict[str, str]]:
    """Everything the rules may be tuned on: every labelled set and population round
    whose held-out half was reported (the first to seventeenth and Ethiopic sets, the
    first twenty-one population rounds); not the twenty-second population round."""
    return (
        load_pairs()
        + load_pairs(None, FRESH_PAIRS)
        + load_pairs(None, THIRD_PAIRS)
        + load_pairs(None, FOURTH_PAIRS)
        + load_pairs(None, FIFTH_PAIRS)
        + load_pairs(None, SIXTH_PAIRS)
        + load_pairs(None, ETHIOPIC_PAIRS)
        + load_pairs(None, SEVENTH_PAIRS)
        + load_pairs(None, EIGHTH_PAIRS)
        + load_pairs(None, NINTH_PAIRS)
        + load_pairs(None, TENTH_PAIRS)
        + load_pairs(None, ELEVENTH_PAIRS)
        + load_pairs(None, TWELFTH_PAIRS)
        + load_pairs(None, THIRTEENTH_PAIRS)
        + load_pairs(None, FOURTEENTH_PAIRS)
        + load_pairs(None, FIFTEENTH_PAIRS)
        + load_pairs(None, SIXTEENTH_PAIRS)
        + load_pairs(None, POPULATION_PAIRS)
        + load_pairs(None, POPULATION_SECOND_PAIRS)
        + load_pairs(None, SEVENTEENTH_PAIRS)
        + load_pairs(None, POPULATION_THIRD_PAIRS)
        + load_pairs(None, POPULATION_FOURTH_PAIRS)
        + load_pairs(None, POPULATION_FIFTH_PAIRS)
        + load_pairs(None, POPULATION_SIXTH_PAIRS)
        + load_pairs(None, POPULATION_SEVENTH_PAIRS)
        + load_pairs(None, POPULATION_EIGHTH_PAIRS)
        + load_pairs(None, POPULATION_NINTH_PAIRS)
        + load_pairs(None, POPULATION_TENTH_PAIRS)
        + load_pairs(None, POPULATION_ELEVENTH_PAIRS)
        + load_pairs(None, POPULATION_TWELFTH_PAIRS)
        + load_pairs(None, POPULATION_THIRTEENTH_PAIRS)
        + load_pairs(None, POPULATION_FOURTEENTH_PAIRS)
        + load_pairs(None, POPULATION_FIFTEENTH_PAIRS)
        + load_pairs(None, POPULATION_SIXTEENTH_PAIRS)
        + load_pairs(None, POPULATION_SEVENTEENTH_PAIRS)
        + load_pairs(None, POPULATION_EIGHTEENTH_PAIRS)
        + load_pairs(None, POPULATION_NINETEENTH_PAIRS)
        + load_pairs(None, POPULATION_TWENTIETH_PAIRS)
        + load_pairs(None, POPULATION_TWENTYFIRST_PAIRS)
    )


@cache
def as_registered(name: str):  # -> app.domain.duplicates.Profile
    """The profile a case registered with this given name has, as ``harbour case add``
    and the intake form store it: the name, and the Latin spelling Harbour proposes when
    the name is in another script and nobody typed one (services.lookup). The issue
    measured through that path, so the figures here do too."""
    from app.domain.case import CaseDraft
    from app.services.lookup import propose_missing_latin
    from app.storage.case_index import profile_of

    draft = propose_missing_latin(CaseDraft.model_validate({"names": {"given": name}}))
    return profile_of(draft, TODAY)


def name_scores(rows: list[dict[str, str]]) -> list[tuple[float, bool, dict[str, str]]]:
    from app.domain.duplicates import score

    return [
        (score(as_registered(r["a"]), as_registered(r["b"])).name_score, r["same"] == "1", r)
        for r in rows
    ]


def precision_recall(scored, threshold: float) -> tuple[float, float, int, int]:
    tp = sum(1 for s, same, _ in scored if s >= threshold and same)
    fp = sum(1 for s, same, _ in scored if s >= threshold and not same)
    fn = sum(1 for s, same, _ in scored if s < threshold and same)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), fp, fn


def tune(scored) -> float:
    """The threshold that maximises F1 on the tuning half (ties: the higher threshold)."""
    best = (-1.0, 0.0)
    for step in range(40, 96):
        t = step / 100
        p, r, _, _ = precision_recall(scored, t)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 >= best[0]:
            best = (f1, t)
    return best[1]


def run() -> None:
    from app.domain.duplicates import CANDIDATE_THRESHOLD, NAME_THRESHOLD, score
    from app.synthetic import labelled_pairs

    if os.environ.get("HARBOUR_BENCH_TUNE"):
        scored = name_scores(tuning_pairs())
        t = tune(scored)
        p, r, _, _ = precision_recall(scored, t)
        print(f"tuning data: best F1 at name threshold {t} (precision {p:.3f}, recall {r:.3f})")
    # While rules are being worked on (HARBOUR_BENCH_TUNE=1, or HARBOUR_BENCH_TUNE_ONLY=1)
    # the held-out half stays out of sight, so that it is reported once, not tuned on.
    tuning = os.environ.get("HARBOUR_BENCH_TUNE") or os.environ.get("HARBOUR_BENCH_TUNE_ONLY")
    sets = [
        ("first_tune", load_pairs("tune")),
        ("first_heldout_used_up", load_pairs("heldout")),
        ("fresh_tune", load_pairs("tune", FRESH_PAIRS)),
        ("fresh_heldout_used_once", load_pairs("heldout", FRESH_PAIRS)),
        ("third_tune", load_pairs("tune", THIRD_PAIRS)),
        ("third_heldout_used_once", load_pairs("heldout", THIRD_PAIRS)),
        ("fourth_tune", load_pairs("tune", FOURTH_PAIRS)),
        ("fourth_heldout_used_once", load_pairs("heldout", FOURTH_PAIRS)),
        ("fifth_tune", load_pairs("tune", FIFTH_PAIRS)),
        ("fifth_heldout_used_once", load_pairs("heldout", FIFTH_PAIRS)),
        ("sixth_tune", load_pairs("tune", SIXTH_PAIRS)),
        ("sixth_heldout_used_once", load_pairs("heldout", SIXTH_PAIRS)),
        ("ethiopic_tune", load_pairs("tune", ETHIOPIC_PAIRS)),
        ("ethiopic_heldout_used_once", load_pairs("heldout", ETHIOPIC_PAIRS)),
        ("seventh_tune", load_pairs("tune", SEVENTH_PAIRS)),
        ("seventh_heldout_used_once", load_pairs("heldout", SEVENTH_PAIRS)),
        ("eighth_tune", load_pairs("tune", EIGHTH_PAIRS)),
        ("eighth_heldout_used_once", load_pairs("heldout", EIGHTH_PAIRS)),
        ("ninth_tune", load_pairs("tune", NINTH_PAIRS)),
        ("ninth_heldout_used_once", load_pairs("heldout", NINTH_PAIRS)),
        ("tenth_tune", load_pairs("tune", TENTH_PAIRS)),
        ("tenth_heldout_used_once", load_pairs("heldout", TENTH_PAIRS)),
        ("eleventh_tune", load_pairs("tune", ELEVENTH_PAIRS)),
        ("eleventh_heldout_used_once", load_pairs("heldout", ELEVENTH_PAIRS)),
        ("twelfth_tune", load_pairs("tune", TWELFTH_PAIRS)),
        ("twelfth_heldout_used_once", load_pairs("heldout", TWELFTH_PAIRS)),
        ("thirteenth_tune", load_pairs("tune", THIRTEENTH_PAIRS)),
        ("thirteenth_heldout_used_once", load_pairs("heldout", THIRTEENTH_PAIRS)),
        ("fourteenth_tune", load_pairs("tune", FOURTEENTH_PAIRS)),
        ("fourteenth_heldout_used_once", load_pairs("heldout", FOURTEENTH_PAIRS)),
        ("fifteenth_tune", load_pairs("tune", FIFTEENTH_PAIRS)),
        ("fifteenth_heldout_used_once", load_pairs("heldout", FIFTEENTH_PAIRS)),
        ("sixteenth_tune", load_pairs("tune", SIXTEENTH_PAIRS)),
        ("sixteenth_heldout_used_once", load_pairs("heldout", SIXTEENTH_PAIRS)),
        ("population_tune", load_pairs("tune", POPULATION_PAIRS)),
        ("population_heldout_used_once", load_pairs("heldout", POPULATION_PAIRS)),
        ("population_second_used_once", load_pairs("heldout", POPULATION_SECOND_PAIRS)),
        ("seventeenth_tune", load_pairs("tune", SEVENTEENTH_PAIRS)),
        ("seventeenth_heldout_used_once", load_pairs("heldout", SEVENTEENTH_PAIRS)),
        ("population_third_used_once", load_pairs("heldout", POPULATION_THIRD_PAIRS)),
        (
            "population_fourth_and_fifth_used_once",
            load_pairs("heldout", POPULATION_FOURTH_PAIRS)
            + load_pairs("heldout", POPULATION_FIFTH_PAIRS),
        ),
        ("population_sixth_used_once", load_pairs("heldout", POPULATION_SIXTH_PAIRS)),
        ("population_seventh_used_once", load_pairs("heldout", POPULATION_SEVENTH_PAIRS)),
        ("population_eighth_used_once", load_pairs("heldout", POPULATION_EIGHTH_PAIRS)),
        ("population_ninth_used_once", load_pairs("heldout", POPULATION_NINTH_PAIRS)),
        ("population_tenth_used_once", load_pairs("heldout", POPULATION_TENTH_PAIRS)),
        ("population_eleventh_used_once", load_pairs("heldout", POPULATION_ELEVENTH_PAIRS)),
        ("population_twelfth_used_once", load_pairs("heldout", POPULATION_TWELFTH_PAIRS)),
        (
            "population_thirteenth_used_once",
            load_pairs("heldout", POPULATION_THIRTEENTH_PAIRS),
        ),
        (
            "population_fourteenth_used_once",
            load_pairs("heldout", POPULATION_FOURTEENTH_PAIRS),
        ),
        (
            "population_fifteenth_used_once",
            load_pairs("heldout", POPULATION_FIFTEENTH_PAIRS),
        ),
        (
            "population_sixteenth_used_once",
            load_pairs("heldout", POPULATION_SIXTEENTH_PAIRS),
        ),
        (
            "population_seventeenth_used_once",
            load_pairs("heldout", POPULATION_SEVENTEENTH_PAIRS),
        ),
        (
            "population_eighteenth_used_once",
            load_pairs("heldout", POPULATION_EIGHTEENTH_PAIRS),
        ),
        (
            "population_nineteenth_used_once",
            load_pairs("heldout", POPULATION_NINETEENTH_PAIRS),
        ),
        (
            "population_twentieth_used_once",
            load_pairs("heldout", POPULATION_TWENTIETH_PAIRS),
        ),
        (
            "population_twentyfirst_used_once",
            load_pairs("heldout", POPULATION_TWENTYFIRST_PAIRS),
        ),
    ]
    if not tuning:
        sets.append((HELD_OUT, load_pairs("heldout", POPULATION_TWENTYSECOND_PAIRS)))
    held_out = (HELD_OUT,)
    everything = [
        row
        for path in (
            PAIRS,
            FRESH_PAIRS,
            THIRD_PAIRS,
            FOURTH_PAIRS,
            FIFTH_PAIRS,
            SIXTH_PAIRS,
            ETHIOPIC_PAIRS,
            SEVENTH_PAIRS,
            EIGHTH_PAIRS,
            NINTH_PAIRS,
            TENTH_PAIRS,
            ELEVENTH_PAIRS,
            TWELFTH_PAIRS,
            THIRTEENTH_PAIRS,
            FOURTEENTH_PAIRS,
            FIFTEENTH_PAIRS,
            SIXTEENTH_PAIRS,
            SEVENTEENTH_PAIRS,
        )
        for row in load_pairs(None, path)
    ]
    corrected = sum(1 for r in everything if r.get("label_note"))
    print(f"name pairs: {corrected} labels corrected by hand, each with its reason (label_note)")
    for split, rows in sets:
        scored = name_scores(rows)
        p, r, fp, fn = precision_recall(scored, NAME_THRESHOLD)
        note = f"{len(scored)} pairs, name threshold {NAME_THRESHOLD}, {fp} false, {fn} missed"
        target = 0.95 if split in held_out else None
        figure(
            f"name_pairs_{split}_precision", p, "ratio", target=target, better="higher", note=note
        )
        figure(f"name_pairs_{split}_recall", r, "ratio", target=target, better="higher")
        if os.environ.get("HARBOUR_BENCH_VERBOSE") in (split, "all") and split not in held_out:
            families: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for s, same, row in scored:
                right = (s >= NAME_THRESHOLD) == same
                families[row["family"]][0 if right else 1] += 1
                if not right:
                    print(f"  {'missed' if same else 'false'} {s:.2f} {row['a']} | {row['b']}")
            for fam, (ok, bad) in sorted(families.items()):
                print(f"  {fam}: {ok} right, {bad} wrong")

    count = int(os.environ.get("HARBOUR_BENCH_PAIRS", "1000"))
    pairs = labelled_pairs(count, seed=7, today=TODAY)
    scored_syn = [(score(a, b), same) for a, b, same in pairs]
    for threshold in (CANDIDATE_THRESHOLD, 0.55, 0.7):
        hits = [
            (c.score >= threshold and c.name_score >= NAME_THRESHOLD, same)
            for c, same in scored_syn
        ]
        tp = sum(1 for hit, same in hits if hit and same)
        fp = sum(1 for hit, same in hits if hit and not same)
        fn = sum(1 for hit, same in hits if not hit and same)
        suffix = "" if threshold == CANDIDATE_THRESHOLD else f"_at_{threshold}"
        figure(
            f"duplicate_precision{suffix}",
            tp / max(1, tp + fp),
            "ratio",
            better="higher",
            note=f"{len(pairs)} synthetic labelled pairs, threshold {threshold}",
        )
        figure(f"duplicate_recall{suffix}", tp / max(1, tp + fn), "ratio", better="higher")
