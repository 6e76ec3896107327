"""Draft speed: `westminster-casefile draft` on articles of 64 KB to 1 MB, side by side in one run.

    python benchmarks/draft_speed.py

The articles are the five curated ones repeated until the size is reached, and two worst cases
of the same size: a text of unclosed quotation marks and apostrophes, and one of nothing but
capitalised names and reporting verbs. Drafting is linear in the length of the article when the
seconds per MB stay flat as the size grows (issue 9: a 992 KB article took 74 s)."""
from __future__ import annotations

import time
from pathlib import Path

from westminster_casefile.build import dates
from westminster_casefile.draft import Drafter, known_entities

ROOT = Path(__file__).resolve().parents[1]
SIZES = (64_000, 256_000, 1_000_000)


def texts(size: int) -> dict[str, str]:
    curated = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").glob("*.txt")))
    unclosed = "He said “it’s ‘the dogs’ and 'rock 'n' roll \"of the ’90s, O’Brien said: ‘never\n"
    names = "Mr Smith told Lady Jane Doe, the minister, that Sir John Roe said Dr Ann Poe added \"yes\". "
    return {kind: (base * (size // len(base) + 1))[:size]
            for kind, base in (("curated x n", curated + "\n\n"), ("unclosed marks", unclosed), ("names and verbs", names))}


def main() -> None:
    drafter = Drafter(*known_entities(ROOT))
    published = dates.parse_value("2025-10-20")
    print(f"{'text':<16} {'size':>9} {'seconds':>8} {'s per MB':>9} {'candidates':>10}")
    for size in SIZES:
        for kind, text in texts(size).items():
            t0 = time.perf_counter()
            d = drafter.draft("999_speed", text, published)
            seconds = time.perf_counter() - t0
            print(f"{kind:<16} {len(text):>9} {seconds:>8.2f} {seconds / (len(text) / 1e6):>9.2f} {len(d.statements):>10}")


if __name__ == "__main__":
    main()
