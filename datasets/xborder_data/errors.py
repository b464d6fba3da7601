"""Errors with a bilingual message that says what is wrong and what to do."""

from __future__ import annotations


class DataRequestError(ValueError):
    """A request to the simulated back-end or the loader named something that does not exist."""


def choice_error(param: str, value, choices, *, zh_what: str | None = None, en_what: str | None = None) -> DataRequestError:
    """Build the error for a parameter whose value is not one of the valid choices."""
    if isinstance(choices, str):
        listed = choices
    else:
        listed = ", ".join(map(str, choices))
    zh_what = zh_what or param
    en_what = en_what or param
    return DataRequestError(
        f"{zh_what} {value!r} 不存在，可选值：{listed}\n"
        f"Unknown {en_what} {value!r} for `{param}`. Valid choices: {listed}"
    )
