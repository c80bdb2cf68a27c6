"""The plural rule of every shipped language: a decision of this project, held here only.

gettext picks a translation's plural form by evaluating the catalog's ``Plural-Forms``
expression; the translator fills ``msgstr[0]``, ``msgstr[1]`` ... in the order that
expression numbers them. The rule must therefore not change behind the translators' back,
and it used to: the catalogs and the tests took whatever ``babel.messages.plurals.
get_plural`` said, and Babel 2.19 says something else than Babel 2.18 for French, Arabic,
Persian, Tigrinya and (in wording only) Ukrainian: 2.18's table was gathered by hand from
other projects' catalogs ("Arabic - From Pootle's PO's"), 2.19's is generated from CLDR.

So the rule of each language is written down here, with why. The catalog tools
(``tools/ui_catalog.py``, ``tools/information_catalog.py``) write it into every catalog's
header, the app's in-memory compiler (``app.i18n``) puts it in when a catalog lacks it, and
the tests compare the catalogs with this table, never with Babel.

Where CLDR has a rule we follow it: CLDR 49, the version Babel 2.19 ships
(``babel.core.get_global("cldr")``). The rules of these languages are the same in CLDR 47,
which Babel 2.18 ships. The indices follow CLDR's category order (zero, one, two, few,
many, other), as Babel 2.19 numbers them too. Counts in Harbour are whole
numbers, so CLDR's categories for fractions are not given a form of their own.

No Qt and no Babel needed: the tools and the tests import this alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The CLDR release the rules below follow (checked against Babel's data; see the module
#: docstring). Changing a rule is a project decision with its own commit: the forms of
#: every plural entry must then be reordered by someone who reads the language.
CLDR_VERSION = "49"

#: Where the decision lives, named in every catalog's header comment.
WHERE = "app/i18n/plurals.py"

#: Header-comment lines the catalog tools own begin with this.
COMMENT_PREFIX = "# Plural-Forms"


@dataclass(frozen=True)
class PluralRule:
    nplurals: int
    expression: str  # a C expression of n, as gettext evaluates it
    categories: tuple[str, ...]  # what msgstr[0], msgstr[1] ... stand for
    cldr: bool = True  # False: CLDR has no rule for the language; ours is our own

    @property
    def plural_forms(self) -> str:
        """The value of the catalog's ``Plural-Forms`` header."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def header_comment_lines(self, code: str) -> list[str]:
        """The lines a catalog's header comment gives the rule (under 77 characters, as
        Babel rewraps longer ones)."""
        if self.cldr:
            source = (
                f"{COMMENT_PREFIX}: the CLDR {CLDR_VERSION} rule for {code}, as {WHERE} decides."
            )
        else:
            source = f"{COMMENT_PREFIX}: no CLDR rule for {code}; {WHERE} decides it."
        if len(self.categories) == 1:
            order = "one form for every number"
        else:
            order = ", ".join(self.categories)
        return [source, f"{COMMENT_PREFIX} order: {order}."]


PLURAL_RULES: dict[str, PluralRule] = {
    # French. CLDR: one = i in 0..1 (0 and 1 take the singular: "0 dossier"), many = exact
    # millions, other. A million is a noun in French and keeps "de" even in digits:
    # "1 000 000 de dossiers" (Larousse, "million"). The common two-form gettext rule
    # (n > 1) would write "1000000 dossiers".
    "fr": PluralRule(3, "(n==0 || n==1 ? 0 : n%1000000==0 ? 1 : 2)", ("one", "many", "other")),
    # Arabic: the usual gettext rule for Arabic, which numbers the forms in CLDR's order.
    # zero 0; one 1; two 2 (the dual); few n%100 in 3..10 (genitive plural: 3 ملفات); many
    # n%100 in 11..99 (accusative singular: 13 ملفًا); other the rest, i.e. n%100 in 0..2
    # from 100 on (genitive singular: 100 ملف, 101 ملف). Babel 2.18's rule numbered the
    # last two the other way round.
    "ar": PluralRule(
        6,
        "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)",
        ("zero", "one", "two", "few", "many", "other"),
    ),
    # Dari (ISO 639-3 prs): CLDR has no rule (nor locale) for it. Like Persian, Dari puts
    # the noun in the singular after every numeral ("۵ پرونده", five files), so one form
    # serves every number. CLDR's Persian one/other split (fa: one = i = 0 or n = 1)
    # separates categories whose words are the same after a numeral; a second form would
    # only be a copy for the translator to keep in step.
    "prs": PluralRule(1, "0", ("other",), cldr=False),
    # Pashto. CLDR: one = n is 1; other (0 too).
    "ps": PluralRule(2, "(n != 1)", ("one", "other")),
    # Tigrinya. CLDR: one = n in 0..1; other. Babel 2.18 had no entry and fell back to
    # English's (n != 1).
    "ti": PluralRule(2, "(n > 1)", ("one", "other")),
    # Somali. CLDR: one = n is 1; other.
    "so": PluralRule(2, "(n != 1)", ("one", "other")),
    # Ukrainian. CLDR: one = n%10 is 1 but not n%100 11; few = n%10 in 2..4 but not n%100
    # in 12..14; many = the other whole numbers; other = fractions only (no form here, as
    # counts are whole). For whole numbers "(n%100<10 || n%100>=20)" with n%10 in 2..4 is
    # CLDR's "n%100 not in 12..14"; this is the expression gettext's manual gives.
    "uk": PluralRule(
        3,
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
        ("one", "few", "many"),
    ),
    # Central Kurdish (Sorani). CLDR: one = n is 1; other.
    "ckb": PluralRule(2, "(n != 1)", ("one", "other")),
    # Urdu. CLDR: one = i is 1 and v is 0 (for whole numbers: n is 1); other.
    "ur": PluralRule(2, "(n != 1)", ("one", "other")),
}


def rule(language: str) -> PluralRule:
    """The project's plural rule of ``language``; LookupError for a language without one
    (a new language needs its rule decided here first)."""
    try:
        return PLURAL_RULES[language]
    except KeyError:
        raise LookupError(f"no plural rule decided for {language!r}: add one to {WHERE}") from None


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` header value of ``language``'s catalogs."""
    return rule(language).plural_forms


def same_rule(a: str, b: str) -> bool:
    """Whether two Plural-Forms values are the same text but for spaces and a final ``;``."""

    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", value).rstrip(";")

    return squeeze(a) == squeeze(b)


_HEADER = re.compile(r'^msgid ""\nmsgstr ""\n((?:"(?:[^"\\\n]|\\.)*"\n)*)', re.MULTILINE)
_HEADER_BYTES = re.compile(_HEADER.pattern.encode(), re.MULTILINE)


def declared_plural_forms(po: bytes | str) -> str | None:
    """The Plural-Forms a .po file's header states, as written, or None when it states
    none (``pybabel update`` with Babel 2.18 drops it for a language CLDR does not know).

    Babel's reader cannot tell: for a header without it, the catalog answers with the
    rule Babel derives from the locale."""
    text = po.decode("utf-8") if isinstance(po, bytes) else po
    found = _HEADER.search(text.replace("\r\n", "\n"))
    if found is None:
        return None
    value = "".join(line[1:-1] for line in found.group(1).splitlines())
    value = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), value)
    for line in value.splitlines():
        name, _, rest = line.partition(":")
        if name.strip().lower() == "plural-forms":
            return rest.strip()
    return None


def with_plural_forms(po: bytes, value: str) -> bytes:
    """``po`` (a .po file stating no Plural-Forms) with the header line ``Plural-Forms:
    value`` added after Language-Team, where Babel writes it (first in the header when there
    is no Language-Team; a file without a header entry gets one).

    A catalog must be read with its rule already in the header: Babel's reader keeps only
    as many forms per entry as the rule it assumes while reading (Babel 2.18 even fixes that
    number at the first look), so setting the rule afterwards would lose forms."""
    line = f'"Plural-Forms: {value}\\n"\n'.encode()
    text = po.replace(b"\r\n", b"\n")
    found = _HEADER_BYTES.search(text)
    if found is None:
        return b'msgid ""\nmsgstr ""\n' + line + b"\n" + text
    at = found.start(1)
    in_team = False
    for physical in found.group(1).splitlines(keepends=True):
        if physical.startswith(b'"Language-Team:'):
            in_team = True
        if in_team and physical.rstrip(b"\n").endswith(b'\\n"'):
            return text[: at + len(physical)] + line + text[at + len(physical) :]
        at += len(physical)
    return text[: found.start(1)] + line + text[found.start(1) :]


def with_header_comment(comment: str, language: str) -> str:
    """``comment`` (a catalog's header comment) with the rule's lines in place of any
    earlier ones, before the closing ``#`` line when there is one."""
    lines = [line for line in comment.splitlines() if not line.startswith(COMMENT_PREFIX)]
    ours = rule(language).header_comment_lines(language)
    if lines and lines[-1].strip() == "#":
        return "\n".join([*lines[:-1], *ours, lines[-1]])
    return "\n".join([*lines, *ours])
