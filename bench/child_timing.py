"""Timing a command as a user waits for it: from start until a line shows, or until it exits."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def time_child(
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    stdin_text: str | None = None,
    until: str | None = None,
) -> float:
    """Seconds from start until ``until`` appears on stdout (or until the child exits, when None).

    ``stdin_text`` is written to the child's stdin, which then stays open (a review waits for keys);
    with None its stdin is closed at once.
    """
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert child.stdin is not None and child.stdout is not None
    if stdin_text is None:
        child.stdin.close()
    else:
        child.stdin.write(stdin_text)
        child.stdin.flush()
    elapsed = None
    if until is not None:
        for line in child.stdout:
            if until in line:
                elapsed = time.perf_counter() - started
                break
        child.kill()
    else:
        child.stdout.read()
    child.wait()
    return elapsed if elapsed is not None else time.perf_counter() - started
