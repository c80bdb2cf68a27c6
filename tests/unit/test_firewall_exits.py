"""[R3][G9][G10] Every way a child's data can leave this laptop, listed by hand.

A document or export leaves only through ``app.storage.outputs.write_private`` (files a
person saves), Qt printing (``QPrinter``, ``QPrintDialog``, ``QPdfWriter``), the clipboard,
or — once sync exists — a bundle or the network. This test reads the source of app/ and
ui/ and fails when such a call appears in a function that is not in ``EXITS`` below, each
named with what guards it, so that a new way out cannot be added unchecked. The guards
themselves are tested where they live (test_referrals_service.py: a referral form's data
is refused without a recipient and a recorded basis; test_referral_stats.py: no small
cell in the statistics).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.domain import referral as rules

ROOT = Path(__file__).resolve().parents[2]

EXIT_CALL = re.compile(
    r"\bwrite_private\(|QPrinter\b|QPrintDialog\b|QPdfWriter\b|setClipboard|clipboard\(\)\.set"
    r"|\.setMimeData\(|urlopen\(|httpx\.|requests\.|socket\.|bundle_write|export_bundle"
)

# (file, function) -> what guards it.
EXITS: dict[tuple[str, str], str] = {
    ("app/storage/outputs.py", "write_private"): "the one writer itself: never into a vault",
    (
        "app/services/files.py",
        "save_age_record_pdf",
    ): "RECORD_ASSESSMENT; the child's own age-assessment record, audited as a print",
    (
        "app/services/files.py",
        "save_referral_pdf",
    ): "PRINT_REFERRAL; referrals.form_data refuses without recipient and basis [G9][R3]",
    (
        "app/services/referrals.py",
        "save_stats_csv",
    ): "PRINT_REFERRAL; aggregate counts only, small cells suppressed [G15]; audited",
    # The desktop's referral printing (ui/printing.py): the same guards as the PDF, asked
    # again before the print dialog opens (referrals.sharing_problems).
    ("ui/printing.py", "__init__"): "holds the dialog and printer; prints nothing",
    (
        "ui/printing.py",
        "_open_dialog",
    ): "opened only after sharing_problems found nothing missing [G9][R3]; PRINT_REFERRAL",
    (
        "ui/printing.py",
        "_on_dialog_accepted",
    ): "referrals.form_data (PRINT_REFERRAL, recipient and basis [G9][R3], audited [G10])",
    (
        "ui/printing.py",
        "render_onto_printer",
    ): "draws only the PDF that files.referral_pdf built from referrals.form_data",
    # Sync (issue 16): data leaves only sealed under the centre's content key (AES-256-GCM,
    # the server holds no key), to the organisation's own server or a device of the same
    # centre; never to a recipient, so no referral basis applies [R3].
    ("app/sync/client.py", "__init__"): "the HTTP client of the enrolled server; sends nothing",
    (
        "app/sync/client.py",
        "_request",
    ): "only wire models of app/sync/wire.py: sealed values and routing metadata; pin checked",
    ("app/sync/client.py", "_peer_fingerprint"): "reads the server's certificate; sends nothing",
    (
        "app/services/sync.py",
        "enrol",
    ): "CHANGE_SETTINGS; sends a one-time code, device name and public keys, no child's data",
    (
        "app/services/sync.py",
        "export_bundle",
    ): "READ_CASE; sealed changes of this centre, signed, encrypted to a device or passphrase",
    ("app/cli_sync.py", "work"): "the CLI's calls of sync.enrol / sync.export_bundle (above)",
    ("app/sync/client.py", "ca_context"): "builds the CA-checking TLS context; sends nothing",
    # The installed program's self-test (ui/selftest.py): synthetic data only, in a
    # temporary folder; nothing of a vault is read.
    (
        "ui/selftest.py",
        "_chart_and_pdf_page",
    ): "prints a synthetic PDF page to a PDF file in the self-test's temporary folder",
    (
        "ui/selftest.py",
        "_sync_client",
    ): "asks /health of a server the self-test itself runs on 127.0.0.1; no vault, no child",
}


def exits_in_source() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for folder in ("app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text("utf-8")
            if not EXIT_CALL.search(source):
                continue
            tree = ast.parse(source)
            lines = source.splitlines()
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                body = "\n".join(lines[node.lineno - 1 : node.end_lineno])
                own = [
                    n for n in ast.walk(node) if n is not node and isinstance(n, ast.FunctionDef)
                ]
                for inner in own:  # a nested function counts for itself
                    body = body.replace("\n".join(lines[inner.lineno - 1 : inner.end_lineno]), "")
                code = "\n".join(
                    line.split("#", 1)[0] for line in body.splitlines() if '"""' not in line
                )
                if EXIT_CALL.search(code):
                    found.add((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_way_out_of_the_laptop_is_listed_with_its_guard() -> None:
    unlisted = exits_in_source() - set(EXITS)
    assert unlisted == set(), f"a new way out of the laptop: name its check in EXITS {unlisted}"


def test_R3_no_referral_type_or_recipient_kind_is_immigration_enforcement() -> None:
    for referral_type in rules.ReferralType:
        assert not rules.enforcement_word(referral_type.value.replace("_", " "))
        assert rules.RecipientKind.IMMIGRATION_ENFORCEMENT not in rules.allowed_recipients(
            referral_type
        )
    allowed = {kind for kinds in rules.RECIPIENTS.values() for kind in kinds}
    assert not allowed & rules.FORBIDDEN_RECIPIENTS
