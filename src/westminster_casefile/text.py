"""Reading article text mechanically: quotations and name-like phrases.

Used by the completeness tests (is every quotation curated or waived? is every name known?)
and by `westminster-casefile draft`. Rule-based and transparent: no models."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> closing mark. Straight quotes open and close with the same character.
PAIRS = {"“": "”", "‘": "’", '"': '"'}


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks
    text: str
    continued: bool = False  # True when it runs on from the previous paragraph's open quotation
    closed: bool = True  # False when the paragraph ends before the closing mark


def _opens(text: str, i: int) -> bool:
    """A mark at i opens a quotation: at the start, or after space or an opening bracket/dash."""
    return i == 0 or text[i - 1] in " \t\n([{—–-/"


def _closes(text: str, j: int) -> bool:
    """A mark at j closes: followed by the end, space, or punctuation (not a letter: "don’t")."""
    return j + 1 >= len(text) or not text[j + 1].isalnum()


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in curly double, curly single and straight double quotes.

    A paragraph that ends inside an open quotation and a next paragraph that opens with the same
    mark form a quotation continued across paragraphs: the second part is `continued`."""
    found: list[Quotation] = []
    left_open = None  # the mark the previous paragraph ended inside, if any
    skipped = 0
    offset = 0
    for paragraph in text.split("\n"):
        # An open quotation carries over blank lines and up to two paragraphs with no quotation
        # marks at all (photo captions that page layouts drop between paragraphs of a quote).
        if not paragraph.strip() or (left_open and skipped < 2 and not any(m in paragraph for m in PAIRS)):
            skipped += bool(paragraph.strip())
            offset += len(paragraph) + 1
            continue
        carried, left_open, skipped = left_open, None, 0
        i = 0
        while i < len(paragraph):
            mark = paragraph[i]
            if mark in PAIRS and _opens(paragraph, i):
                close = PAIRS[mark]
                j = i + 1
                while j < len(paragraph) and not (paragraph[j] == close and _closes(paragraph, j)):
                    j += 1
                inner = paragraph[i + 1:j]
                if inner.strip():
                    closed = j < len(paragraph)
                    found.append(Quotation(offset + i + 1, offset + j, inner,
                                           continued=(i == 0 and carried == mark), closed=closed))
                    if not closed:
                        left_open = mark
                i = j + 1
                continue
            i += 1
        offset += len(paragraph) + 1
    return found


# Capitalised words joined by the lower-case connectives that occur inside institutional names.
_WORD = r"[A-Z][\w’'\-./]*"
_NAME_RX = re.compile(rf"(?<![\w’'])(?:{_WORD})(?:(?:[ \t]+(?:of|on|the|for|and|de|la)[ \t]+|[ \t]+){_WORD})*")


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    text: str
    sentence_start: bool


def name_phrases(text: str) -> list[Phrase]:
    """Runs of capitalised words ("Joint Committee on the National Security Strategy")."""
    out = []
    for m in _NAME_RX.finditer(text):
        before = text[:m.start()].rstrip(" “‘\"(")
        sentence_start = not before or before[-1] in ".!?:\n—–-"
        phrase = m.group(0).rstrip(".’'-")
        out.append(Phrase(m.start(), m.start() + len(phrase), phrase, sentence_start))
    return out
