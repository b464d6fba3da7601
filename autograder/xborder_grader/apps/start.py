"""The student workspace: student copies of the course notebooks, made by nbgrader, never overwritten.

`xborder start` fills workspace/<level>/ with the release version of every catalogued notebook
(no solutions, no hidden tests) and opens JupyterLab there. A notebook that is already in the
workspace is the student's work: it is kept as it is, and a fresh copy is offered beside it
only when asked (`--refresh`).

The lab a student gets is a student's lab (`lab_command`): nbgrader's instructor tools
(formgrader, course and assignment lists, "Create Assignment", the Nbgrader menu) are switched
off, in the browser and on the server, while the notebook's Validate button stays; the
interface speaks Simplified Chinese by default (the official zh-CN language pack), English with
`--lang en` or from the lab's own Settings › Language menu, which is remembered; exports from
the simulated back-end go to workspace/exports/, not beside the notebooks that are handed in.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .. import runner
from ..course import CourseError, catalog


def build_release(root: Path, level: str, dest: Path) -> list[Path]:
    """Generate the student version of a level's notebooks with nbgrader into `dest`."""
    cat = catalog(root)
    nbs = cat.notebooks(level)
    if not nbs:
        return []
    with tempfile.TemporaryDirectory(prefix="xborder-release-") as tmp:
        tmp = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", tmp / "nbgrader_config.py")
        src = tmp / "course" / level
        src.mkdir(parents=True)
        for nb in nbs:
            shutil.copy(nb.path, src / nb.path.name)
        proc = runner.nbgrader(["generate_assignment", level, "--force"], tmp)
        if proc.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment {level} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        dest.mkdir(parents=True, exist_ok=True)
        written = []
        for f in sorted((tmp / "release" / level).glob("*.ipynb")):
            target = dest / f.name
            shutil.copy(f, target)
            written.append(target)
        return written


def prepare(root: Path, workspace: Path, *, refresh: bool = False, echo=print) -> dict:
    """Put every level's student notebooks into the workspace without touching existing work."""
    from ..authoring.clean import clean_file

    cat = catalog(root)
    summary = {"new": [], "kept": [], "fresh_copies": []}
    # stamped with this Python's version, which the lab's kernel reports: the copy opens unchanged
    version = sys.version.split()[0]
    for level in cat.level_folders():
        nbs = cat.notebooks(level)
        if not nbs:
            continue
        have = [workspace / level / nb.path.name for nb in nbs]
        if not refresh and all(p.exists() for p in have):
            summary["kept"] += have  # nothing to copy: no need to build the release again
            continue
        with tempfile.TemporaryDirectory(prefix="xborder-ws-") as tmp:
            fresh = build_release(root, level, Path(tmp))
            for f in fresh:
                target = workspace / level / f.name
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    shutil.copy(f, target)
                    clean_file(target, version=version)
                    summary["new"].append(target)
                elif refresh:
                    copy = target.with_name(f"{target.stem}.fresh{target.suffix}")
                    shutil.copy(f, copy)
                    clean_file(copy, version=version)
                    summary["fresh_copies"].append(copy)
                else:
                    summary["kept"].append(target)
    for p in summary["new"]:
        echo(f"  + {p.relative_to(workspace)}  (新 new)")
    for p in summary["kept"]:
        echo(f"  = {p.relative_to(workspace)}  (保留你的作答 your work is kept)")
    for p in summary["fresh_copies"]:
        echo(f"  + {p.relative_to(workspace)}  (空白新副本 a blank fresh copy beside your work)")
    return summary


# what only an instructor uses: off in the student's lab (the Validate button stays)
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:menu", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                      "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list")
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.assignment_list",
                                "nbgrader.server_extensions.course_list")
LANGUAGES = {"zh": "zh_CN", "en": "en"}


def lab_settings(workspace: Path, lang: str = "zh") -> Path:
    """Write the student lab's settings folder (JupyterLab's app_settings_dir) into the workspace.

    page_config.json disables the instructor plugins; overrides.json sets defaults a student can
    still change in Settings: the interface language, and no news or update checks (a classroom
    is often offline).
    """
    folder = workspace / ".xborder" / "lab-settings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page_config.json").write_text(json.dumps({"disabledExtensions": list(INSTRUCTOR_PLUGINS)}, indent=1) + "\n",
                                             encoding="utf-8")
    overrides = {
        "@jupyterlab/translation-extension:plugin": {"locale": LANGUAGES[lang]},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    (folder / "overrides.json").write_text(json.dumps(overrides, indent=1) + "\n", encoding="utf-8")
    return folder


def lab_command(workspace: Path, *, lang: str = "zh", port: int | None = None, no_browser: bool = False,
                extra: list[str] = ()) -> tuple[list[str], dict]:
    """The `jupyter lab` command line and environment of the student lab on `workspace`."""
    settings = lab_settings(workspace, lang)
    off = {name: False for name in INSTRUCTOR_SERVER_EXTENSIONS}
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={workspace}",
           f"--LabApp.app_settings_dir={settings}", f"--ServerApp.jpserver_extensions={off!r}"]  # a Python literal
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines often run as root
    if port is not None:
        cmd.append(f"--port={port}")
    if no_browser:
        cmd.append("--no-browser")
    cmd += list(extra)
    env = dict(os.environ)
    # the simulated back-end's downloads (xborder_data.backend.default_export_dir)
    env["XBORDER_EXPORTS"] = str(workspace / "exports")
    # charts show in the notebook: a non-interactive backend chosen for scripts or servers (Agg,
    # say) would make every chart cell show nothing, so the Lab's kernels pick their own (inline)
    env.pop("MPLBACKEND", None)
    return cmd, env
