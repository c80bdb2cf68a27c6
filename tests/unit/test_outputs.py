"""``write_private``: the one way Harbour writes a file a person asked for (issue 11, item 1).

The command line's behaviour is tested for real in tests/integration/test_output_files.py;
here the function itself, with failures the file system rarely gives on demand.
"""

from __future__ import annotations

import ast
import errno
import os
import stat
from pathlib import Path

import pytest

from app import errors
from app.errors import DiskFull, HarbourError, OutputRefused
from app.storage import outputs
from app.storage.outputs import check_output, inside_vault, is_vault_file_name, write_private

ROOT = Path(__file__).resolve().parents[2]
DATA = b"%PDF-1.4 a child's record"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "documents"
    path.mkdir()
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_whole_and_private_whatever_the_umask(folder: Path) -> None:
    old = os.umask(0o002)
    try:
        written = write_private(folder / "record.pdf", DATA)
    finally:
        os.umask(old)
    assert written == folder.resolve() / "record.pdf"
    assert (folder / "record.pdf").read_bytes() == DATA
    assert stat.S_IMODE((folder / "record.pdf").stat().st_mode) == 0o600
    assert leftovers(folder) == ["record.pdf"]


def test_replace_swaps_the_whole_file_and_makes_it_private(folder: Path) -> None:
    out = folder / "record.pdf"
    out.write_bytes(b"old")
    out.chmod(0o644)
    other = folder / "hard-link.pdf"
    os.link(out, other)
    with pytest.raises(errors.OutputExists):
        write_private(out, DATA)
    assert out.read_bytes() == b"old"
    write_private(out, DATA, replace=True)
    assert out.read_bytes() == DATA
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert other.read_bytes() == b"old"  # a rename, not a write into the old file
    assert leftovers(folder) == ["hard-link.pdf", "record.pdf"]


@pytest.mark.parametrize(
    "name",
    [
        "harbour.keys",
        "harbour.lock",
        "harbour-0123456789abcdef.db",
        "harbour-0123456789abcdef.db-wal",
        "harbour-0123456789abcdef.db-shm",
        ".harbour.keys.1a2b3c4d.tmp",
    ],
)
def test_vault_file_names_mark_a_vault_folder(folder: Path, name: str) -> None:
    assert is_vault_file_name(name)
    (folder / name).write_bytes(b"")
    assert inside_vault(folder)
    (folder / "deeper").mkdir()
    assert inside_vault(folder / "deeper")  # anything below a vault folder is in it
    for out, replace in ((folder / "record.pdf", False), (folder / name, True)):
        with pytest.raises(errors.OutputInVault):
            write_private(out, DATA, replace=replace)
        with pytest.raises(errors.OutputInVault):
            check_output(out, replace=replace)
    with pytest.raises(errors.OutputInVault):
        write_private(folder / "deeper" / "record.pdf", DATA)
    assert leftovers(folder) == sorted(["deeper", name])


def test_ordinary_names_do_not(folder: Path) -> None:
    for name in ("harbour.pdf", "harbour-keys.txt", "harbour-01234.db", "record.pdf"):
        assert not is_vault_file_name(name)
        (folder / name).write_bytes(b"")
    assert not inside_vault(folder)


def test_a_link_to_a_vault_folder_or_dotdot_is_resolved_first(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "harbour.keys").write_bytes(b"{}")
    (tmp_path / "alias").symlink_to(vault, target_is_directory=True)
    (tmp_path / "other").mkdir()
    for out in (tmp_path / "alias" / "a.pdf", tmp_path / "other" / ".." / "vault" / "a.pdf"):
        with pytest.raises(errors.OutputInVault):
            write_private(out, DATA)
    assert leftovers(vault) == ["harbour.keys"]


def test_a_link_is_refused_even_with_replace(folder: Path) -> None:
    target = folder / "target.txt"
    target.write_bytes(b"keep")
    (folder / "link.pdf").symlink_to(target)
    (folder / "dangling.pdf").symlink_to(folder / "nowhere.pdf")
    for name in ("link.pdf", "dangling.pdf"):
        for replace in (False, True):
            with pytest.raises(errors.OutputIsLink):
                write_private(folder / name, DATA, replace=replace)
    assert target.read_bytes() == b"keep"
    assert not (folder / "nowhere.pdf").exists()


def test_a_key_slot_file_under_another_name_is_never_replaced(folder: Path) -> None:
    copy = folder / "keys.bak"
    copy.write_text('{"database": "x", "format": "harbour-keyslots", "slots": []}')
    with pytest.raises(errors.OutputInVault):
        write_private(copy, DATA, replace=True)
    assert b"harbour-keyslots" in copy.read_bytes()


@pytest.mark.parametrize(
    ("out", "error"),
    [
        ("", errors.OutputNoName),
        (" ", errors.OutputNoName),
        ("a\0b.pdf", errors.OutputNoName),
        ("{folder}", errors.OutputIsFolder),
        ("{folder}/", errors.OutputIsFolder),
        ("{folder}/..", errors.OutputIsFolder),
        ("{folder}/missing/record.pdf", errors.OutputFolderMissing),
        ("{folder}/missing/", errors.OutputFolderMissing),
        ("{folder}/file.txt/record.pdf", OutputRefused),
        ("/dev/null", errors.OutputNotAFile),
    ],
)
def test_refusals(folder: Path, out: str, error: type[HarbourError]) -> None:
    (folder / "file.txt").write_bytes(b"")
    for replace in (False, True):
        with pytest.raises(error) as caught:
            write_private(out.format(folder=folder), DATA, replace=replace)
        assert "\n" not in str(caught.value)
    assert leftovers(folder) == ["file.txt"]


def _failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int, when=None) -> None:
    real = getattr(os, name)

    def fake(*args, **kwargs):
        if when is None or when(*args):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(outputs.os, name, fake)


@pytest.mark.parametrize(
    ("call", "code", "error"),
    [
        ("write", errno.ENOSPC, DiskFull),
        ("write", errno.EDQUOT, DiskFull),
        ("fsync", errno.ENOSPC, DiskFull),
        ("fsync", errno.EIO, OutputRefused),
        ("open", errno.EROFS, errors.OutputReadOnly),
        ("open", errno.EACCES, errors.OutputNotAllowed),
        ("open", errno.EPERM, errors.OutputNotAllowed),
        ("link", errno.EACCES, errors.OutputNotAllowed),
    ],
)
def test_a_failing_disk_is_one_known_error_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, folder: Path, call: str, code: int, error: type
) -> None:
    # Fail only on the temporary file, never on opening the folder itself.
    when = (lambda path, *a: str(path).endswith(".tmp")) if call == "open" else None
    _failing(monkeypatch, call, code, when)
    with pytest.raises(error) as caught:
        write_private(folder / "record.pdf", DATA)
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    assert leftovers(folder) == []


def test_a_full_disk_while_replacing_keeps_the_old_file(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    out = folder / "record.pdf"
    out.write_bytes(b"old")
    _failing(monkeypatch, "write", errno.ENOSPC)
    with pytest.raises(DiskFull):
        write_private(out, DATA, replace=True)
    monkeypatch.undo()
    assert out.read_bytes() == b"old"
    assert leftovers(folder) == ["record.pdf"]


def test_a_file_that_appears_while_writing_is_kept(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    out = folder / "record.pdf"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        if not out.exists():
            out.write_bytes(b"theirs")

    monkeypatch.setattr(outputs.os, "fsync", someone_else_writes)
    with pytest.raises(errors.OutputExists):
        write_private(out, DATA)
    assert out.read_bytes() == b"theirs"
    assert leftovers(folder) == ["record.pdf"]


def test_a_link_that_appears_before_replacing_is_refused(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    out = folder / "record.pdf"
    out.write_bytes(b"old")
    victim = folder / "victim"
    victim.write_bytes(b"keep")
    real_fsync = os.fsync

    def swap_for_a_link(fd: int) -> None:
        real_fsync(fd)
        if not out.is_symlink():
            out.unlink()
            out.symlink_to(victim)

    monkeypatch.setattr(outputs.os, "fsync", swap_for_a_link)
    with pytest.raises(errors.OutputIsLink):
        write_private(out, DATA, replace=True)
    assert victim.read_bytes() == b"keep"
    assert leftovers(folder) == ["record.pdf", "victim"]


def test_where_hard_links_are_not_allowed_a_checked_rename_is_used(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    _failing(monkeypatch, "link", errno.EPERM)  # FAT, exFAT
    write_private(folder / "record.pdf", DATA)
    assert (folder / "record.pdf").read_bytes() == DATA
    with pytest.raises(errors.OutputExists):
        write_private(folder / "record.pdf", b"again")
    assert (folder / "record.pdf").read_bytes() == DATA
    assert leftovers(folder) == ["record.pdf"]


def test_every_output_message_is_one_line() -> None:
    for name in dir(errors):
        kind = getattr(errors, name)
        if isinstance(kind, type) and issubclass(kind, (OutputRefused, DiskFull)):
            text = str(kind(path="/x/record.pdf", folder="/x", reason="Input/output error"))
            assert "\n" not in text and "{" not in text, name


# ---- one writer: nothing else in app/ or ui/ writes a file a person names ----------------

# Calls that write a file by path. The vault's own files (storage), the settings file and
# the log (app/config.py, app/logs.py) are Harbour's, not a person's choice.
WRITERS = {"write_bytes", "write_text", "getSaveFileName", "getSaveFileUrl"}
OWN_FILES = {
    "app/storage/outputs.py",
    "app/storage/vault.py",
    "app/storage/keyslots.py",
    "app/storage/drop.py",
    "app/storage/filelock.py",
    "app/config.py",
    "app/logs.py",
}
# A maintenance command run by developers (``python -m app.i18n.names``): it writes the
# language-name table shipped in the repository (CLDR data, nothing personal).
KNOWN: set[tuple[str, str]] = {("app/i18n/names.py", "write_text")}


def _writes(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in WRITERS:
            found.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "open"
            and any(
                isinstance(a, ast.Constant)
                and isinstance(a.value, str)
                and set(a.value) & set("wax+")
                for a in [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "mode")]
            )
        ):
            found.add("open")
    return found


def test_files_a_person_names_are_written_only_through_write_private() -> None:
    offenders = set()
    for folder in ("app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = str(path.relative_to(ROOT))
            if rel in OWN_FILES:
                continue
            for call in _writes(path):
                if call != "getSaveFileName":
                    offenders.add((rel, call))
    assert offenders <= KNOWN, offenders - KNOWN
    assert "export_record_pdf" not in (ROOT / "app/cli.py").read_text("utf-8")
    assert "export_record_pdf" not in (ROOT / "ui/age/page.py").read_text("utf-8")


def test_every_save_dialog_saves_through_the_files_service() -> None:
    for path in (ROOT / "ui").rglob("*.py"):
        text = path.read_text("utf-8")
        if "getSaveFileName" in text:
            assert "file_service.save_" in text, path
