"""The two README commands and the `xborder` command line, as a newcomer meets them."""

from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT


def xborder(*args, cwd=ROOT, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "xborder_grader.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_readme_gives_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./start.sh", "./test.sh"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./test.sh" in ci
    for script in ("start.sh", "test.sh", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), f"{script} must be executable"


def test_setup_script_explains_a_missing_python(tmp_path):
    """With no usable Python on PATH, the set-up stops and says what to install."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for tool in ("bash", "cat", "rm", "dirname", "command"):
        path = subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip()
        if path.startswith("/"):
            os.symlink(path, fake_bin / tool)
    work = tmp_path / "repo"
    work.mkdir()
    (work / "scripts").mkdir()
    (work / "scripts" / "setup.sh").write_text((ROOT / "scripts" / "setup.sh").read_text())
    (work / "pyproject.toml").write_text("")
    proc = subprocess.run(["bash", "-c", "source scripts/setup.sh"], cwd=work, capture_output=True, text=True,
                          env={"PATH": str(fake_bin), "HOME": str(tmp_path)})
    assert proc.returncode != 0
    assert "Python 3.11 or newer was not found" in proc.stderr and "apt-get install" in proc.stderr


@pytest.mark.slow  # a whole world: every table, 144 exports of one of them
def test_data_command_writes_a_world(tmp_path):
    proc = xborder("data", "--seed", "5", "--out", str(tmp_path / "w"), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "hot_sale_products" in proc.stdout
    assert len(list((tmp_path / "w" / "exports" / "hot_sale_products").glob("*.csv"))) == 144
    assert (tmp_path / "w" / "tables" / "hot_sale_products.csv").exists()


def test_data_command_rejects_an_unknown_table(tmp_path):
    proc = xborder("data", "--seed", "5", "--out", str(tmp_path), "--table", "hot_sales")
    assert proc.returncode == 2
    assert "hot_sale_products" in proc.stderr


def test_validate_names_the_valid_levels_and_notebooks():
    proc = xborder("validate", "expert")
    assert proc.returncode == 2 and "primary, intermediate, advanced" in proc.stderr
    proc = xborder("validate", "primary", "--notebook", "P-9.9")
    assert proc.returncode == 2 and "P-1.1_hot_products" in proc.stderr
    from xborder_grader.course import Catalog

    from .conftest import ROOT

    empty = [f for f in Catalog(ROOT).level_folders() if not Catalog(ROOT).notebooks(f)]
    if empty:  # a level whose notebooks are not written yet says so
        proc = xborder("validate", empty[0])
        assert proc.returncode == 2 and "no notebooks yet" in proc.stderr


@pytest.mark.slow
def test_start_prepares_the_workspace_twice_without_losing_work(tmp_path):
    ws = tmp_path / "ws"
    first = xborder("start", "--no-lab", "--workspace", str(ws))
    assert first.returncode == 0, first.stderr
    nb = ws / "primary" / "P-1.1_hot_products.ipynb"
    text = nb.read_text(encoding="utf-8")
    assert "raise NotImplementedError()" in text and "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert (ws / "data" / "tables" / "hot_sale_products.csv").exists()
    # the student works ...
    data = json.loads(text)
    data["cells"][0]["source"] = "my notes"
    nb.write_text(json.dumps(data), encoding="utf-8")
    second = xborder("start", "--no-lab", "--workspace", str(ws), "--refresh")
    assert second.returncode == 0, second.stderr
    assert json.loads(nb.read_text(encoding="utf-8"))["cells"][0]["source"] == "my notes"
    assert (ws / "primary" / "P-1.1_hot_products.fresh.ipynb").exists()
    assert "your work is kept" in second.stdout or "blank fresh copy" in second.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_start_serves_the_course_in_jupyterlab(tmp_path):
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    proc = subprocess.Popen([sys.executable, "-m", "xborder_grader.cli", "start", "--workspace", str(tmp_path / "ws"),
                             "--no-browser", f"--port={port}", "--ServerApp.token=", "--ServerApp.ip=127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 600  # the first start builds the release and the data: minutes on a loaded machine
        listing = None
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/primary", timeout=5) as r:
                    listing = json.loads(r.read())
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(1)
        assert listing is not None, proc.stdout.read() if proc.poll() is not None else "JupyterLab did not answer"
        names = {item["name"] for item in listing["content"]}
        assert "P-1.1_hot_products.ipynb" in names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab", timeout=10) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_start_help_lists_the_options_a_student_needs():
    proc = subprocess.run(["bash", str(ROOT / "start.sh"), "--help"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    for option in ("--no-browser", "--port", "--lang", "--workspace", "--refresh", "--no-lab"):
        assert option in proc.stdout, f"./start.sh --help does not mention {option}"
    assert "English" in proc.stdout and "jupyter lab" in proc.stdout


def test_the_student_lab_leaves_out_the_instructor_tools(tmp_path, monkeypatch):
    from xborder_grader.apps.start import INSTRUCTOR_PLUGINS, lab_command

    monkeypatch.setenv("MPLBACKEND", "Agg")  # set for scripts on this machine; the Lab's charts still show
    cmd, env = lab_command(tmp_path, lang="en", port=8899, no_browser=True, extra=["--ServerApp.token=x"])
    assert env["XBORDER_EXPORTS"] == str(tmp_path / "exports")
    assert "MPLBACKEND" not in env
    assert "--port=8899" in cmd and "--no-browser" in cmd and cmd[-1] == "--ServerApp.token=x"
    servers = ast.literal_eval(next(a for a in cmd if a.startswith("--ServerApp.jpserver_extensions=")).split("=", 1)[1])
    assert servers == {"nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.assignment_list": False,
                       "nbgrader.server_extensions.course_list": False}  # validate_assignment stays on
    settings = tmp_path / ".xborder" / "lab-settings"
    assert f"--LabApp.app_settings_dir={settings}" in cmd
    page = json.loads((settings / "page_config.json").read_text())
    assert page["disabledExtensions"] == list(INSTRUCTOR_PLUGINS)
    assert "@jupyter/nbgrader:validate-assignment" not in page["disabledExtensions"]
    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "en"
    lab_command(tmp_path)
    assert json.loads((settings / "overrides.json").read_text())["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"


def test_the_commands_do_not_print_nbgraders_sqlalchemy_noise():
    """nbgrader 0.9 trips SQLAlchemy 2's autoflush warnings while grading; an instructor sees none."""
    code = ("import warnings, sys\nfrom sqlalchemy.exc import SAWarning\nfrom xborder_grader import cli\n"
            "cli._quiet_gradebook_warnings()\n"
            "warnings.warn(SAWarning(\"Object of type <SubmittedNotebook> not in session, add operation along "
            "'Notebook.submissions' will not proceed\"))\nwarnings.warn(SAWarning('another warning'))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "not in session" not in proc.stderr and "another warning" in proc.stderr
