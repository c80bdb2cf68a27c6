"""Keyboard-only walkthrough of the real desktop window under Xvfb (issue 12, "Must show").

Drives a running ``harbour-desktop`` with ``xdotool`` as a new user would, by keyboard only,
counting every keystroke sent, timing each flow (wall clock from its first key to the
confirmation on screen) and taking a screenshot after each step. Synthetic people only.

Set-up (Debian, as root)::

    apt-get install -y xvfb openbox xdotool x11-utils imagemagick \
        libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 openbox &
    DISPLAY=:99 HARBOUR_HOME=$(mktemp -d) .venv/bin/harbour-desktop &

Then, one flow at a time (each appends its figures to ``OUT/flows.jsonl``)::

    DISPLAY=:99 .venv/bin/python tools/walkthrough.py --out /tmp/walk wizard
    DISPLAY=:99 .venv/bin/python tools/walkthrough.py --out /tmp/walk intake

``python tools/walkthrough.py --list`` names the flows. Keystroke counting: one per
character typed (a person presses one key per letter; a capital's Shift is not counted)
and one per key or chord sent with ``key`` (``ctrl+s`` is one). Waits between keys are
the script's; a person would be slower, so the times are a lower bound for a practised user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Synthetic data only: invented people and places.
ORGANISATION = "Example Aid"
CENTRE = "North Reception Centre"
MANAGER = "Manager One"
PROFESSION_MANAGER = "Social worker"
PASSPHRASE = "anchor lighthouse 42 tide"
ASSESSOR = "Assessor Two"
ASSESSOR_PASS = "harbour beacon 77 quay"
ASSESSOR_NEW_PASS = "quay lantern 19 gull"
CHILD_GIVEN = "يوسف"
CHILD_FAMILY = "الحسن"
CHILD_GIVEN_2 = "Yousef"
CHILD_FAMILY_2 = "Alhassan"
CHILD2_GIVEN = "سلمى"
CHILD2_FAMILY = "النور"


class Driver:
    """xdotool with a keystroke counter and numbered screenshots."""

    def __init__(self, out: Path, flow: str, delay: float = 0.15) -> None:
        self.out = out
        self.flow = flow
        self.delay = delay
        # WALK_SLOW=2 doubles every wait, for a machine busy with other work
        self.slow = float(os.environ.get("WALK_SLOW", "1"))
        self.idle_wait = 0.0  # seconds spent waiting for the app to be idle
        self.keys = 0
        self.shots = 0
        self.started: float | None = None
        self.problems: list[str] = []
        out.mkdir(parents=True, exist_ok=True)

    def _start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Wait until the app has used no CPU for two 0.4 s periods in a row: it has
        handled every key sent so far. Needed before a key that is not on the X keyboard
        map (``Arabic_teh``, Arabic text): xdotool maps it on a spare key code only while
        it sends it, so a busy app that reads the event later reads another key (under
        load the Arabic switch took over 8 s and the Alt+م and Alt+ق after it were lost).
        The time spent here is counted apart (``idle_wait``)."""
        start = time.monotonic()
        pid = app_pid()
        quiet = 0
        while pid and quiet < 2 and time.monotonic() - start < timeout:
            before = cpu_ticks(pid)
            time.sleep(0.4)
            quiet = quiet + 1 if cpu_ticks(pid) - before <= 2 else 0
        self.idle_wait += time.monotonic() - start

    def key(self, *names: str, repeat: int = 1, wait: float | None = None) -> None:
        """Send keys or chords (``Tab``, ``alt+n``, ``ctrl+Return``); each counts one."""
        self._start()
        for _ in range(repeat):
            for name in names:
                if "Arabic_" in name:
                    self.wait_idle()
                # A key off the X keymap is mapped on a spare key code while it is sent;
                # a longer delay keeps that mapping until the app has read the key.
                slow = ["--delay", "400"] if "Arabic_" in name else []
                subprocess.run(["xdotool", "key", "--clearmodifiers", *slow, name], check=True)
                self.keys += 1
                time.sleep((self.delay if wait is None else wait) * self.slow)
                if "Arabic_" in name:
                    # an Arabic mnemonic starts work (a step saved off the GUI thread):
                    # the keys after it must not reach the page it leaves
                    self.wait_idle()

    def type(self, text: str, wait: float | None = None) -> None:
        """Type text; each character counts one keystroke."""
        self._start()
        if not text.isascii():
            self.wait_idle()
        delay = "40" if text.isascii() else "250"  # see ``key``: letters off the keymap
        subprocess.run(["xdotool", "type", "--delay", delay, "--", text], check=True)
        self.keys += len(text)
        time.sleep((self.delay if wait is None else wait) * self.slow)

    def shot(self, name: str) -> Path:
        self.shots += 1
        path = self.out / f"{self.flow}-{self.shots:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        return path

    def elapsed(self) -> float:
        return 0.0 if self.started is None else time.monotonic() - self.started

    def note(self, problem: str) -> None:
        self.problems.append(problem)

    def record(self, lang: str) -> dict[str, object]:
        row = {
            "flow": self.flow,
            "lang": lang,
            "seconds": round(self.elapsed(), 1),
            "keystrokes": self.keys,
            "idle_wait": round(self.idle_wait, 1),
            "problems": self.problems,
        }
        with (self.out / "flows.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row


def app_pid() -> int:
    """The process of the active window (Qt sets _NET_WM_PID)."""
    done = subprocess.run(
        ["xdotool", "getactivewindow", "getwindowpid"], capture_output=True, text=True
    )
    return int(done.stdout.strip() or 0)


def cpu_ticks(pid: int) -> int:
    """User and system CPU time of a process so far, in clock ticks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def window_title() -> str:
    """The active window's title (the app's windows name their step)."""
    done = subprocess.run(
        ["xdotool", "getactivewindow", "getwindowname"], capture_output=True, text=True
    )
    return done.stdout.strip()


def wait_title(fragment: str, timeout: float = 30.0) -> str:
    """Wait until the active window's title contains ``fragment``."""
    end = time.monotonic() + timeout
    title = ""
    while time.monotonic() < end:
        title = window_title()
        if fragment in title:
            return title
        time.sleep(0.2)
    raise TimeoutError(f"no window titled ~{fragment!r} (active: {title!r})")


FLOWS: dict[str, Callable[[Driver], str]] = {}


def flow(name: str) -> Callable[[Callable[[Driver], str]], Callable[[Driver], str]]:
    def register(fn: Callable[[Driver], str]) -> Callable[[Driver], str]:
        FLOWS[name] = fn
        return fn

    return register


def visible_windows() -> int:
    """How many windows are mapped on the display (a picker's suggestion list is one)."""
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", ""], capture_output=True, text=True
    )
    return len(done.stdout.split())


def pick(d: Driver, text: str, timeout: float = 6.0) -> None:
    """Type into a country or language picker and take the first suggestion, once its
    list is on screen: a fixed 0.8 s wait typed on before the list came when the machine
    was busy (the Return went into the next field)."""
    before = visible_windows()
    d.type(text, wait=0.1)
    end = time.monotonic() + timeout
    while visible_windows() <= before:
        if time.monotonic() > end:
            d.note(f"no suggestions for {text!r} within {timeout:.0f} s")
            break
        time.sleep(0.1)
    time.sleep(0.2)
    d.key("Return")


@flow("wizard")
def wizard(d: Driver) -> str:
    d.type(ORGANISATION)
    d.key("Tab")
    d.type(CENTRE)
    d.key("Return")  # Next
    d.type(MANAGER)
    d.key("Tab")
    d.key(PROFESSION_MANAGER[0].lower())  # the profession combo, by its first letter
    d.key("Tab", "Tab")  # the minimum length (kept), then the passphrase
    d.type(PASSPHRASE)
    d.key("Tab")
    d.type(PASSPHRASE)
    d.key("Return", wait=4.0)  # Create the vault (Argon2id)
    d.shot("recovery-code")
    d.key("space")  # I have written down the recovery code
    d.key("alt+f", wait=3.0)  # Enter does nothing on this page
    return "cases page, signed in"


def intake_identity(d: Driver, given: str, family: str, *, full: bool = True) -> None:
    d.key("alt+n", wait=1.5)  # New intake
    d.type(given)
    d.key("Tab")  # Latin spelling proposed
    d.key("Tab")
    d.type(family)
    d.key("Tab", "Tab", "Tab", "Tab", "Tab")  # Latin, nickname, its answer, other names, sex
    d.key("m")  # Male
    d.key("Tab", "Tab", "Tab", "Tab", "Tab")  # gender identity (2), marks (2), date of birth
    d.type("2010")
    d.key("Tab", "Tab")  # calendar, precision
    d.key("y")  # Year known
    d.key("Tab")
    d.type("15")
    d.key("Tab")
    d.key("d")  # Declared by the child
    d.shot("identity")
    if full:
        d.key("Tab")
        d.type("Idlib")
        d.key("Tab", "Tab")
        pick(d, "Syria")
        d.key("Tab")
        d.key("n")  # Stateless: No
    d.key("alt+n", wait=1.0)


@flow("intake")
def intake(d: Driver) -> str:
    intake_identity(d, CHILD_GIVEN, CHILD_FAMILY)
    # Step 2: languages
    pick(d, "Arabic")
    d.key("Tab")
    d.type("Levantine")
    d.key("Tab", "space", "Tab", "y", "Tab", "Tab", "Tab", "y", "Tab", "e")
    d.shot("languages")
    d.key("alt+n", wait=1.0)
    # Step 3: family and separation
    d.key("u")  # Unaccompanied
    d.key("Tab", "Tab", "Tab")
    d.type("2025-09-14")
    d.key("Tab", "Tab")
    d.type("Sabratha")
    d.key("Tab", "Tab")
    d.type("Lost his uncle during the boat crossing")
    d.key("Tab", "Tab")
    d.type("Mother")
    d.key("Tab")
    d.type("فاطمة")
    d.key("Tab", "y", "Tab")
    d.type("Idlib")
    d.key("Tab", "Tab", "Tab", "Tab", "y", "Tab", "y")
    d.shot("family")
    d.key("alt+n", wait=1.0)
    # Step 4: arrival and documents
    d.type("2026-11-25")
    d.key("Tab")
    d.type("Port North")
    d.key("Tab")
    d.type("Syria, Libya, sea")
    d.key("Tab", "Tab")
    d.type("Family booklet")
    d.key("Tab")
    d.type("SYN-0042")
    d.key("Tab")
    pick(d, "Syria")
    d.key("Tab", "Tab", "Tab", "o")  # expiry date, its calendar, then Original
    d.key("alt+n", wait=1.0)
    # Step 5: needs
    d.key("r", "Tab")  # Health: routine
    d.type("Cough; to see the nurse")
    d.key("Tab", "Tab", "Tab", "Tab", "Tab", "s", "Tab")  # Trauma: soon
    d.type("Nightmares since the crossing")
    d.shot("needs")
    d.key("alt+n", wait=1.0)
    # Step 6: consent (registration, sharing, photo refused, family tracing) and presence
    for decision, agrees in (("g", "y"), ("g", "y"), ("r", "n"), ("g", "y")):
        d.key("t", "Tab", decision, "Tab")
        pick(d, "Arabic")
        d.key("Tab", "Tab", agrees, "Tab")
    d.type(MANAGER)
    d.key("Tab")
    d.type("Interpreter Rana")
    d.key("Tab")
    pick(d, "Arabic")
    d.key("alt+n", wait=1.5)  # refused: the photo's legal basis is asked for
    d.shot("photo-legal-basis")
    d.type("No photo will be taken")
    d.key("alt+n", wait=1.5)
    d.shot("summary")
    d.key("Return", wait=3.0)  # Register the child
    return "Case NRC-2026-0001 registered."


@flow("duplicate")
def duplicate(d: Driver) -> str:
    d.key("alt+b", wait=1.0)  # from the case just registered: Back to the list
    intake_identity(d, CHILD_GIVEN_2, CHILD_FAMILY_2, full=False)
    pick(d, "Arabic")
    d.key("alt+n", wait=1.0)
    d.key("u")  # Unaccompanied
    d.key("alt+n", "alt+n", "alt+n", "alt+n", wait=1.0)  # to the summary
    d.key("Return", wait=3.0)  # Register the child: the duplicate step opens
    d.shot("candidates")
    d.key("Return", wait=1.5)  # Compare side by side
    d.type("Same boy: the Arabic names match, interpreter confirmed")
    d.key("Tab", "Tab", "Tab")  # Back to the list, Different child, Same child
    d.shot("same-child-focused")
    d.key("space", wait=2.0)  # the case opens with the intake's details offered
    d.shot("merge")
    d.key("Down", "Down", "space")  # tick "Other names and spellings": Yousef Alhassan
    d.key("Tab", "Tab", "Tab", "Tab", "Tab")  # Tick all, Tick none, Keep/Discard, Back, Add
    d.key("space", wait=2.0)  # Add the ticked details to case NRC-2026-0001
    return "Case NRC-2026-0001: the ticked details were added."


@flow("information")
def information(d: Driver) -> str:
    """From any page; the Information page shows an empty form (after a saved session,
    press "Start another session", Alt+S, first)."""
    d.key("ctrl+3", wait=1.0)  # Information
    d.key("alt+l", "Down")  # Child's language: Arabic
    d.key("alt+c")
    d.type("NRC-2026-0001", wait=0.8)
    d.key("Tab")
    d.type("Interpreter Rana")
    d.key("Tab", "ctrl+a")  # Interpreter's language comes pre-filled "English"
    pick(d, "Arabic")  # take the suggestion
    d.key("alt+p", wait=3.0)  # Start presenting
    d.shot("presenter")
    d.key("Left", "Left", wait=0.5)  # Next twice (right to left)
    d.key("alt+Tab", wait=1.5)  # the staff window: covered by the lock
    d.shot("staff-lock")
    # The hold by keyboard: Space held 3.6 s on the focused hold button (one key). Before
    # 52fa9d0 the key's auto-repeat typed spaces into the passphrase field (N7); the two
    # keys that clear the field are kept so that the counts compare.
    d._start()
    subprocess.run(["xdotool", "keydown", "space"], check=True)
    time.sleep(3.6)
    subprocess.run(["xdotool", "keyup", "space"], check=True)
    d.keys += 1
    time.sleep(0.5)
    d.shot("after-hold")
    d.key("ctrl+a", "BackSpace")
    d.type(PASSPHRASE)
    d.key("Return", wait=2.0)
    d.type("Welcome screens with the interpreter; he asked about his mother")
    d.shot("notes")
    d.key("alt+s", wait=1.5)  # Save to the case
    return "The information session is saved in the case."


@flow("assessor")
def assessor(d: Driver) -> str:
    """Starts signed in as the manager: adds an assessor (psychologist) in Settings, signs out
    and in as them, and replaces the temporary passphrase."""
    d.key("ctrl+4", wait=1.0)
    d.key("alt+n")
    d.type(ASSESSOR)
    d.key("alt+o", "a", "alt+f", "p", "alt+t")  # Role: Assessor; Profession: Psychologist
    d.type(ASSESSOR_PASS)
    d.key("Return", wait=4.0)  # Add user (Argon2id)
    d.shot("user-added")
    d.key("alt+a", "o", wait=2.0)  # Account, Sign out
    d.key("alt+w", "Up", "alt+p")  # the list is sorted: Assessor Two is above Manager One
    d.type(ASSESSOR_PASS)
    d.key("Return", wait=4.0)  # a temporary passphrase: "Change your passphrase" opens
    d.key("alt+u")  # Current passphrase is empty: the one just typed must be typed again
    d.type(ASSESSOR_PASS)
    d.key("alt+n")
    d.type(ASSESSOR_NEW_PASS)
    d.key("alt+r")
    d.type(ASSESSOR_NEW_PASS)
    d.key("Return", wait=4.0)
    return "Signed in: Assessor Two (Assessor)"


@flow("age")
def age(d: Driver) -> str:
    """Signed in as the assessor; case NRC-2026-0001 exists. Steps 1-6 and the first
    signature; the second signature and the PDF are in ``age-sign``."""
    d.key("ctrl+1", wait=1.0)
    d.key("Tab", repeat=7)  # search, 3 filters, urgent, ... to the table (no shortcut)
    d.key("Return", wait=2.0)  # open the case
    d.key("alt+g", wait=2.0)  # Age assessment
    # Nothing visible has focus on opening: Next then Previous puts it on the first ground.
    d.key("alt+n", "alt+p")
    d.key("space")  # the child's statements about their age do not agree
    d.key("Tab", repeat=4)  # three more grounds, then "The doubt, in full"
    d.type("He said 15 at arrival and 17 to the nurse")
    d.key("Tab")
    d.type("Nurse Amal")
    d.shot("doubt")
    d.key("alt+n", wait=1.0)
    # Step 2 in reading order (A3 fixed), as in ``age-ar``: informed, informed on, in the
    # language, the two consents, legal basis, refusal, guardian, present, interpreter.
    d.key("space", "Tab", "Tab")
    pick(d, "Arabic")
    d.key("Tab", "Down", "Tab", "Down")  # the child's and the guardian's consent: Consents
    d.key("Tab", "Tab", "Tab")  # legal basis, refusal, to the guardian
    d.type("Guardian Mona Haddad")
    d.key("Tab", "space", "Tab", "Tab")  # present; the interpreter is needed (ticked)
    d.type("Interpreter Rana")
    d.shot("step2")
    d.key("alt+s", wait=2.0)  # Start the assessment: step 3 opens, the method has focus
    d.key("Tab", repeat=4)  # carried out on, youngest, oldest, inconclusive
    d.key("space", "Tab", "Tab")
    d.type("No identity document; nothing to read")
    d.key("alt+v", wait=2.0)  # saved; the next method (psychosocial interview) is chosen
    d.key("Tab", "Tab")
    d.type("15")
    d.key("Tab")
    d.type("17")
    d.key("Tab", "Tab", "Tab")
    d.type("Interview with interpreter; consistent story of schooling until 2024")
    d.key("alt+v", wait=2.0)
    d.shot("methods")
    d.key("alt+n", wait=1.5)  # Step 4: conclusion (read only)
    d.shot("conclusion")
    d.key("alt+n", wait=1.5)  # Step 5: the child's view and how to challenge
    d.type("He says he is 15; he found the interview long but fair")
    d.key("alt+v", wait=1.5)
    d.key("Tab")
    d.type("Appeal to the guardianship court")  # A5: the first characters were lost
    d.key("Tab")
    d.type((dt.date.today() + dt.timedelta(days=14)).isoformat())  # "By when" is a date
    d.key("Tab")
    d.type("Guardian Mona Haddad")
    d.key("Tab", "Tab")  # explained on (today), then the language
    pick(d, "Arabic")
    d.key("alt+h", wait=1.5)  # Save how to challenge
    d.key("alt+n", wait=1.5)  # Step 6
    d.key("alt+g", wait=2.0)  # Sign the conclusion
    d.shot("first-signature")
    return "Signed. A second assessor of another profession must sign now."


@flow("age-sign")
def age_sign(d: Driver) -> str:
    """The second signature (Manager One, social worker) and the PDF record."""
    d.key("alt+a", "o", wait=2.0)
    d.key("alt+w", "Down", "alt+p")
    d.type(PASSPHRASE)
    d.key("Return", wait=4.0)
    d.key("ctrl+1", wait=1.0)
    d.key("Tab", repeat=7)
    d.key("Return", wait=2.0)
    d.key("alt+g", wait=2.0)
    d.key("alt+n", repeat=5, wait=0.5)  # no shortcut to a step: Next five times
    d.key("alt+g", wait=2.0)
    d.shot("concluded")
    d.key("alt+d", wait=2.5)  # Print record (P&DF)... (A7: no longer Alt+P)
    d.type(str(Path(os.environ.get("WALK_PDF", "/tmp/walk/age-record-NRC-2026-0001.pdf"))))
    d.key("Return", wait=4.0)
    return "The record is saved to …/age-record-NRC-2026-0001.pdf (62 KB)."


@flow("arabic")
def arabic(d: Driver) -> str:
    """Settings -> Language: Arabic (the second entry), from any page."""
    d.key("ctrl+4", "alt+l")
    d.key("Down", wait=0.5)  # the whole window is redrawn right to left
    d.wait_idle()
    return "the window turns right to left"


@flow("intake-ar")
def intake_ar(d: Driver) -> str:
    """An intake in the Arabic interface, on the path actually walked: combos by arrows
    (typing an item's first Arabic letter selected nothing), mnemonics on Arabic letters.

    Run after ``age-sign`` and ``arabic``: Ctrl+1 shows what the Cases section last showed
    (the age assessment), so Alt+م (العودة إلى ال&ملف) and Alt+ق (العودة إلى ال&قائمة) go back
    to the list. New intake then opens "Unfinished intakes" when an intake draft is kept
    (the ``duplicate`` flow keeps the details not ticked), where a second Alt+ت starts a new
    intake (بدء &تسجيل جديد); ``WALK_DRAFTS=0`` for a vault without drafts. Before 244254a
    that second Alt+ت only moved the focus: the page's list label was on Alt+ت too."""
    d.key("ctrl+1", wait=1.0)
    d.key("alt+Arabic_meem", wait=1.5)  # from the age assessment: back to the case
    d.key("alt+Arabic_qaf", wait=1.5)  # back to the list
    d.key("alt+Arabic_teh", wait=1.5)  # تسجيل جديد (New intake)
    if os.environ.get("WALK_DRAFTS", "1") != "0":
        d.shot("drafts")
        d.key("alt+Arabic_teh", wait=1.5)  # بدء تسجيل جديد (Start a new intake)
    d.type(CHILD2_GIVEN)
    d.key("Tab", "Tab")  # Latin spelling proposed: "Slma"
    d.type(CHILD2_FAMILY)  # proposed: "Lnwr"
    d.key("Tab", repeat=5)
    d.shot("identity")
    d.key("Tab", repeat=5)
    d.type("2011")
    d.key("Tab", "Tab", "Tab")
    d.type("14")
    d.key("Tab", "Down", "shift+Tab", "shift+Tab", "Down")  # source, precision by arrows
    d.key("alt+n", wait=1.2)
    d.type("Arabic", wait=0.8)  # typing العربية by xdotool lost the ع
    d.key("Return", "alt+n", wait=1.2)
    d.key("Down", "alt+n", "alt+n", "alt+n", "alt+n", wait=1.2)  # unaccompanied, to summary
    d.shot("summary")
    d.key("Return", wait=3.0)
    return "سُجِّل الملف NRC-2026-0002."


@flow("age-ar")
def age_ar(d: Driver) -> str:
    """Flow 6c: an age assessment in the Arabic interface, steps 1-6 to the first
    signature, by keyboard only, as walked on 2026-11-27 (fourth session). Signed in as
    Manager One (social worker), the interface in Arabic, the window maximised, case
    NRC-2026-0001 added with ``harbour case add``. Mnemonics are Arabic letters."""
    d.key("ctrl+1", wait=1.0)
    d.key("Tab", repeat=7)  # to the table
    d.key("Return", wait=2.0)  # open the case
    d.key("alt+Arabic_ain", wait=2.0)  # تقييم ال&عمر: the focus is on the first ground
    d.key("space")
    d.key("Tab", repeat=4)  # three more grounds, then the doubt in full
    d.type("Said 15 at arrival, 17 to the nurse")
    d.key("Tab")
    d.type("Nurse Amal")
    d.key("alt+Arabic_teh", wait=1.0)  # الخطوة ال&تالية
    # Step 2 in reading order (A3 fixed): informed, informed on, in the language, ...
    d.key("space", "Tab", "Tab")
    pick(d, "Arabic")
    d.key("Tab", "Down", "Tab", "Down")  # the child's and the guardian's consent: Consents
    d.key("Tab", "Tab", "Tab")  # legal basis, refusal, to the guardian
    d.type("Guardian Mona Haddad")
    d.key("Tab", "space", "Tab", "Tab")  # present; the interpreter is needed (ticked)
    d.type("Interpreter Rana")
    d.shot("step2")
    d.key("alt+Arabic_beh", wait=2.0)  # &بدء التقييم: step 3, the method has focus
    d.key("Tab", repeat=4)  # carried out on, youngest, oldest, inconclusive
    d.key("space", "Tab", "Tab")
    d.type("No identity document; nothing to read")
    d.key("alt+Arabic_hah", wait=2.0)  # &حفظ هذه النتيجة; the next method is chosen
    d.key("Tab", "Tab")
    d.type("15")
    d.key("Tab")
    d.type("17")
    d.key("Tab", "Tab", "Tab")
    d.type("Interview with interpreter; schooling until 2024")
    d.key("alt+Arabic_hah", wait=2.0)
    d.shot("step3")
    # In the walk the first Alt+ت here did nothing and a second was needed (not pinned
    # down: perhaps still busy saving); the script sends one.
    d.key("alt+Arabic_teh", wait=1.5)
    d.shot("step4")
    d.key("alt+Arabic_teh", wait=1.5)  # step 5: the child's view has focus
    d.type("He says he is 15; the interview was long but fair")
    d.key("alt+Arabic_ra", wait=2.0)  # حفظ &رأي الطفل
    d.key("Tab")
    d.type("Appeal to the guardianship court")
    d.key("Tab")
    d.type((dt.date.today() + dt.timedelta(days=14)).isoformat())  # "By when" is a date
    d.key("Tab")
    d.type("Guardian Mona Haddad")
    d.key("Tab", "Tab")  # explained on (today), then the language
    pick(d, "Arabic")
    d.key("alt+Arabic_tah", wait=2.0)  # حفظ طريقة ال&طعن
    d.shot("step5")
    d.key("alt+Arabic_teh", wait=1.5)  # step 6
    d.key("alt+Arabic_khah", wait=2.5)  # توقيع ال&خلاصة
    d.shot("signed")
    return "تم التوقيع. يجب أن يوقّع الآن مقيّم ثانٍ من مهنة أخرى."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/walkthrough"))
    parser.add_argument("--lang", default="en", help="label for the figures (en, ar)")
    parser.add_argument("--delay", type=float, default=0.15, help="seconds after each key")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("flows", nargs="*")
    args = parser.parse_args(argv)
    if args.list or not args.flows:
        print(" ".join(FLOWS))
        return 0
    if not os.environ.get("DISPLAY"):
        print("walkthrough: set DISPLAY to the Xvfb display", file=sys.stderr)
        return 2
    for name in args.flows:
        driver = Driver(args.out, f"{args.lang}-{name}", args.delay)
        confirmation = FLOWS[name](driver)
        driver.shot("done")
        row = driver.record(args.lang)
        print(json.dumps(row | {"confirmation": confirmation}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
