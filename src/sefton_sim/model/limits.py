"""The physical range of every number and text the tool reads: one set of rules for the scenario
schema and for the council's tables.

A :class:`Limit` names a kind of value (an amount in £m, a share, a count), its range and whether
it must be whole. The scenario schema uses the annotated types built from them (``MoneyGbpM``,
``Share``, ``Pct``, ``NonNegativeCount``, ...: strict, so ``true`` and ``"5"`` are not numbers,
and finite, so ``nan`` and ``inf`` are refused); the table loaders use :func:`parse_number` and
:meth:`Limit.check` with the same limits. Every failure is a one-line
:class:`~sefton_sim.errors.BadInputError` naming file, key, value and the range expected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final

from pydantic import AfterValidator, AllowInfNan, Field, Strict

from sefton_sim.errors import BadInputError


@dataclass(frozen=True)
class Limit:
    """A kind of number: what it is, its closed range ``[low, high]`` and whether it is whole."""

    what: str
    low: float
    high: float
    whole: bool = False

    @property
    def expected(self) -> str:
        """The expectation shown in an error message."""
        kind = "whole number" if self.whole else "finite number"
        return f"{self.what}: a {kind} from {_plain(self.low)} to {_plain(self.high)}"

    def holds(self, value: float) -> bool:
        """Whether ``value`` is finite, within the range and (if required) whole."""
        if isinstance(value, bool) or not math.isfinite(value):
            return False
        return self.low <= value <= self.high and (not self.whole or float(value).is_integer())

    def check(self, value: float, file: str | Path | None, key: str) -> float:
        """``value`` if it holds, else a one-line BadInputError."""
        if not self.holds(value):
            raise BadInputError(file, key, value, self.expected)
        return value


def _plain(number: float) -> str:
    """1e10 as 10,000,000,000; 0.5 as 0.5."""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


MONEY_CAP_GBP_M: Final = 10_000.0
"""No amount the council handles reaches £10bn; anything larger is a typing error."""

MONEY_GBP_M: Final = Limit("an amount in £m", -MONEY_CAP_GBP_M, MONEY_CAP_GBP_M)
NON_NEGATIVE_MONEY_GBP_M: Final = Limit("a non-negative amount in £m", 0.0, MONEY_CAP_GBP_M)
MONEY_GBP: Final = Limit("an amount in £", -MONEY_CAP_GBP_M * 1e6, MONEY_CAP_GBP_M * 1e6)
NON_NEGATIVE_MONEY_GBP: Final = Limit("a non-negative amount in £", 0.0, MONEY_CAP_GBP_M * 1e6)
PCT: Final = Limit("a percentage", -100.0, 100.0)
SHARE: Final = Limit("a share between 0 and 1", 0.0, 1.0)
RATE_PER_YEAR: Final = Limit("a rate per year as a fraction (0.03 = 3%)", -1.0, 1.0)
COUNT_CAP: Final = 10_000_000
COUNT: Final = Limit("a non-negative count", 0, COUNT_CAP, whole=True)
NON_NEGATIVE_NUMBER: Final = Limit("a non-negative number", 0.0, 1e12)
NUMBER: Final = Limit("a number", -1e12, 1e12)
YEAR: Final = Limit("a calendar year", 2000, 2100, whole=True)
SCORE: Final = Limit("a score from 0 (none) to 10 (severe)", 0.0, 10.0)

MAX_SCENARIO_SAVINGS: Final = 62
"""Savings a scenario may list: the ledgers hold 64, two of them the savings already in the budget."""

TEXT_CAP: Final = 2_000
"""Longest free text (descriptions)."""
NAME_CAP: Final = 500
"""Longest name of a provision or saving."""
OPTION_DESCRIPTION_CAP: Final = 300
"""Longest description of a savings option (a plan names its savings after it, with a suffix)."""
PATH_CAP: Final = 1_000
"""Longest path or scenario name."""

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: object, file: str | Path | None, key: str, limit: Limit = NUMBER) -> float:
    """A number from a table cell, checked against ``limit``.

    Only plain decimal notation is read (``1000``, ``-0.5``, ``2.5e6``): thousands separators
    (``1,000``), underscores, currency signs, ``nan`` and ``inf`` are refused with a message.
    """
    cell = "" if text is None else str(text).strip()
    if not _NUMBER_TEXT.match(cell):
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", cell):
            expected = f"{limit.what}: a number without thousands separators (write {cell.replace(',', '')})"
        elif cell.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            expected = limit.expected
        else:
            expected = f"{limit.what}: a number" if cell else f"{limit.what}: a number (the cell is empty)"
        raise BadInputError(file, key, text, expected)
    return limit.check(float(cell), file, key)


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("text without NUL bytes")
    return text


def _within(limit: Limit) -> AfterValidator:
    def check(value: float) -> float:
        if not limit.holds(value):
            raise ValueError(limit.expected)
        return value

    return AfterValidator(check)


# Strict: no bools or strings; finite; the range is a validator rather than ge/le so that a field
# may narrow it further with its own Field(ge=..., le=...) and both apply.
MoneyGbpM = Annotated[float, Strict(), AllowInfNan(False), _within(MONEY_GBP_M)]
NonNegativeMoneyGbpM = Annotated[float, Strict(), AllowInfNan(False), _within(NON_NEGATIVE_MONEY_GBP_M)]
NonNegativeMoneyGbp = Annotated[float, Strict(), AllowInfNan(False), _within(NON_NEGATIVE_MONEY_GBP)]
Pct = Annotated[float, Strict(), AllowInfNan(False), _within(PCT)]
Share = Annotated[float, Strict(), AllowInfNan(False), _within(SHARE)]
RatePerYear = Annotated[float, Strict(), AllowInfNan(False), _within(RATE_PER_YEAR)]
FiniteNumber = Annotated[float, Strict(), AllowInfNan(False), _within(NUMBER)]
NonNegativeCount = Annotated[int, Strict(), _within(COUNT)]
SignedCount = Annotated[int, Strict(), _within(Limit("a count", -COUNT_CAP, COUNT_CAP, whole=True))]
Seed = Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)]
Text = Annotated[str, Field(max_length=TEXT_CAP), AfterValidator(_no_nul)]
NameText = Annotated[str, Field(max_length=NAME_CAP), AfterValidator(_no_nul)]
PathText = Annotated[str, Field(max_length=PATH_CAP), AfterValidator(_no_nul)]
