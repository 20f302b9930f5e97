"""Bad-input errors: one line naming file, key path, value and what was expected."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class BadInputError(Exception):
    """Input that the tool refuses. The CLI prints ``str(error)`` on one line and exits 2."""

    def __init__(self, file: str | Path | None, key: str, value: Any, expected: str) -> None:
        self.file = str(file) if file is not None else "<input>"
        self.key = key
        self.value = value
        self.expected = expected
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The single line shown to the user."""
        value = repr(self.value)
        if len(value) > 80:
            value = value[:77] + "..."
        text = f"{self.file}: {self.key} = {value}: expected {self.expected}"
        return " ".join(text.split())


class InfeasibleError(Exception):
    """An optimisation whose limits clash. The CLI prints the explanation and exits 3."""
