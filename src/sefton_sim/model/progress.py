"""How long work tells its progress, without knowing who shows it.

Engines and studies take a :class:`ProgressReporter` (default :data:`NO_PROGRESS`) and call
``phase(description, total)`` once per stage of work, then ``advance`` on what it returns. The
command line supplies a reporter that draws progress bars on a terminal; everything below it only
sees this protocol, so nothing but the command line imports a progress-bar library.
"""

from __future__ import annotations

from typing import Protocol


class ProgressPhase(Protocol):
    """One stage of work with a known (or unknown: ``None``) number of steps."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps are done."""
        ...

    def close(self) -> None:
        """The stage is over (its bar disappears)."""
        ...


class ProgressReporter(Protocol):
    """Starts stages of work: simulated months, chunks, cases, iterations, origins."""

    def phase(self, description: str, total: int | None) -> ProgressPhase:
        """A new stage named in the council's words ("sensitivity cases", "bisection runs")."""
        ...


class _SilentPhase:
    def advance(self, steps: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


class SilentProgress:
    """Reports nothing: the default when no one is watching (tests, pipes, ``--quiet``)."""

    def phase(self, description: str, total: int | None) -> ProgressPhase:
        return _SilentPhase()


NO_PROGRESS: ProgressReporter = SilentProgress()
"""The reporter to use when none is given."""
