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
        self.keys = 0
        self.shots = 0
        self.started: float | None = None
        self.problems: list[str] = []
        out.mkdir(parents=True, exist_ok=True)

    def _start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def key(self, *names: str, repeat: int = 1, wait: float | None = None) -> None:
        """Send keys or chords (``Tab``, ``alt+n``, ``ctrl+Return``); each counts one."""
        self._start()
        for _ in range(repeat):
            for name in names:
                subprocess.run(["xdotool", "key", "--clearmodifiers", name], check=True)
                self.keys += 1
                time.sleep(self.delay if wait is None else wait)

    def type(self, text: str, wait: float | None = None) -> None:
        """Type text; each character counts one keystroke."""
        self._start()
        subprocess.run(["xdotool", "type", "--delay", "40", "--", text], check=True)
        self.keys += len(text)
        time.sleep(self.delay if wait is None else wait)

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
            "problems": self.problems,
        }
        with (self.out / "flows.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row


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


def pick(d: Driver, text: str) -> None:
    """Type into a country or language picker and take the first suggestion."""
    d.type(text, wait=0.8)
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
    d.key("Tab", "Tab", "o")  # Original
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
    """Starts on the Cases page (navigation on "Cases")."""
    d.key("alt+a", "Escape")  # Account: no shortcut reaches the navigation list itself
    d.key("Tab", "Down", "Down", wait=1.0)  # the navigation list (no focus frame)
    d.key("alt+l", "Down")  # Child's language: Arabic
    d.key("alt+c")
    d.type("NRC-2026-0001", wait=0.8)
    d.key("Tab")
    d.type("Interpreter Rana")
    d.key("Tab", "ctrl+a")  # Interpreter's language comes pre-filled "English"
    d.type("Arabic")
    d.key("alt+p", wait=3.0)  # Start presenting
    d.shot("presenter")
    d.key("Left", "Left", wait=0.5)  # Next (right to left); Return on "Next" does nothing
    d.key("alt+Tab", wait=1.5)  # the staff window: covered by the lock
    d.shot("staff-lock")
    # The hold cannot be done by keyboard here (Space held 3.5 s on the focused button did
    # nothing): held with the mouse, counted as one action.
    subprocess.run(["xdotool", "mousemove", "476", "327", "mousedown", "1"], check=True)
    time.sleep(3.5)
    subprocess.run(["xdotool", "mouseup", "1"], check=True)
    d.keys += 1
    d.note("staff hold by mouse: not possible by keyboard")
    d.type(PASSPHRASE)
    d.key("Return", wait=2.0)
    d.type("Welcome screens with the interpreter; he asked about his mother")
    d.shot("notes")
    d.key("alt+s", wait=1.5)  # Save to the case
    return "The information session is saved in the case."


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
