"""Warm kernels forked from a zygote (engine/kernels.py).

Is a zygote that died (killed by a student's kernel, out of memory) noticed and replaced before
it is asked for the next kernel, so that only the notebook that killed it is affected?
"""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from xborder_grader.engine import kernels

pytestmark = pytest.mark.skipif(not kernels.supported(), reason="forked kernels need Linux")

LIGHT = ("json",)  # a zygote that preloads next to nothing starts in a fraction of a second


@pytest.fixture
def zygote():
    z = kernels.start_zygote(preload=LIGHT)
    yield z
    if kernels.ZYGOTE is not None:
        kernels.ZYGOTE.close()
        kernels.ZYGOTE = None


def test_a_healthy_zygote_answers(zygote):
    assert zygote.alive() and zygote.healthy()
    assert kernels.ensure_zygote() is zygote  # nothing replaced while it works


def test_a_dead_zygote_is_detected_and_replaced(zygote):
    os.kill(zygote.pid, signal.SIGKILL)
    zygote.proc.wait(5)
    assert not zygote.alive() and not zygote.healthy()
    assert "signal 9" in zygote.returncode()
    with pytest.raises(kernels.ZygoteDied):
        zygote.spawn(["python", "-m", "ipykernel_launcher"], dict(os.environ), os.getcwd())
    fresh = kernels.ensure_zygote()
    assert fresh is not zygote and fresh.pid != zygote.pid and fresh.healthy()
    assert kernels.ZYGOTE is fresh


def test_a_zygote_that_stopped_answering_is_replaced(zygote, monkeypatch):
    monkeypatch.setattr(kernels, "HEALTH_TIMEOUT", 0.5)
    os.kill(zygote.pid, signal.SIGSTOP)  # alive, but it will never answer
    assert zygote.alive() and not zygote.healthy()
    fresh = kernels.ensure_zygote()
    assert fresh.pid != zygote.pid and fresh.healthy()
    assert not zygote.alive()  # the stuck one was ended, not left behind


def test_a_slow_answer_is_neither_a_death_nor_the_next_questions_answer(zygote):
    """On a machine under heavy load a zygote can answer after its asker stopped waiting. That
    zygote is alive: the asker is told it is slow (a kernel it forked is not declared dead), and its
    late answer is not read as the answer to the next question."""
    os.kill(zygote.pid, signal.SIGSTOP)  # stopped: nothing it is asked is answered yet
    try:
        with pytest.raises(kernels.ZygoteSlow):
            zygote._ask({"alive": os.getpid()}, 0.3)  # would say "1" (this test's process runs)
        with pytest.raises(kernels.ZygoteSlow):
            zygote._ask({"ping": True}, 0.3)
    finally:
        os.kill(zygote.pid, signal.SIGCONT)
    assert zygote.alive()
    # both late answers ("1", "pong") are now on their way; each next question gets its own answer
    assert zygote.child_alive(2**22 + 12345) is False  # no such process
    assert zygote.healthy()
    assert zygote.child_alive(os.getpid()) is True


def test_a_kernel_whose_sandbox_answers_slowly_is_not_declared_dead(zygote):
    """BoxedKernel.poll, what jupyter_client and nbclient ask to tell whether the student's kernel
    died: while the sandbox's zygote does not answer in time the kernel is still running (the
    notebook's time limits end a sandbox that is really stuck); only a zygote that has ended makes
    it dead."""

    class Box:
        pass

    box = Box()
    box.zygote = zygote
    kernel = kernels.BoxedKernel(box, os.getpid())  # a process that runs
    os.kill(zygote.pid, signal.SIGSTOP)
    try:
        old = kernels.HEALTH_TIMEOUT
        kernels.HEALTH_TIMEOUT = 0.3
        try:
            assert kernel.poll() is None
        finally:
            kernels.HEALTH_TIMEOUT = old
    finally:
        os.kill(zygote.pid, signal.SIGCONT)
    assert kernel.poll() is None
    gone = kernels.BoxedKernel(box, 2**22 + 12345)
    assert gone.poll() == 0
    os.kill(zygote.pid, signal.SIGKILL)
    zygote.proc.wait(5)
    assert kernels.BoxedKernel(box, os.getpid()).poll() == -signal.SIGKILL  # its sandbox ended


async def _run(code: str, timeout: float = 60) -> tuple[int, str]:
    """Start a forked kernel as nbclient does, run `code`, return (kernel pid, what it printed)."""
    km = kernels.ForkingKernelManager()
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        await kc.wait_for_ready(timeout=timeout)
        await kc.execute_interactive(code, timeout=timeout,
                                     output_hook=lambda m: out.append(m["content"].get("text", "")))
    except Exception as exc:  # the kernel may die while it runs the code
        out.append(f"{type(exc).__name__}")
    finally:
        pid = km.provisioner.pid
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    return pid, "".join(out)


@pytest.mark.slow
def test_a_kernel_that_kills_its_zygote_does_not_take_the_next_kernel_with_it():
    kernels.start_zygote(preload=("ipykernel.kernelapp", "ipykernel.ipkernel"))
    try:
        first = kernels.ZYGOTE
        pid, _ = asyncio.run(_run("import os; os.kill(os.getppid(), 9)", timeout=30))
        first.proc.wait(10)  # the student's code killed the zygote
        pid2, text = asyncio.run(_run("print(6 * 7)"))  # the next notebook still gets a kernel
        assert text.strip() == "42"
        assert kernels.ZYGOTE is not first and kernels.ZYGOTE.alive()
        assert pid2 != pid
    finally:
        kernels.ZYGOTE.close()
        kernels.ZYGOTE = None
