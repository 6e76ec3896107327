"""Anchoring: find each evidence quote in its article and return its offsets.

Offsets are Python string indices (code points) into the text exactly as received, so
`text[start:end] == quote` holds for every evidence row."""
from __future__ import annotations

import difflib

# Typographic characters a curator most often types differently from the article.
_NORMALISE = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of quote in text."""
    found, i = [], text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def anchor(text: str, quote: str, occurrence: int | None) -> tuple[int, int] | str:
    """(start, end) of the quote, or a message saying why it cannot be anchored."""
    if not quote:
        return "the quote is empty"
    hits = occurrences(text, quote)
    if not hits:
        return "the quote is not in the article"
    if occurrence is None:
        if len(hits) > 1:
            return f"the quote occurs {len(hits)} times; add `occurrence: N` (1 = first) to say which"
        occurrence = 1
    if not 1 <= occurrence <= len(hits):
        return f"occurrence {occurrence} asked for, but the quote occurs {len(hits)} time(s)"
    start = hits[occurrence - 1]
    return start, start + len(quote)


def closest_passage(text: str, quote: str) -> str:
    """The passage of the article most like the quote, to show the curator what is printed."""
    if not quote or not text:
        return ""
    folded_text, folded_quote = text.translate(_NORMALISE), quote.translate(_NORMALISE)
    i = folded_text.find(folded_quote)
    if i != -1:  # same characters but different quote marks or dashes
        return text[i:i + len(quote)]
    # Seed candidates from where the quote's longest words occur, then score the windows:
    # linear in the article's length, unlike sliding a SequenceMatcher over every offset.
    n = len(quote)
    words = sorted(set(folded_quote.split()), key=len, reverse=True)[:5]
    starts = set()
    for word in words:
        pos = folded_text.find(word)
        while pos != -1 and len(starts) < 200:
            offset = folded_quote.find(word)
            starts.add(max(0, pos - offset))
            pos = folded_text.find(word, pos + 1)
    if not starts:
        return ""
    best = max(starts, key=lambda s: difflib.SequenceMatcher(
        None, folded_quote, folded_text[s:s + n], autojunk=False).ratio())
    return text[best:best + n]
