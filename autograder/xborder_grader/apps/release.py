"""`xborder release LEVEL [--zip FILE | --git DIR]`: hand the student version out.

Into nbgrader's exchange (`nbgrader release_assignment`, for a shared JupyterHub), as a zip
of release/<level>/ to upload to an LMS, whose submissions `xborder collect --from` reads back,
or as a commit to a git repository of hand-outs that students' workspaces pull with nbgitpuller
(deploy/jupyterhub/): an update merges into each workspace without overwriting what a student
wrote.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

from .. import runner
from ..course import CourseError, catalog, find_root


def release(level: str, *, zip_path: str | Path | None = None, git_dir: str | Path | None = None,
            root: Path | None = None, echo=print) -> Path | None:
    """Hand the release out: into nbgrader's exchange, as a zip to upload to an LMS, or as a
    commit to the hand-out repository `git_dir`."""
    root = Path(root or find_root()).resolve()
    level = catalog(root).resolve_level(level)
    folder = root / "release" / level
    files = sorted(f for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else []
    if not any(f.suffix == ".ipynb" for f in files):
        raise CourseError(f"还没有 release/{level}：请先运行 xborder build {level}。\n"
                          f"release/{level} does not exist yet: run `xborder build {level}` first.")
    if zip_path and git_dir:
        raise CourseError("--zip 和 --git 只能选一个。\nChoose one of --zip and --git.")
    if git_dir:
        return publish_git(level, folder, files, Path(git_dir), echo=echo)
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


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    # a fixed committer: the hand-out's history says what the course released, on any machine
    cmd = ["git", "-c", "user.name=xborder", "-c", "user.email=xborder@localhost", "-C", str(repo), *args]
    return subprocess.run(cmd, capture_output=True, text=True)


def publish_git(level: str, folder: Path, files: list[Path], repo: Path, *, echo=print) -> Path:
    """Commit release/<level>/ as <repo>/<level>/ (created with `git init` if missing): the
    hand-out repository students' workspaces pull with nbgitpuller. Files dropped from the
    release are removed from the hand-out too; an unchanged release makes no commit."""
    if shutil.which("git") is None:
        raise CourseError("找不到 git：请先安装（Debian: apt-get install git）。\n"
                          "git was not found: install it first (Debian: apt-get install git).")
    repo = repo.resolve()
    if not repo.exists() or (repo.is_dir() and not any(repo.iterdir())):
        repo.mkdir(parents=True, exist_ok=True)
        proc = _git(repo, "init", "-b", "main")
        if proc.returncode != 0:
            raise CourseError(f"git init {repo} 失败 failed:\n{proc.stderr[-1000:]}")
    top = _git(repo, "rev-parse", "--show-toplevel")
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != repo:
        raise CourseError(f"{repo} 不是 git 仓库的根目录：请给一个空文件夹或一个 git 仓库。\n"
                          f"{repo} is not the top of a git repository: give an empty folder or a git repository.")
    dest = repo / level
    if dest.exists():
        shutil.rmtree(dest)
    for f in files:
        target = dest / f.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, target)
    _git(repo, "add", "--all", "--", level)
    if _git(repo, "diff", "--cached", "--quiet").returncode == 0:
        echo(f"[{level}] the hand-out in {repo} is already up to date: nothing to commit")
        return repo
    proc = _git(repo, "commit", "--quiet", "-m", f"Release {level} ({time.strftime('%Y-%m-%d %H:%M')})")
    if proc.returncode != 0:
        raise CourseError(f"git commit 失败 failed in {repo}:\n{(proc.stdout + proc.stderr)[-1000:]}")
    branch = _git(repo, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    echo(f"[{level}] {len(files)} file(s) committed to {repo} (branch {branch}); students get them the next time "
         "their server starts" + ("; push it if students pull from a remote copy" if _git(repo, "remote").stdout.strip() else ""))
    return repo
