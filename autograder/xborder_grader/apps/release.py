"""`xborder release LEVEL [--zip FILE]`: hand the student version out.

Into nbgrader's exchange (`nbgrader release_assignment`, for a shared JupyterHub), or as a zip
of release/<level>/ to upload to an LMS, whose submissions `xborder collect --from` reads back.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .. import runner
from ..course import CourseError, catalog, find_root


def release(level: str, *, zip_path: str | Path | None = None, root: Path | None = None, echo=print) -> Path | None:
    """Hand the release out: into nbgrader's exchange, or as a zip to upload to an LMS."""
    root = Path(root or find_root()).resolve()
    level = catalog(root).resolve_level(level)
    folder = root / "release" / level
    files = sorted(f for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else []
    if not any(f.suffix == ".ipynb" for f in files):
        raise CourseError(f"还没有 release/{level}：请先运行 xborder build {level}。\n"
                          f"release/{level} does not exist yet: run `xborder build {level}` first.")
    if zip_path:
        zip_path = Path(zip_path)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                zf.write(f, f"{level}/{f.relative_to(folder).as_posix()}")
        echo(f"[{level}] {len(files)} file(s) → {zip_path} (upload it to your LMS)")
        return zip_path
    proc = runner.nbgrader(["release_assignment", level, "--force"], root)
    if proc.returncode != 0:
        raise CourseError("nbgrader release_assignment 失败 failed (is the exchange set up? see docs/instructor.md; "
                          "or use --zip FILE for an LMS):\n" + (proc.stdout + proc.stderr)[-2000:])
    echo(f"[{level}] released to the nbgrader exchange")
    return None
