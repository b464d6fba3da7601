"""One writer per course root at a time.

`xborder grade`, `build`, `collect` and `feedback` write the course gradebook, the status file,
submitted/, autograded/ or feedback/. Two of them at once on one course root (two levels graded
in two terminals, a build while grading) would interleave their writes, so each holds an
exclusive lock on `.xborder/lock` while it works. The lock is the operating system's (flock):
it is released however the holder ends, `kill -9` included, so it never needs cleaning up.
A second command stops with a message naming the first, or waits for it (`--wait`).
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from ..course import CourseError


def lock_path(root: Path) -> Path:
    return Path(root) / ".xborder" / "lock"


def holder(root: Path) -> dict:
    """Who holds (or last held) the course lock: {"pid", "command", "since"}, or {}."""
    try:
        return json.loads(lock_path(root).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _describe(info: dict) -> tuple[str, str]:
    if not info:
        return "另一个 xborder 命令", "another xborder command"
    return (f"“xborder {info.get('command', '?')}”（进程 {info.get('pid', '?')}，{info.get('since', '?')} 开始）",
            f"`xborder {info.get('command', '?')}` (process {info.get('pid', '?')}, started {info.get('since', '?')})")


@contextmanager
def course_lock(root: Path, command: str, *, wait: bool = False, echo=print):
    """Hold the course root's lock for `command` (e.g. "grade primary"). When another command
    holds it: stop with a CourseError naming it, or with `wait`, wait until it is done."""
    import fcntl

    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            zh, en = _describe(holder(root))
            if not wait:
                raise CourseError(
                    f"{zh}正在这个课程目录里运行；两个命令同时写成绩库会互相覆盖。请等它结束再运行，或加 --wait 排队等待。\n"
                    f"{en} is running in this course root; two commands writing the gradebook at once would "
                    f"overwrite each other. Run this again when it has finished, or add --wait to queue behind it.") from None
            echo(f"等待 {zh} 结束 … · waiting for {en} to finish …")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "command": command, "since": time.strftime("%Y-%m-%d %H:%M:%S")}))
        fh.flush()
        yield
    finally:
        try:
            fcntl.flock(fh, fcntl.LOCK_UN)
        finally:
            fh.close()
