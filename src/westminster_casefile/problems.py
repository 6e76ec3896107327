"""Problems: what the build and the validator report instead of raising tracebacks.

Every check appends a Problem and carries on, so one run reports everything at once."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import total_ordering


@total_ordering
@dataclass(frozen=True)
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

    def sort_key(self) -> tuple:
        """By file, then line as a number (so `big.yaml:4` comes before `big.yaml:100001`)."""
        parts = tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", self.where) if t)
        return (parts, self.message, self.hint, self.code)

    def __lt__(self, other):
        if not isinstance(other, Problem):
            return NotImplemented
        return self.sort_key() < other.sort_key()


class ProblemsFound(Exception):
    """Raised at the end of a stage that found problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")
