"""Orthography rule families (issue 17): examples from the standards' own tables, in both
directions, and the false-match families kept apart. Public-standard examples only."""

from __future__ import annotations

import pytest

from app.domain import orthography as ortho
from app.domain.duplicates import NAME_THRESHOLD, Profile, blocking_keys
from app.domain.names import KEY_VERSION, compare_names, tokens


def alike(a: str, b: str) -> float:
    return compare_names(tokens(a), tokens(b)).score


def both_ways(a: str, b: str) -> float:
    forth, back = alike(a, b), alike(b, a)
    assert forth == pytest.approx(back)
    return forth


# Resolution No. 55 of the Cabinet of Ministers of Ukraine (2010), example table.
UKRAINIAN_2010 = [
    ("Андрій", "andrii"),
    ("Богдан", "bohdan"),
    ("Згурський", "zghurskyi"),
    ("Гаєвич", "haievych"),
    ("Їжакевич", "yizhakevych"),
    ("Юрій", "yurii"),
    ("Ярошенко", "yaroshenko"),
    ("Костянтин", "kostiantyn"),
    ("Щербухи", "shcherbukhy"),
    ("Соломія", "solomiia"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), UKRAINIAN_2010)
def test_ukrainian_2010_table(cyrillic: str, latin: str) -> None:
    assert ortho.cyrillic_readings(cyrillic)[0] == latin
    assert both_ways(cyrillic, latin.title()) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Шевченко", "Szewczenko"),  # Polish sz, cz
        ("Шевченко", "Schewtschenko"),  # German sch, tsch
        ("Ярошенко", "Jaroszenko"),  # Polish j, sz
        ("Коваленко", "Kowalenko"),  # w
        ("Юрій", "Jurij"),
        ("Христина", "Chrystyna"),  # ch = kh
        ("Олег", "Oleg"),  # Ukrainian h, Russian g
        ("Bohdan", "Bogdan"),
        ("Олександр", "Olexandr"),
    ],
)
def test_ukrainian_against_bgn_pcgn_polish_and_german(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Александр", "Aleksandr"), ("Юрий", "Yuriy"), ("Щукин", "Shchukin"), ("Жуков", "Zhukov")],
)
def test_bgn_pcgn_russian(cyrillic: str, latin: str) -> None:
    assert latin.lower() in ortho.cyrillic_readings(cyrillic)
    assert both_ways(cyrillic, latin) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("somali", "other"),
    [
        ("Maxamed", "Mohamed"),
        ("Cabdi", "Abdi"),
        ("Xasan", "Hassan"),
        ("Cumar", "عمر"),
        ("Yuusuf", "Yusuf"),
        ("Faarax", "Farah"),
        ("Cismaan", "Osman"),  # an initial c (ʿayn) may carry any vowel
        ("Cumar", "Omar"),
        ("Maxamuud", "Mahmoud"),
    ],
)
def test_somali_orthography(somali: str, other: str) -> None:
    assert both_ways(somali, other) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Xasan", "Xuseen"),
        ("Maxamed", "Maxamuud"),  # both Somali: vowels are written exactly
        ("Saciid", "Sacad"),  # a vowel, then a doubled one: the long vowel after the ʿayn
        ("Xuseen", "حسن"),
    ],
)
def test_somali_different_names_stay_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            "Mamadou",
            "Mamudu",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known gap: Mamudu is in no cited list of Muhammad's West African forms"
                " (it matched before only because the skeleton joined the two m's across the"
                " vowel and so skipped the vowel check)",
            ),
        ),
        ("Djibril", "Jibril"),
        ("Diallo", "Jallow"),
        ("Ousmane", "Usman"),
        ("Abdoulaye", "Abdullah"),
        ("Moussa", "موسى"),
    ],
)
def test_french_west_african_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("As-Sayed", "السيد"),
        ("Ez-Zein", "الزين"),
        ("Ar-Rashid", "Al-Rashid"),
        ("Nasr ad-Din", "Nasreddine"),
        ("Salahuddin", "صلاح الدين"),
    ],
)
def test_arabic_article_assimilated_to_a_sun_letter(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("عبدالله", "عبد الله"),
        ("عبد الله", "Abdullah"),
        ("عبدالله", "Abdullah"),
        ("Abdool Rahman", "Abdul Rahman"),
        ("Abdool Karim", "عبدالكريم"),
        ("ذبیح الله", "Zabihullah"),
        ("ذبیح‌الله", "ذبیح الله"),  # with a zero-width non-joiner
    ],
)
def test_abd_and_ullah_compounds(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abdullah", "Abdulaziz"),
        ("عبد الكريم", "عبد الرحيم"),
        ("Hayatullah", "Hidayatullah"),  # one inserted consonant in the name half
        ("Nasrullah", "Nurullah"),
        ("Nasreddine", "Nureddine"),
        ("Nasr ad-Din", "نور الدين"),
        ("Abdelkader", "Abdelkarim"),
    ],
)
def test_different_abd_compounds_stay_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_a_compound_is_told_apart_by_its_own_half() -> None:
    assert [t.compound for t in tokens("Abdul Rahman Habibullah نصر الدين Ali")] == [
        "abd",
        "ullah",
        "din",
        "",
    ]


# The alef of Allah after a name is a hamzat al-waṣl: its vowel is the joining vowel
# (Wright, A Grammar of the Arabic Language, on the waṣla): -ullah, -ollah, -allah.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("حبیب الله", "Habibullah"),
        ("نعمت الله", "Nematollah"),
        ("عنایت‌الله", "Enayatullah"),
        ("احمدالله", "Ahmadullah"),
    ],
)
def test_the_joining_vowel_of_allah(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# French orthography: c before e, i or y is s.
@pytest.mark.parametrize(
    ("a", "b"), [("Naceur", "Nasser"), ("Naceur", "ناصر"), ("Abdennacer", "عبد الناصر")]
)
def test_french_soft_c(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Arabic orthographic normalization (Larkey, Ballesteros & Connell, SIGIR 2002): أ إ آ = ا,
# ى = ي, ة = ه when one Arabic-script spelling meets another.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إلياس", "الياس"),
        ("موسى", "موسي"),
        ("فاطمة", "فاطمه"),
        ("أحمد", "احمد"),
        ("إلينا", "الینا"),
    ],
)
def test_arabic_spelling_variants_in_one_script(a: str, b: str) -> None:
    assert ortho.arabic_spelling_key(a) == ortho.arabic_spelling_key(b)
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_arabic_spelling_variants_keep_letters_apart() -> None:
    assert both_ways("محمد", "محمود") < NAME_THRESHOLD
    assert both_ways("عامر", "عمر") < NAME_THRESHOLD


# Within one script that writes vowels no transliteration reduces a vowel: an e written on
# one side only is a syllable more (Polish Marek and Mark are two names).
def test_an_e_on_one_side_only_in_one_script_costs() -> None:
    assert both_ways("Марек", "Марк") < NAME_THRESHOLD
    assert both_ways("Aleksandr", "Alexander") >= NAME_THRESHOLD  # two transliterations


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hassan", "Hussein"),
        ("Jamal", "Jamil"),
        ("Karim", "Karam"),
        ("Amin", "Amina"),
        ("Oleksandr", "Oleksandra"),
        ("Ahmad", "Hamid"),
        ("Omar", "Amir"),
    ],
)
def test_latin_names_whose_consonants_agree_but_vowels_differ(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمود", "Mohammed"),  # و written: a long u the Latin does not have
        ("محمد", "Mahmoud"),  # the Latin has a long ou the Arabic does not write
        ("محمد", "Mahmud"),  # mafʿūl writes its ū (محمود)
        ("حمد", "Hamid"),  # fāʿil writes its ā (حامد), faʿīl its ī (حميد)
        ("كرم", "Karim"),
        ("عمر", "Amir"),
        ("حسين", "Hassan"),
        ("حسن", "Hussein"),
        ("جمال", "Jamil"),
        ("جميل", "Jamal"),
        ("سعد", "Saeed"),  # an ʿayn without ي is no long i
        ("حامد", "Ahmad"),
        ("كريمة", "Karim"),
    ],
)
def test_arabic_long_vowels_must_agree_with_latin_vowels(arabic: str, latin: str) -> None:
    assert both_ways(arabic, latin) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمد", "Mohammed"),
        ("محمود", "Mahmoud"),
        ("حسين", "Hussein"),
        ("حسن", "Hassan"),
        ("جميل", "Jamil"),
        ("يوسف", "Youssef"),
        ("آية", "Aya"),
    ],
)
def test_arabic_long_vowels_agreeing_with_latin_vowels(arabic: str, latin: str) -> None:
    assert both_ways(arabic, latin) >= NAME_THRESHOLD


@pytest.mark.parametrize(("written", "read"), [("Khalil", "Khaiil"), ("Salim", "Saiim")])
def test_a_handwritten_l_read_as_i(written: str, read: str) -> None:
    assert both_ways(written, read) >= NAME_THRESHOLD


def test_vowel_only_names_get_a_blocking_key() -> None:
    keys = blocking_keys(Profile(("آية",)))
    assert keys
    assert keys & blocking_keys(Profile(("Aya",)))


def test_every_reading_is_a_blocking_key() -> None:
    assert "s:mhmd" in blocking_keys(Profile(("Maxamed",)))  # Somali x = h
    assert blocking_keys(Profile(("عبدالله",))) & blocking_keys(Profile(("عبد الله",)))


# What the blocking keys and search terms of every name in the labelled sets hash to, per
# KEY_VERSION. A vault rebuilds its case index only when KEY_VERSION changes, so keys that
# change without a bump leave old vaults searching with stale keys (issue 17: four rule
# changes once went out under one version). Changed keys on purpose? Bump KEY_VERSION in
# app/domain/name_key_version.py and record the new fingerprint here.
KEY_FINGERPRINTS = {
    33: "564fd14d100afd50",
    34: "63c47c8f17bc4c9c",
    35: "82009e9b2c8b4880",
    36: "86c98495530a1d0c",
    37: "cdd72e4057de4574",
    38: "ece0f483af11dba3",
    39: "974c73bac4a49643",
    40: "31b3c9e93e0a9e89",
    41: "071587f7fe20b4fd",
    42: "425202eb62454ffb",
    43: "ccaf25a3cc97cf30",
    44: "20a7b5cbb70541e6",
    45: "d1e7ee22d7a85331",
    46: "56af8d24be4bc95e",
    47: "7dea9a477cce9e79",
    48: "add125524f667733",
    49: "0fbe96324fad2be2",
    50: "94543eb55c992867",
    51: "ed26c80580212177",
    52: "7ba411f8abba2d9d",
    53: "6db622cb72efc39b",
    54: "f17f4b600d05f975",
    55: "cead745eee1cab0a",
    56: "a9634dba1834f2e9",
    57: "b5e079d2b82b7dad",
    58: "3cf18c273484d0ce",
    59: "52ccfde8317623cf",
    60: "0140d6d9ad429fde",
    61: "2d525e2c0f21e704",
    62: "aea693393fff4c2a",
    63: "47ad524276cc1929",
    64: "989fd524a7751c6d",
    65: "c1608f7c845d15cd",
    66: "a7414e7f77b25bea",
    67: "456a3f2b5d6cf57d",
    68: "8b5ef0833d617e80",
    69: "b01d5236c0414a16",
    70: "d1124704d207f040",
    71: "4c188a74c88719f2",
    72: "1a5295b4f550cc1c",
    73: "6ebac3840830a27c",
    74: "fa9266447824f77e",
    75: "b45f5c258be6cebe",
    76: "c7aeb1469f930b37",
    77: "fcea145ff5880cdf",
    78: "13fe36919d1b6747",
    79: "227d6389c0960889",
    80: "30080a88e96ffa49",
    81: "140ed62f387b02b4",
    82: "eb2668c662ba9370",
    83: "ce1d21790bbda283",
    84: "0b63c461cbc7cd1e",
    85: "90fd50f0cf28224b",
    86: "3efe9acb4310c023",
    87: "c7d7433bac217ed6",
    88: "2641461d50bd9005",
    89: "070f201a6403ecb3",
    90: "94387a1419c026ce",
    91: "8ae4afe58752367a",
}


def test_keys_do_not_change_without_a_new_key_version() -> None:
    import csv
    import hashlib
    from pathlib import Path

    from app.storage.case_index import search_terms

    data = Path(__file__).resolve().parents[1] / "data"
    names: set[str] = set()
    # A fixed list, not a glob: a new labelled set must not change the fingerprint.
    for stem in ("", "_standards", "_fresh", "_third", "_fourth", "_fifth", "_sixth"):
        with open(data / f"name_pairs{stem}.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                names.update((row["a"], row["b"]))
    assert len(names) > 8_000
    # From 39 on: names carrying presentation forms and invisible characters, which the
    # sets above never did (so 38 and 39 would have had one fingerprint).
    names.update(
        (
            "\ufee3\ufea0\ufe98\ufe92\ufef0",
            "\u200f\u0645\u062c\u062a\u0628\u0649",
            "\u2068Firas\u2069",
            "Ami\u00adna",
        )
    )
    # From 40 on: compounds with the article (iḍāfa) and ad-Dīn in their spellings.
    names.update(("Noor-ul-Haq", "Fazlur Rahman", "نور الحق", "Salahuddin", "نظام‌الدین", "Qazi"))
    names.add("Таццяна")  # from 41: the Belarusian doubled цц
    names.update(("Mª", "\u0677", "\uff26iras"))  # from 43: only compatibility shapes folded
    # From 45: names read as another script writes them by sound (Russian practice, English
    # in Arabic script, the Indic inherent vowel).
    names.update(("Hernando", "Эрнандо", "James", "جيمس", "Hichem", "রহিম", "ਹਰਪ੍ਰੀਤ", "नरेंद्र"))
    names.update(("সিং", "ਜਸਕਰਨ", "বিশ্বজিৎ"))  # from 47: Bengali ং, Gurmukhi clusters, ba-phala
    names.update(("Mehmet", "Hatice", "Nurettin", "Hüseyin"))  # from 48: Turkish forms
    names.add("ਸਹਿਜਪ੍ਰੀਤ")  # from 49: the Punjabi e before ਹਿ
    names.update(("Elî", "Mihemed", "Silêman", "Evdirehman"))  # from 50: Kurmanji
    names.update(("Anh", "Thanh", "Dương", "Ань", "Тхань"))  # from 51: Vietnamese in Russian
    names.update(("Xhemal", "Rexhep", "Hysen", "Gjergj"))  # from 52: Albanian
    # From 53: Vietnamese compared letter by letter; no Kurmanji ʿAbd in Evdokimov.
    names.update(("Chính", "Nhung", "Evdokimov", "Ebdî"))
    names.update(("جمال الدين", "رجب الدين"))  # from 54: Egyptian g without the article
    names.update(("Angjelina", "Xhemile", "Evdullah", "Sylejman"))  # from 55: second reader
    names.update(("عماد الدين", "سعد الدين"))  # from 56: the two d's of a compound met
    # From 57: the feminine -ilah (Jamilah), and Persian letters as Arabic writes them.
    names.update(("Jamilah", "Lailah", "پیام", "چنگیز", "ژیلا", "گلنار"))
    names.update(("Fuat", "Sait", "Мурат", "Ахмат"))  # from 58: Turkic final t as d
    names.update(("Sadiq", "Rafeeq", "Siddiq"))  # from 59: the Sudanese final g of ق
    names.update(("Μοχάμεντ", "Γιουσέφ", "Ιμπραήμ", "Γεώργιος"))  # from 60: Greek script
    names.update(("Vjačeslav", "Md.", "মোঃ", "Патимат", "Aishat", "ተኽለ"))  # from 61
    names.update(("ګل", "ګلالۍ", "ډاکټر"))  # from 62: Pashto letters as Arabic writes them
    names.update(("Hisciam", "Aiscia"))  # from 63: Italian sci for sh
    # From 64, after a second reader: Greek af/ef, ου as w, final τ; every Cyrillic -ат
    # reading; the Tigrinya ኸ's Amharic key; মো:.
    names.update(("Ευστάθιος", "Ουαλίντ", "Αχμέτ", "Иршат", "Айшат", "መኾንን", "মো:"))
    names.add("Αγγελική")  # from 65: Greek γγ as gg
    # From 66, after a third reader: the Cyrillic -ат list, Greek η as e and the accented
    # hiatus, both endings' keys for a final ه or ة, more -at names.
    names.update(("Марат", "Ζωή", "Κουσάι", "هاله", "ژاله", "Рукият", "Sherifat"))
    names.update(("Halyna", "Marharyta", "Anhelina"))  # from 67: Ukrainian h and y as g, i
    names.update(("Magomed", "Магомед"))  # from 68: the North Caucasus Muhammad
    # From 71: Italian initial ch, Czech ch, German sch for ж, Albanian xh as gi, forms.
    names.update(("Chidane", "Chadižat", "Ajschan", "Xhulia", "Braima", "Kasai", "Bahodir"))
    names.update(("Meriem", "Zineb", "Kadija", "Tidiane", "Дарина"))  # from 72
    names.update(("Sachar", "Sulfija", "Arsenijus", "Qambar", "Issiaka", "ቴድሮስ"))  # from 73
    names.update(("Smain", "Sekou", "Zhusup", "Antranig", "Fowsiya"))  # from 74: lexicon
    names.update(("Tharshan", "Rhizlane", "Mouctar", "Fatimetou"))  # from 75
    names.update(("Bibek", "Lhoussine", "Zhunus", "Latchumi"))  # from 76: lexicon
    names.update(("Hanieh", "Oday", "Kojo", "Astkhik"))  # from 77
    names.update(("Schamil", "Mascha", "Cherine", "Rhoda", "Thani", "Sajid", "Thivya"))  # 78
    names.update(("Nasrallah", "Fathallah", "Moatasim", "Yonis", "Slim"))  # from 79
    names.update(("Raed", "Faek", "Wael"))  # from 80: the hamza's i written e
    names.update(("Vjacseszlav", "Sabahattin", "Zajar", "Kodzo", "विकास"))  # from 81
    names.update(("Dzjochar", "Йълдъз", "Ҹејхун", "Ümit", "Уалид", "Krupa", "Karanvir", "ھێمن"))
    names.update(("Ghodratollah", "Sebastião", "Joaquim", "Іңкәр"))  # from 83
    names.update(("Mahdalena", "Nadzeya", "Mojtar", "Wajid", "Bruna"))  # 84: second reader
    names.update(("ქეთევან", "Btissam", "Hrach", "Abdiqani", "Յակոբ", "Fereydoun", "Akua"))  # 85
    names.update(("Fousseyni", "Johura", "Birama", "Sutharsan"))  # from 86: fourth compilation
    names.update(("விக்னேஷ்", "Sreejith", "Lansana", "Chernor"))  # from 87
    names.update(("Abdeljalil", "عبد الجليل", "Bidhya"))  # from 88: Abd before j
    names.update(("Uoldu", "Eya", "Hadiza", "Kaltun"))  # from 89
    names.update(("Vjatjeslav", "Çağlar", "Abdelbagi", "Muctar", "Shoeb"))  # from 90
    names.add("Dżamszid")  # from 91: Polish dż
    digest = hashlib.sha256()
    for name in sorted(names):
        profile = Profile((name,))
        keys = (sorted(blocking_keys(profile)), sorted(search_terms(profile)))
        digest.update(repr((name, keys)).encode())
    assert KEY_FINGERPRINTS.get(KEY_VERSION) == digest.hexdigest()[:16], (
        "name keys changed: bump KEY_VERSION and record the new fingerprint "
        + digest.hexdigest()[:16]
    )


@pytest.mark.parametrize(
    ("run", "cls"), [("", ""), ("a", "a"), ("ee", "I"), ("ou", "U"), ("aa", "A"), ("?I", "I")]
)
def test_vowel_classes(run: str, cls: str) -> None:
    assert ortho.vowel_class(run) == cls


def test_arabic_reading_marks_long_vowels() -> None:
    assert ortho.arabic_reading("محمود") == "mhmUd"
    assert ortho.arabic_reading("حسين") == "hsIn"
    assert ortho.arabic_reading("زياد") == "zyAd"  # ي before ا is a consonant
    assert ortho.arabic_reading("ذبيح", second=True) == "zbIh"  # Persian ذ = z


def test_arabic_reading_is_one_latin_letter_per_arabic_letter() -> None:
    # د+ج is not the French digraph dj, ط+ه is not th: each letter stays a consonant.
    assert ortho.arabic_reading("دجاني") == "djAnI"
    assert ortho.arabic_reading("طه") == "th"
    assert ortho.arabic_reading("يوسف") == "yUsf"  # an initial ي is a consonant, و a vowel
    assert ortho.arabic_reading("نبيه") == "nbIh"  # a final ه after a long vowel is h


# Turkish alphabet (1928) and Azerbaijani Latin alphabet (1991): c = j, ə = a, final t = d.
@pytest.mark.parametrize(
    ("turkic", "other"),
    [("Cəlal", "Jalal"), ("Cemal", "Jamal"), ("Mehmet", "محمد"), ("Murat", "Murad")],
)
def test_turkish_and_azerbaijani_letters(turkic: str, other: str) -> None:
    assert both_ways(turkic, other) >= NAME_THRESHOLD


def test_turkic_readings() -> None:
    assert ortho.turkic_readings("Cəlal") == ("jalal",)
    assert ortho.turkic_readings("Ahmet") == ("ahmed",)
    assert ortho.turkic_readings("Maxamed") == ()  # Somali x, not Azerbaijani


# BGN/PCGN Russian: е is ye at the start of a word; Ukrainian г also written g.
def test_bgn_pcgn_initial_ye_and_ukrainian_g() -> None:
    assert "yevgeniy" in ortho.cyrillic_readings("Евгений")
    assert "igor" in ortho.cyrillic_readings("Ігор")
    assert both_ways("Евгений", "Yevgeniy") >= NAME_THRESHOLD
    assert both_ways("Ігор", "Igor") >= NAME_THRESHOLD


# Russian and Ukrainian forms of one given name (Скрипник & Дзятківська, 1996).
@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Николай", "Микола"),
        ("Никита", "Микита"),
        ("Филипп", "Пилип"),
        ("Анна", "Ганна"),
        ("Павел", "Павло"),
        ("Елена", "Олена"),
        ("Nikolai", "Mykola"),
        ("Pavel", "Павло"),
        ("Tatyana", "Tetiana"),
    ],
)
def test_russian_and_ukrainian_forms_of_one_name(russian: str, ukrainian: str) -> None:
    assert both_ways(russian, ukrainian) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Николай", "Никита"),  # two groups, one first letter
        ("Анна", "Ганна Олена"),  # in the group, but a name part missing costs
        ("Георгий", "Юрій"),  # related names, deliberately not in the lexicon
        ("Aleksander", "Александра"),  # masculine / feminine
        ("Yevgeniy", "Yevgeniya"),
        ("Ali", "Alia"),
    ],
)
def test_correspondences_and_feminine_forms_stay_apart(a: str, b: str) -> None:
    if " " in b:
        assert both_ways(a, b) < 1.0
    else:
        assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Ja’far", "جعفر"), ("Tat'yana", "Tatiana")])
def test_an_apostrophe_inside_a_word_joins_it(a: str, b: str) -> None:
    assert len(tokens(a)) == 1
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("persian", "arabic"), [("Murod", "مراد"), ("Nodir", "نادر")])
def test_persian_and_uzbek_o_for_alef(persian: str, arabic: str) -> None:
    assert both_ways(persian, arabic) >= NAME_THRESHOLD


def test_ilyas_and_the_article() -> None:
    assert both_ways("الياس", "Ilyas") >= NAME_THRESHOLD  # not al- + yas
    assert both_ways("الحسن", "Hassan") >= NAME_THRESHOLD  # al-Hassan


# West African forms of Arabic names (orthography.WEST_AFRICAN_FORMS, each with its source).
@pytest.mark.parametrize(
    ("west_african", "other"),
    [
        ("Fatoumata", "Fatima"),
        ("Fatoumata", "فاطمة"),
        ("Fatimata", "Fatoumata"),
        ("Ibrahima", "Ebrima"),
        ("Ebrima", "إبراهيم"),
        ("Assane", "Hassan"),
        ("Alassane", "الحسن"),
        ("Lamin", "الأمين"),
        ("Aminata", "Amina"),
        ("Mamadou", "محمد"),
        ("Modou", "Mohammed"),
        ("Mamoudou", "Mahmoud"),
        ("Khadiatou", "خديجة"),
        ("Haoua", "Awa"),
    ],
)
def test_west_african_forms_of_arabic_names(west_african: str, other: str) -> None:
    assert both_ways(west_african, other) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mamadou", "Mahmoud"),  # Muhammad's form, not Mahmud's
        ("Mamoudou", "Mohammed"),  # Mahmud's form, not Muhammad's
        ("Fatoumata", "Aminata"),
        ("Assane", "Hussein"),
        ("Lamine", "Amina"),  # al-Amin is not Amina
        ("Ebrima", "Rahima"),
    ],
)
def test_west_african_forms_stay_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_turkish_fatma_is_fatima() -> None:
    assert both_ways("Fatma", "Fatima") >= NAME_THRESHOLD
    assert both_ways("Fatma", "فاطمة") >= NAME_THRESHOLD


# Two spellings that both write vowels: a vowel between two consonants on one side only is
# a syllable more; Somali orthography, which writes the vowel other spellings leave out
# between two consonants (Maxamuud), is not held to it.
@pytest.mark.parametrize(
    ("a", "b"), [("Salima", "Salma"), ("Omar", "Amr"), ("Mohammed", "Mahmoud")]
)
def test_a_vowel_written_on_one_side_only_costs(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aleksandr", "Alexander"),  # an e costs less
        ("Noureddine", "Nur ad-Din"),
        ("Maxamuud", "Mahmoud"),
        ("Ahmad", "Ahmed"),
    ],
)
def test_a_reduced_e_or_a_somali_vowel_is_not_a_syllable_more(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A v is a consonant between two spellings that write vowels; Polish and German write it w.
@pytest.mark.parametrize(("a", "b"), [("Silvia", "Сила"), ("Elvin", "Elçin")])
def test_v_is_never_a_vowel(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Javad", "Jawad"),
        ("David", "Dawid"),
        ("Давид", "David"),
        ("Javad", "جواد"),
        ("Davood", "Dawood"),
    ],
)
def test_v_meets_w_and_the_arabic_waw(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_one_consonant_twice_with_a_vowel_between_is_two() -> None:
    # A letter doubled in a row is one consonant (Hassan); across a vowel, two (Dawid).
    assert both_ways("Dai", "Dawid") < NAME_THRESHOLD
    assert both_ways("Hassan", "Hasan") >= NAME_THRESHOLD
    assert both_ways("Daud", "Dawood") >= NAME_THRESHOLD


# An Arabic final ḥ or ʿayn that a Latin spelling leaves out or writes as h.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Rabih", "Rabi"), ("Rabih", "ربيع"), ("Rabah", "رباح"), ("Nuh", "نوح"), ("Rabih", "Rabee")],
)
def test_a_final_h_or_ain_is_weak(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Rabah", "Rabee"), ("رباح", "Rabih")])
def test_a_weak_final_h_keeps_the_vowels_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# A hamza or ʿayn with no long vowel letter: short vowels (and a'a written aa), no long i/u.
@pytest.mark.parametrize(("a", "b"), [("سعيد", "Saeed"), ("Jaafar", "جعفر"), ("Saad", "سعد")])
def test_hamza_or_ain_and_the_long_vowel_after_it(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_saeed_is_not_saad() -> None:
    assert both_ways("Saeed", "Saad") < NAME_THRESHOLD
    assert ortho.vowel_class("aee") == "I"
    assert ortho.vowel_class("?") == "'"


def test_a_final_vowel_on_one_side_only_costs() -> None:
    assert both_ways("Marek", "Марко") < NAME_THRESHOLD
    assert both_ways("Malik", "Maliki") < both_ways("Malik", "Malik")


# Church Slavonic took Greek names as Byzantine Greek said them (β = в, θ = ф): Варвара is
# the Russian form of Barbara, not a spelling of it. Under the labelling policy of the second
# name set (tests/data/README-name-pairs.md: cognates of another tradition are different
# names) they are kept apart; the readings that joined them are gone (issue 17).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Варвара", "Barbara"),
        ("Марфа", "Martha"),
        ("Севастьян", "Sebastian"),
        ("Измаил", "Ismail"),
        ("Василий", "Basil"),
        ("Амвросий", "Ambrose"),
    ],
)
def test_church_slavonic_forms_are_another_tradition(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Фарид", "Tarik"), ("Вера", "Бела"), ("Вадим", "Badr")])
def test_church_slavonic_readings_keep_other_names_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Romanian and the Ukrainian 2010 table write the glide y as i before a vowel (Iacob, Ioan).
@pytest.mark.parametrize(("a", "b"), [("Iacob", "Jakob"), ("Ioan", "Yoan"), ("Iulia", "Юлія")])
def test_an_initial_i_before_a_vowel_is_y(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A final vowel on one side only: another ending between two spellings that write vowels,
# and a vowel the Arabic script would have written (علي Ali, هاني Hani).
@pytest.mark.parametrize(
    ("a", "b"),
    [("Radi", "Raid"), ("Malik", "Maliki"), ("Cumar", "Cumaro"), ("Darin", "Darini")],
)
def test_a_final_vowel_on_one_side_only_parts_latin_names(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# (Not a final u after the last consonant: Hausa and Swahili add it to Arabic names, Karimu
# = Karim; tests/unit/test_names_families.py.)
@pytest.mark.parametrize(("arabic", "latin"), [("نبيل", "Nabili"), ("كريم", "Karimi")])
def test_a_latin_final_vowel_the_arabic_does_not_write(arabic: str, latin: str) -> None:
    assert both_ways(arabic, latin) < NAME_THRESHOLD
    assert both_ways(arabic, latin[:-1]) >= NAME_THRESHOLD


# Arabic name patterns (Wright, Grammar, the derived nouns): the short vowels that stay short.
@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محسن", "Muhsin"),  # mufʿil: the participle's short i after mu- and two consonants
        ("مسلم", "Müslüm"),  # the same, with Turkish vowel harmony
        ("يوسف", "Yusuf"),  # a long vowel before: the last one may be short
        ("حامد", "Hamid"),
        ("گل محمد", "Gul Mohammad"),  # Persian Gul: two consonants, no Arabic pattern
    ],
)
def test_short_vowels_the_patterns_allow(arabic: str, latin: str) -> None:
    assert both_ways(arabic, latin) >= NAME_THRESHOLD


# Two vowels in hiatus are two syllables: against one vowel in another spelling that
# writes vowels, a syllable more. Diphthongs (ai, au) and digraphs (ie, ou) are one.
@pytest.mark.parametrize(
    ("a", "b"), [("Diana", "Dana"), ("Diana", "Данна"), ("Julia", "Юла"), ("Leon", "Len")]
)
def test_two_vowels_in_hiatus_are_a_syllable_more(a: str, b: str) -> None:
    assert ortho.vowel_class("ia") == "H"
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Diana", "Диана"), ("Mariam", "مريم"), ("Tatiana", "Tatyana"), ("Zaid", "Zayd")],
)
def test_hiatus_meets_hiatus_a_glide_and_arabic_script(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Russian writing leaves the dots of ё out (Правила 1956, § 10): Федор is Fyodor.
@pytest.mark.parametrize(("a", "b"), [("Федор", "Fyodor"), ("Петр", "Pyotr"), ("Piotr", "Пётр")])
def test_russian_e_may_be_yo(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_yo_reading() -> None:
    assert "fyodor" in ortho.cyrillic_readings("Федор")
    assert "fyodor" in ortho.cyrillic_readings("Фёдор")
    assert not any("yo" in r for r in ortho.cyrillic_readings("Сергей"))  # two е: no guess


# A Latin y or w between two vowels is the Arabic ي or و: not an ʿayn, not nothing.
@pytest.mark.parametrize(("a", "b"), [("As-Sayed", "السعد"), ("Zayed", "زد"), ("Dawud", "دعد")])
def test_a_glide_between_vowels_needs_its_arabic_letter(a: str, b: str) -> None:
    assert ortho.vowel_class("aye") == "Y"
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Sayed", "سيد"), ("Zayed", "زايد"), ("Dawud", "داود")])
def test_a_glide_between_vowels_meets_ya_and_waw(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# The tāʾ marbūṭa borrowed with its t and a final vowel in West Africa (-atou, -atu).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khadijatou", "Kadiatou"),
        ("Khadijatou", "خديجة"),
        ("Hadizatu", "Hadiza"),
        ("Boubacar", "Abubakar"),
    ],
)
def test_west_african_feminine_ending_and_abu_bakr(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_the_west_african_ending_keeps_names_apart() -> None:
    assert both_ways("Aminatou", "Fatimatou") < NAME_THRESHOLD
    assert ortho.west_african("renata") == "renata"  # -ata is not -atu


# Between two spellings that write vowels, a y or w between vowels is a consonant and a
# syllable: it meets another glide or a hiatus, not one vowel.
@pytest.mark.parametrize(("a", "b"), [("Rayan", "Ran"), ("Bayan", "Ban"), ("Dawud", "Dud")])
def test_a_glide_between_vowels_is_a_syllable_in_latin(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Mariya", "Maria"), ("Sofiya", "Софія"), ("Dawud", "Daud")])
def test_a_glide_meets_a_glide_or_a_hiatus(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# French tréma: the marked vowel is said apart (Noël No-el, Anaïs A-na-is).
@pytest.mark.parametrize(("a", "b"), [("Noël", "Nol"), ("Anaïs", "Anas"), ("Loïs", "Lis")])
def test_a_trema_is_two_vowels_in_hiatus(a: str, b: str) -> None:
    assert ortho.mark_trema("Anaïs") == "ana:is"
    assert ortho.vowel_class("a:i") == "H"
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Noël", "Noel"), ("Anaïs", "Anais"), ("Aïssatou", "Aisatu"), ("Ismaïl", "إسماعيل")],
)
def test_a_trema_meets_the_same_vowels_without_it(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Latin ei, ey, ay inside a name: the diphthong of Arabic ay (Layla, Haydar), not a short i
# in the same script; across scripts it may be transliterated i (Teymur / Тимур).
@pytest.mark.parametrize(("a", "b"), [("Layla", "Lila"), ("Ayman", "Iman"), ("Zeynab", "Zinab")])
def test_a_diphthong_is_not_a_short_i(a: str, b: str) -> None:
    assert ortho.vowel_class("ey") == "D"
    assert ortho.vowel_class("ey", final=True) == "I"
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Leila", "Layla"),
        ("Leyla", "ليلى"),
        ("Heydar", "Haidar"),
        ("Teymur", "Тимур"),
        ("Andrey", "Andrii"),
    ],
)
def test_a_diphthong_meets_its_other_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Somali: no word-final m (a borrowed final m is n: Saeed, Somali Reference Grammar), read
# only in a word written in the Somali orthography.
@pytest.mark.parametrize(
    ("somali", "other"),
    [
        ("Aadan", "Adam"),
        ("Ibraahin", "Ibrahim"),
        ("Ibraahin", "إبراهيم"),
        ("Cabdiraxiin", "Abdirahim"),
    ],
)
def test_somali_n_for_a_final_m(somali: str, other: str) -> None:
    assert ortho.somali_loan("aadan") == "aadam"
    assert both_ways(somali, other) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hasan", "Husam"),
        ("Hassan", "حسام"),
        ("Karin", "Karim"),
        ("Zaid", "Said"),
        ("Aadan", "Adnan"),
    ],
)
def test_somali_readings_keep_other_names_apart(a: str, b: str) -> None:
    assert ortho.somali_loan("hassan") == "hassan"
    assert both_ways(a, b) < NAME_THRESHOLD


# A kunya (Abū + a name) is one name however it is written (Schimmel, Islamic Names, 1989).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abu Bakr", "أبو بكر"),
        ("Abubakar", "أبو بكر"),
        ("Boubacar", "ابو بكر"),
        ("Abou Bakr", "Abu Bakr"),
    ],
)
def test_a_kunya_is_one_name(a: str, b: str) -> None:
    assert len(tokens(a)) == len(tokens(b)) == 1
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Abu Bakr", "Bakr"), ("أبو بكر", "Abuzar"), ("Abu Talib", "أبو بكر")]
)
def test_a_kunya_is_not_its_second_half_nor_another_kunya(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# East Slavic familiar forms (Левко of Лев, Маруся of Марія) are the child's name, but not a
# spelling of it: the labelling policy of the second name set counts pet forms as different
# names (tests/data/README-name-pairs.md), and the rule that joined them is gone (issue 17).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Левко", "Лев"),
        ("Маруся", "Марія"),
        ("Петрусь", "Петро"),
        ("Levko", "Лев"),
    ],
)
def test_slavic_familiar_forms_are_not_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Марко", "Марія"),
        ("Иванка", "Иван"),
        ("Маруся", "Марат"),
        ("Malika", "Malik"),
        ("Лека", "Лев"),
    ],
)
def test_hypocoristics_keep_genders_stems_and_other_scripts_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# The wāw of ʿAmr (Wright, Grammar, vol. 1; Fischer § 8): عمرو is ʿAmr, عمر is ʿUmar.
@pytest.mark.parametrize(
    ("a", "b"), [("Amr", "عمرو"), ("Amro", "عمرو"), ("Omar", "عمر"), ("Cumar", "عمر")]
)
def test_the_waw_of_amr(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Amr", "عمر"), ("Omar", "عمرو"), ("Umar", "عمرو"), ("عمرو", "عمر")]
)
def test_the_waw_of_amr_keeps_amr_and_umar_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Russian popular forms lost the glide before an initial у (Суперанская 1998: Юлиан Ульян,
# Юстин Устин).
@pytest.mark.parametrize(
    ("a", "b"),
    [("Ульян", "Julian"), ("Ульяна", "Yuliana"), ("Устин", "Justin"), ("Устинья", "Юстинья")],
)
def test_russian_popular_forms_without_the_initial_glide(a: str, b: str) -> None:
    assert "yulian" in ortho.folk_readings("Ульян")
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Умар", "Yumna"), ("Усман", "Yusuf"), ("Ульян", "Yulia")])
def test_the_popular_form_reading_keeps_other_names_apart(a: str, b: str) -> None:
    assert ortho.folk_readings("Уля") == ()
    assert both_ways(a, b) < NAME_THRESHOLD


# East Slavic had no f: popular forms say п for the Greek φ (Степан, Пилип, Опанас).
@pytest.mark.parametrize(
    ("a", "b"),
    [("Степан", "Stefan"), ("Степан", "Стефан"), ("Пилип", "Philip"), ("Опанас", "Afanasiy")],
)
def test_popular_p_for_the_greek_f(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Павел", "Фаиль"), ("Пётр", "Фёдор"), ("Полина", "Фатима")])
def test_the_p_reading_keeps_other_names_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Official orthographies of Senegal and Mali (décrets 71-566 and 2005-992; Bamako 1966)
# against French spellings: c = th/ti/tch, French ou before a vowel = w, long vowels doubled.
@pytest.mark.parametrize(
    ("official", "french"),
    [
        ("Caam", "Thiam"),
        ("Ceerno", "Thierno"),
        ("Wattara", "Ouattara"),
        ("Wedraogo", "Ouédraogo"),
        ("Aysatu", "Aïssatou"),
        ("Maymuna", "Maïmouna"),
        ("Musaa", "Moussa"),
        ("Usmaan", "Ousmane"),
    ],
)
def test_west_african_official_orthographies(official: str, french: str) -> None:
    assert ortho.wolof("caam") == "čaam" == ortho.french_palatal("thiam")[:1] + "aam"
    assert both_ways(official, french) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"), [("Camara", "Tamara"), ("Camara", "Samara"), ("Caam", "Sam"), ("Cali", "Tali")]
)
def test_the_palatal_stop_meets_only_itself(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Tigrinya writes k and q after a vowel with the spirant letters ኸ and ቐ; Latin keeps k.
# (ተኽለ ends in the first order ä: it is Tekle, and Teklay is ተኽላይ, another name.)
@pytest.mark.parametrize(("a", "b"), [("ተኽለ", "Tekle"), ("በረኸት", "Bereket"), ("ተኽላይ", "Teklay")])
def test_tigrinya_spirant_velars_are_k(a: str, b: str) -> None:
    assert ortho.tigrinya_velars("ተኽለ") == "tekle"
    assert ortho.tigrinya_velars("ሰላም") == ""
    assert both_ways(a, b) >= NAME_THRESHOLD


# Greek χ is ch read k in Latin spellings of Greek names; French ch (sh) is left alone.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Michael", "ሚካኤል"), ("Michael", "Михаил"), ("Christina", "Кристина"), ("Chloe", "Khloe")],
)
def test_greek_ch_is_k(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Chadi", "Kadi"), ("Rachid", "Rakid"), ("Aicha", "Aika")])
def test_french_ch_is_not_k(a: str, b: str) -> None:
    assert ortho.greek_ch("rachid") == "rachid"
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Abu al-Hassan", "أبو الحسن"), ("Abu al Hassan", "Abulhassan"), ("Abul Fadl", "أبو الفضل")],
)
def test_a_kunya_keeps_its_article_inside(a: str, b: str) -> None:
    assert len(tokens(a)) == len(tokens(b)) == 1
    assert both_ways(a, b) >= NAME_THRESHOLD
