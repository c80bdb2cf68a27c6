"""Rules written after the fifteenth population round was read once (issue 17), before the
sixteenth was: each family met both ways, and what it must keep apart kept apart.
Synthetic names only; each family's source is in its rule's comment."""

from __future__ import annotations

import pytest

from app.domain import orthography as ortho
from app.domain.duplicates import NAME_THRESHOLD
from tests.unit.name_pair_checks import both_ways, registered_then_found


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Hungarian transcription of Russian: cs ch, sz s, j y, read in one pass.
        ("Vjacseszlav", "Viacheslav"),
        ("Vjacseszlav", "Вячеслав"),
        ("Vjacseszlav", "Vjacheslav"),
        ("Csilla", "Чилла"),
        ("Dzsamila", "Jamila"),
        # Turkish -ettin, -attin is the compound ad-Dīn, its joining vowel free.
        ("Sabahattin", "Sabahuddin"),
        ("Sabahattin", "Sabahudin"),
        ("Selahattin", "Salah Aldin"),
        # Spanish j for Russian х, against Cyrillic.
        ("Zajar", "Захар"),
        ("Mijail", "Михаил"),
        # Ewe dz between vowels is the dj of Togolese French spellings.
        ("Kodzo", "Kodjo"),
        ("Adzo", "Adjo"),
        # Nepali व and ब alike.
        ("विकास", "बिकास"),
        ("Bikas", "विकास"),
        ("Binod", "विनोद"),
    ],
)
def test_same_name(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The Spanish j is read as kh against Cyrillic only: in Latin it would meet ح.
        ("Wajid", "Wahid"),
        ("Sajid", "Sahid"),
        # Not a first j, German's й and English's ج.
        ("Jalil", "Халил"),
        # Spanish j is a list, not a rule: a j for ج is not the х Russian writes for ح.
        ("Wajid", "Вахид"),
        ("Najla", "Нахла"),
        ("Rajab", "Рахаб"),
        # Ewe dz only before o: not Belarusian dz nor Bosnian ž without its mark.
        ("Nadzeya", "Najiya"),
        ("Nadza", "Nadja"),
        # Nepali व read b, not ब read v: Hindi keeps them apart.
        ("सबा", "Sava"),
        # Ewe dz not before u, where Polivanov Cyrillic writes the Japanese zu.
        ("Maiju", "Маидзу"),
        # A Turkish ad-Dīn compound is still another name than its first half, or another
        # compound.
        ("Sabahattin", "Sabah"),
        ("Nurettin", "Nasruddin"),
    ],
)
def test_kept_apart(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_hungarian_reading_is_one_pass() -> None:
    # The ch that a cs becomes is not read again as ts, nor the j of dzs as y.
    assert ortho.hungarian_reading("Vjacseszlav") == "vjacheslav"
    assert ortho.hungarian_reading("Vjacseszlav", j_as_y=True) == "vyacheslav"
    assert ortho.hungarian_reading("Dzsamila", j_as_y=True) == "jamila"
    assert ortho.hungarian_reading("Szilárd") == "silard"


def test_a_child_registered_under_one_spelling_is_found_under_another(vault_dir) -> None:
    # Through the real vault and its index: the new readings' keys are looked up.
    registered_then_found(
        vault_dir,
        (("Vjacseszlav", "Вячеслав"), ("Zajar", "Захар"), ("Kodzo", "Kodjo"), ("विकास", "बिकास")),
        age=15,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Dutch transliteration of Russian: zj ж, sj ш, tsj ч, dzj дж, ch х, oe у.
        ("Dzjochar", "Dzhokhar"),
        ("Dzjochar", "Джохар"),
        ("Chadizjat", "Хадижат"),
        ("Tsjoelpan", "Чулпан"),
        # Bulgarian ъ for the Turkish ı; Azerbaijani Cyrillic ҹ, ј.
        ("Yıldız", "Йълдъз"),
        ("Ҹејхун", "Джейхун"),
        ("Ceyhun", "Ҹејхун"),
        # Russian ю for the Turkish ü; у for an initial w.
        ("Ümit", "Юмит"),
        ("Gül", "Гюль"),
        ("Уалид", "Валид"),
        ("Уалид", "Walid"),
        # Sanskrit ṛ as ru and ri; Punjabi vir as bir; Bengali v as b.
        ("Krupa", "Kripa"),
        ("Vrunda", "Vrinda"),
        ("Hrutik", "Hrithik"),
        ("Karanvir", "Karanbir"),
        ("ਕਰਨਵੀਰ", "Karanbir"),
        ("Tanvir", "Tanbir"),
        # The Sorani and Urdu ھ is ه.
        ("هێمن", "ھێمن"),
    ],
)
def test_same_name_after_the_sixteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The Ukrainian h as g no longer after a or e: Mahdi is not Majdi (Egyptian Magdi).
        ("Mahdi", "Majdi"),
        ("Mehdi", "Magdi"),
        # The ru of ṛ only in a first syllable before a consonant and a vowel.
        ("Astrid", "Аструд"),
        ("Крус", "كريس"),
        ("Kabir", "Kavir"),
        # The ru of ṛ is a rule only after h, m, v, s, sh: European br-, gr- names are not.
        ("Bruna", "Brina"),
        ("Grusha", "Grisha"),
        ("Bruno", "Brino"),
    ],
)
def test_kept_apart_after_the_sixteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_the_ukrainian_h_still_reads_as_g() -> None:
    assert both_ways("Bohdan", "Bogdan") >= NAME_THRESHOLD
    assert both_ways("Oleh", "Oleg") >= NAME_THRESHOLD
    assert both_ways("Ahnesa", "Agnesa") >= NAME_THRESHOLD
    assert both_ways("Mahdalena", "Magdalena") >= NAME_THRESHOLD


def test_dutch_reading_needs_a_dutch_digraph() -> None:
    assert ortho.dutch_russian("Chadizjat".lower()) == "khadizhat"
    assert ortho.dutch_russian("richard") == ""  # no zj, sj, tsj: ch is not read kh


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A compound whose first half is a listed form (Persian gh for ق).
        ("Qudratullah", "Ghodratollah"),
        ("Qudratullah", "Ghodratullah"),
        # Portuguese -ão and -im for Spanish -án, -ón and -ín.
        ("Sebastião", "Sebastián"),
        ("Simão", "Simón"),
        ("Joaquim", "Joaquín"),
        ("Benjamim", "Benjamin"),
        # Kazakh ң written n.
        ("Іңкәр", "Inkar"),
    ],
)
def test_same_name_after_the_seventeenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Karim", "Karin"),  # the Portuguese -im only after qu or m
        ("Serafim", "Serafin"),  # Serafim and Serafín: two names in Wikidata's labels
        ("Qudratullah", "Qudrat"),  # a compound is not its first half
    ],
)
def test_kept_apart_after_the_seventeenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Georgian script against a Latin spelling that keeps the nominative -i.
        ("ქეთევან", "Ketevani"),
        ("ნიკოლოზ", "Nikolozi"),
        # Maghrebi first vowel unsaid before bt.
        ("Btissam", "Ibtissam"),
        # Russian г for an Armenian h, copied into Latin.
        ("Hrach", "Grach"),
        ("Hrant", "Grant"),
        # Somali q for غ in an Abdi- compound.
        ("Abdiqani", "Abdulghani"),
        # Classical Armenian initial յ for h.
        ("Յակոբ", "Հակոբ"),
        ("Յակոբ", "Hakob"),
        # Iranian ey for the Afghan and Tajik i.
        ("Fereydoun", "Faridun"),
        ("Fereydoun", "Faridoon"),
        # Listed forms: Akan, Ewe, Mande, Bengali, Ethiopian, Uzbek, Kurmanji.
        ("Akua", "Ekua"),
        ("Yao", "Yaw"),
        ("Komlan", "Komla"),
        ("Lassana", "Lassina"),
        ("Rasel", "Russell"),
        ("Kaleab", "Kaleb"),
        ("Zulaikho", "Zuleikha"),
        ("Xezal", "Ghazal"),
    ],
)
def test_same_name_after_the_tuning_look(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Leyla", "Lila"),  # the ey of a short word stays a diphthong
        ("Abdiqani", "Abdulqahar"),
    ],
)
def test_kept_apart_after_the_tuning_look(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The fourth compilation of name_forms: a form meets its name's other spellings.
        ("Fousseyni", "Hussein"),
        ("Johura", "Zohra"),
        ("Birama", "Ibrahim"),
        ("Sutharsan", "Sudarshan"),
        ("Kalsoom", "Kulthum"),
        ("Geydar", "Haydar"),
        ("Diakaridia", "Zakariya"),
    ],
)
def test_fourth_compilation_forms(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Boubacar", "Bakary"),  # bakary taken out: the labels part them
        ("Siaka", "Issiaka"),
    ],
)
def test_fourth_compilation_removals(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Tamil stops voiced between vowels, after a nasal, and in Sanskrit names.
        ("விக்னேஷ்", "Vignesh"),
        ("கணேஷ்", "Ganesh"),
        ("குகன்", "Kugan"),
        # Listed Mande and Sierra Leonean forms.
        ("Lansana", "Lassana"),
        ("Lancina", "Lassina"),
        ("Chernor", "Thierno"),
        # th as s still for Arabic names.
        ("Harith", "Haris"),
    ],
)
def test_same_name_after_the_eighteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Albanian women's names in -e, listed.
        ("Dardan", "Dardane"),
        ("Fatmir", "Fatmire"),
        ("Mërgim", "Mergime"),
        # French -cte.
        ("Benedict", "Bénédicte"),
        # A South Indian final th is t, not the s of Arabic ث.
        ("Sreejith", "Sreejesh"),
    ],
)
def test_kept_apart_after_the_eighteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


def test_a_french_silent_e_is_still_the_same_man() -> None:
    assert both_ways("Yasin", "Yassine") >= NAME_THRESHOLD
    assert both_ways("Amin", "Amine") >= NAME_THRESHOLD


def test_abd_before_a_name_in_j_is_not_the_french_dj() -> None:
    # Abdeljalil is abd + jalil: 0.00 against عبد الجليل before (the dj read as j).
    assert both_ways("Abdeljalil", "عبد الجليل") >= NAME_THRESHOLD
    assert both_ways("Abdeljelil", "عبد الجليل") >= NAME_THRESHOLD
    assert both_ways("Abduljabbar", "عبد الجبار") >= NAME_THRESHOLD


def test_abdullah_is_not_a_latin_word_starting_with_its_b() -> None:
    assert both_ways("Abdullah", "Bidhya") < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Uoldu", "Woldu"),  # Italian-era uo for wo
        ("Eya", "Aya"),
        ("Hadiza", "Khadija"),
        ("Kaltun", "Kulthum"),
        ("Otabek", "Atabek"),  # Uzbek o for ā
        ("Osama", "Usama"),
    ],
)
def test_same_name_after_the_nineteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Akello", "Okello"),  # Luo girl's A- and boy's O-
        ("Acen", "Ocen"),
        ("Amar", "Omar"),
        ("Uong", "Wong"),  # Vietnamese Uông is not the Italian uo
    ],
)
def test_kept_apart_after_the_nineteenth_read(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vjatjeslav", "Vyacheslav"),  # Swedish and Danish tj for ч
        ("Лечи", "Letji"),
        ("Çağlar", "Chaglar"),  # Turkish ğ written g by a clerk
        ("Abdelbagi", "Abdulbaqi"),  # Sudanese g for ق in an Abd compound
        ("Abdirazak", "Abdelrazig"),
        ("Muctar", "Mukhtar"),
        ("Radouane", "Ridwan"),
        ("Shoaib", "Shoeb"),
        ("Iaroslav", "Yaroslav"),
        ("Valeriu", "Valerii"),
    ],
)
def test_same_name_after_the_twentieth_read(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iaroslava", "Yaroslav"),  # the feminine -a behind the initial ia- glide
        ("Valeriu", "Valeria"),  # Romanian -iu men's, -ia women's
        ("Claudiu", "Claudia"),
        ("Tjipto", "Sipto"),  # a first tj is old Indonesian c, not Swedish ч
        ("Cemil", "Cemile"),  # listed Turkish women's names in -e
        ("Şerif", "Şerife"),
    ],
)
def test_kept_apart_after_the_twentieth_read(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Polish dż for English j, read from the written letters.
        ("Dżamszid", "Jamshid"),
        ("Dżunajd", "Junaid"),
        ("Dżamila", "Jamila"),
    ],
)
def test_polish_dz_with_a_dot_is_j(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_plain_dz_is_not_j() -> None:
    # Without the dot it is a Slavic dz (Belarusian Nadzeya), not read as j.
    assert both_ways("Dzamila", "Jamila") < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Belarusian akanye: the unstressed o of a woman's name written a. The first-a
        # rule parted these from round 20 to round 22 (Aksana / Oksana was a miss of the
        # twenty-first read, Alesia / Olesia of the twenty-second).
        ("Alena", "Olena"),
        ("Aksana", "Oksana"),
        ("Alesia", "Olesia"),
        ("Alha", "Olha"),
    ],
)
def test_belarusian_a_for_o_still_meets(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD
