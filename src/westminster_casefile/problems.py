"""Problems: what the build and the validator report instead of raising tracebacks.

Every check appends a Problem and carries on, so one run reports everything at once."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    where: str  # "annotations/events.yaml:12" or "csv/events.csv" or "events/cps-drops-case"
    message: str  # what is wrong
    hint: str = ""  # what to do about it
    code: str = ""  # short machine-readable category, e.g. "quote-not-found"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text}\n    fix: {self.hint}" if self.hint else text

    def to_dict(self) -> dict:
        return asdict(self)


class ProblemsFound(Exception):
    """Raised at the end of a stage that found problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")
