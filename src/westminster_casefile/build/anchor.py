"""Anchoring: find each evidence quote in its article and return its offsets.

Offsets are Python string indices (code points) into the text exactly as received, so
`text[start:end] == quote` holds for every evidence row."""
from __future__ import annotations

import difflib
import unicodedata

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


SCORED = 200  # characters of a long quote compared per candidate: keeps the hint bounded
CANDIDATES = 100


def closest_passage(text: str, quote: str) -> str:
    """The passage of the article most like the quote, to show the curator what is printed.

    Linear in the article's length and bounded in the quote's: at most CANDIDATES windows,
    each compared on at most SCORED characters (SequenceMatcher is quadratic in what it compares)."""
    if not quote or not text:
        return ""
    folded_text, folded_quote = text.translate(_NORMALISE), quote.translate(_NORMALISE)
    i = folded_text.find(folded_quote)
    if i != -1:  # same characters but different quote marks or dashes
        return text[i:i + len(quote)]
    for form in ("NFC", "NFD"):  # the same letters, composed differently (é vs e + combining accent)
        if unicodedata.is_normalized(form, text):
            same = unicodedata.normalize(form, quote)
            i = text.find(same)
            if i != -1:
                return text[i:i + len(same)]
    n = len(quote)
    probe = folded_quote[:SCORED]
    words = sorted(set(probe.split()), key=len, reverse=True)[:5]
    starts = set()
    for word in words:
        pos = folded_text.find(word)
        offset = folded_quote.find(word)
        while pos != -1 and len(starts) < CANDIDATES:
            starts.add(max(0, pos - offset))
            pos = folded_text.find(word, pos + 1)
    if not starts:
        return ""
    best = max(sorted(starts), key=lambda s: difflib.SequenceMatcher(
        None, probe, folded_text[s:s + len(probe)], autojunk=False).ratio())
    return text[best:best + n]


def _codepoints(s: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in s)


def difference(quote: str, passage: str) -> str:
    """Where the quote and the passage first differ, spelled in code points when the two look
    alike (NFC against NFD, a no-break space, a different apostrophe)."""
    def look(s: str) -> str:
        return unicodedata.normalize("NFKC", s.translate(_NORMALISE))

    if look(quote) != look(passage):
        return ""  # visibly different: the passage itself shows the curator what to fix
    i = next((k for k, (a, b) in enumerate(zip(quote, passage)) if a != b), min(len(quote), len(passage)))
    if i == len(quote) == len(passage):
        return ""
    q, p = quote[i:i + 3], passage[i:i + 3]
    return (f"; they differ at character {i + 1}: the quote has {_codepoints(q) or '(end)'}, "
            f"the article {_codepoints(p) or '(end)'}")


def hint(text: str, quote: str) -> str:
    """The fix to suggest for a quote that is not in the article."""
    near = closest_passage(text, quote)
    if not near:
        return "copy the quote character for character from the article"
    return f"the closest passage is: {near!r}{difference(quote, near)}"
