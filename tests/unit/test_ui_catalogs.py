"""UI catalogs (gettext domain "harbour"): every shipped language has every UI string.

A language ships when it has child-friendly information (translations/<lang>/LC_MESSAGES/
information.po); its staff UI catalog must then be complete too: every msgid of the
template, no fuzzy or empty entries, Babel's checkers pass, and it compiles. The template
itself must match what extraction finds in the code, so a new string cannot be forgotten.
No Qt needed; compiling goes to memory, extraction to tmp_path.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.i18n import DOMAIN, SOURCE_LANGUAGE, content_languages, plurals
from tests.unit.test_plurals import COUNTS, expected_case_count

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / f"{DOMAIN}.pot"

SHIPPED = [code for code in content_languages() if code != SOURCE_LANGUAGE]


def _msgids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def template_ids() -> set[str]:
    return _msgids(_read(POT))


def test_the_ten_languages_ship() -> None:
    assert set(SHIPPED) >= {"fr", "ar", "prs", "ps", "ti", "so", "uk", "ckb", "ur"}


@pytest.mark.parametrize("language", SHIPPED)
def test_ui_catalog_is_complete(language: str, template_ids: set[str]) -> None:
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert path.exists(), f"{language}: no UI catalog {path.relative_to(ROOT)}"
    catalog = _read(path)

    missing = sorted(template_ids - _msgids(catalog))
    assert not missing, f"{language}: {len(missing)} template strings missing, e.g. {missing[:5]}"

    fuzzy = sorted(str(m.id) for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy entries, e.g. {fuzzy[:5]}"

    def empty(message) -> bool:
        forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        return not all(forms)

    untranslated = sorted(str(m.id) for m in catalog if m.id and empty(m))
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated entries, e.g. {untranslated[:5]}"
    )

    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, f"{language}: Babel checkers fail: {problems[:5]}"

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    assert buffer.getvalue(), f"{language}: compiled catalog is empty"


def test_template_is_up_to_date_with_the_code(tmp_path: Path, template_ids: set[str]) -> None:
    extracted = tmp_path / f"{DOMAIN}.pot"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(extracted),
            "app",
            "ui",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    in_code = _msgids(_read(extracted))
    new = sorted(in_code - template_ids)
    gone = sorted(template_ids - in_code)
    assert not new and not gone, (
        f"translations/{DOMAIN}.pot is stale; run the extract command in the README. "
        f"Not in the template: {new[:5]}; no longer in the code: {gone[:5]}"
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_ui_catalog_states_the_projects_plural_rule(language: str) -> None:
    """The Plural-Forms header is the project's rule (app/i18n/plurals.py), never what the
    installed Babel would derive, and every plural entry has one filled form per index of
    that rule. Which word each count gets is tests/unit/test_plurals.py's table test."""
    po = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert plurals.declared_plural_forms(po.read_bytes()) == plurals.plural_forms(language)
    nplurals = plurals.rule(language).nplurals
    for message in _read(po):
        if message.id and message.pluralizable:
            assert len(message.string) == nplurals and all(message.string), (language, message.id)


def test_compiled_catalogs_keep_every_languages_plural_rule(tmp_path: Path) -> None:
    """The .mo an installer ships (``tools/ui_catalog.py compile``) states the project's
    rule in both domains and says the case count as the grammar table expects."""
    import gettext

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import ui_catalog
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert ui_catalog.compile_all(tmp_path) == 0
    for language in SHIPPED:
        compiled = {}
        for domain in (DOMAIN, "information"):
            with (tmp_path / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
                compiled[domain] = gettext.GNUTranslations(handle)
            stated = compiled[domain].info()["plural-forms"]
            assert stated == plurals.plural_forms(language), (language, domain)
        said = {
            n: compiled[DOMAIN].ngettext("{count} case", "{count} cases", n).format(count=n)
            for n in COUNTS
        }
        assert said == {n: expected_case_count(language, n) for n in COUNTS}, language
