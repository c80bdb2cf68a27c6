"""Fuzz the command line's input files (issue 11, "Must show"): mutated CSV and JSON.

    .venv/bin/python tools/fuzz_inputs.py --csv 1000 --json 1000 --seed 11

One vault is made with the test suite's cheap Argon2id cost (1 MiB, 1 pass, 1 lane). Each
case takes a valid sheet (``case import --csv``) or case file (``case add --json``) from a
small corpus (Arabic, Dari with its ZWNJ, Tigrinya, Cyrillic, Somali and Latin names;
answers, languages, family, documents, consents) and applies 1-3 seeded mutations:

- byte level: flip, overwrite, insert (random bytes, zero bytes, byte order marks, ESC
  sequences, U+202E, invisible characters, a 140,000-character run, a 5,000-digit
  number), delete, duplicate, truncate; re-encode the whole file as UTF-16, UTF-32,
  Latin-1 or Windows-1252, or add a UTF-8 byte order mark;
- CSV shape: duplicate, rename, pad, upper-case, drop or add header names; add, drop or
  quote cells (with line breaks inside); rows longer or shorter than the header; blank
  rows; a cell set to a value from a pool of hostile and borderline values ("maybe",
  "1_5", "+2010", "٢٠١١", "2010-13", controls, invisible-only names, ZWNJ names ...);
- JSON shape: any value set to one from a pool (true, 1, 15.0, "15", null, [], {}, huge
  numbers and strings, deep nesting, names with controls), keys added, dropped or
  renamed, the whole wrapped in a list, duplicate keys, raw number literals.

Each input runs through ``app.cli.main`` in this process (``--process``: the real
program). Counted, each must be 0 (exit status 1 otherwise):

  tracebacks     an exception out of ``main`` (in process) or "Traceback" on stderr
  half-written   the vault's case count after the command differs from the count
                 before plus what the command said it saved (0 when it refused)
  not one line   a refusal whose stderr is not exactly one ``harbour: `` line
  raw terminal   a control character or direction override printed raw
  lost           an accepted input that was not stored whole: for JSON every value of
                 the file must be in the stored case (strings compared in NFC, names
                 with their spaces made single); for CSV every name cell of every row

The last line printed is the figures as one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MANAGER = ("Manager One", "anchor lighthouse 42 tide")
DEEP = "deep-nesting-"  # a value replaced by that many nested lists in the text
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# -- the corpus ----------------------------------------------------------------------------
SHEETS = [
    "given,family,given_latin,family_latin,sex,birth_date,nationalities,languages,"
    "accompaniment,adult_relation\n"
    "يوسف,حداد,Yusuf,Haddad,male,2010-05-02,SY,apc,unaccompanied,\n"
    "Hodan,Nuur,,,female,2011-01-01,SO,som,,\n"
    "Robel,,,,male,2011,ER,tir,accompanied,uncle\n"
    "Dawit,Kidane,,,declined,2011-07,ER,tir,,\n",
    "given,family,declared_age,interpreter_needed,arrival_date,arrival_place,aliases\n"
    "گل\u200cاحمد,رحیمی,15,yes,2026-03-01,Lampedusa,Gul Ahmad;Gulahmad\n"
    "Олександр,Шевченко,16,no,2026-02-11,Przemyśl,Oleksandr\n"
    'ሰላም,,14,unknown,,"Agadez, Niger",\n',
    "given, family, declared_age\nAbdi,Cali Xasan,13\nFaadumo,,17\n",
    "given,birth_date,birth_source,nationalities,sex\n"
    "Amal,2010,document,SY;TR,intersex\nNoor,2009-12,assessed,stateless,unknown\n",
]
CASES: list[dict[str, Any]] = [
    {"names": {"given": "Yonas", "family": "Kidane"}, "birth": {"declared_age": 15}},
    {
        "names": {
            "given": "جاوید",
            "family": "رحیمی",
            "given_latin": "Javed",
            "family_latin": "Rahimi",
            "nickname": {"status": "answered", "value": "Jawi"},
            "aliases": ["Jawed", "Javid"],
        },
        "sex": {"status": "answered", "value": "male"},
        "birth": {"date": "2010-03-01", "precision": "month", "source": "declared"},
        "nationalities": ["AF"],
        "languages": [{"code": "prs", "preferred": True, "reads": {"status": "unknown"}}],
        "interpreter_needed": {"status": "answered", "value": True},
        "separation": {"status": "separated", "adult": {"name": "Karim", "relation": "cousin"}},
        "arrival": {"date": "2026-04-02", "place": "Lesbos"},
        "family": [
            {"relation": "mother", "name": "مریم", "alive": {"status": "answered", "value": True}}
        ],
        "documents": [{"type": "tazkira", "number": "A-123", "issuing_state": "AF"}],
        "consents": [{"purpose": "registration", "given_by": "child", "granted": True}],
    },
    {
        "names": {"given": "ሰላም", "given_latin": "Selam"},
        "birth": {"declared_age": 14},
        "stateless": {"status": "declined"},
        "vulnerabilities": [{"concern": "health", "urgency": "urgent", "notes": "asthma"}],
        "presence": {"officer": "Officer One", "interpreter": "Tesfay"},
    },
    {"names": {"given": "گل\u200cاحمد"}, "birth": {"declared_age": 16}, "nationalities": ["AF"]},
]

NASTY_TEXT = [
    "\x00",
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\u202e",
    "\u2067",
    "\u200b",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u3164",
    "\u00ad",
    "\r",
    "\n",
    "\r\n",
    '"',
    ",",
    ";",
    "\t",
    "\x85",
    "\u2028",
    "e\u0301",
    "\U0001f600",
    "\U000e0041",
    " ",
    "\u00a0",
]
NASTY_BYTES = [
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xed\xa0\x80",  # a surrogate in UTF-8 form
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
]
CELL_POOL = [
    "",
    " ",
    "unknown",
    "declined",
    "maybe",
    "yes",
    "no",
    "1_5",
    "+2010",
    "-1",
    "15",
    "999",
    "٢٠١١",
    "١٥",
    "2010-13",
    "2010-02-30",
    "2090-01-01",
    "2011-04-23",
    "2011",
    "2011-4",
    "SY;XX",
    "stateless;SY",
    "ara;zzz",
    "female",
    "Male",
    "accompanied",
    "document",
    "\u200b\u200b",
    "\x1b[2JAli",
    "Ali\u202eilA",
    "گل\u200cاحمد",
    "گل\u200c احمد",
    "Jo\u200chn",
    "Jose\u0301",
    "x" * 201,
    "x" * 2001,
    "x" * 140_000,
    "9" * 5000,
    '"quoted, with comma"',
    "line\nbreak",
]
JSON_POOL: list[Any] = [
    True,
    False,
    None,
    0,
    1,
    -1,
    15,
    15.0,
    1e308,
    "15",
    "",
    "true",
    "male",
    "answered",
    "2011-04-23",
    "2011-04-23T00:00:00",
    "2090-01-01",
    [],
    {},
    ["SY"],
    {"status": "answered"},
    {"status": "answered", "value": "x"},
    "\u200b",
    "\x1b[31mAli",
    "Ali\u202e",
    "گل\u200cاحمد",
    "Jose\u0301",
    "x" * 300,
    "x" * 200_000,
]
CSV_HEADERS = ["given", "family", "given_latin", "declared_age", "sex", "notes", "Given", ""]
JSON_KEYS = ["notes", "names", "given", "value", "status", "extra", "birth", "declared_age"]


# -- mutations ------------------------------------------------------------------------------
def _bytes_mutation(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(
        ["flip", "insert_bytes", "insert_text", "delete", "duplicate", "truncate", "run"]
    )
    at = rng.randrange(len(data) + 1)
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
    if kind == "insert_bytes":
        insert = rng.choice([*NASTY_BYTES, rng.randbytes(rng.randint(1, 16))])
        return data[:at] + insert + data[at:]
    if kind == "insert_text":
        return data[:at] + rng.choice(NASTY_TEXT).encode() + data[at:]
    if kind == "delete":
        return data[:at] + data[at + rng.randint(1, 40) :]
    if kind == "duplicate":
        end = min(len(data), at + rng.randint(1, 200))
        return data[:end] + data[at:end] * rng.randint(1, 50) + data[end:]
    if kind == "truncate":
        return data[:at]
    return data[:at] + rng.choice([b"x" * 140_000, b"9" * 5000, b"[" * 3000]) + data[at:]


def _reencode(data: bytes, rng: random.Random) -> bytes:
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "utf-8-sig"])
    try:
        return data.decode("utf-8").encode(encoding)
    except (UnicodeDecodeError, UnicodeEncodeError):
        return data.decode("utf-8", "replace").encode(encoding, "replace")


@contextlib.contextmanager
def _big_cells():
    """The csv module's cell limit (128 KiB) lifted while the fuzz itself reads a sheet."""
    old = csv.field_size_limit()
    csv.field_size_limit(1 << 30)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_mutation(text: str, rng: random.Random) -> str:
    with _big_cells():
        rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return text
    header, body = rows[0], rows[1:] or [[]]
    kind = rng.choice(
        [
            "cell",
            "cell",
            "cell",
            "header_dup",
            "header_pad",
            "header_other",
            "header_drop",
            "row_long",
            "row_short",
            "blank",
            "quote_newline",
            "many_rows",
            "swap",
        ]
    )
    row = rng.choice(body)
    if kind == "cell" and row:
        row[rng.randrange(len(row))] = rng.choice(CELL_POOL)
    elif kind == "header_dup":
        header.insert(rng.randrange(len(header) + 1), rng.choice(header))
    elif kind == "header_pad":
        i = rng.randrange(len(header))
        header[i] = rng.choice([" ", "  ", "\t", "\u00a0"]) + header[i] + rng.choice(["", " "])
    elif kind == "header_other":
        header[rng.randrange(len(header))] = rng.choice(CSV_HEADERS)
    elif kind == "header_drop" and len(header) > 1:
        header.pop(rng.randrange(len(header)))
    elif kind == "row_long":
        row.extend([rng.choice(["", "", "Kabul"])] * rng.randint(1, 3))
    elif kind == "row_short" and row:
        del row[rng.randrange(len(row)) :]
    elif kind == "blank":
        body.insert(rng.randrange(len(body) + 1), [""] * rng.randint(0, len(header)))
    elif kind == "quote_newline" and row:
        row[rng.randrange(len(row))] += rng.choice(["\n", "\r\n", '"'])
    elif kind == "many_rows":
        body.extend(copy.deepcopy(body) * rng.randint(1, 30))
    elif kind == "swap" and len(header) > 1:
        i, j = rng.sample(range(len(header)), 2)
        header[i], header[j] = header[j], header[i]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"])).writerows([header, *body])
    return out.getvalue()


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _json_mutation(case: dict[str, Any], rng: random.Random) -> dict[str, Any] | list:
    case = copy.deepcopy(case)
    path = rng.choice(_paths(case)[1:] or [()])
    parent: Any = case
    for step in path[:-1]:
        parent = parent[step]
    kind = rng.choice(["set", "set", "set", "add", "drop", "rename", "deep", "wrap"])
    if not path:
        kind = "add"
    last = path[-1] if path else None
    if kind == "set":
        parent[last] = copy.deepcopy(rng.choice(JSON_POOL))
    elif kind == "add":
        target = parent[last] if path and isinstance(parent[last], dict) else case
        target[rng.choice(JSON_KEYS)] = copy.deepcopy(rng.choice(JSON_POOL))
    elif kind == "drop":
        del parent[last]
    elif kind == "rename" and isinstance(last, str):
        parent[last + rng.choice(["_x", " ", "\u200b", "S"])] = parent.pop(last)
    elif kind == "deep":  # spliced into the text by mutated_json (no deep Python value)
        parent[last] = f"{DEEP}{rng.choice([10, 150, 400, 5000])}"
    elif kind == "wrap":
        return [case]
    return case


def mutated_csv(rng: random.Random) -> bytes:
    text = rng.choice(SHEETS)
    for _ in range(rng.randint(1, 3)):
        text = _csv_mutation(text, rng) if rng.random() < 0.75 else text
    data = text.encode()
    for _ in range(rng.randint(0, 2)):
        roll = rng.random()
        if roll < 0.35:
            data = _bytes_mutation(data, rng)
        elif roll < 0.45:
            data = _reencode(data, rng)
    return data


def mutated_json(rng: random.Random) -> bytes:
    value: Any = rng.choice(CASES)
    for _ in range(rng.randint(1, 3)):
        value = _json_mutation(value, rng) if isinstance(value, dict) else value
    text = json.dumps(value, ensure_ascii=rng.random() < 0.3)
    text = re.sub(
        f'"{DEEP}(\\d+)"', lambda m: "[" * int(m.group(1)) + "1" + "]" * int(m.group(1)), text
    )
    roll = rng.random()
    if roll < 0.05:  # a number too long for Python's int() from text
        text = text.replace("15", "9" * 5000, 1) if "15" in text else "9" * 5000
    elif roll < 0.1 and text.startswith("{"):  # the same key twice
        text = '{"names": {"given": "Dup"}, ' + text[1:]
    data = text.encode()
    for _ in range(rng.randint(0, 2)):
        roll = rng.random()
        if roll < 0.3:
            data = _bytes_mutation(data, rng)
        elif roll < 0.38:
            data = _reencode(data, rng)
    return data


# -- running ---------------------------------------------------------------------------------
@dataclass
class Figures:
    csv_runs: int = 0
    json_runs: int = 0
    accepted: int = 0
    refused: int = 0
    cases_saved: int = 0
    tracebacks: int = 0
    half_written: int = 0
    not_one_line: int = 0
    raw_terminal: int = 0
    lost: int = 0
    seconds: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return self.csv_runs + self.json_runs

    @property
    def clean(self) -> bool:
        return not (
            self.tracebacks
            or self.half_written
            or self.not_one_line
            or self.raw_terminal
            or self.lost
        )

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data["runs"] = self.runs
        data["reasons"] = dict(self.reasons.most_common())
        data["failures"] = self.failures[:20]
        return data


def _reason(line: str) -> str:
    """A refusal without its particulars, to tally refusals by kind."""
    line = line.removeprefix("harbour: ")
    line = re.sub(r"/\S+", "FILE", line)
    line = re.sub(r"“[^”]*”", "“…”", line)
    line = re.sub(r"U\+[0-9A-F]{4,6}", "U+…", line)
    line = re.sub(r"\d+", "N", line)
    return line[:90]


class Vault:
    def __init__(self, workdir: Path) -> None:
        from app.services import setup
        from app.storage.keyslots import KdfParams

        self.folder = workdir / "vault"
        os.environ["HARBOUR_HOME"] = str(workdir / "home")
        session, _code = setup.create_vault(
            self.folder,
            organisation="Fuzz Org",
            centre="North Reception Centre",
            user_name=MANAGER[0],
            passphrase=MANAGER[1],
            kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
        )
        session.close()

    def session(self):
        from app.services import auth

        return auth.sign_in(self.folder, *MANAGER)

    def count(self) -> int:
        from app.services import cases

        with contextlib.closing(self.session()) as session:
            return cases.count_cases(session)


def _in_process(args: list[str]) -> tuple[int, str, str, str | None]:
    from app import cli

    out, err = io.StringIO(), io.StringIO()
    crash = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except SystemExit as exc:  # argparse: a usage error, not a file's fault
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            code, crash = -1, traceback.format_exc()
    return code, out.getvalue(), err.getvalue(), crash


def _process(args: list[str]) -> tuple[int, str, str, str | None]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )
    crash = done.stderr if "Traceback" in done.stderr + done.stdout else None
    return done.returncode, done.stdout, done.stderr, crash


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def _missing(given: Any, stored: Any, path: str = "") -> str | None:
    """Where a value of the input file is not in the stored case (None: all there)."""
    from app.domain.text import normalise_name

    if isinstance(given, dict):
        if not isinstance(stored, dict):
            return path or "case"
        for key, value in given.items():
            if key not in stored:
                return f"{path}.{key}"
            found = _missing(value, stored[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(given, list):
        if not isinstance(stored, list) or len(given) != len(stored):
            return path
        for index, (a, b) in enumerate(zip(given, stored, strict=True)):
            found = _missing(a, b, f"{path}.{index}")
            if found:
                return found
        return None
    if isinstance(given, str) and isinstance(stored, str):
        same = _normal(given) == stored or normalise_name(given) == stored
        return None if same else path
    if type(given) is not type(stored) or given != stored:
        return path
    return None


def _check_json(vault: Vault, data: bytes, out: str) -> str | None:
    from app.services import cases

    case_id = out.splitlines()[0].strip() if out.strip() else ""
    given = json.loads(data.decode("utf-8-sig"))
    with contextlib.closing(vault.session()) as session:
        stored = cases.open_case(session, case_id).draft.model_dump(mode="json")
    return _missing(given, stored)


def _check_csv(vault: Vault, data: bytes, saved: int) -> str | None:
    from app.domain.text import normalise_name
    from app.services import cases

    with _big_cells():
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    rows = [r for r in rows if r]
    header = [h.strip() for h in rows[0]]
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    if len(body) != saved:
        return f"{len(body)} rows, {saved} saved"
    with contextlib.closing(vault.session()) as session:
        query = cases.CaseQuery(sort="case_number", descending=True)
        newest = list(reversed(cases.query_cases(session, query, limit=saved)))
        drafts = [cases.open_case(session, r.id).draft for r in newest]
    for number, (row, draft) in enumerate(zip(body, drafts, strict=True), start=2):
        for column in ("given", "family", "given_latin", "family_latin"):
            if column in header:
                index = header.index(column)
                cell = row[index] if index < len(row) else ""
                if normalise_name(cell) != getattr(draft.names, column):
                    return f"row {number} {column}"
    return None


def run_one(
    vault: Vault, figures: Figures, kind: str, data: bytes, workdir: Path, *, process: bool
) -> None:
    path = workdir / ("input.csv" if kind == "csv" else "input.json")
    path.write_bytes(data)
    command = ["case", "import"] if kind == "csv" else ["case", "add"]
    option = "--csv" if kind == "csv" else "--json"
    args = [*command, "--vault", str(vault.folder), "--as", MANAGER[0], option, str(path)]
    before = vault.count()
    code, out, err, crash = (_process if process else _in_process)(args)
    after = vault.count()
    label = f"{kind} #{figures.csv_runs if kind == 'csv' else figures.json_runs}"
    if crash:
        figures.tracebacks += 1
        figures.failures.append(f"{label} traceback: {crash.strip().splitlines()[-1][:200]}")
        return
    if RAW.search(out + err):
        figures.raw_terminal += 1
        figures.failures.append(f"{label} raw terminal: {(out + err)[:200]!r}")
    if code == 0:
        figures.accepted += 1
        if kind == "csv":
            match = re.fullmatch(r"(\d+) cases? imported\.\n", out)
            said = int(match.group(1)) if match else -1
        else:
            said = 1
        figures.cases_saved += max(said, 0)
        if after != before + said:
            figures.half_written += 1
            figures.failures.append(f"{label} accepted: {before} -> {after}, said {said}")
            return
        missing = _check_csv(vault, data, said) if kind == "csv" else _check_json(vault, data, out)
        if missing:
            figures.lost += 1
            figures.failures.append(f"{label} lost {missing}")
        return
    figures.refused += 1
    if after != before:
        figures.half_written += 1
        figures.failures.append(f"{label} refused but {before} -> {after}")
    lines = err.splitlines()
    if len(lines) != 1 or not lines[0].startswith("harbour: ") or not err.endswith("\n"):
        figures.not_one_line += 1
        figures.failures.append(f"{label} not one line: {err[:300]!r}")
        return
    figures.reasons[_reason(lines[0])] += 1


def run(
    *, csv_cases: int, json_cases: int, seed: int, workdir: Path, process: bool = False
) -> Figures:
    from app.i18n import set_language

    set_language("en")
    old_env = {k: os.environ.get(k) for k in ("HARBOUR_HOME", "HARBOUR_PASSPHRASE")}
    os.environ["HARBOUR_PASSPHRASE"] = MANAGER[1]
    figures = Figures()
    started = time.monotonic()
    try:
        vault = Vault(workdir)
        rng = random.Random(seed)
        kinds = ["csv"] * csv_cases + ["json"] * json_cases
        rng.shuffle(kinds)
        for kind in kinds:
            data = mutated_csv(rng) if kind == "csv" else mutated_json(rng)
            if kind == "csv":
                figures.csv_runs += 1
            else:
                figures.json_runs += 1
            run_one(vault, figures, kind, data, workdir, process=process)
    finally:
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    figures.seconds = round(time.monotonic() - started, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=int, default=1000, help="mutated CSV inputs")
    parser.add_argument("--json", type=int, default=1000, help="mutated JSON inputs")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--process", action="store_true", help="run the real program each time")
    parser.add_argument("--workdir", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        workdir = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        workdir.mkdir(parents=True, exist_ok=True)
        figures = run(
            csv_cases=args.csv,
            json_cases=args.json,
            seed=args.seed,
            workdir=workdir,
            process=args.process,
        )
    print(
        f"inputs {figures.runs} (CSV {figures.csv_runs}, JSON {figures.json_runs}) in "
        f"{figures.seconds} s: accepted {figures.accepted} ({figures.cases_saved} cases saved), "
        f"refused {figures.refused}"
    )
    print(
        f"tracebacks {figures.tracebacks}; half-written {figures.half_written}; refusals not "
        f"one line {figures.not_one_line}; raw on the terminal {figures.raw_terminal}; "
        f"accepted but not stored whole {figures.lost}"
    )
    print("refusals by kind:")
    for reason, n in figures.reasons.most_common(25):
        print(f"  {n:5d}  {reason}")
    for failure in figures.failures[:20]:
        print(f"  FAILED {failure}")
    print(json.dumps(figures.summary(), ensure_ascii=False))
    return 0 if figures.clean else 1


if __name__ == "__main__":
    sys.exit(main())
