"""One table of what grading can find and record: the integrity findings on a submission, the
reasons a notebook could not be graded, and the status of every student × notebook.

Every message is bilingual; the engine records codes, the feedback, the export and the report
turn codes into words from here.
"""

from __future__ import annotations

# code → (severity, 中文, English). "severe" findings zero the notebook pending the instructor's review.
FINDINGS = {
    "cells_duplicated": ("info", "有重复的单元格编号（复制或拆分了单元格），评分时按原始单元格处理",
                         "cell IDs were duplicated (cells copied or split); grading used the original cells"),
    "cells_missing": ("info", "测试单元格被删除或失去了评分信息，评分时已放回原始测试",
                      "test cells were deleted or lost their grading metadata; the original tests were put back for grading"),
    "metadata_changed": ("info", "测试单元格的评分信息（分值、标记、校验和）被改动，评分时使用原始信息",
                         "grading metadata of test cells (points, flags, checksums) was changed; the original was used"),
    "kernel_changed": ("info", "notebook 的内核被改成了其他内核，评分时使用课程的 Python 内核",
                       "the notebook's kernel was changed; it was graded with the course's Python kernel"),
    "exits_process": ("info", "代码会结束或杀死进程（sys.exit / os._exit / os.kill），之后的单元格可能没有运行",
                      "the code ends or kills the process (sys.exit / os._exit / os.kill); later cells may not have run"),
    "reads_grader_files": ("severe", "代码读取了评分系统的文件（成绩库、课程源文件或其他学生的作业）",
                           "the code reads the grader's files (gradebook, course sources or other submissions)"),
    "patches_tests": ("severe", "代码改动了测试依赖的函数或模块（内置函数、checks、pandas、数据加载器）",
                      "the code changes functions or modules the tests rely on (builtins, checks, pandas, the data loader)"),
    "grader_internals": ("severe", "代码访问了解释器或评分程序的内部（sys.modules、gc、ctypes、guard）",
                         "the code reaches into interpreter or grader internals (sys.modules, gc, ctypes, the guard)"),
    "writes_outside": ("severe", "代码在作业文件夹之外写文件", "the code writes files outside its own folder"),
    "output_truncated": ("info", "输出过多，已截断", "the output was too long and was cut"),
    "cell_timeout": ("info", "有单元格运行超时被中断（死循环？），之后依赖它的测试不会通过",
                     "a cell ran out of time and was interrupted (an endless loop?); tests that depend on it fail"),
    "unsandboxed": ("info", "本次评分没有操作系统沙箱（评分机器不支持），学生代码没有被隔离",
                    "graded without an operating-system sandbox (the grading machine has none): the code was not isolated"),
    "locked_changed": ("info", "只读单元格（含测试）被改动过，评分时使用了原始内容",
                       "read-only cells (tests included) were edited; the originals were used for grading"),
}

# what the static audit of a submission's code can find: attempts at the grader. Without a sandbox
# they zero the notebook until the instructor has looked at it; in the sandbox they could not reach
# anything, so they are only noted for the instructor (a static audit also errs on honest code)
AUDIT = {"reads_grader_files", "patches_tests", "grader_internals", "writes_outside"}
# findings that make a graded notebook "tampered": test cells were deleted, edited or duplicated
# (grading used the originals), or, unsandboxed, the code reached for the grader
STRUCTURAL = {"cells_missing", "cells_duplicated", "metadata_changed", "locked_changed"}
TAMPERED = STRUCTURAL | AUDIT


def tampered(codes, sandboxed: bool) -> bool:
    """Whether findings `codes` make a graded notebook "tampered"."""
    return bool(set(codes) & (STRUCTURAL if sandboxed else TAMPERED))


# why a notebook could not be graded, in the words the instructor and the student see
REASONS = {
    "not_json": ("文件不是有效的 notebook（JSON 损坏或为空）", "the file is not a valid notebook (broken or empty JSON)"),
    "timeout": ("运行超时（可能有死循环）", "it ran out of time (an endless loop?)"),
    "kernel_died": ("运行时内核崩溃（内存耗尽或程序退出）", "the kernel died while it ran (out of memory, or the code exited the process)"),
    "error": ("评分程序出错", "the grader stopped with an error"),
    "wrong_notebook": ("提交的不是本作业的 notebook", "the file is not this assignment's notebook"),
}

# the status of every student × notebook of a level (engine/status.py keeps them)
STATUSES = ("graded", "needs_manual", "tampered", "failed", "missing")
DONE = ("graded", "needs_manual", "tampered")
LABELS = {
    "graded": ("已评分", "graded"),
    "needs_manual": ("待人工评分", "needs manual grading"),
    "tampered": ("测试单元格被改动", "tampered"),
    "failed": ("评分失败", "failed"),
    "missing": ("未提交", "missing"),
}


def severe(codes, sandboxed: bool = False) -> list[str]:
    """The findings among `codes` that zero a notebook until the instructor has looked at it (none
    when the code ran in the sandbox, where it could not reach the grader)."""
    if sandboxed:
        return []
    return [c for c in codes if FINDINGS.get(c, ("info",))[0] == "severe"]


def words(code: str) -> tuple[str, str]:
    """(中文, English) for a finding or a reason code."""
    if code in FINDINGS:
        return FINDINGS[code][1], FINDINGS[code][2]
    return REASONS.get(code, (code, code))
