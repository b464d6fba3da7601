"""The two README commands and the `xborder` command line, as a newcomer meets them."""

from __future__ import annotations

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
    proc = xborder("validate", "intermediate")
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
        deadline = time.time() + 120
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
