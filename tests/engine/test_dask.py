"""Grading on a real Dask cluster (a LocalCluster of worker processes, engine/cluster.py).

Do submissions reach the workers as data and the autograded copies come back? Are the grades and
statuses those of the local pool? Does a worker lost mid-run lose nothing, with no notebook recorded
twice? Is a notebook that kills every worker it runs on recorded as failed, and does the run carry
on where it stopped? Does a grading worker that cannot start on the cluster end the run with its
words? The slow test grades real notebooks with nbgrader on a cluster against a PostgreSQL
gradebook and compares every grade with the local pool on SQLite.
"""

from __future__ import annotations

import json

import pytest

from xborder_grader.apps.grade import grade
from xborder_grader.course import CourseError
from xborder_grader.engine import gradebook as gbm
from xborder_grader.engine.status import StatusStore

from ..conftest import api_gradebook, course_root, need
from . import fake_workers as fw

LEVEL, NB = "primary", "P-9.9_demo"


@pytest.fixture(autouse=True)
def dask():
    try:
        import distributed  # noqa: F401
    except ImportError:
        need("the Dask cluster tests", "dask[distributed] is not installed (./test.sh installs the scale extra)")


def make_course(base, docs: dict[str, dict]):
    base.mkdir(parents=True, exist_ok=True)
    root = course_root(base, LEVEL, [])
    api_gradebook(root / "gradebook.db", LEVEL, {NB: {c: ("test", p) for c, p in fw.CELLS.items()}})
    for student, doc in docs.items():
        folder = root / "submitted" / student / LEVEL
        folder.mkdir(parents=True)
        (folder / f"{NB}.ipynb").write_text(json.dumps({"cells": [], **doc}), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    return root


def statuses(root):
    store = StatusStore(root, LEVEL)
    try:
        return store.all()
    finally:
        store.close()


def on_cluster(root, n=2, grader=fw.DaskGrader, **kw):
    return grade(LEVEL, root=root, cluster=f"local:{n}", grader=grader, progress=False, echo=lambda *a: None, **kw)


def test_a_cluster_grades_like_the_local_pool_from_data_alone(tmp_path):
    docs = {f"s{i:03d}": {"score": i} for i in range(5)}
    dask_root = make_course(tmp_path / "dask", docs)
    pool_root = make_course(tmp_path / "pool", docs)
    s = on_cluster(dask_root)
    pool = grade(LEVEL, root=pool_root, worker=fw.grades, workers=2, progress=False, echo=lambda *a: None)
    assert s.counts == pool.counts == {"graded": 5}
    assert gbm.grade_rows(dask_root / "gradebook.db") == gbm.grade_rows(pool_root / "gradebook.db")
    simple = {k: (v["status"], v["score"], v["sha256"]) for k, v in statuses(dask_root).items()}
    assert simple == {k: (v["status"], v["score"], v["sha256"]) for k, v in statuses(pool_root).items()}
    for student, doc in docs.items():
        # graded on a worker's own scratch copy, written back here by the grading process
        folder = dask_root / "autograded" / student / LEVEL
        back = json.loads((folder / f"{NB}.ipynb").read_text(encoding="utf-8"))
        assert back["score"] == doc["score"] and back["graded_by"]
        assert (folder / "timestamp.txt").read_text() == "2026-11-20 10:00:00.000000 UTC"
    # resumable as the local pool: nothing graded twice
    again = on_cluster(dask_root)
    assert again.counts == {} and again.skipped == {"already graded": 5}


def test_a_lost_worker_loses_nothing_and_nothing_is_recorded_twice(tmp_path):
    marker = tmp_path / "died-once"
    docs = {f"s{i:03d}": {"score": 3} for i in range(6)}
    docs["s003"] = {"score": 2, "die_once": str(marker)}  # its machine goes away while grading it
    docs["s005"] = {"die": True}  # a notebook that ends every worker it reaches
    root = make_course(tmp_path / "c", docs)
    s = on_cluster(root)
    assert marker.exists()
    assert s.counts == {"graded": 5, "failed": 1}
    st = statuses(root)
    assert st[("s003", NB)]["status"] == "graded" and st[("s003", NB)]["score"] == 4.0
    assert st[("s005", NB)]["status"] == "failed" and st[("s005", NB)]["reasons"] == ["worker_died"]
    assert {k: v["attempts"] for k, v in st.items()} == {(s_, NB): 1 for s_ in docs}  # recorded once each
    assert len(gbm.grade_rows(root / "gradebook.db")) == len(docs) * len(fw.CELLS)
    # the failed one is not retried on the next run unless asked
    again = on_cluster(root, n=1)
    assert again.counts == {} and again.skipped == {"already graded": 5, "failed before (--retry-failed)": 1}


def test_a_grading_worker_that_cannot_start_on_the_cluster_ends_the_run_with_its_words(tmp_path):
    root = make_course(tmp_path / "c", {"s001": {"score": 1}})
    with pytest.raises(CourseError) as err:
        on_cluster(root, n=1, grader=fw.DaskCannotStart)
    text = str(err.value)
    assert "集群上的评分进程无法启动" in text and "could not start on the cluster" in text
    assert "No module named 'xborder_grader'" in text
    assert statuses(root) == {}


def test_a_scheduler_that_does_not_answer_is_named(tmp_path, monkeypatch, capsys):
    from xborder_grader.cli import main
    from xborder_grader.engine import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2.0)
    root = make_course(tmp_path / "c", {"s001": {"score": 1}})
    monkeypatch.chdir(root)
    assert main(["grade", LEVEL, "--no-progress", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "tcp://127.0.0.1:9" in err and "Dask" in err and "无法连接" in err
    assert main(["grade", LEVEL, "--no-progress", "--cluster", "local:zero"]) == 2
    assert "local:N" in capsys.readouterr().err


@pytest.mark.slow
def test_real_notebooks_on_a_cluster_and_postgres_grade_as_the_local_pool_on_sqlite(tmp_path, pg_url):
    """nbgrader end to end: `xborder build` into each gradebook, three students (the reference, the
    untouched release, one wrong answer), graded by the local pool on SQLite and by a LocalCluster
    of two workers on PostgreSQL: every grade and every status the same."""
    import yaml

    from xborder_grader.apps.build import build
    from xborder_grader.authoring.mutants import Mutant, apply_mutant

    from ..conftest import ROOT, read_nb

    nb = ROOT / "course" / "primary" / "P-1.1_hot_products.ipynb"
    roots = {}
    for name, extra in (("lite", ""), ("pg", f"\nc.CourseDirectory.db_url = {pg_url!r}\n")):
        (tmp_path / name).mkdir()
        roots[name] = course_root(tmp_path / name, "primary", [nb], config_extra=extra)
        build("primary", root=roots[name], echo=lambda *a: None)
    source = read_nb(nb)
    released = read_nb(roots["lite"] / "release" / "primary" / nb.name)
    mutants = yaml.safe_load((ROOT / "tests" / "mutants" / "P-1.1_hot_products.yaml").read_text(encoding="utf-8"))
    wrong = Mutant(**next(m for m in mutants["mutants"] if m["name"] == "p11-change-over-now"))
    for root in roots.values():
        for student, doc in {"alice": source, "bob": released, "carol": apply_mutant(source, wrong)}.items():
            folder = root / "submitted" / student / "primary"
            folder.mkdir(parents=True)
            (folder / nb.name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    quiet = {"progress": False, "echo": lambda *a: None}
    pool = grade("primary", root=roots["lite"], workers=2, **quiet)
    dask = grade("primary", root=roots["pg"], cluster="local:2", **quiet)
    assert pool.counts == dask.counts and sum(pool.counts.values()) == 3, (pool.problems, dask.problems)

    assert gbm.grade_rows(pg_url) == gbm.grade_rows(roots["lite"] / "gradebook.db")
    st = {r: {k: (v["status"], v["score"], v["max_score"]) for k, v in StatusStore(roots[r], "primary").all().items()}
          for r in roots}
    assert st["pg"] == st["lite"]
    scores = {k[0]: v[1] for k, v in st["pg"].items()}
    assert scores == {"alice": 18.0, "bob": 0.0, "carol": 15.0}  # P-1.1's 18 autograded points; the mutant loses ex3_report's 3
    for student in ("alice", "bob", "carol"):
        assert (roots["pg"] / "autograded" / student / "primary" / nb.name).exists()
        assert (roots["pg"] / "autograded" / student / "primary" / "timestamp.txt").exists()
