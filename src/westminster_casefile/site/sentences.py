"""The sentence around a quotation, taken from the article at build time -- and only that sentence.

The site never publishes an article's text. When the articles are at hand (a checkout's sources/)
and their bytes are exactly the ones the package pins (sha256), each quotation is shown inside
the one sentence that holds it, cut to a bounded length; otherwise just the quotation."""
from __future__ import annotations

import hashlib
from pathlib import Path

MAX_CHARS = 320  # a sentence longer than this is cut around the quotation, marked with "…"
_ENDS = ".?!\n"


def load_texts(sources_dir: Path | None, pinned: dict[str, str]) -> dict[str, str]:
    """source_id -> article text, for the articles whose bytes match the pinned sha256."""
    texts: dict[str, str] = {}
    if sources_dir is None or not Path(sources_dir).is_dir():
        return texts
    for sid, sha in pinned.items():
        path = Path(sources_dir) / f"{sid}.txt"
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(raw).hexdigest() == sha:
            texts[sid] = raw.decode("utf-8")
    return texts


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quote, after): the sentence holding text[start:end], split at the quotation."""
    left = start
    while left > 0 and not (text[left - 1] in _ENDS and (left == start or text[left].isspace())):
        left -= 1
    right = end
    while right < len(text) and text[right - 1] not in _ENDS:
        if text[right] == "\n":
            break
        right += 1
        if text[right - 1] in ".?!" and (right == len(text) or text[right].isspace()):
            break
    before, quote, after = text[left:start].lstrip(), text[start:end], text[end:right].rstrip()
    room = max(0, MAX_CHARS - len(quote))
    if len(before) > room // 2:  # cut at a word boundary, marked
        cut = before[len(before) - room // 2:]
        before = "…" + (cut.split(" ", 1)[1] if " " in cut else cut).lstrip()
    if len(after) > room // 2:
        cut = after[: room // 2]
        after = (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut).rstrip() + "…"
    return before, quote, after
