"""Language parity of exercise instructions (authoring/parity.py): the rules a bilingual text
must keep in both languages, and the text that is not an instruction."""

from xborder_grader.authoring.parity import check_notebook, split


def _md(text, **meta):
    return {"cell_type": "markdown", "metadata": meta, "source": text}


def _answer(grade_id="ex1_answer"):
    return {"cell_type": "code", "metadata": {"nbgrader": {"solution": True, "grade": False, "grade_id": grade_id}},
            "source": "x = 1", "outputs": [], "execution_count": None}


def _nb(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_a_threshold_missing_in_one_language_is_reported():
    nb = _nb(_md("## 练习 1 · 筛选 · Exercise 1: Filter（2 分 points）\n\n保留访客数大于 `100` 且转化率高于 5% 的商品。\n\n"
                 "Keep products with more than `100` visitors and a conversion rate above 3%."), _answer())
    found = {(p.kind, p.token) for p in check_notebook(nb)}
    assert ("only in Chinese", "5%") in found and ("only in English", "3%") in found


def test_same_rules_in_both_languages_pass():
    nb = _nb(_md("## 练习 1 · 筛选 · Exercise 1: Filter（2 分 points）\n\n保留访客数大于 `100` 的商品，见练习 2。\n\n"
                 "Keep products with more than `100` visitors, as in exercise 2."), _answer())
    assert check_notebook(nb) == []


def test_full_width_punctuation_line_is_chinese():
    zh, en, _ = split("列名：\n`gmv`：`orders`。\nColumns: `gmv`, `orders`.")
    assert "`gmv`：`orders`。" in zh and "`gmv`：`orders`。" not in en


def test_written_answer_model_text_is_not_an_instruction():
    written = _md("模型答案：先看 42 个商品。 A model answer names 42 products.",
                  nbgrader={"grade": True, "solution": True, "grade_id": "ex1_written", "points": 3})
    nb = _nb(_md("## 练习 1 · 建议 · Exercise 1: Advice (3 points)\n\n写出你的建议。\n\nWrite your recommendation."), written)
    assert check_notebook(nb) == []
