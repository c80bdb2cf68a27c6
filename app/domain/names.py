"""Name keys across scripts, for finding a child registered twice ([R2], [R5]).

The original-script name is never changed ([R2]); everything here builds *keys* used
only for matching. A key is a consonant skeleton of a Latin rendering of each name
token, because Arabic script writes no short vowels ("محمد" is Muhammad, Mohammed,
Mohamed ... all m-h-m-d), Ethiopic transliterations guess vowels, and Latin spellings
differ mostly in vowels and a few letter pairs (kh/h, q/k, ou/u, ph/f ...).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler, Levenshtein

from app.domain import orthography as ortho

# Bump KEY_VERSION (in name_key_version.py) when keys change: the case index stores keys
# built here, so a vault indexed with another version rebuilds its name_keys and
# name_terms rows at unlock (app/storage/case_index.py, rebuild_if_stale).
from app.domain.name_key_version import KEY_VERSION  # noqa: F401  (re-exported)

# Letter swaps seen in Latin spellings of the same name, applied before vowels go.
_LATIN_SWAPS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),  # BGN/PCGN for Russian дж: Джулия Dzhuliya = Juliya, Джамал Dzhamal
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
_VOWELS = re.compile(r"[aeiouAIU?:]")
_VOWEL_CHARS = frozenset("aeiouAIU?:")

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
class Shape:
    """A reading's skeleton with the vowels around its consonants (see orthography)."""

    skeleton: str
    head: str  # vowel class before the first consonant
    gaps: tuple[str, ...]  # vowel class after each consonant but the last
    final: str  # vowel class after the last consonant
    aligned: bool  # whether the gaps line up with the skeleton's letters
    strict: bool = False  # a Somali reading: the orthography writes every vowel exactly
    abjad: bool = False  # an Arabic-script reading: only long vowels are written
    ends_in_a: bool = False  # the reading's last letter is a (Samia, Samya)
    voiced_s: bool = False  # read with a voiced s (VOICED_S): not against Arabic script
    arabic_letters: bool = False  # p and v as Arabic writes them (ARABIC_LETTERS): only
    # against Arabic script
    in_cyrillic: bool = False  # read as Russian writes a Western name (IN_CYRILLIC): only
    # against Cyrillic script
    exact: bool = False  # IN_CYRILLIC_EXACT, SPELLED_EXACT: a key for the index only; the
    # spelling is compared letter by letter (_spelled_alike)


@dataclass(frozen=True)
class NameToken:
    original: str
    latin: str  # lower-case Latin rendering, vowels kept (for Latin-to-Latin finesse)
    skeleton: str
    script: str  # "Arabic", "Ethiopic", "Cyrillic", "Latin", ...
    alternates: tuple[str, ...] = ()  # other readings of the skeleton (Somali c/x)
    shapes: tuple[Shape, ...] = ()
    folded: str = ""  # Arabic script: letters only, marks and spaces removed
    groups: frozenset[int] = frozenset()  # Russian/Ukrainian forms of one name (orthography)
    compound: str = ""  # "abd", "ullah" or "din": a compound name (see _compound_kind)

    @property
    def all_skeletons(self) -> tuple[str, ...]:
        return (self.skeleton, *self.alternates)

    @cached_property
    def own_skeletons(self) -> frozenset[str]:
        """The skeletons of its readings in its own script's conventions: not the ones it
        has only as Russian writes a Western name (IN_CYRILLIC), which tell nothing of
        whether two words of a Latin record are one name (Mir Wais, Mirwais)."""
        return frozenset(s.skeleton for s in self.shapes if not (s.in_cyrillic or s.exact))

    def __hash__(self) -> int:
        # Tokens key the comparison caches (_token_similarity, joined_token) and a lookup
        # scores thousands of pairs: the hash of all the fields (shapes and frozensets
        # inside) is computed once per token, not at every cache lookup.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(
                (
                    self.original,
                    self.latin,
                    self.skeleton,
                    self.script,
                    self.alternates,
                    self.shapes,
                    self.folded,
                    self.groups,
                    self.compound,
                )
            )
            object.__setattr__(self, "_hash", cached)
        return int(cached)


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
    if script == "Arabic":
        folded = ortho.fold_arabic(text)
        if folded.startswith("ال") and len(folded) > 3 and folded != "الله":
            folded = folded[2:]  # the article al-, written joined in Arabic script
        return ortho.arabic_reading(folded)
    if script == "Cyrillic":
        return ortho.cyrillic_readings(text)[0]
    if ortho.is_indic(text):
        return ortho.indic_reading(text)  # রহিম Rahim: the inherent vowels said
    if script == "Greek":
        return ortho.greek_readings(text)[0]  # Αχμέντ Ahmed: ντ is d
    latin = anyascii(text).lower()
    if script == "Ethiopic":
        # A word-initial glottal or pharyngeal of the sixth order (እ, ዕ) carries the vowel
        # ə, written e or i in Latin (እዮብ Eyob, እድሪስ Idris, እምነት Emnet): kept as e.
        latin = re.sub(r"^['`](?=[^aeiou'`])", "e", latin)
        # Two letters of one consonant are two syllables, the first of the sixth order
        # (መክብብ Mekbib, መኮንን Mekonnen): its ə kept as e, so that the two do not read
        # as one doubled consonant, which Ethiopic does not write.
        latin = re.sub(r"([b-df-hj-np-tv-z])(?=\1)", r"\1e", re.sub(r"[^a-z]", "", latin))
    return re.sub(r"[^a-z]", "", latin)


# A dh before a consonant (see _readings: dh is z). Not at the start of a name nor after a
# consonant, where South Asian names write their aspirated d so (Dhara is not Zara,
# Gandhi, Siddharth): Dhakir / Zakir and Mundhir / Munzir are left to other readings.
DH_AS_Z = re.compile(r"dh(?![aeiouy])")
# An h after i or u right before -ullah/-ollah (see _readings).
ULLAH_AFTER_H = re.compile(r"(?<=[a-z]{2}[iu])h(?=[uoa]l?lah?i?$)")


# Readings: a Latin spelling (c is k, x is ks), a Somali one (c is the ʿayn, x the h), or
# an Arabic-script reading (one Latin letter per Arabic letter: no digraphs to undo).
LATIN, SOMALI, ARABIC = "latin", "somali", "arabic"
# A reading by the orthographies of languages that voice an s between vowels (below): never
# compared with Arabic script, where س and ز are two letters (Nasir ناصر is not نذير).
VOICED_S = "voiced_s"
# A Latin p read as b and v as f: the Arabic alphabet has neither sound, and Arabic
# writes a foreign name's p with ب and its v with ف (بيتر Peter, بافل Pavel, فيرا Vera,
# فيكتور Victor; Persian writes پ, read p, and Maghrebi and Gulf spellings ڤ, read v).
# Only against Arabic script, never between two spellings that write p and v (Pavel is not
# Bafel).
ARABIC_LETTERS = "arabic_letters"
# A Western name read as the Russian practical transcription writes it (Hernando Эрнандо,
# Siegmund Зигмунд: orthography.in_russian_practice): only against Cyrillic script.
IN_CYRILLIC = "in_cyrillic"
# A one-syllable Vietnamese name read as the Russian system writes it (Anh Ань, Trang Чанг:
# orthography.vietnamese_in_russian): only against Cyrillic, and only where the
# Cyrillic word is that reading to the letter, soft sign and all (_spelled_alike);
# its shape serves only the index and the search terms. Compared by consonants and vowel
# classes, one-syllable names met too much (on a list of 3,784 pairs: Anh met Ане and Энн,
# Xi met Ши, Trieu Сю); compared with readings that drop ь, Anh met Ан (a second reader).
IN_CYRILLIC_EXACT = "in_cyrillic_exact"
# An Albanian name as Serbian and Macedonian write it (Gjergj Đerđ Ђерђ Ѓерѓ, Qazim Ћазим:
# orthography.albanian_in_serbian): compared to the letter, in any script (_spelled_alike).
SPELLED_EXACT = "spelled_exact"
# A name that starts with two consonants is not an Arabic word either (Arabic syllables
# start with one: Stefan ستيفان, Kristina كريستينا); not the digraphs, nor the French dj
# and tch and Indonesian sy written for one Arabic letter (Djamel = جمال), nor the m and n
# of West African names (Mbarek, Ndiaye), nor Maghrebi hm (Hmed = أحمد, not حميد) and the
# Indic bh. (Maghrebi Brahim and Slimane do count: they have no e for the rule to read.)
FOREIGN_CLUSTER = re.compile(
    r"(?!sh|kh|th|dh|gh|ch|zh|ph|ts|dj|tch|sy|hm|bh)[b-df-hj-lp-tv-z][b-df-hj-np-tv-z]"
)


def _prepare(latin: str, mode: str) -> str:
    if mode == ARABIC:
        # ڤ (read v) is the v of Maghrebi and Gulf spellings of foreign names: the Latin v
        # that the skeleton reads as w.
        return latin.replace("q", "k").replace("v", "w")
    if mode == SOMALI:
        # An initial c is an ʿayn before the first vowel, which any vowel may follow in
        # another spelling (Cismaan = Osman, Cumar = Omar): read as ? (any vowel).
        word = latin[0].replace("c", "?") + latin[1:].replace("c", "")
        word = word.replace("x", "h")
    else:
        word = latin.replace("x", "ks")
    # The Pashto tribal suffix -zai/-zay ("descendant of") after a d is not the Slavic dz
    # (Ahmadzai is Ahmad + zai, احمدزی): the d kept apart from the dz swap below. Nor is
    # the d of Abd before a name in h or z a digraph (Abdelhamid is abd + hamid, not
    # abd + amid: it scored 0 against عبد الحميد; Abdulzahir), nor before a name in j
    # (Abdeljalil is abd + jalil, not the French dj of Djamel: it scored 0 against عبد
    # الجليل, and met it only through a proposed Latin spelling).
    word = re.sub(r"dz(?=a[iy]$|i$)|^abd(?=[hjz])", lambda m: m.group(0).replace("d", "D"), word)
    # Final -ah / -eh is a vowel (Sarah = Sara), except in Allah after a vowel or an l
    # (Abdullah, Abdulah, Fadlallah); after another consonant the -lah is the feminine
    # ending's (Ablah عبلة, Sahlah). So is it after i, y or ee outside a compound with ʿAbd:
    # the feminine -ah of the fa'ila names, the usual Malay and South Asian spelling of
    # ة (Jamilah = Jamila = جميلة, Nabilah, Fadilah, Lailah), which met at 0.00; Allah
    # follows i in a compound with ʿAbd, ʿUbayd or Sayf (Abdilah, Evdilah, Ubaidilah,
    # Cabdilah), and a consonant's -elah is Allah's (Kheirelah, Jabelah).
    feminine_lah = re.search(r"(?<!^ab)[b-df-hj-km-np-tv-z]lah$", word) or (
        re.search(r"(?:ee|i|y)lah$", word)
        and not re.match(r"c?[ae][bv]d|[ou]b[ae][iy]d|s[ae][iy]f", word)
    )
    if len(word) > 3 and word[-2:] in ("ah", "eh") and (word[-3] != "l" or feminine_lah):
        word = word[:-1]
    for pair, replacement in _LATIN_SWAPS:
        word = word.replace(pair, replacement)
    return word.replace("D", "d").replace("H", "h")


def skeleton(latin: str, *, somali: bool = False, mode: str = "") -> str:
    """Consonant skeleton of a Latin rendering: 'mohammed' -> 'mhmd'.

    ``somali`` reads c and x as Somali orthography does (c is the Arabic ʿayn, x the
    h-sound: Cabdi = Abdi, Maxamed = Mohamed); otherwise c is k and x is ks
    (Olexandr = Oleksandr). Callers try both where a name has c or x. Upper-case A I U
    and ``?`` are the long vowels and hamza/ʿayn of an Arabic-script reading.
    """
    if not latin:
        return ""
    mode = mode or (SOMALI if somali else LATIN)
    word = _prepare(latin, mode)
    if not word:
        return ""
    # y and w are long vowels in Arabic-script names; keep them only as a first letter.
    # A letter written twice in a row is one consonant (Hassan, Muhammad); the same
    # consonant twice with a vowel between is two (Dawid is not Dai, Mamdouh ممدوح).
    bones = "".join(_consonants(word, arabic=mode == ARABIC)[0])
    if not bones:
        # A name of vowels and y/w only (آية Aya, Ayah): keep its y and w as its key.
        bones = re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word))
    if bones.startswith("bdl") and len(bones) > 3:
        bones = "bd" + bones[3:]
    return bones


def _consonants(word: str, arabic: bool = False) -> tuple[list[str], list[str]]:
    """A prepared reading's consonants, and the vowel run before, between and after them
    (y and w count as vowels after the first letter; a letter doubled in a row is one).

    Not in an Arabic-script reading: Arabic script writes a doubled consonant once, with
    a shadda (folded away), so one letter written twice is two consonants with a short
    vowel between (ممدوح Mamdouh, ممتاز Mumtaz: both scored 0 when read "mdh", "mtz").
    Except ل ل: the article's lām before a lām, said as one doubled l (الله Allah,
    عبد اللطيف Abdullatif)."""
    runs: list[str] = []
    consonants: list[str] = []
    run = ""
    for i, ch in enumerate(word):
        vowelish = ch in _VOWEL_CHARS or (i > 0 and ch in "yw")
        if vowelish:
            run += ch
            continue
        if consonants and ch == consonants[-1] and not run and (not arabic or ch == "l"):
            continue  # a doubled letter
        runs.append(run)
        consonants.append(ch)
        run = ""
    runs.append(run)
    return consonants, runs


def shape(latin: str, *, somali: bool = False, mode: str = "") -> Shape:
    """The reading's skeleton and the vowel class around each of its consonants."""
    mode = mode or (SOMALI if somali else LATIN)
    bones = skeleton(latin, mode=mode)
    consonants, runs = _consonants(_prepare(latin, mode), arabic=mode == ARABIC)
    classes = [ortho.vowel_class(r, final=k == len(runs) - 1) for k, r in enumerate(runs)]
    aligned = "".join(consonants) == bones and len(consonants) >= 1
    strict = mode == SOMALI
    gaps = tuple(classes[1:-1])
    ends_in_a = latin.endswith(("a", "ah")) and mode != ARABIC
    return Shape(
        bones,
        classes[0],
        gaps,
        classes[-1],
        aligned,
        strict,
        mode == ARABIC,
        ends_in_a,
        mode == VOICED_S,
        mode == ARABIC_LETTERS,
        mode in (IN_CYRILLIC, IN_CYRILLIC_EXACT),
        mode in (IN_CYRILLIC_EXACT, SPELLED_EXACT),
    )


def skeletons(latin: str) -> tuple[str, ...]:
    """Every plausible reading of a Latin spelling, the plain one first (not the ones it has
    only as Russian would write it: IN_CYRILLIC)."""
    return tuple(
        dict.fromkeys(
            s.skeleton
            for s in _shapes(latin, "Latin")
            if s.skeleton and not (s.in_cyrillic or s.exact)
        )
    )


# Letters only the Sorani Kurdish alphabet writes: ە ێ ۆ ڕ ڵ (its vowels and r, l).
SORANI_LETTERS = frozenset("\u06d5\u06ce\u06c6\u0695\u06b5")


def _readings(latin: str, script: str, original: str) -> list[tuple[str, str]]:
    """(reading, mode) pairs: the plain reading first, then each orthography's."""
    if script == "Arabic":
        readings = [(latin, ARABIC)]
        plain = ortho.quranic_plain(original)
        if plain:
            readings.append((ortho.arabic_reading(plain), ARABIC))  # طه read as طاها Taha
        folded = ortho.fold_arabic(original).replace(" ", "")
        if folded.startswith("ال") and len(folded) > 3 and folded != "الله":
            # ال may be the article (الحسن al-Hassan) or the name's own letters (الياس
            # Ilyas): both readings.
            with_article = ortho.arabic_reading(folded)
            readings.append((with_article, ARABIC))
            if (
                with_article.startswith("Al")
                and folded[2:3] in ("ع", "ح", "أ", "إ", "ا")
                and len(folded) > 4  # not آلاء Alaa nor الان Alan, whose ال is no article
            ):
                # Maghrebi spellings write the article as a bare l before a name that
                # starts with a vowel, ʿayn or ḥ, its alif unsaid (العربي Larbi, الحسن
                # Lahcen, الحسين Lhoussine, الأخضر Lakhdar).
                readings.append((with_article[1:], ARABIC))
            folded = folded[2:]
        second = ortho.arabic_reading(folded, second=True)
        if second != latin and not latin.startswith("abd"):
            readings.append((second, ARABIC))
            south_asian = ortho.arabic_reading(folded, south_asian=True)
            if south_asian not in (latin, second):
                readings.append((south_asian, ARABIC))
        without = ortho.idafa_without_article(folded)
        if without:
            # نورالحق, نور الحق: also read without the article, as Latin spellings that
            # leave it out do when a comparison joins their words (Noor ul Haq, whose ul
            # is a particle: _PARTICLES; orthography.IDAFA_HEADS).
            readings.append((ortho.arabic_reading(without), ARABIC))
            readings.append((ortho.arabic_reading(without, south_asian=True), ARABIC))
            # And in the second reading, which says ج as Egyptian g (جمال الدين Gamal Eldin,
            # as جمال is Gamal alone: 0.75 before) and ق as the g of Sudanese and Egyptian
            # speech (known cost: Tagi Eldin, Sudanese Taqi, meets تاج الدين Taj).
            readings.append((ortho.arabic_reading(without, second=True), ARABIC))
            plain_without = ortho.arabic_reading(without)
            joined = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", plain_without)
            if joined != plain_without:
                # A first half that ends in the head's first letter (عماد الدين, سعد الدين):
                # without the article the two d's meet, and a Latin skeleton reads a double
                # as one (Emad Eldin, Emadeddine, Saad Eldin met at 0.00 before).
                readings.append((joined, ARABIC))
        if folded.endswith("يه") and len(folded) > 2:
            # Persian writes the Arabic feminine -iyya with ه for the ة (سمیه Somayeh =
            # سمية Sumayya, رقیه Roghayeh, نادیه Nadia): the ی is then the consonant y,
            # not the long i of Arabic نبيه Nabih. Source: Persian orthography of Arabic
            # loanwords (A. K. S. Lambton, Persian Grammar, Cambridge 1953, on ة).
            feminine = folded[:-1] + "ة"
            readings.append((ortho.arabic_reading(feminine), ARABIC))
            readings.append((ortho.arabic_reading(feminine, second=True), ARABIC))
        if _maqsura(folded, latin):
            # Persian and Egyptian writing put the dots on a final alif maqṣūra (موسی Musa,
            # مصطفی Mustafa, بشری Bushra, یحیی Yahya): Larkey et al. 2002 fold ى and ي
            # for this reason (orthography._ARABIC_SPELLING). Read as the long a it is.
            readings.append((latin[:-1] + "A", ARABIC))
            if second != latin and second.endswith("I"):
                # And in the second reading, which says ض as Persian does, z (مرتضی
                # Morteza, Murtaza).
                readings.append((second[:-1] + "A", ARABIC))
        if folded.endswith("ة") and len(latin) > 2:
            # The tāʾ marbūṭa said as t, as Persian, Urdu, Turkish and Indonesian say and
            # write it in Arabic names (رحمة Rahmat, Rahmet; هداية Hidayat; نعمة Nimet):
            # Persian orthography writes these words with ت (رحمت). Source: the Arabic
            # construct-state reading of ة (Wright, vol. 1, on the tāʾ marbūṭa) and the
            # Persian spelling of Arabic loanwords (Lambton, Persian Grammar, 1953).
            readings.append((latin[:-1] + "t", ARABIC))
        if folded.endswith("ح") and latin[-2:-1] in ("A", "I", "U") and len(latin) > 2:
            # A final ḥ after a long vowel is often not written in Latin (رباح Raba,
            # Rabah with the -ah that is read as a vowel).
            readings.append((latin[:-1], ARABIC))
        # The alef of Allah after a name is a hamzat al-waṣl, not said: its vowel is the
        # joining vowel, any short one (ذبیح الله Zabihullah, Zabihollah). Source: Arabic
        # grammar (W. Wright, A Grammar of the Arabic Language, 3rd ed., on the waṣla).
        readings = [
            (r[:-4] + "?llh" if r.endswith("Allh") and len(r) > 4 else r, m) for r, m in readings
        ]
        if SORANI_LETTERS & set(original):
            # Sorani Kurdish writes every vowel and a doubled consonant twice, with no
            # shadda (عەممار Ammar, مەحموود): there one letter written twice is one
            # consonant doubled, as in Latin (_consonants).
            readings = [(re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", r), m) for r, m in readings]
        # The first half's final ḥ after a long vowel, not written in Latin before -ullah
        # as it is not at the end of a name (ذبیح الله Zabiullah, as رباح Raba above).
        return readings + [
            (re.sub(r"(?<=[AIU])h(?=\?llh$)", "", r), m)
            for r, m in readings
            if re.search(r"[AIU]h\?llh$", r)
        ]
    if script == "Latin" and ortho.TREMA not in latin:
        marked = ortho.mark_trema(original)
        if ortho.TREMA in marked and marked.replace(ortho.TREMA, "") == latin:
            latin = marked  # Anaïs: a-na-is, two vowels in hiatus (orthography.TREMA)
    readings = [(latin, LATIN)]
    if script == "Greek":
        readings.extend((r, LATIN) for r in ortho.greek_readings(original)[1:])
        # And letter by letter, as Greek passports write Greek names (ELOT 743: Γεώργιος
        # Georgios, Αντώνης Antonis).
        letters = ortho.elot_743(original)
        if letters not in (r for r, _ in readings):
            readings.append((letters, LATIN))
    if script == "Cyrillic":
        readings.extend((r, LATIN) for r in ortho.cyrillic_readings(original)[1:])
        readings.extend((r, LATIN) for r in ortho.folk_readings(original))
        readings.extend((r, LATIN) for r in ortho.belarusian_cyrillic(original))
        readings.extend(_listed_readings(readings, ortho.CAUCASIAN_FORMS, ortho.NAME_FORMS))
        # Tatar, Bashkir, Kazakh, Chechen and Uzbek Cyrillic write an Arabic or Persian
        # name's final d devoiced, as Turkish does (Мурат = Мурад Murad, Ахмат = Ahmad,
        # Джихат = Jihad; orthography.turkic_readings for the Latin spellings). A list:
        # read in every -ат, Марат met Murad and Ринат Renad, and Рахмат, Шавкат, Иззат
        # keep the t of the Arabic -at.
        readings.extend(_listed_readings(readings, ortho.TURKIC_DEVOICED))
        # A Japanese name in Polivanov's Cyrillic (Коудзи Kōji): orthography.
        japanese = {ortho.japanese_reading(ortho.polivanov_latin(r)) for r, _ in readings}
        readings.extend((r, LATIN) for r in sorted(japanese - {""}))
        return readings
    if any("\u10a0" <= ch <= "\u10ff" for ch in original) and re.search("[^aeiou]i$", latin):
        # Georgian cites a name in the nominative, with -i after a consonant (დავითი
        # Daviti, თამარი Tamari), which Georgian passports leave off (Davit, Tamar): the
        # national romanization of 2002 writes the stem. Also read without it.
        readings.append((latin[:-1], LATIN))
    elif any("\u10a0" <= ch <= "\u10ff" for ch in original) and re.search("[^aeiou]$", latin):
        # And the reverse: a Georgian spelling of the stem, against a Latin spelling that
        # keeps the nominative's -i, as a clerk copies it from a Georgian document
        # (ქეთევან / Ketevani, ნიკოლოზ / Nikolozi).
        readings.append((latin + "i", LATIN))
    if original[:1] in ("Յ", "յ") and latin.startswith("y"):
        # Classical Armenian orthography, which the diaspora and Western Armenian keep,
        # writes an initial h յ (Յակոբ = Հակոբ Hakob, Յովհաննէս = Հովհաննես Hovhannes;
        # the 1922 reform wrote it հ): read as h.
        readings.append(("h" + latin[1:], LATIN))
    if ortho.is_indic(original):
        # Bengali's inherent vowel is ô, which Bangladeshi spellings write o as often as a
        # (করিম Karim, Korim; সুমন Suman, Sumon), and Bengali drops fewer of them inside a
        # word than Hindi (মমতা Mamata, Momota; কমলা Komola): each reading, and the
        # Sanskrit spelling that says the last one after a conjunct (कृष्ण Krishna).
        readings.append((ortho.indic_reading(original, medial=False, final=True), LATIN))
        if any("\u0a00" <= ch <= "\u0a7f" for ch in original):
            readings.append((ortho.indic_reading(original, forwards=True), LATIN))
            readings.append((ortho.indic_reading(original, greedy=True), LATIN))
            # Punjabi says an a before ਹਿ (h with the i sign) as e, and the i as a: ਸਹਿਜ
            # Sehaj, ਮਹਿਕ Mehak, ਰਹਿਮਤ Rehmat (the tone h lowers the vowels around it).
            readings.extend(
                (re.sub("ahi", "eha", r), LATIN) for r, _ in list(readings) if "ahi" in r
            )
            # A compound's ਵੀਰ vir, which Punjabi spellings write bir as often (below).
            readings.extend((r[:-3] + "bir", LATIN) for r, _ in list(readings) if r.endswith("vir"))
        if any("\u0b80" <= ch <= "\u0bff" for ch in original):
            # Tamil writes k, g with one letter, and t, d and p, b likewise: a stop is
            # voiced between vowels and after a nasal (H. F. Schiffman, A Reference Grammar
            # of Spoken Tamil, 1999, the stops), and a Sanskrit name's g, d, b anywhere
            # (விக்னேஷ் Vignesh, கணேஷ் Ganesh, குகன் Kugan): both readings.
            voice = {"k": "g", "t": "d", "p": "b"}
            for r, _ in list(readings):
                readings.append(
                    (
                        re.sub("(?<=[aeiounm])[ktp](?=[aeiou])|k(?=n)", lambda m: voice[m[0]], r),
                        LATIN,
                    )
                )
                readings.append((re.sub("[ktp](?!h)", lambda m: voice[m[0]], r), LATIN))
        if any("\u0980" <= ch <= "\u09ff" for ch in original):
            for inherent, medial in (("o", True), ("a", False), ("o", False)):
                reading = ortho.indic_reading(original, inherent, medial=medial)
                readings.append((reading, LATIN))
            # Bengali writes the z of Arabic and Persian names (ز ذ ض ظ) with জ or য, and
            # their v with ভ, which Bangladeshi spellings write z and v (মিজানুর Mizanur,
            # জাহিদ Zahid, হামযা Hamza, তানভীর Tanvir): readings with z, and with v.
            found = [r for r, _ in readings]
            readings.extend((r.replace("j", "z"), LATIN) for r in found if "j" in r)
            readings.extend((r.replace("bh", "v"), LATIN) for r in found if "bh" in r)
        if _nepali_v(original):
            # Nepali says व as b and writes many a Sanskrit name's व with ब (विकास Bikas,
            # बिकास; विनोद Binod; विशाल Bishal): T. W. Clark, Introduction to Nepali (1963),
            # on the consonants. The व also read b; not ब as v (Hindi and Marathi keep the
            # two apart: सबा Saba is not Sava).
            found = [r for r, _ in readings]
            readings.extend((r.replace("v", "b"), LATIN) for r in found if "v" in r)
        # And every reading the name had before these (anyascii's letters, no inherent
        # vowel, through the Latin readings below), so that nothing that met is parted
        # (ਅਰਸ਼ਦੀਪ Arshdeep: Gurmukhi writes its clusters without a virama).
        letters = re.sub(r"[^a-z]", "", anyascii(original).lower())
        if letters:
            readings.extend(_readings(letters, "Other", letters))
        abbreviated = ortho.ABBREVIATED_NAMES.get(unicodedata.normalize("NFC", original))
        if abbreviated:
            readings.append((abbreviated, LATIN))  # মোঃ, Muhammad abbreviated
        # A Bengali spelling that is one of NAME_FORMS' (আক্তার Aktar = Akhtar).
        readings.extend(_listed_readings(readings, ortho.NAME_FORMS))
        return list(dict.fromkeys(readings))
    if script == "Ethiopic":
        # Each Ethiopic letter is one syllable with its vowel: the Latin orthographies'
        # readings below (a silent final e, Somali c, Slavic w) do not apply to it.
        for other in (ortho.tigrinya_velars(original), ortho.ethiopic_gn(latin)):
            if other and other != latin:
                readings.append((other, LATIN))
        return readings
    if "c" in latin or "x" in latin:
        readings.append((latin, SOMALI))
    for other in (*ortho.somali_emphatics(latin), ortho.somali_loan(latin)):
        # Read by the Somali orthography when it writes c or x (Cabdiraxiin = Abdirahim).
        if other != latin:
            readings.append((other, SOMALI if "c" in other or "x" in other else LATIN))
    if (
        latin[:2] in ("al", "el")
        and len(latin) > 5
        and latin[2] != "e"
        and len(skeleton(latin[2:])) > 1
    ):
        # An article written joined: Alkhateeb, Alamin. Not before a one-consonant rest,
        # which is no Arabic name (Alisha is not al-Isha, nor Aicha).
        readings.append((latin[2:], LATIN))
    if re.search(r"[aeu]l(?=d(in|ine|een)$)", latin):
        # ad-Dīn with its article written unassimilated and joined: Seifeldin = Seif
        # ad-Din, Nasreldin = Nasreddine (as the sun-letter articles, orthography).
        readings.append((re.sub(r"[aeu]l(?=d(in|ine|een)$)", "", latin), LATIN))
    joined_particle = re.match(r"(ben|bin|ibn|ould)(?=[a-mo-z][a-z]{2})", latin)
    if joined_particle:
        # "son of" written joined to the father's name, as Maghrebi and Mauritanian
        # family names are (Benali = Ben Ali, Benyoussef, Ouldabdallah, Ibnkhaldun): the
        # particle carries no identity, as when written apart (_PARTICLES).
        readings.append((latin[joined_particle.end() :], LATIN))
    if "th" in latin and not re.search("[jmhn]ith$|n(a)?th$", latin):
        # Othman = Osman, Harith = Haris. Not the t South Indian and Sri Lankan spellings
        # write th at a name's end (Sreejith is not Sreejesh; Ranjith, Rohith, Prashanth).
        readings.append((latin.replace("th", "s"), LATIN))
    if re.match(r"i[aeou]", latin):
        # An initial i before a vowel is the glide y, as Romanian and the Ukrainian 2010
        # table write it (Iacob, Ioan; я = ia): Ian = Jan = Yan, Iakov = Yakov.
        readings.append(("y" + latin[1:], LATIN))
    if re.match(r"ye[^aeiou]", latin):
        # An initial ye- is the e of a name written by the rule of BGN/PCGN for Russian
        # (е at the start of a word is ye: Yelena, Yevgeniy) and for Armenian (1981: ե
        # at the start of a word is ye: Yeva, Yervand); passports and other languages'
        # spellings write it e (Elena, Eva, Ervand).
        readings.append((latin[1:], LATIN))
    if re.search(r"(?<=[aeiou])[tdsz]h(?=[aeiouy])", latin):
        # French and Turkish spellings of Maghrebi and Egyptian names write ت followed by
        # ح as th, two letters, not the digraph (Fethi, Fathi = فتحي; Fathia, Fethallah),
        # د followed by ه or ح as dh (Adham أدهم, Midhat / Medhat مدحت) and س followed by
        # ح as sh (Ishaq, Eshagh إسحاق, Исхак), ز or ظ followed by ه as zh (Azhar أزهر,
        # Mazhar مظهر): the Arabic spelling's two letters both kept (the upper-case H is
        # undone in _prepare).
        readings.append((re.sub(r"(?<=[aeiou])([tdsz])h(?=[aeiouy])", r"\1H", latin), LATIN))
    if re.search(r"(?<=[aeiou])s(?=[aeiou]|$)", latin) and "z" not in latin:
        # An s between vowels or after the last one is voiced in Italian, Spanish,
        # Portuguese and German and written z by Slavic, Turkish and Azerbaijani
        # orthographies (Rosa / Roza / Роза, Teresa / Tereza, Aras / Araz, Idris / Idriz).
        readings.append((re.sub(r"(?<=[aeiou])s(?=[aeiou]|$)", "z", latin), VOICED_S))
    if "p" in latin or "v" in latin or FOREIGN_CLUSTER.match(latin) or _five_consonants(latin):
        readings.append((latin.replace("p", "b").replace("v", "f"), ARABIC_LETTERS))
        if "v" in latin and "p" in latin:
            # v as ڤ beside the p (Pavel ڤافل). Not for a v alone: Persian and Turkish
            # write و so (Vahed = واحد, not وحيد); a foreign v-name's first e is the
            # first-ي rule's (Vera ڤيرا).
            readings.append((latin.replace("p", "b"), ARABIC_LETTERS))
    english = ortho.english_said(latin)
    if english:
        # James جيمس, Burt بيرت: an English name's vowels as Arabic script writes them.
        readings.append((english.replace("p", "b").replace("v", "f"), ARABIC_LETTERS))
    if re.search(DH_AS_Z, latin):
        # dh is ذ, which Persian, Turkish, Urdu and Bosnian say and write z (Adhra / Azra
        # عذراء, Dhakir / Zakir ذاكر): the ARABIC_SECOND_READINGS of ذ, on the Latin side.
        # Only before a consonant (DH_AS_Z): between two vowels dh is as often د and ه
        # (Adham أدهم is not Azam).
        readings.append((re.sub(DH_AS_Z, "z", latin), LATIN))
    if "dsch" in latin:
        # German writes the j of Arabic, Persian and Turkic names dsch (Dschamal = Jamal
        # جمال, Dschamila, Abdulmadschid = Абдулмаҷид; Duden's rules for transcribing
        # Arabic names, where j is German's y): the sound of English j.
        readings.append((latin.replace("dsch", "j"), LATIN))
    without_article = ortho.idafa_latin_without_article(latin)
    if without_article:
        # Noorulhaq, Salahuddin: also read without the article, as Noor ul Haq and Salah
        # ad-Din compare once their words are joined (_joined_variants; the article word
        # is a particle). orthography.IDAFA_HEADS.
        readings.append((without_article, LATIN))
    if latin.startswith("wh"):
        # English wh is w (Whitney = ويتني = Уитни, Wheeler).
        readings.append(("w" + latin[2:], LATIN))
    if re.search(r"g[eiy]", latin):
        # English and Italian g before e, i or y is soft, which Cyrillic writes дж and
        # Arabic ج (Gerald = Джеральд, Egidio = Еджидио, Imogen = Имоджен): read as the j
        # those transliterations write; the hard g stays (Gerhard = Герхард).
        readings.append((re.sub(r"g(?=[eiy])", "j", latin), LATIN))
    if re.search("sci(?=[aou])|sc(?=[ei])", latin):
        # Italian writes sh as sci before a, o, u and sc before e, i, the i not said: an
        # Italian clerk's Hisciam is Hisham (هشام), Aiscia Aisha, Sciarif Sharif (0.00
        # before). Source: Italian orthography (L. Serianni, Grammatica italiana, UTET
        # 1989, on the digraphs). Not its gi for j: Gian met Jan and Ligia Lidia.
        readings.append((re.sub("sci(?=[aou])|sc(?=[ei])", "sh", latin), LATIN))
    if re.search(r"c[eiy]", latin):
        # French orthography: c before e, i or y is s (Naceur = Nasser, Lucien).
        readings.append((re.sub(r"c(?=[eiy])", "s", latin), LATIN))
    if "j" in latin:
        # Egyptian Arabic says ج as g, and Egyptian spellings write it so (Gamal = Jamal
        # = Djamel, Maged = Majid, Ragab = Rajab, Khadiga = Khadija): the Latin side of the
        # Arabic-script reading in orthography.ARABIC_SECOND_READINGS (ج as g).
        readings.append((re.sub("(?<!^ab)dj|j", "g", latin), LATIN))
    if re.search("[^aeiou](?:i|e|ee)q$", latin):
        # Sudanese Arabic says ق as g, and Sudanese spellings write a name's final ق so
        # (Sadig = Sadiq صادق, Tarig = Tariq, Rafig = Rafiq, Siddig): the Latin side of ق's
        # second reading (orthography.ARABIC_SECOND_READINGS). Only in a final -iq or -eq:
        # inside a name the g meets the Egyptian g of ج (Qasim would meet Jasim), and
        # after a long vowel the gh of غ (Farooq فاروق would meet Forough فروغ).
        readings.append((latin[:-1] + "g", LATIN))
    if re.search(r"sy(?=[a-z])", latin):
        # Indonesian and Malay spelling (Ejaan yang Disempurnakan, 1972; Rumi spelling of
        # Malaysia): sy is sh (Syarif = Sharif, Asyraf = Ashraf, Syamsul = Shamsul).
        readings.append((re.sub(r"sy(?=[a-z])", "sh", latin), LATIN))
    if re.search(ULLAH_AFTER_H, latin):
        # ... and before -ullah, where it ends the compound's first half (Zabihullah /
        # Zabiullah, Wajihullah / Wajiullah).
        readings.append((re.sub(ULLAH_AFTER_H, "", latin), LATIN))
    if len(latin) > 3 and re.search(r"[ae]h$", latin) and latin[-3] != "l":
        # A final -ah or -eh is read as a vowel (Sarah = Sara), but it may be an Arabic ḥ
        # after a short vowel, as Maghrebi spellings write رابح (Rabah, Rabeh), فاتح
        # (Fateh): also read with its h (kept apart from the -ah rule by an upper-case H).
        readings.append((latin[:-1] + "H", LATIN))
    if len(latin) > 3 and re.search(r"[iou]h$", latin):
        # A final h after i, o or u stands for an Arabic ḥ or ʿayn that other spellings
        # leave out (Rabih / Rabi / Rabee = ربيع, Nooh / Nuh); -ah and -eh are vowels
        # already (Sarah).
        readings.append((latin[:-1], LATIN))
    for other in (
        ortho.slavic_latin(latin),
        ortho.german_z(latin),
        ortho.slavic_c(latin),
        ortho.hacek_reading(original),
        # Czech and Slovak transliteration of Russian names writes я as ja and ч as č
        # (Vjačeslav = Вячеслав = Vyacheslav, 0.00 before): both read at once.
        re.sub("(?<=[^aeiou])j(?=[aeiou])", "y", ortho.hacek_reading(original)),
        ortho.polish_ja(latin),
        ortho.polish_dz(original),
        ortho.belarusian_latin(latin),
        ortho.dutch_russian(latin),
        ortho.maghrebi_initial_vowel(latin),
        ortho.west_african(latin),
        ortho.wolof(latin),
        ortho.french_palatal(latin),
        ortho.indonesian_old(latin),
        ortho.greek_ch(latin),
        ortho.japanese_reading(latin),
        ortho.east_asian_syllable(original, latin),
        ortho.latvian_stem(original, latin),
        ortho.hungarian_reading(original),
        ortho.hungarian_reading(original, j_as_y=True),
        ortho.WEST_AFRICAN_FORMS.get(latin, ""),
        ortho.TURKISH_FORMS.get(latin, ""),
        ortho.CAUCASIAN_FORMS.get(latin, ""),
        ortho.ABBREVIATED_NAMES.get(latin, ""),
        ortho.NAME_FORMS.get(latin, ""),
        ortho.south_asian_que(latin),
        ortho.greek_police_latin(latin),
        ortho.italian_initial_u(latin),
        # Persian -iyeh written -ieh too (Marziyeh / Marzieh مرضیه, Raziyeh / Razieh).
        re.sub("iyeh$", "ieh", latin),
        # And the Persian -ieh is the Arabic -iyya, -iya (Hanieh هانیه / Haniya هانية,
        # Zakieh / Zakiya): read with the glide the Arabic spellings write.
        re.sub("ieh$", "iya", latin),
        # The vowel before Allah is the first noun's case ending (Naṣru-llāh), which the
        # Levant and the Maghreb write a and Afghanistan and Pakistan u: Nasrallah =
        # Nasrullah = نصر الله, Fathallah = Fathullah (0.00 apart before, each 1.00
        # against the Arabic). Read with u, in a word that is such a compound.
        re.sub("[aeio]ll[ae]h?$", "ullah", latin)
        if len(latin) > 7 and _compound_kind(latin, "") == "ullah"
        else "",
        # Arabic says a nūn before bāʾ as m (iqlāb, the rules of recitation), and Latin
        # spellings write what is said: قنبر Qambar, عنبر Ambar, سنبل Sumbul.
        latin.replace("mb", "nb"),
        # The hamza's i of a hollow root's fāʿil (رائد Raʾid, فائق Faʾiq, قائد Qaʾid, وائل
        # Waʾil), which Levantine and Iraqi spellings write e: Raed, Faek, Qaed, Wael.
        # Only in such a word (a consonant or two, ae, a consonant): not Michael.
        re.sub("ae(?=[b-df-hj-np-tv-z]$)", "ai", latin)
        if re.fullmatch("[b-df-hj-np-tv-z]{1,2}ae[b-df-hj-np-tv-z]", latin)
        else "",
        # Sanskrit ṛ (ऋ, the vowel sign ृ) is said ri in Hindi and Punjabi and ru in
        # Gujarati and Marathi, and their spellings write it so (Kripa / Krupa, Vrinda /
        # Vrunda, Hrithik / Hrutik, Srishti / Srushti; Masica, The Indo-Aryan Languages, 1991,
        # on ṛ): a first syllable's ru after h, m, v, s or sh, which no European name
        # begins with, also read ri before a consonant and a vowel (Krupa and the other
        # kr-, tr-, pr- forms are listed: Bruna is not Brina, Grusha not Grisha).
        re.sub("^(h|m|v|s|sh)ru(?=[b-df-hj-np-tv-z]+[aeiou])", r"\1ri", latin),
        # Punjabi's vir "brave" in a compound name is bir as often (Karanvir / Karanbir,
        # Ranveer / Ranbir; Sanskrit vīra, Punjabi bīr), and Bengali writes v with ব, b
        # (Tanvir / Tanbir): the v of a final -vir, -veer also read b.
        re.sub("v(?=(?:i|ee)r$)", "b", latin) if len(latin) > 5 else "",
        # Egyptian and Sudanese spellings write the muf- of a name with ʿayn as moa-
        # (معتز Moataz, معتصم Moatasim, مؤمن Moamen): read as mu-.
        re.sub("^moa", "mu", latin),
        # Tamil script writes t and d, th and dh with one letter each (H. F. Schiffman, A
        # Reference Grammar of Spoken Tamil, 1999, the stops), and Sri Lankan Tamil
        # spellings of Sanskrit names write th where Indian spellings write d or dh
        # (Tharshan / Darshan, Thushyanthan / Dushyanthan, Sinthuja / Sindhuja): a first
        # th before a vowel, and nth, read as d and nd, only in a word ending as these do
        # (-an after a consonant cluster or -than, -ini, -uja, -thy): not Thomas, Anthony,
        # nor the Arabic th of ث (Thani ثاني, Thuraya ثريا).
        re.sub("^th(?=[aeiou])", "d", latin).replace("nth", "nd")
        if re.search("([b-df-hj-np-tv-z]{2}an|than|ini|uja|thy)$", latin)
        else "",
        _listed_head(latin),
        # Iranian spellings write the Persian ī of a name's inner syllable ey where Afghan
        # and Tajik ones write i (Fereydoun / Faridun, Freydoon): read as i, in a long
        # word only (not Leyla / Lila, Feyza / Fiza).
        re.sub("(?<=[b-df-hj-np-tv-z])ey(?=[b-df-hj-np-tv-z][aeiou])", "i", latin)
        if len(latin) > 7
        else "",
        # Portuguese writes a name's final nasal -ão and -im where Spanish writes -án, -ón
        # and -ín (Sebastião / Sebastián, Simão / Simón, Joaquim / Joaquín, Benjamim /
        # Benjamin, as Angolan, Mozambican and Brazilian papers show; Cunha and Cintra,
        # Nova Gramática do Português Contemporâneo, 1984, on the nasal vowels).
        latin[:-2] + "an" if original.lower().endswith("ão") else "",
        latin[:-2] + "on" if original.lower().endswith("ão") else "",
        re.sub("(qu|m)im$", r"\1in", latin) if len(latin) > 5 else "",
        *ortho.turkic_readings(original or latin),
        *ortho.kurmanji_readings(original or latin),
        *ortho.albanian_readings(original or latin),
        # Ukrainian h (г) is Russian g (Oleh = Oleg, Bohdan = Bogdan, Mahdalena =
        # Magdalena): a vowel's h before d, k, n, r, t, or an e's h at the end of a name
        # (not Farah's: فرح is not Farag, فرج). Not the hd of an Arabic name's end after a
        # or e (Mahdi مهدي met Majdi مجدي through the Egyptian g of ج; Mehdi, Fahd).
        re.sub(
            r"(?<=[ouy])h(?=[dknrt])|(?<=[ae])h(?=[knrt]|d(?![iy]?$))|(?<=e)h$",
            "g",
            latin,
        ),
        # Russian writes an Armenian and other foreign name's h г, and a Latin spelling
        # copied from Russian papers g (Hrach / Grach Грач, Hrant / Grant Грант): an
        # initial hr, which no other tradition's names begin with, also read gr.
        re.sub("^hr(?=[aeiou])", "gr", latin),
        # The Somali national orthography writes غ q as it writes ق (Cabdiqani, Abdiqani =
        # Abdulghani عبد الغني): the q of an Abdi- compound also read gh.
        re.sub("q", "gh", latin) if re.match("c?abdi.*q", original.lower()) else "",
        ortho.ukrainian_as_russian(latin),
    ):
        if other and other != latin:
            readings.append((other, LATIN))
    readings.extend((r, IN_CYRILLIC) for r in ortho.in_russian_practice(original, latin))
    if "ü" in original.lower():
        # Russian writes the Turkish and Azerbaijani ü ю (Ümit Юмит, Gül Гюль, Türkan
        # Тюркан; the Russian practical transcription of Turkish, Gilyarevsky and
        # Starostin 1985): read so against Cyrillic.
        said = unicodedata.normalize("NFC", original).lower().replace("ü", "yu")
        readings.append((re.sub("[^a-z]", "", anyascii(said).lower()), IN_CYRILLIC))
    for in_cyrillic in (
        ortho.german_cyrillic(latin),
        ortho.german_zh(latin),
        ortho.lithuanian_stem(latin),
    ):
        if in_cyrillic:
            readings.append((in_cyrillic, IN_CYRILLIC))
    serbian = ortho.albanian_in_serbian(original)
    if serbian:
        # Gjergj as Đerđ and Ђерђ: compared to the letter (SPELLED_EXACT); this reading
        # only gives the index the key those spellings have.
        readings.append((ortho.hacek_reading(serbian[0]) or serbian[0], SPELLED_EXACT))
    readings.extend(
        (r.replace("'", ""), IN_CYRILLIC_EXACT)
        for r in ortho.vietnamese_in_russian(original, latin)
    )
    return readings


def _listed_readings(
    readings: list[tuple[str, str]], *tables: dict[str, str]
) -> list[tuple[str, str]]:
    """The names the readings so far are listed forms of, in each table in turn (a form
    of a list: orthography.NAME_FORMS, CAUCASIAN_FORMS, TURKIC_DEVOICED), as Latin readings."""
    found = list(dict.fromkeys(r for r, _ in readings))
    return [(table[r], LATIN) for table in tables for r in found if r in table]


# Allah's and ad-Dīn's endings, longest first (-ullah before -llah), for _listed_head.
_COMPOUND_ENDINGS = tuple(sorted(ortho.ALLAH_FORMS | ortho.DIN_FORMS, key=len, reverse=True))


def _listed_head(latin: str) -> str:
    """A compound with Allah or ad-Dīn whose first half is a listed form, read with the
    form's name (Ghodratollah = Qudratullah, as Ghodrat = Qudrat: ortho.NAME_FORMS), or
    "". The lexicon is of whole words, and did not reach a compound's half."""
    for ending in _COMPOUND_ENDINGS:
        head = latin[: -len(ending)]
        if latin.endswith(ending) and len(head) > 2 and head in ortho.NAME_FORMS:
            return ortho.NAME_FORMS[head] + ending
    return ""


def _five_consonants(latin: str) -> bool:
    """Five consonants or more in one name that is neither a compound (ʿAbd..., ...ullah,
    ...uddin, ...urrahman, ...ulhaq: two words written as one) nor a participle of the
    seventh, eighth or tenth stem (Muntasir, Muntazir, Mustaqim, whose prefix and infix
    give an Arabic word five consonants): then the name is foreign and its e is written ي
    as in _vowel_factor (Margareta مرغريتا)."""
    return len(skeleton(latin)) >= 5 and not re.match(
        r"ab[do]|m[uoi](n|s|[b-df-hj-np-tv-z]t)|.*(llah|lla|din|deen|dine|rahman|rehman|haq|huq)$",
        latin,
    )


def _maqsura(folded: str, latin: str) -> bool:
    """Whether a final ي after a consonant may be an alif maqṣūra written with its dots:
    in a word of three consonants or more (مصطفی, بشری) or with a long u or i before
    (موسی, عیسی, لیلی); not after the long ā of the active participle, whose -ī is the
    nisba (هانی Hani, هادی Hadi), nor in a two-consonant word (علی Ali)."""
    if not folded.endswith("ي") or not latin.endswith("I") or len(latin) < 3:
        return False
    body = latin[:-1]
    if body[-1] in "AIU?" or body[1:2] == "A":
        return False
    consonants = [ch for ch in body if ch not in "AIU?"]
    return len(consonants) >= 3 or bool(set(body[1:]) & {"I", "U"})


@lru_cache(maxsize=65536)
def _shapes(latin: str, script: str, original: str = "") -> tuple[Shape, ...]:
    """Every reading's shape, once each (two readings with one skeleton but other vowels
    are both kept: Moustafa's ou is a long u, its West African reading a short one)."""
    found: dict[tuple[object, ...], Shape] = {}
    amr = ortho.WAW_OF_AMR.get(ortho.arabic_spelling_key(original)) if script == "Arabic" else None
    readings = _readings(latin, script, original or latin)
    if amr == "0":
        # The wāw of ʿAmr is not said (Amr), or read as its case ending (Amro, Amru).
        readings = [(r[:-1], m) for r, m in readings if r.endswith("U")] + readings
    for reading, mode in readings:
        s = shape(reading, mode=mode)
        if amr and len(s.gaps) == 1 and s.gaps[0] == "":
            s = dataclasses.replace(s, gaps=(amr,))
        key = (
            *(s.skeleton, s.head, s.gaps, s.final, s.aligned, s.strict, s.ends_in_a),
            *(s.voiced_s, s.arabic_letters, s.in_cyrillic, s.exact),
        )
        if s.skeleton and key not in found:
            found[key] = s
    # The plain reading's skeleton first (the token's main key).
    return tuple(found.values())


# Characters a name can carry that nobody sees, and a stretching mark: left by copying a
# name from a web page, a PDF or a right-to-left screen (Harbour's own isolates the names
# it shows in FSI/PDI), never part of the name. Measured before they were dropped: two
# Arabic-script spellings of one name scored 0.00 when one was in the presentation forms a
# PDF gives (محمد / ﻣﺤﻤﺪ) or wrapped in a bidi mark or isolate (محمد / FSI محمد PDI), where
# the Latin and Cyrillic paths (anyascii) already read past them. A registration refuses
# the invisible ones with a message (app/domain/text.py) but keeps presentation forms, which
# NFC leaves alone; a search query is not validated and may carry any. Unicode's Cf category (format
# characters: soft hyphen, zero width space, LRM/RLM, the bidi embeddings, overrides and
# isolates, word joiner, BOM) and the Arabic tatweel (U+0640). The zero width non-joiner
# and joiner stay: Persian writes ZWNJ inside a name (محمد‌رضا), and the Arabic-script
# rules read them (orthography._ARABIC_MARKS).
_UNSEEN = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\u0640]")


# The blocks whose letters are only another shape of ordinary ones: the Latin, Armenian
# and Hebrew ligatures (ﬁ), Arabic Presentation Forms-A and -B (ﻣﺤﻤﺪ), the half- and
# full-width forms (Ｍ). Only these are folded (NFKC): NFKC of the whole name would also
# split letters that are letters of their own (Uyghur and Kazakh ٷ into ۇ and a hamza) and
# change ordinal indicators (Mª).
_COMPATIBILITY_SHAPES = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")


def matching_form(text: str) -> str:
    """A name as the matcher and the search read it: letters written in a compatibility
    shape folded (Arabic presentation forms ﻣﺤﻤﺪ are محمد, full-width Ｍ is M, the ligature
    ﬁ is fi) and the invisible characters above dropped. What was typed is stored
    unchanged."""
    folded = _COMPATIBILITY_SHAPES.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    return _UNSEEN.sub("", folded)


def tokens(name: str) -> list[NameToken]:
    """Split a full name into tokens with keys; particles dropped, Abd-compounds joined."""
    return list(_tokens(matching_form(name)))


def _make(original: str, latin: str, script: str, folded: str) -> NameToken | None:
    shapes = _shapes(latin, script, original)
    if not shapes:
        return None
    skels = tuple(dict.fromkeys(s.skeleton for s in shapes))
    return NameToken(
        original,
        latin,
        skels[0],
        script,
        skels[1:],
        shapes,
        folded,
        _groups(original, latin, script),
        _compound_kind(latin, folded),
    )


def _compound_kind(latin: str, folded: str) -> str:
    """Which compound a token is: Abd + a name of God (Abdulaziz, عبد الرحمن), a name +
    Allah (Zabihullah, ذبیح الله), or a name + ad-Dīn (Nasreddine, نصر الدين)."""
    if latin.startswith("abd") and len(latin) > 4:
        return "abd"
    if folded.endswith("الله") and len(folded) > 5:
        return "ullah"
    if folded.endswith("الدين") and len(folded) > 6:
        return "din"
    if folded:
        return ""
    if any(latin.endswith(f) and len(latin) > len(f) + 2 for f in ortho.ALLAH_FORMS):
        return "ullah"
    if any(latin.endswith(f) and len(latin) > len(f) + 2 for f in ortho.DIN_FORMS):
        return "din"
    return ""


def _core(bones: str, kind: str) -> str:
    """A compound's skeleton without its shared half (Abd, Allah, ad-Dīn)."""
    if kind == "abd" and bones.startswith("bd"):
        return bones[2:]
    if kind == "ullah":
        return re.sub(r"l[a-z]?$", "", bones)
    if kind == "din" and bones.endswith("dn"):
        return bones[:-2]
    return bones


def _groups(original: str, latin: str, script: str) -> frozenset[int]:
    """The Russian/Ukrainian name correspondences and the NAME_FORMS names a token is a
    form of (exact readings)."""
    if script == "Cyrillic":
        readings: tuple[str, ...] = ortho.cyrillic_readings(original)
    elif script == "Latin":
        readings = (latin, ortho.slavic_latin(latin))
    elif script == "Ethiopic" and latin in ortho.ETHIOPIC_LISTED:
        # ቴድሮስ Tedros, a listed form of ቴዎድሮስ Tewodros. Only the Ethiopian and Eritrean
        # rows: another tradition's (Somali Dahir for Tahir) would join ዳሂር and ጣሂር,
        # which Ethiopic writes apart.
        readings = (latin,)
    else:
        return frozenset()
    found: frozenset[int] = frozenset()
    for reading in readings:
        found |= ortho.CORRESPONDENCES.get(ortho.correspondence_key(reading), frozenset())
        found |= ortho.NAME_FORM_GROUPS.get(reading, frozenset())  # Uladzimir = Vladimir
    return found


# Abū ("father of") before a name makes a kunya, one name however it is written: Abu Bakr,
# Abubakar, Boubacar, أبو بكر. Source: Arabic naming (A. Schimmel, Islamic Names,
# Edinburgh 1989, ch. 1: the kunya); written as one word in Hausa and West African use.
_KUNYA_LATIN = frozenset({"abu", "abou", "abo", "abul", "aboul"})
_KUNYA_ARABIC = frozenset({"ابو", "أبو"})


def _is_article(part: str, script: str) -> bool:
    if script == "Arabic":
        return ortho.fold_arabic(part) == "ال"
    return part.lower() in ("al", "el", "ul")


def _is_kunya(part: str, script: str) -> bool:
    if script == "Arabic":
        return ortho.fold_arabic(part) in _KUNYA_ARABIC
    if script == "Other" and ortho.is_indic(part):
        return _latin(part) in _KUNYA_LATIN  # আবু সাঈদ Abu Sayed
    return script == "Latin" and part.lower() in _KUNYA_LATIN


def _latin_like(script: str, part: str) -> bool:
    """A word whose reading writes every vowel as a Latin spelling does: Latin, or an
    Indic script read with its inherent vowels (আব্দুল Abdul, মোহাম্মদ Mohammad), whose
    particles and compounds are the Latin spellings' (orthography.indic_reading)."""
    return script == "Latin" or (script == "Other" and ortho.is_indic(part))


_SUN_ABD = re.compile(r"abd[aeiou](sh|th|dh|[rsztdn])")


@lru_cache(maxsize=131072)
def _tokens(name: str) -> tuple[NameToken, ...]:
    # An apostrophe between letters is a hamza, an ʿayn or a soft sign (Ja'far, Tat'yana),
    # not a word break; elsewhere it separates, like a hyphen.
    joined = re.sub(r"(?<=\w)['’`ʼ](?=\w)", "", name.strip())
    raw = [t for t in re.split(r"[\s\-‐_.,'’`]+", joined) if t]
    parts: list[tuple[str, str, str]] = []  # (original, latin, script)
    kunya = ""
    for index, part in enumerate(raw):
        script = script_of(part)
        if kunya and index + 1 < len(raw) and _is_article(part, script):
            # Abu al-Hasan, أبو الفضل: the article stays inside, its vowel elided after
            # Abu's (the hamzat al-waṣl: Abu'l-Hasan, Abulhassan; Wright, on the waṣla).
            kunya = f"{kunya} {part}" if script == "Arabic" else f"{kunya}l"
            continue
        if kunya:
            part, kunya = f"{kunya} {part}", ""
        elif index + 1 < len(raw) and _is_kunya(part, script):
            kunya = part  # Abu Bakr, أبو بكر: one name (_is_kunya)
            continue
        latin = _latin(part)
        if not latin:
            continue
        plain = latin.lower()
        if _latin_like(script, part) and plain in _PARTICLES:
            continue
        if script == "Arabic" and ortho.fold_arabic(part) in ("ابن", "بن", "بنت", "ال"):
            continue
        nxt = _latin(raw[index + 1]) if index + 1 < len(raw) else ""
        if (
            script == "Latin"
            and plain in ortho.SUN_LETTER_ARTICLES
            and nxt.lower().startswith(plain[1:])
        ):
            continue  # As-Sayed, Ez-Zein, ad-Din: the article assimilated to a sun letter
        parts.append((part, latin, script))
    result: list[NameToken] = []
    pending_abd: tuple[str, str] | None = None
    for index, (part, latin, script) in enumerate(parts):
        folded = ortho.fold_arabic(part) if script == "Arabic" else ""
        sun = _SUN_ABD.fullmatch(latin) if _latin_like(script, part) else None
        if sun and index + 1 < len(parts) and parts[index + 1][1].startswith(sun[1]):
            # ʿAbd with the article assimilated to the sun letter that starts the name:
            # Abdur Rahman, Abdus Salam, Abdush Shakur (the usual Bangladeshi and Indian
            # spellings; Wright, Grammar, vol. 1, on the article before the sun letters).
            # They met Abdul Rahman and عبد الرحمن at 0.00.
            latin = "abd"
        if script in ("Latin", "Cyrillic") or _latin_like(script, part):  # Абдулла, আব্দুল্লাহ
            if latin in ortho.ABDULLAH_FORMS:
                latin = "abdullah"
            elif re.fullmatch(r"[a-z]{3,}[uoa]lla", latin):
                # Allah's h left off, as Central Asian and Russian-made papers write it
                # (Asadulla, Rahmatulla, Fadlalla): the compound with its h.
                latin += "h"
            elif latin in ("ebdi", "evdi"):
                latin = "abdi"  # Kurmanji Ebdî, Evdî: the name Abdi
            for form in ortho.ABD_FORMS:
                if latin.startswith(form) and len(latin) > len(form) + 2:
                    if form[0] == "e" and latin[len(form) : len(form) + 1] == "o":
                        break  # Evdokimov, Evdokiya: no ʿAbd
                    latin = "abd" + latin[len(form) :]
                    break
        elif script == "Arabic" and folded.startswith("عبد") and len(folded) > 4:
            latin = "abd" + ortho.arabic_reading(folded[3:])
        # Abdi alone is the Somali name Cabdi, not Abd waiting for its second half; so is
        # the Kurmanji Ebdî, Evdî.
        is_abd = (_latin_like(script, part) and latin in ortho.ABD_FORMS and latin != "abdi") or (
            script == "Arabic" and folded == "عبد"
        )
        if is_abd and pending_abd is None:
            pending_abd = (part, folded)
            continue
        compound_tail = (
            _latin_like(script, part) and latin in ortho.DIN_FORMS | ortho.ALLAH_FORMS
        ) or (script == "Arabic" and folded in ("الدين", "الله", "الرحمن"))
        if pending_abd is not None:
            latin = "abd" + latin
            part = f"{pending_abd[0]} {part}"
            folded = pending_abd[1] + folded
            pending_abd = None
        elif compound_tail and result:
            # Nasr ad-Din = Nasreddine, ذبیح الله = Zabihullah: one name in two words.
            prev = result.pop()
            tail = "ullah" if latin in ortho.ALLAH_FORMS else latin
            latin = prev.latin + tail
            part = f"{prev.original} {part}"
            folded = prev.folded + folded
            script = prev.script
        token = _make(part, latin, script, folded)
        if token is not None:
            result.append(token)
    if pending_abd is not None:
        token = _make(pending_abd[0], "abd", script_of(pending_abd[0]), pending_abd[1])
        if token is not None:
            result.append(token)
    return tuple(result)


def _skeleton_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    base = Levenshtein.normalized_similarity(a, b)
    # Short skeletons differ by one letter easily; don't let 'hsn' ~ 'msn' score 0.67.
    return base**2 if min(len(a), len(b)) <= 3 else base


# What a vowel that cannot be the same costs (tuned on the tuning half of
# tests/data/name_pairs.tsv): a vowel of another quality or length, a vowel before the
# first consonant on one side only (Ahmad / Hamid), a final -a on one side only (the
# feminine form: Amin / Amina, Oleksandr / Oleksandra).
VOWEL_COST = 0.65
HEAD_COST = 0.75
FINAL_A_COST = 0.7
EPENTHETIC_U_COST = 0.9
SHORT_COST = 0.9
# A Latin i or u where an Arabic name pattern would write a long vowel (_needs_long_vowel).
PATTERN_COST = 0.7
# A v one side does not have (Silvia / Сила); a final i, o or u on one side only.
V_COST = 0.7
FINAL_COST = 0.75
ABJAD_FINAL_COST = 0.7
# Two Latin spellings whose consonants differ in every reading (tuned on all four sets but
# the fifth: 16 false matches fewer, 3 more missed).
LATIN_INEXACT_COST = 0.85
# Two Arabic-script spellings that differ only in letters the dialects merge (ض for د).
DIALECT_LETTER_SCORE = 0.95
# Between two spellings that write vowels (tuned on the tuning half): a vowel written
# between two consonants on one side only (an e costs less: it is the reduced vowel of
# Aleksandr / Alexander and the article's in Nasreddine / Nasr ad-Din).
INSERT_COST = 0.7
INSERT_E_COST = 0.9


def _vowel_factor(
    x: Shape,
    y: Shape,
    abjad: bool,
    same_script: bool = False,
    one_script: bool = False,
    arabic_patterns: bool = True,
    gendered_finals: bool = False,
    sixth_order: str = "",
    majhul: bool = False,
    english_u: bool = False,
    imala_after_a: bool = False,
) -> float:
    if not (x.aligned and y.aligned) or len(x.gaps) != len(y.gaps):
        return 1.0
    strict = x.strict and y.strict

    # A name with a p or v, or that starts with two consonants, is none of Arabic's (see
    # ARABIC_LETTERS): Arabic script writes its e with ي as well as its i (بيتر Peter,
    # فيرا Vera, ستيفان Stefan), which an Arabic name's Latin e is not (Salem is سالم, not
    # سليم).
    foreign = x.arabic_letters or y.arabic_letters

    def fits(p: str, q: str) -> bool:
        if foreign and {p, q} == {"e", "I"}:
            return True
        if sixth_order:
            ethiopic, latin = (p, q) if sixth_order == "x" else (q, p)
            if ethiopic in ("u", "o"):
                # The second and seventh orders are u and o: a Latin a, e or i is another
                # vowel (ዘውዱ Zewdu is not Zewde).
                return latin in ("u", "o", "U", "?", "")
            if ethiopic == "e" and latin in ("u", "U"):
                return False  # the first order ä and fifth e are not u (ብርሃነ / Birhanu)
        return ortho.compatible(p, q, abjad=abjad, somali_strict=strict, one_script=one_script)

    factor = 1.0
    if bool(x.head) != bool(y.head) and not {"?", "'"} & {x.head, y.head}:
        factor *= HEAD_COST
    elif not abjad and not fits(x.head, y.head):
        factor *= VOWEL_COST  # Omar / Amr, Amir / Omar
    for k, (gx, gy) in enumerate(zip(x.gaps, y.gaps, strict=True)):
        if abjad and k == 0 and {gx, gy} == {"e", "I"}:
            # A Latin e for a ي after the first consonant: the diphthong ay that Turkish,
            # Persian and Maghrebi spellings write e (Zeynep, Leyla, Feysal), or the e of a
            # foreign name, which Arabic writes with ي (جيمس James, بيتي Betty, دينيس Denis).
            # Not before the last consonant, where it is the short i of fāʿil and the ي of
            # faʿīl another name (Salem سالم is not سليم). Known cost: Lela meets ليلى.
            continue
        if english_u and {gx, gy} == {"u", "A"}:
            continue  # _english_short_u: Just جاست, Dustin داستن
        if majhul and k == len(x.gaps) - 1 >= 2 and {gx, gy} == {"e", "I"}:
            # Written with the Persian ی: Dari, Tajik and Urdu keep the majhul ē that
            # Iranian Persian merged with ī, and Afghan and Pakistani spellings write it
            # e (جمشید Jamshed, خورشید Khurshed; Lambton, Persian Grammar, on the majhul
            # vowels; Urdu orthography, where ی is both ī and ē). Not in a name of two
            # syllables, the Arabic faʿīl, whose ī the Arabic loans keep (حمید is Hamid,
            # not Hamed; سلیم Salim, not Salem): Persian keyboards type ی for every ي.
            continue
        if abjad and {gx, gy} == {"A", "e"} and k == len(x.gaps) - 1 >= 1:
            # Before the last consonant of a name of three or more, the long ā is said e
            # in Tunisia and Algeria (imāla: Tunisian bēb for bāb), and their French-based
            # civil registers write it so: Hichem هشام, Bilel بلال, Wissem وسام, Ibtissem
            # ابتسام, Ahlem أحلام, Sofiene سفيان (each scored 0.00 before). Sources:
            # "Imāla", Encyclopedia of Arabic Language and Linguistics (Brill, 2007);
            # H.-R. Singer, Grammatik der arabischen Mundart der Medina von Tunis (1984),
            # on ā > ē. After a Latin a the e may be the short i of the participle fāʿil,
            # whose ā Arabic writes (Hashem هاشم is not هشام, Fares فارس not فراس, Ghanem
            # غانم not غنام): there only when the Latin is no such fāʿil name
            # (imala_after_a: Djamel جمال, Manel منال, Hassen حسان; Kamel stays apart
            # from كمال, as كامل Kamil is a name).
            latin_gaps = y.gaps if x.abjad else x.gaps
            if latin_gaps[k - 1] not in ("a", "A") or imala_after_a:
                continue
        if not fits(gx, gy) or (abjad and {gx, gy} == {"A", "e"}):
            # Inside a name an Arabic ا is a long ā, which Latin spellings write a (or o,
            # as Persian and Tajik say it), not e (Fares فارس, not فراس Firas). At the end
            # ه and ة are Persian's -eh.
            factor *= VOWEL_COST
        elif sixth_order and (gx, gy)[sixth_order == "y"] == "":
            # An Ethiopic sixth-order letter, ə or no vowel (see _token_similarity): free
            # against a Latin e, i or u; an a or o is another vowel, but the biblical
            # names' Western forms write one there (ኣብርሃም Abrham, Abraham).
            if (gy, gx)[sixth_order == "y"] not in ("", "e", "i", "u"):
                factor *= INSERT_E_COST
        elif not abjad and "" in (gx, gy) and gx != gy and not (x.strict or y.strict):
            # Both spellings write vowels: one written between two consonants on one side
            # only is a syllable more (Salima / Salma, Эрнест / Эрнст, Omar / Amr).
            # Within one script there is no transliteration to reduce a vowel: an e written
            # on one side only is a syllable more too (Эрнест / Эрнст).
            reduced = "e" in (gx, gy) and not same_script
            factor *= INSERT_E_COST if reduced else INSERT_COST
        elif abjad and {"", "v"} & {gx, gy} and {gx, gy} & {"i", "u"}:
            # Latin i or u where Arabic writes no long vowel.
            patterned = arabic_patterns and _needs_long_vowel(x, y, k)
            factor *= PATTERN_COST if patterned else SHORT_COST
    if abjad:
        arabic, latin = (x, y) if x.abjad else (y, x)
        if arabic.final == "I" and latin.ends_in_a:
            # A Latin final a where the Arabic ends in ي: the Arabic has no feminine ة nor
            # a final alif, so the Latin is the feminine name (سامي Sami, Samia / Samya =
            # سامية). The maqṣūra read as ā is another reading (_maqsura).
            factor *= FINAL_A_COST
        if (
            len(arabic.gaps) == 2
            and arabic.gaps == ("A", "")
            and arabic.final == ""
            and latin.gaps[1] == ""
        ):
            # The active participle fāʿil writes the long ā and says a short i before
            # the last consonant, which every Latin spelling writes (فاضل Fadil, Fazel;
            # حامد Hamid; Wright, vol. 1, the participles): without it the Latin is the
            # faʿl name (Fadl فضل, Hamd حمد).
            factor *= PATTERN_COST
    finals = {x.final, y.final}
    if finals == {"", "u"} and all(s.gaps and (s.gaps[-1] or s.abjad) for s in (x, y)):
        # Hausa and Fula close an Arabic name's final consonant with the epenthetic u
        # (Yakubu = Yaʿqub, Yusufu, Bashiru, Kabiru, Amadou = Ahmad; P. Newman, The Hausa
        # Language, Yale 2000, ch. 43 on Arabic loanwords), after a vowel (written, or
        # short in Arabic script): not after two consonants written so (Shukru is Shukri's
        # Turkish form, not Shukr). Not i: that is the
        # nisba (Rahim / Rahimi, Malik / Maliki).
        factor *= EPENTHETIC_U_COST
    elif "" in finals and finals & {"a", "A"}:
        factor *= FINAL_A_COST
    elif (
        finals == {"", "u"}
        and not abjad
        and all(re.search("[bdgkpt]r$", s.skeleton) and s.gaps[-1:] == ("",) for s in (x, y))
    ):
        # Romanian closes a masculine name ending in a stop and r with -u (Alexandru,
        # Petru, Dumitru; Gramatica limbii române, Academia Română 2005, the masculine
        # nouns in -u after a consonant cluster), which a Moldovan child's Russian papers
        # do not write (Александр): the same name, as the Hausa u above.
        factor *= EPENTHETIC_U_COST
    elif not abjad and "" in finals and finals & {"i", "o", "u", "I", "U"}:
        # Both spellings write vowels: a final i, o or u on one side only is another
        # ending (Malik / Maliki, Marek / Марко); a final e may be silent (Ousmane).
        factor *= FINAL_COST
    elif abjad and "" in finals and finals & {"i", "o", "u"}:
        # A Latin final i, o or u where the Arabic writes no vowel letter: Arabic script
        # writes a name's final long vowel (علي Ali, هاني Hani, موسى Musa), and a name
        # read in pause has no final short vowel (Daryani is not دارين Darin).
        factor *= ABJAD_FINAL_COST
    elif gendered_finals and finals == {"a", "o"} and not (x.strict or y.strict):
        # Between two spellings that write vowels a final -o against -a is the masculine
        # and the feminine name of the Romance and Slavic languages (Italian Paolo /
        # Paola, Spanish Candido / Candida, Ukrainian Pavlo / Pavla; M. Maiden and
        # C. Robustelli, A Reference Grammar of Modern Italian, 2007, on noun gender),
        # not a spelling (see _gendered_finals for where it is not).
        factor *= VOWEL_COST
    elif not fits(x.final, y.final):
        factor *= VOWEL_COST
    return factor


_NOT_ARABIC_LETTERS = frozenset("پچژگټډړږښځڅڼ")


def _imala_after_a(latin: NameToken) -> bool:
    """Whether a Latin e after an a may be the imāla of an Arabic long ā (_vowel_factor):
    when the Latin spelling is no name of the participle pattern fāʿil, whose short i
    Latin writes e there (orthography.FAAIL_NAMES: Kamel is كامل, Hashem هاشم; Djamel,
    Manel, Hassen are none)."""
    return latin.skeleton not in _faail_skeletons()


@lru_cache(maxsize=1)
def _faail_skeletons() -> frozenset[str]:
    return frozenset(
        skeleton(ortho.arabic_reading(name), mode=ARABIC) for name in ortho.FAAIL_NAMES
    )


def _needs_long_vowel(x: Shape, y: Shape, k: int) -> bool:
    """A Latin i or u before a name's last consonant, where the Arabic spelling writes no
    long vowel there nor just before: the name patterns with that vowel write it long
    (faʿīl كريم Karim, mafʿūl محمود Mahmud) or have a long ā before it (fāʿil حامد Hamid);
    without either it is another name (كرم Karam, حمد Hamad, محمد Muhammad). The short i
    of the participles of the derived stems follows their mu- prefix and two consonants
    (mufʿil: محسن Muhsin, مسلم Muslim; Turkish vowel harmony makes it u: Müslüm).
    Source: the nominal patterns of Arabic morphology (W. Wright, A Grammar of the Arabic
    Language, 3rd ed., vol. 1, the derived nouns and their forms)."""
    arabic, latin = (x, y) if x.abjad else (y, x)
    if k != len(latin.gaps) - 1 or not arabic.abjad or latin.abjad:
        return False
    if k == 0 and arabic.head != "'":
        return False  # two consonants and no hamza or ʿayn: no triliteral pattern (گل Gul)
    before = arabic.gaps[k - 1] if k else arabic.head
    if before in ("A", "I", "U"):
        return False
    participle = k >= 2 and latin.gaps[0] in ("u", "o") and not latin.head
    return not (participle and latin.gaps[k - 1] == "")


# Women's names formed from men's that no ending rule may read, listed: as rules, -en /
# -ine and -ian / -iane also parted one name's spellings (Yasmen / Yasmine, Mohsen /
# Mohsine, Sofian / Sofiane, Vivian / Viviane). Armenian Armen / Armine and Karen /
# Karine (H. Acharian, Dictionary of Armenian Personal Names); French Christian /
# Christiane, Julian / Juliane, Fabian / Fabiane.
_LISTED_FEMININES = {
    "armen": "armine", "karen": "karine", "christian": "christiane", "julian": "juliane",
    "fabian": "fabiane",
}  # fmt: skip


# Albanian men's names whose woman's name adds -e (Dardan / Dardane, Fatmir / Fatmire,
# Mërgim / Mërgime, Blerim / Blerime): listed, since a final e after a consonant is
# elsewhere the silent e of a French spelling of the same man's name (Amine, Yassine).
# Source: the Albanian given names of Kosovo's and Albania's civil registers (the
# feminine -e of Albanian nouns: M. Newmark et al., Standard Albanian, 1982).
_ALBANIAN_WITH_FEMININE_E = frozenset(
    {"dardan", "fatmir", "mergim", "blerim", "agim", "besim", "gezim", "lulzim"}
    | {"shpetim", "valdet", "fitim", "qendrim"}
)


# Turkish men's names from Arabic faʿīl and fāʿil names whose woman's name Turkish writes
# with -e for the Arabic -a (Cemil / Cemile, Şerif / Şerife, Halim / Halime; Türk Dil
# Kurumu, Kişi Adları Sözlüğü): listed, for the French silent e (Amin / Amine).
_TURKISH_WITH_FEMININE_E = frozenset(
    {"cemil", "serif", "nazif", "latif", "halim", "kerim", "selim", "rahim", "hanif"}
    | {"rasim", "nail", "adil", "sabir", "halil", "fadil", "cemal", "nefis"}
)


def _feminine(a: str, b: str) -> bool:
    """One Latin form is the other with a final -a: the feminine name (Yaroslav /
    Yaroslava, Amin / Amina; the Belarusian ў too: Stanislau / Stanislava), not a
    spelling."""
    read_a, read_b = ortho.belarusian_latin(a), ortho.belarusian_latin(b)
    if (read_a, read_b) != (a, b) and _feminine(read_a, read_b):
        return True
    # The Romanian and Ukrainian initial ia- is the ya- of the other spellings (Iaroslava
    # / Yaroslav met at 0.99).
    glide_a, glide_b = (re.sub("^i(?=[aeou])", "y", w) for w in (a, b))
    if (glide_a, glide_b) != (a, b) and _feminine(glide_a, glide_b):
        return True
    if len(a) == len(b) > 4 and {a[-2:], b[-2:]} == {"iu", "ia"} and a[:-2] == b[:-2]:
        return True  # Romanian men's -iu, women's -ia (Valeriu / Valeria, Claudiu / Claudia)
    short, long_ = sorted((a, b), key=len)
    if ortho.WEST_AFRICAN_FORMS.get(long_) == short:
        return False  # a cited West African form: Ibrahima is Ibrahim
    # After i or y too: Ali / Alia, Yevgeniy / Yevgeniya, Valeriy / Valeriya.
    if long_.endswith("a") and long_[:-1] == short and short[-1:] not in "aeouh":
        return True
    # Persian writes the feminine ة as -eh (Azadeh آزاده, Farideh, Hamideh, Mahdieh): the
    # man's name with -eh is the woman's (Lambton, Persian Grammar, 1953, on ة).
    if long_ == short + "eh" and len(short) > 3 and short[-1] not in "aeouh":
        return True
    if long_ == short + "ye" and short.endswith("i") and len(short) > 2:
        # Turkish and Azerbaijani make the woman's name of a man's in -i with -ye, -yə
        # (Zeki / Zekiye, Hayri / Hayriye, Sabri / Sabriye, Əli / Əliyə), as Arabic's -iyya.
        return True
    if _LISTED_FEMININES.get(short) == long_:
        return True
    if long_ == short + "ch" and short.endswith("e") and len(short) > 3:
        return True  # Amharic women's names in -ech (Abebech, Kebedech)
    if long_ == short + "e" and ("xh" in short or short in _ALBANIAN_WITH_FEMININE_E):
        return True  # Albanian women's names in -e (Xhemile / Xhemil, Nexhmije, Fatmire)
    if long_ == short + "e" and short in _TURKISH_WITH_FEMININE_E:
        return True  # Turkish women's names in -e, the Arabic -a (Cemil / Cemile)
    if long_ == short + "uhi" and len(short) > 3:
        return True  # Armenian women's names in -uhi ("woman"): Tigranuhi, Hayguhi
    return _french_feminine(short, long_)


def _french_feminine(short: str, long_: str) -> bool:
    """French names' feminine in -e where it is unambiguous: after é (Aimé / Aimée,
    Dieudonné / Dieudonnée, Exaucé), -ier / -ière (Héritier), -u / -ue (Bienvenu), -is / -ise
    (Louis, Denis), and a doubled l, n or t (Gaël / Gaëlle, Emmanuel / Emmanuelle, Julien /
    Julienne). Source: Grevisse, Le bon usage, on the feminine of nouns and adjectives. Not
    -in / -ine, -an / -ane or -el / -ele: French spellings of Arabic names write a silent e
    on men's names (Amine, Yassine, Rayane), and Italian men's names end in -ele (Daniele).
    The Congolese and Cameroonian names of this kind (Exaucé, Héritier, Divin) met their
    feminine at 1.00."""
    if long_ == short + "e":
        # And -ct / -cte (Benedict / Bénédicte).
        return short.endswith(("e", "ier", "u", "is", "ct")) and len(short) > 3
    return len(short) > 2 and short[-1] in "lnt" and long_ == short + short[-1] + "e"


def _unmatched_v(a: NameToken, b: NameToken) -> bool:
    """A v on one side that the other writes neither as v nor as w. The skeleton reads v as
    w, a long vowel in Arabic names (Dawood, Marwan); but between two spellings that write
    their vowels, a v (Latin v, Cyrillic в) is a consonant: Silvia is not Сила, Elvin not
    Elçin. Polish and German write it w (Dawid, Wladimir). A Cyrillic в is not the b
    of the Greek name's Latin form: Василий is not Basil (another tradition's form,
    tests/data/README-name-pairs.md)."""
    va, vb = _v_count(a), _v_count(b)
    # A Devanagari व read b (_readings): its v against the other side's b is not unmatched
    # (विकास = बिकास = Bikas).
    if _nepali_v(a.original):
        va -= min(va, b.latin.count("b"), a.original.count("व"))
    if _nepali_v(b.original):
        vb -= min(vb, a.latin.count("b"), b.original.count("व"))
    if a.script == b.script == "Cyrillic":
        # Russian writes an Arabic name's initial w у or в (Уалид = Валид Walid,
        # orthography.cyrillic_readings); against a Latin v the у is not one (Уинстон is
        # Winston, not Vinston).
        wa, wb = (bool(re.match("у[аеиэ]", t.original.lower())) for t in (a, b))
        return va > vb + wb + _w_like(b) or vb > va + wa + _w_like(a)
    return va > vb + _w_like(b) or vb > va + _w_like(a)


def _nepali_v(original: str) -> bool:
    """A Devanagari spelling with व, which Nepali says b (_readings)."""
    return "व" in original


def _v_count(token: NameToken) -> int:
    """The v a token writes: its Latin v, and a Bengali ভ, which writes the v of names
    from Arabic and Persian (তানভীর Tanvir) where its reading has bh (_readings)."""
    return token.latin.count("v") + token.original.count("\u09ad")


def _english_short_u(latin: NameToken) -> bool:
    """An English u in a closed syllable, the vowel of "just" (/ʌ/), which Arabic script
    writes with ا as it writes a (جاست Just, داستن Dustin, جاد Judd; the Arabic press's
    transcription of English names): a Latin u before two consonants, in a Latin name."""
    return (
        latin.script == "Latin"
        and re.search(r"u(?!r)[b-df-hj-np-tv-xz]{2}", latin.latin) is not None
    )


def _unmatched_w(a: NameToken, b: NameToken) -> bool:
    """A w after a consonant in one Latin spelling (Dwaine, Kwame, Edwin) where the other
    Latin spelling has no w, v, u or o at all: the glide is a sound of the name, which a
    spelling writes somehow (Dwayne / Duane, Kwame / Kuame, Edwin / Edvin, Khwaja /
    Khawaja, Najwa / Nagwa), not a letter another spelling leaves out (Dwaine is not
    Diane, Dwan not Dan). Latin against Latin only: Cyrillic is read by its own rules
    (Максвелл Maxwell), and a compound's halves by theirs (Cabdiwali / Abdiwali)."""
    if a.script != "Latin" or b.script != "Latin" or a.compound or b.compound:
        return False
    glide = re.search(r"[b-df-hj-np-tv-z]w", a.latin)
    return glide is not None and re.search("[wvuo]", b.latin) is None


def _w_like(token: NameToken) -> int:
    """The letters of a token that another spelling of the name may write v: w; the
    Belarusian ў, the non-syllabic u that Belarusian writes for the v or w of a foreign
    name (Паўле / Pavle, Джонстоўн / Johnstone; Belarusian national transliteration 2007
    reads it w or ŭ), and its Latin u after a vowel at the end (Yaraslau); the Latin qu that
    Russian and Ukrainian write кв for Latin and Italian names (Квинто / Quinto, as
    Квинтилиан / Quintilian); a Latin bh, as a Bengali ভ (_v_count) is written."""
    original = unicodedata.normalize("NFC", token.original).lower()
    return (
        token.latin.count("w")
        + bool(re.search("[aeo]u$", token.latin))
        + (original.count("ў") if token.script == "Cyrillic" else 0)
        # A compound's final -bir, -beer, which Punjabi also writes -vir (_readings).
        + (bool(re.search("[^aeiou]b(?:i|ee)r$", token.latin)) and len(token.latin) > 5)
        + (token.latin.count("qu") if token.script == "Latin" else 0)
        # A Latin bh, which a Bengali ভ read v may be (ভাবনা Bhabna, _v_count).
        + (token.latin.count("bh") if token.script == "Latin" else 0)
    )


def _cyrillic_final_a(cyrillic: NameToken, latin: NameToken) -> bool:
    """A Cyrillic name ending in а or я against a Latin one that does not end in a: every
    transliteration writes that a (Мария Mariya, Maria, Mariia; Катерина Kateryna), so
    the Latin is another language's form (Marie, Catherine, Pauline / Паулина)."""
    original = unicodedata.normalize("NFC", cyrillic.original).lower()
    return (
        cyrillic.script == "Cyrillic"
        and latin.script == "Latin"
        and original.endswith(("а", "я"))
        and not latin.latin.endswith(("a", "ah"))
        # Belarusian writes an unstressed o as a (akanne): Аўрэліа is Aurelio.
        and not (_belarusian(original) and latin.latin.endswith("o"))
    )


def _belarusian(cyrillic: str) -> bool:
    """Letters only Belarusian writes: ў, or і beside ы or э (Russian has no і, Ukrainian
    no ы or э)."""
    return "ў" in cyrillic or ("і" in cyrillic and ("ы" in cyrillic or "э" in cyrillic))


def cyrillic_ending_differs(cyrillic: NameToken, latin: NameToken) -> bool:
    """Whether a Latin name's ending makes it another language's form of a Cyrillic name
    (_cyrillic_final_a, _latin_final_e)."""
    return _cyrillic_final_a(cyrillic, latin) or _latin_final_e(cyrillic, latin)


def _latin_final_e(cyrillic: NameToken, latin: NameToken) -> bool:
    """A Latin name ending in a consonant and e against a Cyrillic one ending in й: every
    transliteration writes that й (Сергей Sergey, Sergei, Serhij; Василий Vasiliy,
    Vasilij), so the Latin is the form of a language without the ending (French Serge,
    Romanian Vasile), which tests/data/README-name-pairs.md counts as another name. Not a
    Latin silent e against a Cyrillic consonant: Russian writes Western names without it
    (Philippe Филип, Florence Флоранс)."""
    return (
        cyrillic.script == "Cyrillic"
        and latin.script == "Latin"
        and re.search(r"[b-df-hj-np-tv-z]e$", latin.latin) is not None
        and unicodedata.normalize("NFC", cyrillic.original).lower().endswith("й")
    )


_EI_SAID_EE = frozenset({"keith", "neil", "neill", "reid", "leif", "sheila"})


@lru_cache(maxsize=65536)
def _vowel_spellings(token: NameToken) -> frozenset[str]:
    """The vowels of each Latin reading of a token, with the spellings of one vowel made
    one: y is i; Hepburn's long o written ou, oh or oo is o, and a final h after a vowel
    is silent (So, Sou, Soh); ao is au (Hao, Hau); a letter doubled is one. An oo is also
    the u of English spelling, as South Asian spellings of Arabic names and Korean names
    write it (Noor = Nur نور, Moon = Mun 문, Yoon = Yun; met at 0.00 before)."""
    found = set()
    readings = [
        r for r, mode in _readings(token.latin, token.script, token.original) if mode == LATIN
    ]
    variants = [*readings, *(r.replace("oo", "u") for r in readings if "oo" in r)]
    # Before a, French ou is also the u of a hiatus (Fouad = Fuad فؤاد, Souad = Suad سعاد,
    # Louay = Luay; Maghreb civil registers), not only the glide w (Ouahid): Fouad met
    # Fuad at 0.00. Not before i or e: French Louis is Spanish Luis's cognate.
    variants += [re.sub("ou(?=a)", "u", r) for r in variants if "oua" in r]
    # So is an o before a or e, where an ʿayn or hamza follows the u in Arabic (Shoaib =
    # Shuaib شعيب, Moaz = Muaz معاذ, Doaa = Duaa دعاء; Egyptian and South Asian spellings).
    # Not in a word that may be one Vietnamese syllable, where oa is a vowel of its own
    # (Loan is not Luan, Hòa not Huà), nor in -oan (English Joan is not Spanish Juan).
    if not ortho.vietnamese_syllable(token.latin) and not token.latin.endswith("oan"):
        variants += [re.sub("o(?=[ae])", "u", r) for r in variants if re.search("[^aeiou]o[ae]", r)]
    # Between consonants, ei and ey are also the Arabic diphthong ay as Egyptian, Levantine
    # and French spellings write it (Seif = Saif سيف, Zein = Zain زين, Zeid = Zaid, Sheikh =
    # Shaikh; each met at 0.00 before). Not at the end of a word: Chinese Mei and Mai, Lei
    # and Lai are other syllables; nor in the English and Scottish names that say it ee
    # (Keith is not Qais, Neil not Nail نائل, Reid not Raid: a list of every one-syllable
    # name with ei in the labelled sets, scored against all of their names). Known cost:
    # German and Yiddish ei is said ay too, so Weiss meets Wais, Reis Rais, Heim Haim.
    if token.latin not in _EI_SAID_EE:
        variants += [re.sub(r"(?<=[^aeiou])e[iy](?=[^aeiou])", "ai", r) for r in variants]
    for reading in variants:
        word = re.sub(r"(?<=[aeiou])h$", "", reading.replace("y", "i"))
        word = re.sub(r"o[uoh]", "o", word).replace("ao", "au")
        # ee and ei are the long i of English spellings of Arabic and Persian names (Naeem
        # = Naim, Moein); Korean writes ㅓ eo (Revised Romanization, 2000) or ŏ, and ㅡ eu
        # or ŭ (McCune-Reischauer, 1939).
        for spelling, vowel in (("ee", "i"), ("eo", "o"), ("eu", "u"), ("ei", "i")):
            word = word.replace(spelling, vowel)
        # After a vowel, ye is the glide of a diphthong with its vowel written (Ayesha =
        # Aïcha = Aisha, عائشة; Pakistani and Bangladeshi spellings): Aïcha met Ayesha at
        # 0.00. Not after a consonant, where ie is a syllable of its own.
        word = re.sub("(?<=[aou])ie", "i", word)
        found.add(re.sub(r"(.)\1+", r"\1", re.sub(r"[^aeiou]", "", word)))
    return frozenset(found)


def _short_vowels_differ(a: NameToken, b: NameToken, x: Shape, y: Shape) -> bool:
    """Two Latin names of one consonant or none, or of one syllable each, whose vowels
    differ in every reading: in a name that short the vowels are most of the name (Hui /
    Hi, Dau / Dou, Hae / He; Tian / Tuan, Dang / Dong, Bess / Boß are other names), where
    a longer name's vowels may vary by spelling. Known cost: one Chinese name's Cantonese
    and Mandarin readings (Yuen / Yuan, Leung / Liang) are kept apart too."""
    if x.strict or y.strict:
        return False  # a Somali reading has its own vowel rules (Xaawo / Hawa)
    one_syllable = all(re.fullmatch("[^aeiouy]*[aeiouy]+[^aeiouy]*", t.latin) for t in (a, b))
    if (len(x.skeleton) > 1 or len(y.skeleton) > 1) and not one_syllable:
        return False
    if "?" in x.head + y.head:
        return False  # ? is a Somali c, the ʿayn, which any vowel may follow (Cali / Ali)
    return not _vowel_spellings(a) & _vowel_spellings(b)


def _gendered_finals(a: NameToken, b: NameToken) -> bool:
    """Whether a final -a against -o tells a feminine name from a masculine one
    (_vowel_factor): between Latin spellings, or a Latin and a Cyrillic one. Not within
    Cyrillic, where Russian masculine names end in -a too and Ukrainian ones in -o (Данила /
    Данило, Гаврила / Гаврило). Not for a Somali reading either (_vowel_factor skips it),
    nor where a doubled vowel says the spelling is Somali without a c or x: the national
    orthography ends the Arabic feminine names in -o (Faadumo / Fatuma, Xaliimo / Halima).
    Known cost: Uzbek and Tajik write the long ā as o (Muso / Musa)."""
    if {a.script, b.script} - {"Latin", "Cyrillic"} or a.script == b.script == "Cyrillic":
        return False
    return not any(re.search(r"aa|ee|ii|oo|uu", t.latin) for t in (a, b))


_CONSONANT = "(?:[sckzdgtp]h|[b-df-hj-np-tv-z])"
_FAIL_FAIIL = re.compile(f"{_CONSONANT}?a{_CONSONANT}(e|ee|ea|ii){_CONSONANT}")


def _first_a_against_o(a: str, b: str) -> bool:
    """Two Latin names alike but for a first a against a first o: the Luo and Acholi
    prefixes of a girl's and a boy's name (Akello / Okello, Acen / Ocen, Adongo / Odongo;
    A. N. Tucker, A Grammatical Outline of the Luo Language, on personal names), and Amar
    (عمار Ammar) against Omar (عمر). Not u against o (Usman / Osman, Umar / Omar), nor
    the Uzbek o for ā in a -bek name (Otabek / Atabek), nor a name ending in -a: Belarusian
    writes the unstressed o of a woman's name a (Alena / Olena, Aksana / Oksana, Alesia /
    Olesia, Alha / Olha; akanye), which this rule parted from round 20 to 22."""
    if a.endswith(("bek", "a")):
        return False
    return len(a) > 3 and a[1:] == b[1:] and {a[:1], b[:1]} == {"a", "o"}


def _faail_against_faail(a: str, b: str) -> bool:
    """Two Latin spellings of an Arabic name of three consonants, one writing the vowel
    before the last e and the other ee (or ea, ii): the participle fāʿil, whose short i
    Gulf, Levantine and Maghrebi spellings write e (Rashed راشد, Majed ماجد, Hamed حامد,
    Jamel جمال by imāla), against the adjective faʿīl, whose long ī South Asian and English
    spellings write ee (Rasheed رشيد, Majeed مجيد, Hameed حميد, Jameel جميل; with the ʿayn
    unwritten, Adel عادل / Adeel عديل, Amer / Ameer): two names
    (Wright, vol. 1, the participles and the adjectives of the form faʿīl). A plain i says
    neither, so Rashid still meets both. Not in a name with p or v, no Arabic word: the
    Persian majhul ē is written e or ee alike (Naved / Naveed نوید, Javed / Javeed)."""
    found = [_FAIL_FAIIL.fullmatch(word) for word in (a, b)]
    if not (found[0] and found[1]) or set(a + b) & set("pv"):
        return False
    vowels = {found[0].group(1), found[1].group(1)}
    return "e" in vowels and bool(vowels & {"ee", "ea", "ii"})


def _three_consonants(latin: str) -> bool:
    """Three consonants in a row (a digraph or a doubled letter counted as one): no Arabic
    word has them, so the name is a foreign one written in Arabic letters (Kerstin كرستن),
    of which the Arabic name patterns (_needs_long_vowel) say nothing. Arabic syllables are
    CV, CVV and CVC (W. Wright, vol. 1, on the syllable), so at most two consonants meet."""
    word = re.sub(r"[sckzdgtp]h", "H", latin)
    word = re.sub(r"(.)\1", r"\1", word)
    return re.search(r"[^aeiouy]{3}", word) is not None


# The Latin endings that spell the vowel of an Ethiopic word's last letter, by its order
# (the Unicode Ethiopic block keeps each consonant's orders in a row of eight: ä u i a e ə
# o and wa). A first-order ä may go unwritten (ኪዳነ Kidan), a fifth-order e may not (ዓለሜ
# Aleme is not Alem); a sixth order ends in its consonant (ውበት Webet, not Webete ውበቴ).
_ETHIOPIC_FINALS = (
    ("", "e", "a"),
    ("u", "uu", "ou", "oo", "o"),
    ("i", "ii", "ee", "ie", "e", "y"),
    ("a", "aa"),
    ("e", "ie", "ee", "ey", "ay"),
    ("",),
    ("o", "oo", "ou", "u"),
    ("a", "ua", "wa"),
)


def _ethiopic_final_differs(ethiopic: NameToken, latin: NameToken) -> bool:
    """Whether a Latin spelling ends in another vowel than the Ethiopic word's last letter
    says (ዘውዱ Zewdu is not Zewde, ብርሃን Berhan not Berhanu): compared on the letters,
    as the Latin's readings with a silent final e would hide it."""
    # A final glottal or pharyngeal of the sixth order (እ, ዕ) is not said (እግዚእ Egzi).
    last = ethiopic.original.rstrip().rstrip("እዕ")[-1:]
    if not last or not 0x1200 <= ord(last) <= 0x137F:
        return False
    vowels = _ETHIOPIC_FINALS[(ord(last) - 0x1200) % 8]
    # A final h after a vowel is silent in Latin (Sarah), unless the Ethiopic ends in ህ.
    written = latin.latin if ethiopic.latin.endswith("h") else latin.latin.removesuffix("h")
    spelled = re.search(r"[aeiouy]*$", written)
    ending = spelled.group(0) if spelled else ""
    if last == "ይ" and re.search("(y|i|ye|ie|e)$", ending or "y"):
        return False  # the glide, written y or i (Sisay, Tsegai); Tesfaye: Amharic ዬ
    if last == "ኝ" and ending in ("", "e"):
        return False  # a final ñ written gn or gne (ታረቀኝ Tarekegn, Tarekgne)
    if ending.startswith("y") and len(ending) > 1:
        ending = ending[1:]  # the y of a final ya, yu (ሪያ ria, riya)
    # The last vowel letter is enough after a glide the Latin writes as a vowel (ሪያ ria).
    return ending not in vowels and ending[-1:] not in vowels


def _inexact(p: str, q: str) -> bool:
    """Two skeletons that differ, other than by a final h (Rahmatulla / Rahmatullah)."""
    return p != q and p.removesuffix("h") != q.removesuffix("h")


def _final_long_a(folded: str) -> str:
    """An Arabic-script name without its final long ā, when it is written ى or ا (for
    _letters_similarity), else ""."""
    if len(folded) > 2 and folded[-1] in ("\u0649", "\u0627"):
        return ortho.arabic_spelling_key(folded[:-1])
    return ""


def _persian_final_alef(key: str) -> str:
    """Persian writes the final ة of Arabic women's names as ا (سارا = سارة, زهرا = زهراء
    with its hamza left off; A. K. S. Lambton, Persian Grammar, 1953, on Arabic loanwords):
    the three endings folded into one."""
    return re.sub("(اء|ا|ة|ه)$", "ة", key) if len(key) > 2 else key


def _slip(a: str, b: str) -> bool:
    """A one-letter slip on a handwritten form: l read as i (or i as l)."""
    if len(a) != len(b) or a == b:
        return False
    diffs = [(p, q) for p, q in zip(a, b, strict=True) if p != q]
    return len(diffs) <= 2 and all({p, q} == {"l", "i"} for p, q in diffs)


_FAAL_NAMES = frozenset(
    ("fahd", "shahd", "bakr", "nasr", "saqr", "sakhr", "badr", "fajr", "sahl", "majd", "fazl",
     "abulfazl")
)  # fmt: skip


def _pausal_a(a: str, b: str) -> bool:
    """An a said between the two last consonants of a faʿl name, as Gulf, Iraqi and South
    Asian speakers say it and their spellings write it (Fahd / Fahad فهد, Shahd / Shahad
    شهد, Bakr / Bakar, Nasr / Nasar; Holes, Gulf Arabic, 1990, on the anaptyctic vowel in
    a final cluster): the same name. Only for the faʿl names listed: as a rule it joined
    other names (Bahar بهار / Bahr بحر, Wahab / Wahb, Sahar / Sahr), and Amr is not Amar,
    عمار."""
    short, long_ = sorted((a, b), key=len)
    i = len(long_) - 2
    return short in _FAAL_NAMES and long_ == short[:i] + "a" + short[i:]


def _without_article(key: str) -> str:
    """An Arabic spelling key without a joined article al- (ال), as the Latin readings
    drop it (_latin). Not الله, and not before fewer than four letters (الياس Ilyas keeps
    its own alif-lām)."""
    if key.startswith("ال") and len(key) >= 6 and not key.startswith("الله"):
        return key[2:]
    return key


# Latvian writes every foreign masculine name with the nominative ending -s after a final
# consonant (Mikaels, Leitons, Eduards for Michael, Leighton, Edward: Cabinet Regulation
# No. 114 of 2004 on the Latvian forms of foreign names), which Russian, Ukrainian and
# Belarusian spellings of the name do not write (Микаэль, Лейтон, Едуард). Not against a
# Cyrillic name ending in a sibilant of its own (Маркс), nor between two Latin spellings
# (Hans is not Han).
_CYRILLIC_SIBILANT_END = "сцзшжщч"


def _latvian_nominative_stem(cyrillic: NameToken, latin: NameToken) -> NameToken | None:
    if cyrillic.script != "Cyrillic" or latin.script != "Latin":
        return None
    if not re.search("[b-df-hj-np-tv-z]s$", latin.latin) or latin.latin.endswith("ss"):
        return None
    ending = unicodedata.normalize("NFC", cyrillic.original).lower()[-1:]
    if ending in _CYRILLIC_SIBILANT_END or ending in "аеёиіїоуыэюяй":
        return None  # the stem ends in a consonant, as the Cyrillic must
    stem = _tokens(latin.original[:-1])
    return stem[0] if len(stem) == 1 else None


@lru_cache(maxsize=65536)
def _token_similarity(a: NameToken, b: NameToken) -> float:
    similarity = _letters_similarity(a, b)
    if similarity < 1.0:
        for cyrillic, latin in ((a, b), (b, a)):
            stem = _latvian_nominative_stem(cyrillic, latin)
            if stem is not None:
                similarity = max(similarity, _letters_similarity(cyrillic, stem))
    return similarity


def _spelled_alike(a: NameToken, b: NameToken) -> bool:
    """Whether one word is the other as another orthography writes it, to the letter: a
    Vietnamese syllable in the Russian system (IN_CYRILLIC_EXACT), an Albanian name in
    Serbian or Macedonian (SPELLED_EXACT)."""
    for latin, other in ((a, b), (b, a)):
        if latin.script != "Latin":
            continue
        # The spellings first (cached, and empty for nearly every name): this runs for
        # every pair a comparison meets.
        serbian = ortho.albanian_in_serbian(latin.original)
        if serbian and unicodedata.normalize("NFC", other.original).lower() in serbian:
            return True
        if other.script == "Cyrillic":
            russian = ortho.vietnamese_in_russian(latin.original, latin.latin)
            if russian and ortho.cyrillic_letters(other.original) in russian:
                return True
    return False


def _arabic_vowels_contradict(arabic: NameToken, latin: NameToken) -> bool:
    """A vowel the Arabic spelling writes that the Latin one contradicts. An initial إ,
    the hamza below the alif, says i or e (إكرام Ikram, إيناس Inas, إيمان Iman, Eman),
    not the a, o or u of another name (Akram أكرم, Anas أنس, Aman أمان). A Latin i or y
    before a vowel is a consonant, a ي the Arabic spelling writes (رانيا Rania, آية Aya):
    رنا is Rana, not Rania. Only an explicit إ counts: typists write ا for every alif."""
    if arabic.script != "Arabic" or latin.script != "Latin":
        return False
    if arabic.folded.startswith("\u0625") and latin.latin[:1] in ("a", "o", "u"):
        return True
    return bool(
        # Not the Italian ci, gi, sci, whose i is silent (Giamal جمال, Hisciam هشام).
        re.search(r"(?<=[abd-fh-z])[iy](?=[aeou])", latin.latin)
        # Not when an ʿayn or a hamza may be what follows the i (رابعة Rabia, Rabiʿa).
        and not re.search(_YA_AYN_OR_HAMZA, arabic.folded)
    )


_YA_AYN_OR_HAMZA = "[\u064a\u06cc\u0626\u0649\u06d0\u0639\u0621\u0623\u0625\u0624]"


def _unwritten_sixth_order(a: str, b: str) -> bool:
    """Two Latin spellings of a Tigrinya or Amharic name, one writing the sixth-order
    vowel ə as i between two consonants and the other leaving it out, as Eritrean papers
    and their clerks do (Kibrom / Kbrom ክብሮም, Kiflom / Kflom, Tirhas / Trhas, Natsinet /
    Natsnet, Filmon / Filimon, Mebrahtu / Mebrahitu; Ethiopic transliteration, as in the
    Ethiopic rules above). Not an i before the last consonant and a final a or e: that
    is the Arabic faʿīla against faʿla, two names (Amina / Amna, Salima / Salma, Rahima /
    Rahma); nor an i before a final consonant (Petir, a Bulgarian form, is not Petr)."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1 or len(short) < 4:
        return False
    for i in range(1, len(long_) - 1):
        if (
            long_[i] == "i"
            and long_[:i] + long_[i + 1 :] == short
            and long_[i - 1] not in "aeiouy"
            and long_[i + 1] not in "aeiouy"
        ):
            # Only where leaving the i out makes a cluster that marks the Ethiopic spelling:
            # two consonants starting the name (Kbrom, Ftsum) or three in a row (Natsnet,
            # Trhas). An i left out between two consonants elsewhere makes another name of
            # an Arabic one (Nasrullah / Nasirullah, Rahmah / Rahimah, Fahmi / Fahimi).
            clustered = i == 1 or re.search(r"[^aeiouy]{3}", short[max(0, i - 2) : i + 2])
            return (
                bool(clustered)
                and len(long_) - i > 2
                and re.fullmatch(r"[^aeiouy][ae]", long_[i + 1 :]) is None
            )
    return False


def _azerbaijani_feminine(woman: NameToken, man: NameToken) -> bool:
    """An Azerbaijani woman's name in -ə against the man's (Cəmilə / Cəmil, Kamilə /
    Kamil): the ə is the feminine ending, as Arabic's -a."""
    original = unicodedata.normalize("NFC", woman.original).lower()
    return (
        woman.script == man.script == "Latin"
        and re.search("[^aeiouəıöü]ə$", original) is not None
        and woman.latin[:-1] == man.latin
    )


_LONG_VOWEL_LETTERS = frozenset("\u0627\u0648\u064a\u06cc")  # ا و ي ی
_VOWEL_RUN = re.compile("[\u0627\u0648\u064a\u06cc\u0626\u0624\u0621]{2}")  # and ئ ؤ ء


def _long_vowel_swapped(key_a: str, key_b: str) -> bool:
    """One long vowel letter written for another between two Arabic-script spellings: a
    different name, not a spelling (امین الله Aminullah / امان الله Amanullah, حمید / حامد
    is a deletion and an insertion, سمیر / سامر): Arabic script writes its long vowels,
    and no convention writes one for another. One letter in eight left the spellings
    0.875 alike, above the 0.85 a slip is allowed."""
    if _VOWEL_RUN.search(key_a) or _VOWEL_RUN.search(key_b):
        # Two vowel letters in a row are a foreign name's transcription, which writes its
        # vowels either way (غابرييل / غابريال Gabriel, رافائيل / روفائيل Raphael).
        return False
    return any(
        op.tag == "replace"
        and key_a[op.src_pos] in _LONG_VOWEL_LETTERS
        and key_b[op.dest_pos] in _LONG_VOWEL_LETTERS
        for op in Levenshtein.editops(key_a, key_b)
    )


def _letters_similarity(a: NameToken, b: NameToken) -> float:
    if a.script == b.script == "Latin" and a.original != b.original:
        # Two Vietnamese syllables each written with its marks: a tone is part of the
        # name, and names in other tones are other names (Thủy / Thúy, Hùng / Hưng, Tuấn /
        # Tuân). A word without marks may be either (Thanh, Thành): Vietnamese passports
        # print names without them. Known gap: a pair whose marks French writes too
        # (Trí / Trì) is not told apart, as Noé and Noè are one name.
        marked_a, only_a = ortho.vietnamese_marked(a.original)
        marked_b, only_b = ortho.vietnamese_marked(b.original)
        if marked_a and marked_b and marked_a != marked_b and (only_a or only_b):
            return 0.0
    if a.groups & b.groups:
        return 1.0  # one name's Russian and Ukrainian forms (Микола / Николай)
    if "Latin" in (a.script, b.script) and _spelled_alike(a, b):
        return 1.0
    if _arabic_vowels_contradict(a, b) or _arabic_vowels_contradict(b, a):
        return 0.0
    if _azerbaijani_feminine(a, b) or _azerbaijani_feminine(b, a):
        return 0.0
    if a.script == b.script == "Latin" and _unwritten_sixth_order(a.latin, b.latin):
        return DIALECT_LETTER_SCORE
    if a.script == b.script == "Arabic":
        # Written in the same script, the letters themselves are the evidence: a long
        # vowel letter is real (محمد Mohammed is not محمود Mahmoud), so compare the
        # letters (marks and the space in عبد الله gone), not the vowel-less skeleton.
        key_a, key_b = ortho.arabic_spelling_key(a.folded), ortho.arabic_spelling_key(b.folded)
        if key_a == key_b or _without_article(key_a) == _without_article(key_b):
            return 1.0  # the article written on one side only: الحسن al-Hasan = حسن
        # A Sorani spelling against an Arabic one: the Sorani's short vowels left out.
        sorani_a = ortho.sorani_as_arabic(a.original)
        sorani_b = ortho.sorani_as_arabic(b.original)
        if bool(sorani_a) != bool(sorani_b):
            key_a = ortho.arabic_spelling_key(sorani_a) if sorani_a else key_a
            key_b = ortho.arabic_spelling_key(sorani_b) if sorani_b else key_b
            if key_a == key_b:
                return 1.0
        # The letters, not their Latin readings, which merge ش with س and ص, خ with ح and
        # ه (بشير Bashir is not بصير Basir); only the emphatic and interdental letters the
        # spoken dialects merge with plain ones count as one (نادر / ناضر, orthography).
        persian_as_arabic = ortho.typed_in_arabic_letters(
            a.original
        ) or ortho.typed_in_arabic_letters(b.original)
        key_a = ortho.dialect_key(key_a, persian_as_arabic=persian_as_arabic)
        key_b = ortho.dialect_key(key_b, persian_as_arabic=persian_as_arabic)
        if key_a == key_b or _persian_final_alef(key_a) == _persian_final_alef(key_b):
            return DIALECT_LETTER_SCORE
        for sorani, other in ((a, b), (b, a)):
            # عومەر against عمر: the short vowels Sorani writes and Arabic does not.
            other_key = ortho.dialect_key(ortho.arabic_spelling_key(other.folded))
            for form in ortho.sorani_vowel_forms(sorani.original):
                key = ortho.dialect_key(ortho.arabic_spelling_key(form))
                if key == other_key or (
                    # Arabic's final ā written ى, which Sorani writes ا (مصطفى مستەفا).
                    other.folded.endswith("\u0649") and key == other_key[:-1] + "\u0627"
                ):
                    return DIALECT_LETTER_SCORE
        for sorani, other in ((a, b), (b, a)):
            # ئیبراهیم against إبراهيم: the Sorani first vowel's seat against the alef's
            # hamza for the same vowel (orthography.sorani_first_vowel_forms).
            other_key = ortho.dialect_key(ortho.arabic_spelling_key(other.folded))
            for form in ortho.sorani_first_vowel_forms(sorani.original, other.folded):
                plain = ortho.sorani_as_arabic(form) or ortho.fold_arabic(form)
                if ortho.dialect_key(ortho.arabic_spelling_key(plain)) == other_key:
                    return DIALECT_LETTER_SCORE
        if _final_long_a(a.folded) == _final_long_a(b.folded) != "":
            # A final ā written with the alif maqṣūra ى on one side and ا on the other:
            # Persian, Urdu and Kurdish spellings write ا (ليلى / لیلا Leila, سلمى / سلما
            # Salma). Only the Arabic ى: a Persian final ی is also an i (سامی Sami).
            return DIALECT_LETTER_SCORE
        if _long_vowel_swapped(key_a, key_b):
            return 0.0
        same_script = Levenshtein.normalized_similarity(key_a, key_b)
        return same_script if same_script >= 0.85 else 0.0
    if a.script == b.script == "Ethiopic":
        same_script = Levenshtein.normalized_similarity(a.latin, b.latin)
        folded_a, folded_b = (ortho.tigrinya_as_amharic(t.original) for t in (a, b))
        if folded_a != a.original or folded_b != b.original:
            # Compared as the Amharic letters, read as any other difference is (ኣኽሊሉ /
            # አክሊሉ: the ኸ and the ኣ / አ at once).
            read_a, read_b = (_latin(f) for f in (folded_a, folded_b))
            same_script = max(same_script, Levenshtein.normalized_similarity(read_a, read_b))
        return same_script if same_script >= 0.85 else 0.0
    abjad = (a.script == "Arabic") != (b.script == "Arabic")
    vowels_written = "Ethiopic" not in (a.script, b.script)
    # Ethiopic writes every vowel too, by the order of each letter (the fidel's seven
    # orders: ä u i a e ə o), so its vowels are compared with a Latin spelling's; only its
    # sixth order, ə or no vowel at all, is written e, i, u or nothing in Latin (ብርሃኑ
    # Berhanu, Birhanu, Brhanu; መስፍን Mesfin). Source: the Ethiopic syllabary's orders
    # (BGN/PCGN romanization of Amharic, 1967; Tigrinya uses the same orders).
    sixth_order = {a.script: "x", b.script: "y"}.get("Ethiopic", "")
    if {a.script, b.script} != {"Ethiopic", "Latin"}:
        sixth_order = ""
    compound = a.compound if a.compound == b.compound else ""
    for abd, other in ((a, b), (b, a)):
        # ʿAbd + a name of God reads as a short skeleton (Abdullah bdh): a Latin word that
        # is no compound and starts with its b is another name (Bidhya, read bid-hya, met
        # Abdullah at 0.82).
        if (abd.compound, other.compound, other.script) == ("abd", "", "Latin") and (
            other.latin.startswith("b")
        ):
            return 0.0
    cyrillic = "Cyrillic" in (a.script, b.script) and {a.script, b.script} <= {"Cyrillic", "Latin"}
    # An Indic script writes every consonant too (orthography.indic_reading).
    indic = {a.script, b.script} == {"Other", "Latin"} and (
        ortho.is_indic(a.original) or ortho.is_indic(b.original)
    )
    # Letters only Persian, Pashto or Urdu write (پ چ ژ گ, ټ ډ ړ ږ ښ ځ څ ڼ): not an Arabic
    # word, so the Arabic name patterns (_needs_long_vowel) say nothing of it (نرگس Nargis).
    # Nor of the name after ʿAbd: the names of God keep their Qur'anic spellings, which
    # write al-Malik's short i as none (عبد الملك Abdulmalik; mālik, the fāʿil, is مالك).
    arabic_patterns = not set(a.folded + b.folded) & _NOT_ARABIC_LETTERS and compound != "abd"
    if abjad and arabic_patterns:
        latin_side = a if b.script == "Arabic" else b
        arabic_patterns = not _three_consonants(latin_side.latin)
        # The verbal noun of the fifth stem, tafaʿʿul (تبسم Tabassum, توكل Tawakkul), and
        # the participle of the second, mufaʿʿil (مدرس Mudarris), say a short vowel after
        # their shadda, which Latin writes as a doubled consonant (Wright, vol. 1, the
        # derived stems). Only these: faʿʿūl and faʿʿīl write theirs long (قيوم Qayyum,
        # صديق Siddiq).
        doubled = re.fullmatch(
            r"(ta|mu)[b-df-hj-np-tv-z]a([b-df-hj-np-tv-z])\2[iu][b-df-hj-np-tv-z]", latin_side.latin
        )
        arabic_patterns = arabic_patterns and doubled is None
    gendered_finals = _gendered_finals(a, b)
    # Greek writes every vowel and consonant as Latin does, and is read into Latin letters
    # (orthography.greek_readings): compared by the Latin spellings' rules.
    latin_letters = {a.script, b.script} <= {"Latin", "Greek"}
    best = 0.0
    for x in a.shapes:
        for y in b.shapes:
            if abjad and (x.voiced_s or y.voiced_s):
                continue
            if not abjad and (x.arabic_letters or y.arabic_letters):
                continue
            if (x.in_cyrillic and b.script != "Cyrillic") or (
                y.in_cyrillic and a.script != "Cyrillic"
            ):
                continue
            if x.exact or y.exact:
                continue  # only for the index: compared letter by letter (_spelled_alike)
            sim = _skeleton_similarity(x.skeleton, y.skeleton)
            if sim >= 0.7 and compound:
                # Two compounds of one kind share their second (or first) half, which says
                # nothing: the other half must be the same name (Habibullah is not
                # Hasibullah, Nasr ad-Din not Nur ad-Din, Hayatullah not Hidayatullah).
                sim = min(
                    sim,
                    _skeleton_similarity(_core(x.skeleton, compound), _core(y.skeleton, compound)),
                )
            if sim < 0.7:
                continue
            if (cyrillic or indic) and sim < 1.0:
                # Cyrillic writes every consonant, and the readings above give each
                # transliteration's: a consonant still not matched is another name
                # (Мартын / Marilyn, Викентий / Vincent), not a spelling.
                sim *= sim
                if sim < 0.7:
                    continue
            if latin_letters and _inexact(x.skeleton, y.skeleton):
                # Two Latin spellings of one name have readings whose consonants agree:
                # consonants still apart are another form of the name (Hubert /
                # Hubertus, Martin / Martinian, Konstanty / Konstantina), not a spelling.
                sim *= LATIN_INEXACT_COST
            if latin_letters and _short_vowels_differ(a, b, x, y):
                sim *= VOWEL_COST
            if (vowels_written or sixth_order) and x.skeleton == y.skeleton:
                sim *= _vowel_factor(
                    x,
                    y,
                    abjad,
                    a.script == b.script != "Latin",
                    a.script == b.script,
                    arabic_patterns,
                    gendered_finals,
                    sixth_order,
                    majhul=abjad and "\u06cc" in a.original + b.original,
                    english_u=abjad and _english_short_u(a if b.script == "Arabic" else b),
                    imala_after_a=abjad and _imala_after_a(b if a.script == "Arabic" else a),
                )
            best = max(best, sim)
    if latin_letters and _slip(a.latin, b.latin):
        best = max(best, 0.9)
    if latin_letters and _pausal_a(a.latin, b.latin):
        best = max(best, DIALECT_LETTER_SCORE)
    if not abjad and vowels_written and _feminine(a.latin, b.latin):
        best *= FINAL_A_COST
    if not abjad and vowels_written and _unmatched_v(a, b):
        best *= V_COST
    if not abjad and vowels_written and (_unmatched_w(a, b) or _unmatched_w(b, a)):
        best *= V_COST
    if sixth_order and _ethiopic_final_differs(*((a, b) if sixth_order == "x" else (b, a))):
        best *= VOWEL_COST
    if _cyrillic_final_a(a, b) or _cyrillic_final_a(b, a):
        best *= FINAL_A_COST
    if _latin_final_e(a, b) or _latin_final_e(b, a):
        best *= FINAL_A_COST
    if latin_letters and _faail_against_faail(a.latin, b.latin):
        best *= VOWEL_COST
    if latin_letters and _first_a_against_o(a.latin, b.latin):
        best *= VOWEL_COST
    if best < 0.7:
        return 0.0  # a different name, not a spelling of the same one
    if latin_letters:
        # Both written in Latin letters: vowels are real evidence, weigh them a little.
        return best * (0.9 + 0.1 * JaroWinkler.normalized_similarity(a.latin, b.latin))
    return best


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
    A compound written as two words on one side and one on the other is one name
    (_joined_variants, joined_token).
    """
    best = _compare_tokens(a, b)
    for x, y in _joined_variants(a, b):
        match = _compare_tokens(x, y)
        if match.score > best.score:
            best = match
    return best


# Compound given names are written as one word or two: Ethiopian and Eritrean names built
# on Gebre ("servant of"), Haile ("power of"), Wolde ("son of"), Tekle ("plant of") +
# a holy name (Gebremedhin / Gebre Medhin, Haileselassie / Haile Selassie; the Ethiopian
# and Eritrean civil registries write both: Encyclopaedia Aethiopica, vol. 3, 2007,
# "Names, personal"); Persian, Pashto and Dari compounds with Gul, Mir, Shah, Khan, Ali
# (Gul Ahmad / Gulahmad, Mir Wais / Mirwais; A. Schimmel, Islamic Names, Edinburgh 1989,
# ch. 3, on the compound names of Iran and Afghanistan); Maghrebi Mohamed + a second
# name (Mohamed Amine / Mohamedamine). Two neighbouring words of one record are also
# tried as one word when that word has the skeleton of a word of the other record in
# one of their readings that neither word alone has (Gul Ahmad is not Gulmohammad, Ali
# Farah not Farah, Warsame Cali not Warsame).


def _joined_variants(
    a: list[NameToken], b: list[NameToken]
) -> list[tuple[list[NameToken], list[NameToken]]]:
    variants: list[tuple[list[NameToken], list[NameToken]]] = []
    for side, other in ((a, b), (b, a)):
        if len(side) < 2:
            continue
        for i in range(len(side) - 1):
            joined = joined_token(side[i], side[i + 1])
            parts = side[i : i + 2]
            if joined is None or not any(
                joined.latin == t.latin  # letter for letter: Xin Yi and Xinyi, Jun Jie
                or (
                    joined.own_skeletons & t.own_skeletons
                    and not any(p.own_skeletons & t.own_skeletons for p in parts)
                )
                for t in other
            ):
                continue  # the joined word is no word of the other record, or a part is
            merged = [*side[:i], joined, *side[i + 2 :]]
            variants.append((merged, b) if side is a else (a, merged))
    # Both records in two words that are one name written apart in two ways (Noorul Haq
    # and Noor ul Haq, Fazlur Rahman and فضل الرحمن): each side joined, when the joined
    # words have a reading in common and their halves are not already the same words.
    for i in range(len(a) - 1):
        for j in range(len(b) - 1):
            ja, jb = joined_token(a[i], a[i + 1]), joined_token(b[j], b[j + 1])
            if (
                ja is None
                or jb is None
                or not ja.own_skeletons & jb.own_skeletons
                or {a[i].skeleton, a[i + 1].skeleton} == {b[j].skeleton, b[j + 1].skeleton}
            ):
                continue
            variants.append(([*a[:i], ja, *a[i + 2 :]], [*b[:j], jb, *b[j + 2 :]]))
    return variants


@lru_cache(maxsize=65536)
def joined_token(first: NameToken, second: NameToken) -> NameToken | None:
    """Two neighbouring tokens of one script read as one word; None for compounds the
    tokenizer joins already (Abd, Allah, ad-Dīn, a kunya) and for short particles."""
    if first.script != second.script or first.compound or second.compound:
        return None
    if first.script == "Arabic":
        original = first.original + second.original
        latin = _latin(original)
        folded = first.folded + second.folded
    else:
        original = f"{first.original}{second.original}"
        latin = first.latin + second.latin
        folded = ""
    return _make(original, latin, first.script, folded)


def _compare_tokens(a: list[NameToken], b: list[NameToken]) -> NameMatch:
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
    # Either side's plain skeleton decides, so that the score does not depend on which
    # name is the shorter (Maxamed / Mohamed).
    def common(i: int, j: int) -> bool:
        return short[i].skeleton in COMMON_SKELETONS or long_[j].skeleton in COMMON_SKELETONS

    weights = [0.5 if common(i, j) and sim >= 0.8 else 1.0 for i, j, sim in chosen]
    total = sum(w * sim for w, (_, _, sim) in zip(weights, chosen, strict=True))
    mean = total / sum(weights)
    if all(common(i, j) for i, j, _ in chosen) and len(chosen) == 1:
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
        if i + 1 < len(parts) and parts[i] == "عبد" and parts[i + 1].startswith("ال"):
            # ʿAbd + the article + a name of God, not in the table: one word, as the
            # table writes its compounds (عبد الكريم Abdulkarim; it was "Bd Al-Karim").
            words.append(_spell_out(pair.replace(" ", ""), table))
            i += 2
            continue
        word = parts[i]
        i += 1
        if script_of(word) == "Latin":
            words.append(word)
            continue
        spelled = table.get(word) or _spell_out(word, table)
        words.append(spelled[:1].upper() + spelled[1:])
    return " ".join(w for w in words if w)


# Letter-by-letter proposal for Arabic script: a simplified, readable romanisation in
# the manner of ALA-LC / UNGEGN without diacritics (kh, sh, th, dh, gh as digraphs; ع
# and ء not written, as in documents). Short vowels are never guessed: only the letters
# written (and any harakat typed) give vowels. ا, ى and ة are "a"; و and ي are the long
# vowels u and i between consonants, w and y at the start of a word, after a vowel or
# before ا; an initial ال is the article "Al-" (no sun-letter assimilation: a proposal).
# Letters not listed (Persian, Pashto ...) go through anyascii.
_ARABIC_LETTERS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "", "ا": "a", "أ": "a", "آ": "a", "إ": "i", "ٱ": "a", "ى": "a",
    "ة": "a", "ؤ": "u", "ئ": "i", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k",
    "ی": "y",
}  # fmt: skip
_HARAKAT = {"\u064e": "a", "\u064f": "u", "\u0650": "i", "\u064b": "an"}
_VOWEL_LETTERS = frozenset("اأآإٱىة")
_GLIDES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}


def _spell_out(word: str, table: dict[str, str]) -> str:
    """A name's letters in Latin, for a word with no known spelling (see above)."""
    if ortho.is_indic(word):
        # The inherent vowels said (রহিম Rahim): anyascii writes none (Rhim).
        return ortho.indic_reading(word).replace("ph", "f")
    if script_of(word) != "Arabic":
        return anyascii(word).replace("`", "").replace("'", "")
    folded = unicodedata.normalize("NFC", word).replace("\u0640", "")  # tatweel
    if folded == "عبدالله":
        return "Abdullah"
    if folded.startswith("عبدال") and len(folded) > 6:
        rest = folded[5:]  # عبدالكريم: Abdul + Karim, the compound's usual Latin
        return "Abdul" + (table.get(rest) or _spell_out(rest, table)).lower()
    if folded == "عبد":
        return "Abd"  # its ʿayn unwritten would leave "Bd"
    if folded.startswith("ال") and len(folded) > 3 and folded != "الله":
        rest = folded[2:]
        known = table.get(rest) or _spell_out(rest, table)
        return "Al-" + known[:1].upper() + known[1:]
    if folded == "الله":
        return "Allah"
    out: list[str] = []
    last = ""  # the last consonant written, for a shadda
    after_vowel = True  # the start of a word: و and ي are consonants there
    for i, ch in enumerate(folded):
        nxt = folded[i + 1] if i + 1 < len(folded) else ""
        if ch in _HARAKAT:
            out.append(_HARAKAT[ch])
            after_vowel = True
            continue
        if ch == "\u0651":  # shadda: the consonant written twice
            if last and out:
                out.insert(len(out) - 1 if out[-1] in _HARAKAT.values() else len(out), last)
            continue
        if ch in _GLIDES:
            consonant, vowel = _GLIDES[ch]
            glide = after_vowel or nxt in _VOWEL_LETTERS or nxt in _HARAKAT
            out.append(consonant if glide else vowel)
            last = consonant if glide else ""
            after_vowel = not glide
            continue
        if unicodedata.category(ch) == "Mn":
            continue  # sukun and other marks
        latin = _ARABIC_LETTERS.get(ch)
        if latin is None:
            latin = anyascii(ch).replace("`", "").replace("'", "")
        out.append(latin)
        after_vowel = ch in _VOWEL_LETTERS or ch in "ؤئ"
        last = "" if after_vowel else latin[-1:]
    return "".join(out)


@lru_cache(maxsize=1)
def _known_spellings() -> dict[str, str]:
    from app.domain.spellings import ALL_POOLS

    table: dict[str, str] = {}
    for pool in ALL_POOLS:
        for original, spellings in pool:
            if script_of(original) != "Latin":
                table.setdefault(original, spellings[0])
    return table
