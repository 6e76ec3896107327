"""Checks that keep rows true to the articles, one per defect an independent audit found.

Each check reads the curated records and the anchored evidence and returns problems; none
changes a row. They run in the build (`tables.assemble`), so a new article cannot bring back a
defect the audits of the first five found (CURATION.md, "What the build checks for you"):

- `words-in-caption`: a photo caption or headline is page furniture, never the speaker's words.
- `attribution-in-words`: a paraphrase's words are the reported clause, not the reporter's
  attribution ("The two men denied ...", "set out how ...").
- `happened-from-words`: an event the articles know only from what someone said is `claimed`
  (or `alleged`), not `happened`.
- `note-quote-unsourced`: a note quotes only articles the row cites or the note names (a note
  copied from another row quotes words its row's articles do not have).
- `event-link-unexplained`: a statement of unknown medium linked to a speech or a press
  conference says in its note why it is linked (the article does not place it there); so does
  one of unknown medium and no date of its own linked to any event (the article gives no
  occasion: link to no event, or say the link is inferred).
- `date-outside-its-sentence`: a row's date `text` is printed in a sentence the row cites (a date
  belongs to the sentence that prints it, not to the words reported in the sentence after it).
  A date the row's sentences do not print passes only with a date `note` saying where it comes from
  and basis `inferred` or `inferred_across_sources` (a note does not make a borrowed date "resolved").
- `author-of-unnamed-words`: an event whose linked statements all have an unnamed speaker (no
  person or institution id: "the chairs of the home affairs and justice committees") names no
  author or speaker either; the committees do not author what their unnamed chairs wrote.
- `words-nested`: a words span lying inside another words span of the same row counts the same
  printed words twice (cite the fragment as `support` if it matters).
- `alleged-role-unmarked`: an affiliation whose id says it is alleged says so in its title and
  note, so the role/title columns never read as established fact.
- `unnamed-commentary`: an unnamed group ("China experts say", no person or institution id) is
  not `commentary`: the article does not say they gave a publication their opinion.
- `same-utterance-one-way`: two rows kept apart although they may record one utterance name each
  other in their notes both ways, not one way only (audits R7-003-2, R7-004-2)."""
from __future__ import annotations

import re

from westminster_casefile.problems import Problem

# A line is a caption or a headline when it ends without sentence punctuation or carries a photo
# credit (an article's opening line may be its lede, as in a translation without a headline).
_TERMINAL = re.compile(r"[.?!”\"’']\s*$")
_CREDIT = re.compile(r"Photograph:|\((?:PA|AP|AFP|Reuters|Getty)[^)]*\)\s*$")
# The reporter's attribution opening a reported clause ("said that", "set out how").
_ATTRIBUTION = re.compile(r"^(?:said|says|added|explained|insisted|warned|admitted|told \w+|set out)\s+(?:that|how)\b", re.I)
# The reporter's description of what the speaker did, left at the head of the words once the
# attribution is cut ("set out how Mr Berry ...", "had repeatedly described the threat",
# "outlining questions", "it was his assessment that", "calls for an explanation", "asking him to",
# "citing a lack of", the hedge "what is understood to have been").
_DESCRIBING = re.compile(r"^(?:how|outlining|calls? for|asking|citing|requesting|what (?:is|was) understood to|(?:had|has|have)\s+(?:\w+ly\s+)?(?:described|outlined|set out)|"
                         r"it was (?:his|her|their|its) (?:assessment|view|belief) that)\b", re.I)
_ALLEGED = re.compile(r"\b(?:alleged|allegedly|suspected|accused)\b", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# Event types that are themselves an occasion of speaking: a statement linked to one should say
# which part it comes from (its medium) or why it is linked.
_SPEAKING_EVENTS = {"speech", "press_conference"}
# Quoted phrases in a note: straight quotes pair in order; curly ones by their shape.
_NOTE_QUOTE = re.compile(r'"([^"]*)"|“([^”]*)”')
_ARTICLE_NO = re.compile(r"(?<!\d)(\d{3})(?!\d)")


def _line(text: str, pos: int) -> tuple[int, str]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, text[start:len(text) if end < 0 else end]


def is_page_furniture(text: str, pos: int) -> bool:
    """True when the paragraph holding `pos` is the headline or a photo caption."""
    line = _line(text, pos)[1].strip()
    return not _TERMINAL.search(line) or bool(_CREDIT.search(line))


def _words(s: str) -> list[str]:
    return re.findall(r"\w+(?:'\w+)?", s.replace("’", "'").replace("‘", "'").lower())


def _printed(phrase: str, paragraphs: list[list[str]]) -> bool:
    """A note's quotation is printed when each part between elisions ("...") has its words, in
    order, within one paragraph: a note may shorten a name ("The CPS said in April 2024" for "The
    Crown Prosecution Service (CPS) said in April 2024"), never borrow another article's words."""
    for part in re.split(r"\.\.\.|…", phrase):
        want = _words(part)
        if not want:
            continue
        def inside(par):
            it = iter(par)
            return all(w in it for w in want)
        if not any(inside(par) for par in paragraphs):
            return False
    return True


_SENTENCE_END = re.compile(r"[.?!][”’\"']?(?=\s)|\n")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the sentence holding `pos` (a paragraph break also ends a sentence)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, len(text) if m is None else m.end()


def _date_in_cited_sentence(rec, key: str, sources: dict, cited: list[dict]) -> bool:
    spec = rec.get(key)
    if not isinstance(spec, dict) or not spec.get("text"):
        return True  # no printed date
    if str(spec.get("note") or "").strip() and spec.get("basis") in ("inferred", "inferred_across_sources"):
        return True  # a date note says where the date is taken from, and the basis says it is inferred
    src_id = spec.get("source") or (cited[0]["source_id"] if cited else None)
    spans = [(ev["start"], ev["end"]) for ev in cited if ev["source_id"] == src_id]
    if src_id not in sources or not spans:
        return True  # a date read from an article the row does not cite is tables.date_sources' problem
    text = sources[src_id].text
    for m in re.finditer(re.escape(spec["text"]), text):
        s, e = _sentence(text, m.start())
        if any(a < e and s < b for a, b in spans):
            return True
    return False


def names_articles(note: str) -> bool:
    """Whether a note names an article by its number ("as 002 prints it")."""
    return bool(_ARTICLE_NO.search(note))


def check(records: dict, sources: dict, evidence: list[dict], events: list[dict], *,
          reused=None, recording=None, event_type: dict | None = None) -> list[Problem]:
    """Every problem these checks find. The build's assembly cache passes `reused(rec)`: True
    for a statement whose file's saved rows are reused and whose note names no article (it
    passed these checks then, against the same articles and events), which is not checked again;
    and `recording(rec, problems)`, a context under which a statement is checked, recording what
    it reads (`sources` and `event_type` are then the assembler's recording mappings)."""
    problems: list[Problem] = []
    by_record: dict[tuple[str, str], list[dict]] = {}
    for ev in evidence:
        by_record.setdefault((ev["record_table"], ev["record_id"]), []).append(ev)
    words_spans: dict[str, list[tuple[int, int]]] = {}
    for ev in evidence:
        if ev["record_table"] == "statements" and ev["role"] == "words":
            words_spans.setdefault(ev["source_id"], []).append((ev["start"], ev["end"]))
    if event_type is None:
        event_type = {e["event_id"]: e["event_type"] for e in events}
    by_number: dict[str, list[str]] = {}  # article number (an id's first three digits) -> ids
    for sid in sources:
        by_number.setdefault(sid[:3], []).append(sid)

    for rec in records["statements"]:
        if reused is not None and reused(rec):
            continue
        if recording is None:
            _check_statement(rec, by_record, sources, by_number, event_type, problems)
        else:
            with recording(rec, problems):
                _check_statement(rec, by_record, sources, by_number, event_type, problems)

    for rec in records["affiliations"]:
        if "alleged" in rec.id.split("-") and not (_ALLEGED.search(rec.get("title") or "")
                                                    and _ALLEGED.search(rec.get("note") or "")):
            problems.append(Problem(rec.where, f"affiliation {rec.id}: alleged (its id says so), but its title or note "
                                    "does not say alleged, suspected or accused",
                                    "word the title as the allegation the article prints and say in the `note` that it "
                                    "is an accusation", "alleged-role-unmarked"))

    problems += _same_utterance_named_both_ways(records["statements"])

    unnamed: dict[str, bool] = {}
    for rec in records["statements"]:
        if rec.get("event"):
            named = bool(rec.get("speaker_person") or rec.get("speaker_institution"))
            unnamed[rec.get("event")] = unnamed.get(rec.get("event"), True) and not named
    for rec in records["events"]:
        if unnamed.get(rec.id):
            for part in rec.get("participants") or []:
                if isinstance(part, dict) and part.get("role") in ("author", "speaker"):
                    problems.append(Problem(rec.where, f"event {rec.id}: {part.get('id')} is its {part.get('role')}, but "
                                            "every statement linked to it has an unnamed speaker",
                                            "name as author or speaker only whom an article says wrote or spoke (the "
                                            "statements' speaker ids), or leave the participant out",
                                            "author-of-unnamed-words"))
        if rec.get("status") != "happened":
            continue
        cited = by_record.get(("events", rec.id), [])
        if cited and all(any(s <= ev["start"] and ev["end"] <= e for s, e in words_spans.get(ev["source_id"], []))
                         for ev in cited):
            problems.append(Problem(rec.where, f"event {rec.id}: status happened, but every evidence span is someone's "
                                    "words (a statement's `role: words`)",
                                    "an event the articles give only as someone's account is `claimed` (or "
                                    "`alleged` for an accusation); cite the article's own sentence if it states it",
                                    "happened-from-words"))
    return problems


def _check_statement(rec, by_record: dict, sources: dict, by_number: dict, event_type: dict,
                     problems: list[Problem]) -> None:
    """The checks of one statement row (see the module's docstring)."""
    cited = by_record.get(("statements", rec.id), [])
    label = (rec.get("speaker_label") or "").strip()
    if rec.get("medium") == "commentary" and not rec.get("speaker_person") and not rec.get("speaker_institution"):
        problems.append(Problem(rec.where, f"statement {rec.id}: an unnamed speaker ({label!r}) with medium commentary",
                                "commentary is a named commentator's opinion given to a publication; an unnamed "
                                "group's remark is `medium: unknown`", "unnamed-commentary"))
    for ev in cited:
        if ev["role"] != "words":
            continue
        text = sources[ev["source_id"]].text
        if is_page_furniture(text, ev["start"]):
            problems.append(Problem(rec.where, f"statement {rec.id}: a words span lies in a headline or photo caption "
                                    f"of {ev['source_id']}: {ev['quote']!r}",
                                    "captions and headlines are page furniture: cite them as `role: support`",
                                    "words-in-caption"))
        if rec.get("kind") == "paraphrase":
            quote = ev["quote"].strip()
            opens_with_label = (label.lower() not in _PRONOUNS and len(label) > 2
                                and quote.lower().startswith(label.lower() + " "))
            if opens_with_label or _ATTRIBUTION.search(quote) or _DESCRIBING.search(quote):
                problems.append(Problem(rec.where, f"statement {rec.id}: a paraphrase's words span opens with the "
                                        f"attribution: {ev['quote']!r}",
                                        "the words are the reported clause; cite the subject and the reporting verb "
                                        "(\"The two men\", \"set out how\") as `role: support`",
                                        "attribution-in-words"))
    spans = [(ev["source_id"], ev["start"], ev["end"], ev["quote"]) for ev in cited if ev["role"] == "words"]
    for sid, start, end, quote in spans:
        if any(o_sid == sid and o_start <= start and end <= o_end and (o_start, o_end) != (start, end)
               for o_sid, o_start, o_end, _ in spans):
            problems.append(Problem(rec.where, f"statement {rec.id}: the words span {quote!r} lies inside another "
                                    f"words span of the same row in {sid}",
                                    "drop it, or cite it as `role: support`: the same printed words count once",
                                    "words-nested"))
    note = rec.get("note") or ""
    if note:
        cited_ids = {ev["source_id"] for ev in cited}
        named = {sid for n in _ARTICLE_NO.findall(note) for sid in by_number.get(n, ())}
        paragraphs = None  # split into words only when the note quotes something
        for m in _NOTE_QUOTE.finditer(note):
            phrase = m.group(1) if m.group(1) is not None else m.group(2)
            if len(_words(phrase)) < 2:
                continue
            if paragraphs is None:
                paragraphs = [_words(p) for s in cited_ids | named for p in sources[s].text.split("\n")]
            if not _printed(phrase, paragraphs):
                problems.append(Problem(rec.where, f"statement {rec.id}: its note quotes {phrase!r}, which no "
                                        "article the row cites (or the note names by number) prints",
                                        "quote the row's own articles in its note (was it copied from another row?)",
                                        "note-quote-unsourced"))
    if not _date_in_cited_sentence(rec, "date", sources, cited):
        problems.append(Problem(rec.where, f"statement {rec.id}: its date text {rec.get('date')['text']!r} is not "
                                "printed in any sentence the row cites",
                                "a date belongs to the sentence that prints it: cite that sentence, or say in the "
                                "date's `note` where the date comes from (basis `inferred` when the link is)",
                                "date-outside-its-sentence"))
    if (rec.get("medium") == "unknown" and event_type.get(rec.get("event")) in _SPEAKING_EVENTS
            and not re.search(r"\b(link|linked|event)\b", note)):
        problems.append(Problem(rec.where, f"statement {rec.id}: medium unknown but linked to the "
                                f"{event_type[rec.get('event')]} event {rec.get('event')}",
                                "say in the `note` why it is linked (the article does not place it there), give "
                                "the medium the article states, or leave `event` out", "event-link-unexplained"))
    elif (rec.get("medium") == "unknown" and rec.get("event") and not rec.get("date")
          and not re.search(r"\b(link|linked|event)\b", note)):
        problems.append(Problem(rec.where, f"statement {rec.id}: no medium, no date and no note, yet linked to the "
                                f"event {rec.get('event')}",
                                "a remark whose occasion the article does not give links to no event (its subject "
                                "goes in `concerns`); or say in the `note` why the link is made", "event-link-unexplained"))


_POSSIBLY_SAME = re.compile(r"\b(?:possibly|may be|might be|could be|probably)\b[^.;]*?\bsame (?:utterance|accusation|answer|remark|statement)", re.I)


def _same_utterance_named_both_ways(statements: list) -> list[Problem]:
    """Rows kept apart although they may record one utterance name each other in their notes, both
    ways (CURATION.md, Settled judgement calls 5): a reader of either row learns of the other."""
    def notes(rec) -> str:
        date = rec.get("date") if isinstance(rec.get("date"), dict) else {}
        return f"{rec.get('note') or ''} {date.get('note') or ''}"

    text = {rec.id: notes(rec) for rec in statements}
    problems = []
    for rec in statements:
        for sentence in re.split(r"(?<=[.;])\s+", text[rec.id]):
            if not _POSSIBLY_SAME.search(sentence):
                continue
            for other in sorted(set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", sentence)) & text.keys() - {rec.id}):
                if rec.id not in text[other]:
                    problems.append(Problem(rec.where, f"statement {rec.id}: its note says it may be the same utterance as "
                                            f"{other}, whose note does not name it",
                                            f"name {rec.id} in the note of {other} too (\"possibly the same utterance as ...; "
                                            "the article does not say so\")", "same-utterance-one-way"))
    return problems
