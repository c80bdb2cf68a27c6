"""Helpers for integration tests: run `harbour` and child Python processes for real."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

RECOVERY_CODE_PATTERN = r"[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){5}"
SECRET_ENV = ("HARBOUR_PASSPHRASE", "HARBOUR_NEW_PASSPHRASE", "HARBOUR_RECOVERY_CODE")


def harbour_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m app.cli``."""
    script = Path(sys.executable).with_name("harbour")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "app.cli"]


def harbour(
    *args: str,
    passphrase: str | None = None,
    new_passphrase: str | None = None,
    recovery_code: str | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``harbour ARGS`` with secrets only in the environment and no terminal."""
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    for name, value in zip(SECRET_ENV, (passphrase, new_passphrase, recovery_code), strict=True):
        if value is not None:
            env[name] = value
    return subprocess.run(
        [*harbour_command(), *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (
        f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """Non-zero exit, exactly one line on stderr, no traceback; returns that line."""
    detail = f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}"
    assert result.returncode != 0, detail
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, detail
    lines = result.stderr.splitlines()
    assert len(lines) == 1, detail
    assert result.stderr.endswith("\n"), detail
    line = lines[0]
    assert line.startswith("harbour: ") and len(line) > len("harbour: ") + 5, detail
    return line


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder``: relative name -> (size, sha256)."""
    if not folder.exists():
        return {}
    if folder.is_file():
        data = folder.read_bytes()
        return {".": (len(data), hashlib.sha256(data).hexdigest())}
    found: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_file():
            data = path.read_bytes()
            found[rel] = (len(data), hashlib.sha256(data).hexdigest())
        else:
            found[rel] = (-1, "dir")
    return found


class Child:
    """A child Python process whose stdout lines are collected by a reader thread."""

    def __init__(
        self, script: Path, args: Iterable[str], *, cwd: Path, env: Mapping[str, str] | None = None
    ) -> None:
        self._stderr_path = cwd / f"child-{time.monotonic_ns()}.stderr"
        self._stderr = open(self._stderr_path, "w")  # noqa: SIM115 - closed in finish()
        self.proc = subprocess.Popen(
            [sys.executable, str(script), *args],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def stderr_text(self) -> str:
        self._stderr.flush()
        return self._stderr_path.read_text(errors="replace")

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30) -> str:
        """Collect lines until one satisfies ``predicate``; fail on EOF or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.finish()
                pytest.fail(
                    f"child gave no expected line in {timeout} s; last: "
                    f"{self.lines[-3:]}\n{self.stderr_text()}"
                )
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.finish()
                pytest.fail(
                    f"child ended early (exit {self.proc.returncode}); "
                    f"last: {self.lines[-3:]}\n{self.stderr_text()}"
                )
            self.lines.append(line)
            if predicate(line):
                return line

    def kill(self) -> list[str]:
        """SIGKILL, reap, and return every line the child printed."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish()
        assert self.proc.returncode == -signal.SIGKILL, (
            f"child was not killed (exit {self.proc.returncode})\n{self.stderr_text()}"
        )
        return self.lines

    def finish(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=15)
        self._thread.join(timeout=15)
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if not self._stderr.closed:
            self._stderr.close()
