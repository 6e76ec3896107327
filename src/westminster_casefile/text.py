"""Reading article text mechanically: quotations and name-like phrases.

Used by the completeness tests (is every quotation curated or waived? is every name known?)
and by `westminster-casefile draft`. Rule-based and transparent: no models. Everything here is
linear in the length of the text."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> closing mark. Straight quotes open and close with the same character.
PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'"}
STYLES = {"“": "curly-double", "‘": "curly-single", '"': "straight-double", "'": "straight-single"}
# What may close a quotation: its own closing mark, or the other double (single) one, since some
# outlets mix them ("...” opened with a straight mark and closed with a curly one).
CLOSERS = {"“": "”\"", '"': '"”', "‘": "’'", "'": "'’"}
# Opening marks that continue a quotation left open at the end of a paragraph.
CONTINUERS = {"“": "“\"", '"': '"“', "‘": "‘'", "'": "'‘"}
_OPENERS = set(PAIRS)
_MARKS = set(PAIRS) | set(PAIRS.values())
# Words that begin with an elided letter: 'em, 'til, '90s, rock 'n' roll. Their mark is an
# apostrophe, never an opening quote.
_ELISION = re.compile(r"(?:n[’']|em\b|til\b|cause\b|bout\b|tis\b|twas\b|round\b|\d\d)", re.IGNORECASE)
_TERMINAL = ".!?:;”\"’')]…"


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks
    text: str
    continued: bool = False  # True when it runs on from the previous paragraph's open quotation
    closed: bool = True  # False when the paragraph ends before the closing mark
    mark: str = "“"  # the opening mark: its style is STYLES[mark]
    depth: int = 0  # 0 for a quotation in running text, 1 for one nested inside another

    @property
    def style(self) -> str:
        return STYLES[self.mark]


def soft_breaks(text: str) -> str:
    """The text with line breaks that fall inside a paragraph turned into spaces (same offsets).

    A break is soft when the text is hard-wrapped (blank lines separate paragraphs and the lines
    of a paragraph are of wrapped length), or when the line stops mid-sentence and the next one
    goes on in lower case ("... Tom Little\\nKC, defending, said ..." is caught by the first rule,
    "... had been\\ntargeted" by the second)."""
    lines = text.split("\n")
    blocks, current = [], []
    for i, line in enumerate(lines):
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    inner = [len(lines[i]) for b in blocks for i in b[:-1]]
    wrapped = len(blocks) >= 3 and len(inner) >= 3 and sum(1 for n in inner if 40 <= n <= 100) >= 0.8 * len(inner)
    out = list(text)
    pos = 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        nxt = lines[i + 1]
        if line.strip() and nxt.strip():
            ends = line.rstrip()[-1:]
            if wrapped or (ends not in _TERMINAL and nxt.lstrip()[:1].islower()):
                out[pos] = " "
        pos += 1
    return "".join(out)


def _opens(text: str, i: int) -> bool:
    """A mark at i opens a quotation: at the start, or after space, an opening bracket, a dash or
    another opening mark, and before a character that can begin quoted words."""
    # any white space before it counts (U+2028 as a paragraph break, U+00A0 ...), and so does a
    # byte order mark: an article's first quotation must not be lost to either
    if not (i == 0 or text[i - 1] in " \t\n([{—–-/“‘\"'\ufeff" or text[i - 1].isspace()):
        return False
    nxt = text[i + 1:i + 2]
    if not nxt or nxt.isspace():
        return False
    if text[i] in "'’" and _ELISION.match(text, i + 1):
        return False
    return True


def _closes(text: str, j: int) -> bool:
    """A mark at j closes: after a non-space, followed by the end, space, or punctuation (not a
    letter: "don’t", "O’Brien")."""
    if j > 0 and text[j - 1].isspace() and not (j > 1 and text[j - 2] in "’'"):
        return False  # a mark after a space opens; but ‘... helpful attention,’ ” closes both
    if text[j] in "'’" and text[j - 2:j] in ("'n", "’n") and text[j - 3:j - 2] in (" ", ""):
        return False  # rock 'n' roll
    return j + 1 >= len(text) or not text[j + 1].isalnum()


def _plural_possessive(text: str, j: int, end: int, mark: str) -> bool:
    """ "the dogs’ dinner": a closing single mark after an s is an apostrophe when the next single
    mark of the paragraph closes too (the quotation goes on past it)."""
    if text[j - 1:j] not in ("s", "S") or not text[j + 1:j + 2] == " ":
        return False
    k = text.find(mark, j + 1, end)
    while k != -1:
        if _opens(text, k):
            return False
        if _closes(text, k):
            return True
        k = text.find(mark, k + 1, end)
    return False


def _scan(text: str, start: int, end: int, carried: str | None):
    """Quotations of one paragraph text[start:end]. Yields (open_index, close_index or None, mark,
    depth); an open_index of start - 1 stands for a quotation carried in from before."""
    stack: list[tuple[int, str]] = []
    if carried:
        stack.append((start - 1, carried))
    i = start
    while i < end:
        c = text[i]
        if c in _MARKS:
            # close the innermost open quotation this mark closes; an inner single quotation
            # left open when its outer one closes was an apostrophe ("the ’90s”)
            level = next((n for n in range(len(stack) - 1, -1, -1) if c in CLOSERS[stack[n][1]]), None)
            if level is not None and _closes(text, i) and not (
                    c in "'’" and _plural_possessive(text, i, end, c)):
                opened, mark = stack[level]
                del stack[level:]
                yield opened, i, mark, level
                i += 1
                continue
            if c in _OPENERS and _opens(text, i) and len(stack) < 3:
                stack.append((i, c))
        i += 1
    if stack:
        opened, mark = stack[0]
        yield opened, None, mark, 0


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in curly or straight, double or single quotes, nested ones included.

    A paragraph that ends inside an open quotation and a next paragraph that opens with the same
    mark form a quotation continued across paragraphs: the second part is `continued`. So does a
    next line whose first quotation mark closes the open quotation (a hard line break inside a
    paragraph). Line breaks inside a paragraph are read as spaces (see `soft_breaks`)."""
    flat = soft_breaks(text)
    found: list[Quotation] = []
    left_open = None  # the mark the previous paragraph ended inside, if any
    skipped = 0
    offset = 0
    for paragraph in flat.split("\n"):
        start, end = offset, offset + len(paragraph)
        offset = end + 1
        stripped = paragraph.lstrip()
        if left_open and stripped:
            first = next((k for k in range(start, end) if flat[k] in _MARKS), None)
            lead = start + len(paragraph) - len(stripped)
            if first == lead and flat[first] in CONTINUERS[left_open] and _opens(flat, first):
                carried, body = left_open, first + 1  # continued: “... / “...
            elif first is not None and flat[first] in CLOSERS[left_open] and _closes(flat, first) and \
                    not _opens(flat, first):
                carried, body = left_open, lead  # the quotation runs on across a line break
            elif first is None and skipped < 2:
                # up to two paragraphs with no quotation marks at all (photo captions that
                # page layouts drop between paragraphs of a quotation) keep it open
                skipped += 1
                continue
            else:
                carried, body = None, start
        elif not stripped:
            continue
        else:
            carried, body = None, start
        left_open, skipped = None, 0
        for opened, close, mark, depth in _scan(flat, body, end, carried):
            inner_start = opened + 1 if opened >= body else body
            inner_end = close if close is not None else len(paragraph.rstrip()) + start
            inner = text[inner_start:inner_end]
            if not inner.strip():
                continue
            found.append(Quotation(inner_start, inner_end, inner, continued=carried is not None and opened < body,
                                   closed=close is not None, mark=mark, depth=depth))
            if close is None:
                left_open = mark
    found.sort(key=lambda q: (q.start, -q.end))
    return _drop_unconfirmed_singles(found)


def _drop_unconfirmed_singles(found: list[Quotation]) -> list[Quotation]:
    """An unclosed single-quoted run that no later paragraph continues is an apostrophe's false
    start ('tis, a stray ’), not a quotation."""
    out = []
    for n, q in enumerate(found):
        if not q.closed and q.mark in "'‘" and not q.continued:
            nxt = found[n + 1] if n + 1 < len(found) else None
            if not (nxt and nxt.continued):
                continue
        out.append(q)
    return out


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
        i = m.start()  # step back over spaces and opening marks (not a copy of all the text before)
        while i > 0 and text[i - 1] in " “‘\"(":
            i -= 1
        sentence_start = i == 0 or text[i - 1] in ".!?:\n—–-"
        phrase = m.group(0).rstrip(".’'-")
        out.append(Phrase(m.start(), m.start() + len(phrase), phrase, sentence_start))
    return out
