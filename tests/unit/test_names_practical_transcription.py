"""A name written by how it is said, in another script (issue 17, rule families of the
thirteenth round). Each is a further reading, so nothing that met before is parted:

- Western European names in Russian practical transcription (R. S. Gilyarevsky and B. A.
  Starostin, Иностранные имена и названия в русском тексте, 1985; D. I. Ermolovich, Имена
  собственные: теория и практика межъязыковой передачи, 2005): ``orthography.
  in_russian_practice``, read only against Cyrillic script (``names.IN_CYRILLIC``) and only
  in a name that shows its language.
- English names as Arabic script writes them (the a-e and ur correspondences of English
  spelling, E. Carney, A Survey of English Spelling, 1994): ``orthography.english_said``,
  read only against Arabic script.
- The Tunisian and Algerian imāla, a long ā said and written e before the last consonant
  (``names._vowel_factor``), not where the Latin is a name of the participle fāʿil.
- Turkish forms of Arabic names (Hüseyin, -ettin, TDK's Mehmet, Hatice, Bekir) and an
  Arabic final ى against a Persian or Urdu ا.
- The inherent vowel of the Indic scripts (The Unicode Standard, ch. 12; Ohala's schwa
  deletion; Bengali's ô written o or a): ``orthography.indic_reading``.

Measured on the tuning data (11,728 pairs, names only, at the shipped threshold): 30 pairs
right that were wrong, 2 wrong that were right (Edoeard / Эдер, Барэт / برات). The Indic
scripts are in none of the labelled sets; measured on rigour's Wikidata lexicon (items with
one Latin form, unreviewed labels; 1,500 Bengali items not looked at while the rules were
written):
Bengali recall 0.763 -> 0.931 (false meets 10 -> 9 of 1,475), Devanagari 0.561 -> 0.853,
Gurmukhi 0.613 -> 0.929. A second reader's lists (Arabic, Ukrainian, Central Asian,
Bengali, Hindi and Punjabi names) found the first version's Russian readings, applied to
every Latin name, made Samir meet Замир and Halim Алим; they now need the spelling to show
its language. Synthetic names only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import orthography as ortho
from app.domain.duplicates import NAME_THRESHOLD, Profile, score


def name_score(a: str, b: str) -> float:
    return score(Profile((a,)), Profile((b,))).name_score


def both_ways(a: str, b: str) -> float:
    return min(name_score(a, b), name_score(b, a))


def either_way(a: str, b: str) -> float:
    return max(name_score(a, b), name_score(b, a))


# Gilyarevsky and Starostin's tables, one or two names a rule: Spanish j and g before e, i
# are х; a Romance initial h is not said; French final consonants are silent, ai is э, j
# and g before e, i are ж; Portuguese s before a consonant is ш and ão ан; German s before
# a vowel is з, ie и, ch х, and h before a vowel г; Italian z is ц.
@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("José", "Хосе"),
        ("Juan", "Хуан"),
        ("Jorge", "Хорхе"),
        ("Jacinto", "Хасинто"),
        ("Jerónimo", "Херонимо"),
        ("Hernando", "Эрнандо"),
        ("Hugo", "Уго"),
        ("Héctor", "Эктор"),
        ("Gérard", "Жерар"),
        ("Laurent", "Лоран"),
        ("Bernard", "Бернар"),
        ("Gilbert", "Жильбер"),
        ("Régis", "Режи"),
        ("Servais", "Серве"),
        ("Sebastião", "Себаштиан"),
        ("Heitor", "Эйтор"),
        ("Sigrid", "Зигрид"),
        ("Siegmund", "Зигмунд"),
        ("Hedwig", "Гедвиг"),
        ("Richard", "Рихард"),
        ("Galeazzo", "Галеаццо"),
    ],
)
def test_a_western_name_meets_its_russian_practical_transcription(
    latin: str, cyrillic: str
) -> None:
    assert both_ways(latin, cyrillic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A final s after a vowel other than ai, oi is the Latin and Greek ending, which
        # Russian keeps or makes -ий: not a silent French s.
        ("Arsenius", "Арсений"),
        ("Vasileios", "Василий"),
        ("Annet", "Аннэ"),  # a final t after a vowel is said (Dutch Annet)
        ("Zofia", "Софія"),  # an initial z is no Italian ц
        # A name that shows no Western language is not read by one (a second reader's
        # lists: Arabic, Ukrainian and Central Asian names against other names).
        ("Samir", "Замир"),
        ("Sara", "Зара"),
        ("Sahar", "Захар"),
        ("Halim", "Алим"),
        ("Halyna", "Алина"),
        ("Hira", "Ира"),
        ("Hemin", "Эмин"),
        ("Jalil", "Халил"),
        ("Jan", "Хан"),
        ("Olha", "Алла"),
        ("Anand", "Анан"),
        ("Armend", "Армен"),
        # Between two Latin spellings the readings do not apply: Hernando is not Ernando.
        ("Hernando", "Ernando"),
        ("Jorge", "Khorkhe"),
    ],
)
def test_russian_practice_does_not_join_other_names(a: str, b: str) -> None:
    assert either_way(a, b) < NAME_THRESHOLD


def test_russian_practice_readings() -> None:
    assert "khose" in ortho.in_russian_practice("José", "jose")
    assert "ernando" in ortho.in_russian_practice("Hernando", "hernando")
    assert "sebashtian" in ortho.in_russian_practice("Sebastião", "sebastiao")
    assert "zigmund" in ortho.in_russian_practice("Siegmund", "siegmund")
    assert "serve" in ortho.in_russian_practice("Servais", "servais")
    # Portuguese ão only where the name writes the tilde.
    assert "sebastian" not in ortho.in_russian_practice("Sebastiao", "sebastiao")


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("James", "جيمس"),
        ("Drake", "دريك"),
        ("Kate", "كيت"),
        ("Jane", "جين"),
        ("Dave", "ديف"),
        ("Burt", "بيرت"),
        ("Burke", "بيرك"),
    ],
)
def test_an_english_name_meets_its_arabic_spelling(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    # An Arabic name's Latin e before its last consonant is a short i, not the English
    # long a: Samer سامر is not سمير Samir, Nader نادر not نذير, Maher not مهير.
    [
        ("Samer", "سمير"),
        ("Nader", "نذير"),
        ("Maher", "مهير"),
        # Egyptian spellings end an Arabic name in -y, which is no English long a.
        ("Ramy", "ريمي"),
        ("Hady", "هيدي"),
        ("Samy", "سيمي"),
    ],
)
def test_the_english_reading_leaves_arabic_names_apart(latin: str, arabic: str) -> None:
    assert either_way(latin, arabic) < NAME_THRESHOLD


def test_english_said() -> None:
    assert ortho.english_said("james") == "jems"
    assert ortho.english_said("burt") == "bert"
    assert ortho.english_said("drake") == "drek"
    assert ortho.english_said("samer") == ""  # no final e, y, ey or ie after the a
    assert ortho.english_said("hamid") == ""
    assert ortho.english_said("ramy") == ""  # not before a final y


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hüseyin", "Hussein"),
        ("Huseyin", "Husain"),
        ("Hüseyin", "Хусейн"),
        ("Hüseyin", "حسين"),
        ("Nurettin", "Nureddin"),
        ("Nurettin", "نور الدين"),
        ("Mehmet", "Mohammed"),
        ("Mehmet", "محمد"),
        ("Hatice", "Khadija"),
        ("Bekir", "Bakr"),
    ],
)
def test_turkish_forms_meet_the_arabic_names(a: str, b: str) -> None:
    """Turkish breaks Ḥusayn's final -yn with an i (Hüseyin), writes ad-Dīn -ettin
    (Nurettin), and has forms of its own (TDK: Mehmet, Hatice, Bekir); each met its Arabic
    name's usual spelling at 0.00 to 0.69."""
    assert both_ways(a, b) >= NAME_THRESHOLD


@pytest.mark.parametrize(("a", "b"), [("ليلى", "لیلا"), ("سلمى", "سلما"), ("هدى", "هدا")])
def test_a_final_alif_maqsura_meets_a_final_alif(a: str, b: str) -> None:
    """Persian and Urdu write an Arabic name's final ى as ا: ليلى / لیلا met at 0.00."""
    assert both_ways(a, b) >= NAME_THRESHOLD


def test_a_final_persian_ye_stays_an_i() -> None:
    assert either_way("سامي", "ساما") < NAME_THRESHOLD  # Sami is not Sama


def test_ayesha_meets_aicha() -> None:
    """The South Asian Ayesha and the Maghrebi Aïcha, both عائشة: 0.00 before."""
    assert both_ways("Aïcha", "Ayesha") >= NAME_THRESHOLD


def test_huseyin_stays_apart_from_hasan() -> None:
    assert either_way("Hüseyin", "Hassan") < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Hichem", "هشام"),
        ("Bilel", "بلال"),
        ("Wissem", "وسام"),
        ("Ibtissem", "ابتسام"),
        ("Ahlem", "أحلام"),
        ("Sofiene", "سفيان"),
        # After an a, where the participle fāʿil of those letters is no name.
        ("Djamel", "جمال"),
        ("Manel", "منال"),
        ("Hassen", "حسان"),
        ("Ghassen", "غسان"),
        ("Hanen", "حنان"),
    ],
)
def test_the_maghrebi_imala_meets_the_arabic_long_a(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Hashem", "هشام"), ("Fares", "فراس"), ("Ghanem", "غنام"), ("Salem", "سلام")],
)
def test_the_imala_leaves_the_participle_apart(latin: str, arabic: str) -> None:
    assert either_way(latin, arabic) < NAME_THRESHOLD


@pytest.mark.xfail(
    strict=True,
    reason="known gap: كامل Kamil is a name, so after its a the e of Kamel is read as "
    "that participle's short i and the imāla reading of كمال Kamal is not tried",
)
@pytest.mark.parametrize(("latin", "arabic"), [("Kamel", "كمال")])
def test_known_gap_imala_after_a(latin: str, arabic: str) -> None:
    assert both_ways(latin, arabic) >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("indic", "latin"),
    [
        ("রহিম", "Rahim"),
        ("করিম", "Karim"),
        ("করিম", "Korim"),
        ("সুমন", "Sumon"),
        ("সুমন", "Suman"),
        ("রহমান", "Rahman"),
        ("মিজানুর", "Mizanur"),
        ("তানভীর", "Tanvir"),
        ("মমতা", "Mamata"),
        ("মমতা", "Momota"),
        ("ইয়াসমিন", "Yasmin"),
        ("ইউসুফ", "Yusuf"),
        ("ইউনুস", "Yunus"),
        ("আবু সাঈদ", "Abu Sayed"),
        ("জাভেদ", "Javed"),
        ("আনোয়ার", "Anwar"),
        ("নুসরাত", "Nusrat"),
        ("আব্দুর রহমান", "Abdur Rahman"),
        ("মোহাম্মদ আবদুল্লাহ", "Mohammad Abdullah"),
        ("ਹਰਪ੍ਰੀਤ", "Harpreet"),
        ("ਮਨਪ੍ਰੀਤ", "Manpreet"),
        ("ਸਿੰਘ", "Singh"),
        ("ਅਰਸ਼ਦੀਪ", "Arshdeep"),
        ("ਜਸਕਰਨ", "Jaskaran"),  # Gurmukhi writes no virama: the deletion from the left
        ("ਹਰਸ਼ਦੀਪ", "Harshdeep"),  # ... and of every vowel a syllable follows
        ("ਸਹਿਜਪ੍ਰੀਤ", "Sehajpreet"),  # Punjabi e before ਹਿ (met at 0.83, then 0.00)
        ("ਮਹਿਕ", "Mehak"),
        ("বিশ্বজিৎ", "Biswajit"),  # the ba-phala is w
        ("मोहम्मद", "Mohammad"),
        ("नरेंद्र", "Narendra"),
        ("अमरजीत", "Amarjeet"),
        ("चन्द्र", "Chandra"),
        ("इमरान", "Imran"),
    ],
)
def test_an_indic_name_meets_its_latin_spelling(indic: str, latin: str) -> None:
    assert both_ways(indic, latin) >= NAME_THRESHOLD


@pytest.mark.xfail(
    strict=True,
    reason="known gap: a final inherent vowel after a conjunct other than r is not said "
    "(कृष्ण reads krishn), so the Latin final a counts as the feminine ending",
)
def test_known_gap_a_final_conjunct() -> None:
    assert both_ways("कृष्ण", "Krishna") >= NAME_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("করিম", "Kabir"),
        ("রহিম", "Rohan"),
        ("সুমন", "Sima"),
        ("রহিম", "Rahima"),  # the masculine and the feminine name
        ("মনির", "Monira"),
        ("জাহিদ", "Zahida"),
        ("জাভেদ", "Zaid"),
        ("সৌরভ", "Sara"),
        # One consonant apart is another name, as between Cyrillic and Latin.
        ("नरेंद्र", "Rajendra"),
        ("ਗੁਰਵਿੰਦਰ", "Harwinder"),
    ],
)
def test_indic_readings_leave_other_names_apart(a: str, b: str) -> None:
    assert either_way(a, b) < NAME_THRESHOLD


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("রহমান", "rahman"),  # Ohala: the a between h and m, before a vowel, is not said
        ("हरप्रीत", "harprit"),
        ("अमरजीत", "amarjit"),  # a consonant that lost its vowel is no conjunct
        ("मोहम्मद", "mohammad"),  # not before a doubled consonant
        ("अनन्या", "ananya"),  # nor before a conjunct that cannot begin a syllable
        ("ইউসুফ", "yusuph"),  # ই before a vowel letter is y
        ("नरेंद्र", "narendra"),  # said after a conjunct with r at the end
        ("ਸਿੰਘ", "singh"),  # the tippi before a velar is n
        ("ইয়াসমিন", "yasmin"),  # ই য় at the start is y
        ("ওয়াকার", "wakar"),  # ও য় is w
        ("অ্যালান", "alan"),  # অ্যা is the English a
        ("শ্যামলী", "shyamli"),  # the ya-phala after a consonant is y
        ("ज़ैनब", "zainab"),  # the nukta: ज़ is z
    ],
)
def test_indic_reading(word: str, reading: str) -> None:
    assert ortho.indic_reading(word) == reading


def test_bengali_reads_o_and_every_inherent_vowel() -> None:
    assert ortho.indic_reading("করিম", "o") == "korim"
    assert ortho.indic_reading("মমতা", "o", medial=False) == "momota"
    assert ortho.indic_reading("কৃষ্ণ", final=True, medial=False) == "krishna"


def test_registered_one_way_found_written_the_other(vault_dir: Path) -> None:
    """Through the vault's own index: the duplicate check finds a child registered in
    Latin letters when the name is typed as Russian, Arabic or Bengali script write it."""
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import auth, cases
    from tests.conftest import MANAGER, MANAGER_PASS

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        for latin, typed in (("Hernando", "Эрнандо"), ("James", "جيمس"), ("Rahim", "রহিম")):
            draft = CaseDraft(names=Names(given=latin, family="Test"), birth=Birth(declared_age=15))
            case_id = cases.register_case(session, draft).id
            again = CaseDraft(names=Names(given=typed, family="Test"), birth=Birth(declared_age=15))
            found = [c.row.id for c in cases.find_duplicates(session, again)]
            assert case_id in found, typed
    finally:
        session.close()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "are the same name in Bengali and Latin script"),
        ("ar", "بالخط البنغالي والخط اللاتيني"),
        ("fr", "en écriture bengalie et latine"),
    ],
)
def test_a_reason_names_the_scripts_in_the_users_language(language: str, expected: str) -> None:
    """The reason said "in Other and Latin script" for a Bengali name, and the English
    words "Arabic" and "Latin" inside an Arabic sentence (duplicates.SCRIPT_NAMES)."""
    from app.domain.duplicates import Profile as P
    from app.i18n import set_language
    from app.services.cases import _reason_text

    reasons = score(P(("রহিম",)), P(("Rahim",))).reasons
    set_language(language)
    try:
        texts = [_reason_text(r) for r in reasons]
    finally:
        set_language("en")
    assert any(expected in t for t in texts), texts
    assert not any("Other" in t for t in texts)
