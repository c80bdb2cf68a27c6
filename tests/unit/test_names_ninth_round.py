"""Name rules added for issue 17 after the eighth labelled name set was reported.

Tuned on every set but the ninth's held-out half (tests/data/README-name-pairs.md has the
labelling policy). Each family both ways, with the pairs it must keep apart beside the ones
it must join; the examples come from the standards and grammars each rule cites in
app/domain/orthography.py and app/domain/names.py, not from the labelled sets.
"""

from __future__ import annotations

import pytest

from app.domain.duplicates import NAME_THRESHOLD
from tests.unit.test_names_families import both_ways


# Belarusian dzekanne and cekanne: д and т are said and written дз and ц before a soft
# vowel or ь (orthography.belarusian_cyrillic), so a Belarusian spelling meets the Russian
# and Ukrainian forms and their Latin spellings.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Дзьмітры", "Дмитрий"),
        ("Дзмітры", "Дмитрий"),
        ("Марцін", "Martin"),
        ("Канстанцін", "Konstantin"),
        ("Цімафей", "Timofey"),
        ("Радзівой", "Radivoj"),
    ],
)
def test_belarusian_dz_and_ts_for_soft_d_and_t(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Without і or ў the spelling may be Russian, where ц is ц (Ципора is not Tipora); so a
# Belarusian Мацвей with neither is not read so (its Latin Matsvei is: belarusian_latin).
def test_a_russian_ts_stays_ts() -> None:
    assert both_ways("Ципора", "Tipora") < NAME_THRESHOLD


# Belarusian doubles the soft т it writes ц before я, ю, е (Таццяна; the 2008 orthography
# on doubled soft consonants, as Наталля): a doubled цц before a soft vowel is Belarusian
# without і or ў. Таццяна met Татьяна at 0.00 before (a pair of the eleventh set).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Таццяна", "Татьяна"),
        ("Таццяна", "Tatiana"),
        ("Таццяна", "Tatsiana"),
        ("Таццяна", "Тетяна"),
    ],
)
def test_belarusian_doubled_ts_for_soft_t(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_a_doubled_ts_before_a_hard_vowel_is_no_soft_t() -> None:
    from app.domain import orthography as ortho

    assert ortho.belarusian_cyrillic("Таццяна")[0] == ortho.cyrillic_readings("Татьяна")[0]
    assert ortho.belarusian_cyrillic("Куцца") == ()  # цц before а: not the soft т


# Latin zh after a vowel may be ز (or ظ) and ه, two letters (Azhar أزهر, Mazhar مظهر), and
# is still ж too (Kazakh Ажар).
@pytest.mark.parametrize(("a", "b"), [("Azhar", "أزهر"), ("Mazhar", "مظهر"), ("Azhar", "Ажар")])
def test_latin_zh_as_z_and_h(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_the_h_of_zh_is_still_a_letter() -> None:
    assert both_ways("Azhar", "آذر") < NAME_THRESHOLD  # Azar, another name


# Polish c is ts before a consonant or y too (Polish orthography): Kacper, Wacław, Ignacy.
# The c = k reading stays (Victor = Виктор).
@pytest.mark.parametrize(
    ("a", "b"),
    [("Kacper", "Кацпер"), ("Wacław", "Вацлав"), ("Ignacy", "Игнаций"), ("Victor", "Виктор")],
)
def test_polish_c_before_a_consonant(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Five consonants in one name that is no compound: a foreign name, whose e Arabic script
# writes with ي (names._five_consonants); compounds keep the Arabic rules.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Margareta", "مرغريتا"), ("Kristofer", "كريستوفر"), ("Abdelkarim", "عبد الكريم")],
)
def test_a_long_foreign_name_writes_e_with_ya(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Inside a name an Arabic ا is a long ā: a Latin a (or o) answers it, not an e. At the end
# ه and ة are Persian's -eh, which stays free.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hashem", "هاشم"),
        ("Fares", "فارس"),
        ("Kazem", "كاظم"),
        ("Hisham", "هشام"),
        ("Parvaneh", "پروانه"),
        ("Bahareh", "بهاره"),
        ("Reyhaneh", "ریحانه"),
    ],
)
def test_arabic_long_a_and_persian_final_eh(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hashem", "هشام"), ("Fares", "فراس"), ("Ghanem", "غنام"), ("Nehad", "ناهد")],
)
def test_a_latin_e_is_not_an_arabic_long_a(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# One Chinese or Korean syllable in Wade-Giles or McCune-Reischauer against Pinyin or the
# Revised Romanization (orthography.east_asian_syllable).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gan", "Kan"),
        ("Dong", "Tung"),
        ("Zhong", "Chung"),
        ("Tian", "Tien"),
        ("Xin", "Hsin"),
        ("Zhou", "Chou"),
        ("Zeng", "Tseng"),
        ("Bak", "Pak"),
        ("Gang", "Kang"),
        ("Jang", "Chang"),
    ],
)
def test_wade_giles_and_pinyin_one_syllable(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Vietnamese d, đ and t are three consonants; the vowels still count (Tian / Tuan); and
# Pinyin's three series j/zh/q, z/c and x stay apart from each other and from sh and s
# (Xu / Zhu, Zeng / Zheng), as do the Western names that look like them (Zoe / Joe).
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đào", "Tào"),
        ("Tian", "Tuan"),
        ("Dang", "Dong"),
        ("Xu", "Zhu"),
        ("Zeng", "Zheng"),
        ("Xi", "Shi"),
        ("Zhou", "Shou"),
        ("Zoe", "Joe"),
        ("Jen", "Zen"),
    ],
)
def test_not_every_syllable_is_read_so(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# A doubled consonant before the last vowel is a shadda, after which the patterns say a
# short vowel (tafaʿʿul, mufaʿʿil): Arabic script writes none.
@pytest.mark.parametrize(("a", "b"), [("Tabassum", "تبسم"), ("Mudarris", "مدرس")])
def test_short_vowel_after_a_shadda(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Without the doubling the long-vowel patterns still hold (Karim is كريم, not كرم Karam),
# and so they do after a shadda outside tafaʿʿul and mufaʿʿil: faʿʿūl and faʿʿīl write the
# long vowel (Rassul is رسول, not رسل Rusul; Siddiq صديق, not صدق).
@pytest.mark.parametrize(
    ("a", "b"), [("Karim", "كرم"), ("Mahmud", "محمد"), ("Rassul", "رسل"), ("Siddiq", "صدق")]
)
def test_without_a_shadda_the_patterns_hold(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# Maghrebi spellings write the article as a bare l before a vowel, ʿayn or ḥ.
@pytest.mark.parametrize(
    ("a", "b"),
    [("Larbi", "العربي"), ("Lahcen", "الحسن"), ("Lakhdar", "الأخضر"), ("Lhoussine", "الحسين")],
)
def test_maghrebi_article_as_l(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not where ال is the name's own letters (آلاء Alaa, folded الاء): Lea is not Alaa.
def test_no_bare_l_for_a_short_name() -> None:
    assert both_ways("Lea", "الاء") < NAME_THRESHOLD


# The finals of Wade-Giles (and Korean's final ㄱ) after any initial: -ung is pinyin's
# -ong, -ien its -ian (Yung = Yong, Lien = Lian, Sung = Song).
@pytest.mark.parametrize(
    ("a", "b"), [("Yong", "Yung"), ("Lien", "Lian"), ("Song", "Sung"), ("Long", "Lung")]
)
def test_wade_giles_finals(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# A w after a consonant between two Latin spellings needs a w, v, u or o on the other side.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Edwin", "Edvin"),
        ("Dwayne", "Duane"),
        ("Kwame", "Kuame"),
        ("Khwaja", "Khawaja"),
        ("Najwa", "Nagwa"),
        ("Ashwin", "Aswin"),
        ("Edwin", "Эдвин"),
    ],
)
def test_a_w_glide_answered(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("Diane", "Dwaine"), ("Dan", "Dwan")])
def test_a_w_glide_nothing_answers(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# The Persian ی may be the majhul ē of Dari, Tajik and Urdu, which Latin writes e.
@pytest.mark.parametrize(("a", "b"), [("Jamshed", "جمشید"), ("Khurshed", "خورشید")])
def test_persian_ya_as_majhul_e(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not in the Arabic faʿīl, whose ī the Arabic loans keep whichever ya a keyboard types
# (Salem is سالم, not سلیم Salim; Hamed حامد, not حمید Hamid).
@pytest.mark.parametrize(
    ("a", "b"), [("Salem", "سليم"), ("Salem", "سلیم"), ("Wahed", "وحید"), ("Hamed", "حمید")]
)
def test_faeel_ya_is_not_majhul(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD


# English spellings against their transliterations: wh is w; a soft g is дж or ج; the u of
# a closed syllable (/ʌ/) is written ا in Arabic script.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Whitney", "ويتني"),
        ("Wheeler", "Уилер"),
        ("Gerald", "Джеральд"),
        ("Egidio", "Еджидио"),
        ("Gerhard", "Герхард"),
        ("Judd", "جاد"),
        ("Buster", "باستر"),
    ],
)
def test_english_spellings(a: str, b: str) -> None:
    assert both_ways(a, b) >= NAME_THRESHOLD


# Not the u before r (Hurley is not هارلي Harley), nor before a y (Rudy is not راضي Radi).
@pytest.mark.parametrize(("a", "b"), [("Hurley", "هارلي"), ("Rudy", "راضي")])
def test_no_english_u_before_r_or_y(a: str, b: str) -> None:
    assert both_ways(a, b) < NAME_THRESHOLD
