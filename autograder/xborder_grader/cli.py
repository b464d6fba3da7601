"""`xborder`: the course's command line.

    xborder start                 set up the student workspace and open JupyterLab on it
    xborder data --seed N --out DIR   write a data world's exports and tidy tables
    xborder validate [LEVEL] [--notebook NAME]   the quality gate
    xborder clean [--check] [PATH ...]   store notebooks as JupyterLab saves them (no outputs)

Instructor cycle (in the course root; see docs/instructor.md):
    xborder build LEVEL        generate the student version (nbgrader generate_assignment)
    xborder release LEVEL      hand it out (nbgrader exchange, a zip for an LMS, a git hand-out for a hub)
    xborder collect LEVEL      gather submissions (exchange, or an LMS folder/zip)
    xborder grade LEVEL        autograde the class in parallel, resumably
    xborder feedback LEVEL     feedback pages for every student
    xborder export LEVEL       grades CSV: per notebook, per skill item, status; --lms canvas|moodle: import file
    xborder report LEVEL       skill-competency report (CSV + HTML heatmap)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .course import CourseError


def _cmd_data(args) -> int:
    from xborder_data import dictionary
    from xborder_data.dump import write_world
    from xborder_data.errors import DataRequestError

    if args.dictionary:
        text = dictionary.render_markdown()
        if args.dictionary == "-":
            sys.stdout.write(text)
        else:
            Path(args.dictionary).write_text(text, encoding="utf-8")
            print(f"wrote {args.dictionary}")
        return 0
    if args.out is None:
        print("xborder data: --out DIR is required (where to write the world)", file=sys.stderr)
        return 2
    try:
        summary = write_world(args.seed, args.out, tables=args.table or None, fmt=args.format)
    except DataRequestError as exc:
        print(f"xborder data: {exc}", file=sys.stderr)
        return 2
    print(f"world seed {summary['seed']}: {summary['files']} files in {args.out} ({summary['seconds']} s)")
    for name, rows in summary["rows"].items():
        print(f"  {name}: {rows} rows")
    return 0


def _cmd_validate(args) -> int:
    from .authoring.gate import validate

    results = validate(args.level, args.notebook, mutants=not args.no_mutants, workers=args.workers,
                       keep=Path(args.keep) if args.keep else None, seeds=args.seeds, mutant_seeds=args.mutant_seeds,
                       trials=not args.no_trials)
    failed = [r for r in results if not r.ok]
    cells = sum(len(r.cells) for r in results)
    print(f"\n{len(results)} notebook(s), {cells} graded test cell(s): "
          f"{'all proven' if not failed else f'{len(failed)} notebook(s) FAILED'}")
    return 1 if failed else 0


def _cmd_clean(args) -> int:
    from .authoring.clean import main as clean

    return clean(args.paths, check=args.check)


def _cmd_build(args) -> int:
    from .apps.build import build

    build(args.level, args.notebook)
    return 0


def _cmd_grade(args) -> int:
    from .apps.grade import grade

    s = grade(args.level, workers=args.workers, notebooks=args.notebook, students=args.student, force=args.force,
              retry_failed=args.retry_failed, time_limit=args.time_limit, warm_kernels=not args.cold_kernels,
              progress=not args.no_progress, wait=args.wait, cluster=args.cluster or args.scheduler)
    per_nb = f", {sum(s.graded_seconds) / len(s.graded_seconds):.1f} s per notebook in a worker" if s.graded_seconds else ""
    counts = ", ".join(f"{v} {k}" for k, v in s.counts.items()) or "nothing new"
    restarts = f"; {s.restarts} worker restart(s)" if s.restarts else ""
    print(f"[{s.level}] done in {s.seconds:.1f} s{per_nb}: {counts}{restarts}")
    for line in s.problems[:50]:
        print(f"  ! {line}")
    if len(s.problems) > 50:
        print(f"  … and {len(s.problems) - 50} more (xborder export {s.level} lists them all)")
    if s.log:
        print(f"  评分日志 What went wrong in each notebook: {s.log}")
    return 0


def _cmd_release(args) -> int:
    from .apps.release import release

    release(args.level, zip_path=args.zip, git_dir=args.git)
    return 0


def _cmd_collect(args) -> int:
    from .apps.collect import collect

    collect(args.level, args.source, id_pattern=args.id_pattern)
    return 0


def _cmd_feedback(args) -> int:
    from .apps.feedback import feedback

    result = feedback(args.level, workers=args.workers, progress=not args.no_progress)
    return 1 if result["errors"] else 0


def _cmd_export(args) -> int:
    if args.lms:
        from .apps.lms import lms_export

        if not args.roster:
            raise CourseError("--lms 需要 --roster 名单文件（课程学号与 LMS 身份的对照）。\n"
                              "--lms needs --roster FILE: the roster that maps the course's student IDs to LMS identities.")
        lms_export(args.level, args.lms, args.roster, args.out, roster_key=args.roster_key, missing_zero=args.missing_zero)
        return 0
    if args.roster or args.missing_zero:
        raise CourseError("--roster 和 --missing-zero 只用于 --lms canvas|moodle。\n--roster and --missing-zero go with --lms canvas|moodle.")
    from .apps.export import export

    export(args.level, args.out)
    return 0


def _cmd_report(args) -> int:
    from .apps.report import report

    report(args.level, args.out)
    return 0


def _cmd_start(args, lab_args: list[str]) -> int:
    from .course import find_root
    from .apps.start import prepare

    root = find_root()
    workspace = Path(args.workspace or root / "workspace").resolve()
    print(f"学生工作区 Student workspace: {workspace}")
    prepare(root, workspace, refresh=args.refresh)
    data = workspace / "data"
    if not (data / "tables").exists():
        from xborder_data import session_seed
        from xborder_data.dump import write_world

        summary = write_world(session_seed(), data)
        print(f"  + data/  ({summary['files']} 个文件 files: 店铺后台导出样例 sample back-end exports)")
    if args.no_lab:
        return 0
    from .apps.start import lab_command

    cmd, env = lab_command(workspace, lang=args.lang, port=args.port, no_browser=args.no_browser, extra=lab_args)
    print("启动 JupyterLab（按 Ctrl+C 停止）· Starting JupyterLab (Ctrl+C stops it) …", flush=True)
    os.execve(sys.executable, cmd, env)
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xborder", description="跨境电商B2C数据运营 course tools / instructor CLI")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser(
        "start", help="set up the student workspace and open JupyterLab (./start.sh runs this)",
        description="把学生版 notebook 放进工作区并打开 JupyterLab（./start.sh 运行的就是它）。"
                    "Put the student copies of the notebooks into the workspace and open JupyterLab on it.",
        epilog="其他参数原样交给 jupyter lab · Any other option goes to `jupyter lab` as it is, "
               "e.g. --ServerApp.token=SECRET or --ip=0.0.0.0. "
               "界面语言 Interface language: 中文 by default; English with --lang en, or in JupyterLab's "
               "Settings › Language menu (设置 › 语言), which JupyterLab remembers.")
    s.add_argument("--workspace", help="folder for the student copies (default: <course root>/workspace)")
    s.add_argument("--refresh", action="store_true", help="also put a blank fresh copy beside notebooks you already have")
    s.add_argument("--no-lab", action="store_true", help="prepare the workspace but do not start JupyterLab")
    s.add_argument("--no-browser", action="store_true", help="do not open a browser; open the address JupyterLab prints")
    s.add_argument("--port", type=int, help="port of JupyterLab (default 8888, or the next free one)")
    s.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="default interface language: zh = 简体中文 (default), en = English")

    d = sub.add_parser("data", help="write a data world's exports (xlsx) and tidy tables (csv)")
    d.add_argument("--seed", type=int, default=2026, help="world seed (default 2026, the world the notebooks use)")
    d.add_argument("--out", help="output folder")
    d.add_argument("--table", action="append", help="only this table (repeatable)")
    d.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="export file format")
    d.add_argument("--dictionary", metavar="FILE", help="write the data dictionary as Markdown to FILE ('-' = stdout) and exit")

    v = sub.add_parser("validate", help="quality gate: every graded test passes on the reference and scores 0 on the blank release")
    v.add_argument("level", nargs="?", help="primary, intermediate or advanced (default: every level with notebooks)")
    v.add_argument("--notebook", help="only this notebook (file stem or task ID, e.g. P-1.1)")
    v.add_argument("--no-mutants", action="store_true", help="skip the mutants of tests/mutants/")
    v.add_argument("--seeds", type=int, default=30,
                   help="grading seeds on which the reference and every alternative correct solution must keep full marks (default 30)")
    v.add_argument("--mutant-seeds", type=int, default=2,
                   help="grading seeds each wrong answer of tests/mutants/ must lose its points on (default 2, at most --seeds)")
    v.add_argument("--no-trials", action="store_true",
                   help="only the real grading path (reference and blank through nbgrader) and the static checks")
    v.add_argument("--workers", type=int, default=2, help="processes in parallel for autograde and the trials (default 2)")
    v.add_argument("--keep", metavar="DIR", help="keep the scratch course root in DIR for inspection")

    cl = sub.add_parser("clean", help="store notebooks exactly as JupyterLab saves them: no outputs, nothing to save on open")
    cl.add_argument("paths", nargs="*", metavar="PATH", help="notebooks (default: every catalogued course notebook)")
    cl.add_argument("--check", action="store_true", help="change nothing; list the notebooks that are not clean and exit 1")

    b = sub.add_parser("build", help="generate the student version of a level or one notebook (nbgrader generate_assignment)")
    b.add_argument("level", help="primary, intermediate or advanced")
    b.add_argument("--notebook", help="only this notebook (file stem or task ID, e.g. P-1.1)")

    g = sub.add_parser("grade", help="autograde every submission of a level in parallel (resumable)")
    g.add_argument("level", help="primary, intermediate or advanced")
    g.add_argument("--workers", type=int, help="grading processes (default: CPU cores + 1)")
    g.add_argument("--notebook", action="append", help="only this notebook (repeatable)")
    g.add_argument("--student", action="append", help="only this student (repeatable)")
    g.add_argument("--force", action="store_true", help="grade again what is already graded")
    g.add_argument("--retry-failed", action="store_true", help="try again submissions that failed before")
    g.add_argument("--time-limit", type=float, default=300, help="seconds one notebook may run (default 300)")
    g.add_argument("--cold-kernels", action="store_true",
                   help="start every kernel as a new process instead of forking it from a pre-imported one (slower)")
    g.add_argument("--wait", action="store_true",
                   help="if another xborder command works on this course root, wait for it instead of stopping")
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    where = g.add_mutually_exclusive_group()
    where.add_argument("--cluster", metavar="local:N",
                       help="grade on a Dask LocalCluster of N worker processes started here (docs/scale.md)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="grade on a running Dask cluster, e.g. tcp://10.0.0.5:8786 (docs/scale.md)")

    r = sub.add_parser("release", help="hand out the student version: nbgrader exchange, --zip for an LMS, --git for nbgitpuller")
    r.add_argument("level")
    where = r.add_mutually_exclusive_group()
    where.add_argument("--zip", metavar="FILE", help="write release/LEVEL as a zip to FILE instead of using the exchange")
    where.add_argument("--git", metavar="DIR", help="commit release/LEVEL to the hand-out git repository DIR (created if "
                                                   "missing) that students' hub workspaces pull with nbgitpuller")

    c = sub.add_parser("collect", help="gather submissions: nbgrader exchange, or --from an LMS folder/zip")
    c.add_argument("level")
    c.add_argument("--from", dest="source", metavar="FOLDER_OR_ZIP", help="submissions as exported by an LMS")
    c.add_argument("--id-pattern", metavar="REGEX", help="regex with a (?P<student>...) group, matched on each file's path")

    f = sub.add_parser("feedback", help="feedback pages for every student (skill items, points, messages; no hidden tests)")
    f.add_argument("level")
    f.add_argument("--workers", type=int, help="processes (default: CPU cores)")
    f.add_argument("--no-progress", action="store_true")

    e = sub.add_parser("export", help="grades CSV: per notebook (score + status) and per skill item; --lms: Canvas or Moodle import file")
    e.add_argument("level")
    e.add_argument("--out", metavar="FILE", help="CSV file (default: grades-LEVEL.csv, or LMS-LEVEL.csv with --lms, in the course root)")
    e.add_argument("--lms", choices=["canvas", "moodle"], help="write the gradebook import file of this LMS (needs --roster)")
    e.add_argument("--roster", metavar="FILE", help="CSV mapping course student IDs to LMS identities (e.g. the LMS's gradebook export)")
    e.add_argument("--roster-key", default="student_id", metavar="COLUMN",
                   help="roster column holding the course's student IDs (default: student_id)")
    e.add_argument("--missing-zero", action="store_true", help="a notebook never handed in scores 0 instead of staying blank")

    rp = sub.add_parser("report", help="skill-competency report: CSV + HTML heatmap of students × skill items")
    rp.add_argument("level")
    rp.add_argument("--out", metavar="DIR", help="folder for skills-LEVEL.csv and report-LEVEL.html (default: course root)")
    return p


def _quiet_gradebook_warnings() -> None:
    """nbgrader 0.9's gradebook code trips SQLAlchemy 2's autoflush warnings (SAWarning "Object of
    type <SubmittedNotebook> not in session ..."): noise about nbgrader's internals that an
    instructor can do nothing about, printed by grade, feedback, export and report."""
    import warnings

    warnings.filterwarnings("ignore", message=r"Object of type <\w+> not in session")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _quiet_gradebook_warnings()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "start":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "data":
            return _cmd_data(args)
        if args.command == "validate":
            return _cmd_validate(args)
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "grade":
            return _cmd_grade(args)
        handler = {"clean": _cmd_clean, "release": _cmd_release, "collect": _cmd_collect, "feedback": _cmd_feedback,
                   "export": _cmd_export, "report": _cmd_report}.get(args.command)
        if handler:
            return handler(args)
        if args.command == "start":
            return _cmd_start(args, extra)
    except CourseError as exc:
        print(f"xborder {args.command}: {exc}", file=sys.stderr)
        return 2
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
