"""`westminster-casefile draft`: the mechanical first reading of a new article, as candidate annotations.

It never decides a fact: it proposes, in the annotation format itself, what a curator then
confirms, corrects or deletes. Rule-based and transparent (no models):

- every quotation (curly, straight, continued across paragraphs) and every sentence of reported
  speech, with the most likely speaker from the attribution around it ("X said", "said X",
  "according to X", "X told", a pronoun or title pointing back to the last named speaker);
- the known people and institutions it mentions, and name-like phrases that match nothing known
  (new-entity candidates);
- every date expression, resolved against the publication date;
- a header listing what could not be resolved."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from westminster_casefile.build import dates, mentions
from westminster_casefile.text import find_quotations, name_phrases

VERBS = (r"(?:say|says|said|add|adds|added|told|tells|tell|state|states|stated|wrote|writes|argue|argued|argues|"
         r"claim|claims|claimed|insist|insists|insisted|warn|warns|warned|remark|remarked|emphasi[sz]ed|explain|explained|"
         r"acknowledge|acknowledged|admit|admits|admitted|deny|denies|denied|describ(?:e|es|ed|ing)|called|"
         r"dismiss|dismissed|announce|announced|ask|asked|confirm|confirms|confirmed|believe|believes|believed|suspect|"
         r"suspects|suspected|repl(?:y|ied)|respond|responded|highlight|highlighted|conclude|concluded|express|expressed|"
         r"urge|urged|note|noted|reveal|revealed|accuse|accused|allege|alleged|maintain|maintained|suggest|suggested|"
         r"report|reported|understands|request|requested|requesting|criticised|reiterate|reiterated|concede|conceded|"
         r"offered|sympathies|set out|emphasized|raised|cit(?:e|es|ed|ing)|identified|telling|saying)")
VERB_RX = re.compile(rf"\b{VERBS}\b|\baccording to\b")
PRONOUNS = {"he", "she", "they", "He", "She", "They"}
INSTITUTION_WORDS = set("""Committee Service Office Group Party Court Council Institute University Centre Center Agency
Police Embassy Department Ministry Commission Bureau Government Parliament House Division Board Authority Force
Foundation College School Association Union Network Organisation Organization Trust Agency""".split())
TITLE_WORDS = set("""chief head chair chairman director spokesperson spokesman spokeswoman minister secretary leader
adviser official lawyer speaker commentator professor general""".split())
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[“\"‘]?[A-Z])|\n+")


@dataclass
class Candidate:
    start: int
    end: int
    quote: str
    kind: str
    speaker_person: str | None = None
    speaker_institution: str | None = None
    speaker_label: str | None = None
    confidence: float = 0.0
    reason: str = ""
    occurrence: int | None = None


@dataclass
class Draft:
    source_id: str
    statements: list[Candidate] = field(default_factory=list)
    mentioned: dict[str, int] = field(default_factory=dict)
    new_people: list[str] = field(default_factory=list)
    new_institutions: list[str] = field(default_factory=list)
    dates: list[tuple[str, int, object]] = field(default_factory=list)  # (text, offset, (span, basis) or None)
    unresolved: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start() + (1 if text[m.start()] in "”\"’" else 0)].strip():
            end = m.start() + len(m.group(0).rstrip()) if not m.group(0).startswith("\n") else m.start()
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


class Drafter:
    def __init__(self, entities: list[tuple[str, str, list[str]]], titles: dict[str, str] | None = None,
                 heads: dict[str, str] | None = None):
        """entities: (entity_table, id, [name, *aliases]); titles: lower-case role title -> person
        id; heads: institution id -> the person known to head it ("MI5 chief" -> its head)."""
        self.index, _ = mentions.surface_index(entities)
        self.matcher = mentions.compile_matcher(self.index)
        self.titles = titles or {}
        self.heads = heads or {}

    def draft(self, source_id: str, text: str, published: dates.Span) -> Draft:
        out = Draft(source_id)
        found = mentions.find_mentions(source_id, text, self.index, self.matcher)
        for m in found:
            key = f"{m['entity_table']}/{m['entity_id']}"
            out.mentioned[key] = out.mentioned.get(key, 0) + 1
        quotations = find_quotations(text)
        # a name inside quoted words is never the speaker of them
        found = [m for m in found if not any(q.start <= m["start"] < q.end for q in quotations)]
        last: tuple | None = None  # the last named speaker, in reading order
        self._last_person = None  # the last speaker who is a person: what "he" or "she" points to
        self._spans = _sentences(text)
        reporting = None  # (paragraph number, speaker) of the last sentence of reported speech
        for s, e in self._spans:
            inside = [q for q in quotations if s <= q.start - 1 < e or (s <= q.start < e)]
            quoted = [(q.start - 1, q.end + 1) for q in inside]
            verbs = [v for v in VERB_RX.finditer(text, s, e) if not any(a <= v.start() < b for a, b in quoted)
                     and text[s:v.start()].strip(" “‘\"")]  # "Asked if ...," opens a sentence; it attributes nothing
            # the sentence's own subject first: what "he" in its quotations points back to
            sentence_speaker, main_verb = None, verbs[0] if verbs else None
            for verb in verbs:  # the first reporting verb with a subject ("Previously accused ..., X stated")
                sentence_speaker, conf, reason = self._subject(text, s, e, verb, found, last, None)
                if sentence_speaker:
                    main_verb = verb
                    break
            if verbs:
                paraphrase = Candidate(s, e, text[s:e], "paraphrase", confidence=conf, reason=reason)
                if sentence_speaker:
                    paraphrase.speaker_person, paraphrase.speaker_institution, paraphrase.speaker_label = sentence_speaker
                    last = self._remember(sentence_speaker)
            for q in inside:
                if q.continued and last:
                    speaker, conf, reason = last, 0.9, "continues the previous paragraph's quotation"
                else:
                    verb = self._verb_for(text, q, verbs)
                    nearest = [v for v in verbs if v.end() <= q.start]
                    named = self._subject(text, s, e, nearest[-1], found, last, q) if nearest else (None, 0, "")
                    if named[0] and named[0][0] and named[2] == "named just before the reporting verb":
                        speaker, conf, reason = named  # "..., as the chairman Matt Western telling “...”"
                    elif verb is not None and verb.start() in (verbs[0].start(), main_verb.start()) and sentence_speaker:
                        speaker, conf, reason = sentence_speaker, 0.8, "the subject of the sentence's reporting verb"
                    else:
                        speaker, conf, reason = self._subject(text, s, e, verb, found, last, q) if verb else (None, 0, "")
                    if not speaker:
                        speaker, conf, reason = self._next_sentence(text, e, found, last)
                kind = "full_quote" if q.text[:1].isupper() and q.text.rstrip()[-1:] in ".,!?" else "partial_quote"
                cand = Candidate(q.start, q.end, q.text, kind, confidence=conf, reason=reason)
                if speaker:
                    cand.speaker_person, cand.speaker_institution, cand.speaker_label = speaker
                    last = self._remember(speaker)
                out.statements.append(cand)
            paragraph = text.count("\n", 0, s)
            if verbs:
                out.statements.append(paraphrase)
                if sentence_speaker:
                    reporting = (paragraph, sentence_speaker)
            elif reporting and reporting[0] == paragraph:
                # reported speech runs on: a later sentence of the paragraph with no verb of its own
                person, institution, label = reporting[1]
                out.statements.append(Candidate(s, e, text[s:e], "paraphrase", person, institution, label, 0.4,
                                                "continues the reported speech of the paragraph"))
        for cand in out.statements:
            if text.count(cand.quote) > 1:
                cand.occurrence = 1 + sum(1 for i in _all(text, cand.quote) if i < cand.start)
            if not (cand.speaker_person or cand.speaker_institution):
                out.unresolved.append(f"no speaker found for: {cand.quote[:70]!r}")
        self._new_entities(text, found, out)
        for m in dates.EXPRESSION_RX.finditer(text):
            resolved = dates.resolve(m.group(0), published)
            out.dates.append((m.group(0), m.start(), resolved))
            if resolved is None:
                out.unresolved.append(f"date expression not resolved: {m.group(0)!r} at offset {m.start()}")
        return out

    def _remember(self, speaker):
        if speaker[0]:
            self._last_person = speaker
        return speaker

    @staticmethod
    def _verb_for(text, q, verbs):
        """The reporting verb that attributes a quotation: right after it (",” he said"), else
        the nearest before it, else the first after it."""
        after = [v for v in verbs if v.start() >= q.end]
        if after and after[0].start() - q.end < 40:
            return after[0]
        before = [v for v in verbs if v.end() <= q.start]
        # "X said that Y had revealed “...”": the sentence's first reporting verb attributes it
        return before[0] if before else (after[0] if after else None)

    def _subject(self, text, s, e, verb, found, last, q):
        """Who the verb's subject is: (speaker tuple, confidence, reason)."""
        v0, v1 = verb.start(), verb.end()
        # "..., said Prof Steve Tsang" / "according to X": the name follows the verb
        follow = [m for m in found if v1 <= m["start"] < min(e, v1 + 25)]
        inverted = q is not None and v0 >= q.end and not text[q.end:v0].strip(" ,.;:”’\"\n")  # ”, said X
        if verb.group(0) == "according to" or (inverted and follow):
            if follow:
                return self._entity(follow[0], text[v1:follow[0]["end"]]), 0.8, "name after the reporting verb"
        clause = text[s:v0]
        # the clause right before the verb: "..., the spy chief said" / "– and added"
        bound = max(clause.rfind(ch) for ch in ",;:”“(–—")
        if bound >= 0:
            near_start = s + bound + 1
            near_words = text[near_start:v0].split()
            if len(near_words) > 8:  # not a short ", the spy chief said": judge the whole clause
                near_words = None
            if near_words is None:
                pass
            elif not near_words or near_words in (["and"], ["but"], ["And"], ["But"]):
                first = next((v for v in VERB_RX.finditer(text, s, v0) if v.start() < near_start), None)
                if first is not None and first.start() != v0:
                    return self._subject(text, s, e, first, found, last, None)
            else:
                near = [m for m in found if near_start <= m["start"] and m["end"] <= v0
                        and not _possessive(text, m)]
                if near:
                    people = [m for m in near if m["entity_table"] == "people"]
                    return self._entity((people or near)[0], text[near_start:v0]), 0.8, "named just before the reporting verb"
                if near_words[0] in ("the", "The", "a", "A") and near_words[-1] in TITLE_WORDS and self._last_person:
                    return self._last_person, 0.5, "a title just before the reporting verb: the last named person"
        words = clause.replace(",", " ").split()
        pronoun = words[-1] if words and words[-1] in PRONOUNS else (
            words[-2] if len(words) >= 2 and words[-2] in PRONOUNS and words[-1] in ("has", "had", "also", "then") else None)
        if pronoun and pronoun.lower() == "they" or re.match(r"\s*(Both men|The two men|The pair|Both)\b", clause):
            recent = self._recent_person(found, s)
            if recent:
                return recent, 0.6, "plural subject: the first person of the last sentence naming one"
        if pronoun:
            target = self._last_person if pronoun.lower() in ("he", "she") else last
            return (target, 0.7, "pronoun pointing back to the last named speaker") if target else (None, 0, "")
        # The subject is the first name of the clause, once an opening adverbial ("In a letter
        # to X, ...") is skipped, and a possessor ("Berry’s lawyer") is not the subject.
        opening = re.match(r"\s*(?:In|On|At|After|Before|During|Amid|Asked|Speaking|Giving|However|But|Previously|"
                           r"According|Last|Earlier|Meanwhile)\b[^,]*,", clause)
        clause_start = s + (opening.end() if opening else 0)
        if opening:  # "In a letter to the shadow home secretary, Chris Philp, ...": skip the apposition
            apposition = re.match(r"\s*([^,]{1,60}),", text[clause_start:v0])
            if apposition and any(m["start"] == clause_start + apposition.start(1) and
                                  m["end"] == clause_start + apposition.end(1) for m in found):
                clause_start += apposition.end()
        region = [m for m in found if clause_start <= m["start"] and m["end"] <= v0
                  and not (q is not None and q.start <= m["start"] < q.end)
                  and not _possessive(text, m)]
        if not region:  # nothing after the opening: fall back to the whole clause
            region = [m for m in found if s <= m["start"] and m["end"] <= v0
                      and not _possessive(text, m)]
        first = region[0] if region else None
        if first and first["entity_table"] == "institutions" and len(region) > 1 and \
                region[1]["entity_table"] == "people" and region[1]["start"] - first["end"] < 25 and \
                "," not in text[first["end"]:region[1]["start"]]:
            first = region[1]  # "CPS Director Stephen Parkinson": the institution qualifies the person
        if first and first["entity_table"] == "people":
            return self._entity(first, clause), 0.8, "person named before the reporting verb"
        if first:
            inst = first
            after = text[inst["end"]:inst["end"] + 25].lower()
            if inst["entity_id"] in self.heads and re.match(r"[’']?s?\s*(chief|head|chair|chairman|director|leader)\b", after):
                return (self.heads[inst["entity_id"]], inst["entity_id"], clause.strip(" ,")), 0.7, \
                    "the head of the institution named before the reporting verb"
            return self._entity(inst, clause), 0.6, "institution named before the reporting verb"
        lowered = clause.lower()
        for title, pid in self.titles.items():
            if title and pid and title in lowered:
                return (pid, None, clause.strip(" ,")), 0.6, f"title {title!r} before the reporting verb"
        if re.match(r"\s*(The|the)\b", clause) and (self._last_person or last):
            return self._last_person or last, 0.4, "unnamed title before the reporting verb: the last named speaker"
        return None, 0.1, "no named speaker"

    def _recent_person(self, found, before: int):
        """The first person named in the last sentence before `before` that names anyone."""
        earlier = [m for m in found if m["end"] <= before and m["entity_table"] == "people"]
        if not earlier:
            return None
        last_sentence = [m for m in earlier if m["start"] >= self._sentence_start(earlier[-1]["start"])]
        return self._entity(last_sentence[0], last_sentence[0]["surface"])

    def _sentence_start(self, offset: int) -> int:
        return max((s for s, _ in self._spans if s <= offset), default=0)

    def _next_sentence(self, text, e, found, last):
        """An attribution in the following sentence of the same paragraph, else the last speaker."""
        tail = text[e:e + 200]
        m = VERB_RX.search(tail)
        if m and "\n" not in tail[:m.start()] and m.start() < 80:
            near = [x for x in found if e <= x["start"] < e + m.start() + 40]
            if near:
                return self._entity(near[0], tail[:m.start()]), 0.5, "attribution in the next sentence"
        if last:
            return last, 0.3, "no attribution: the last named speaker"
        return None, 0.0, "no attribution found"

    @staticmethod
    def _entity(mention, label):
        label = label.strip(" ,:;“”\"‘’\n") or mention["surface"]
        if mention["entity_table"] == "people":
            return (mention["entity_id"], None, label)
        return (None, mention["entity_id"], label)

    def _new_entities(self, text, found, out):
        """Name-like phrases that match nothing known: new people or institutions to consider."""
        for phrase in name_phrases(text):
            if any(m["start"] < phrase.end and phrase.start < m["end"] for m in found):
                continue
            words = phrase.text.split()
            if phrase.sentence_start and len(words) <= 2 and words[0] in {"But", "The", "A", "In", "On", "And", "However"}:
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            if any(w in INSTITUTION_WORDS for w in words):
                if name not in out.new_institutions:
                    out.new_institutions.append(name)
            elif 2 <= len(words) <= 4 and name not in out.new_people:
                out.new_people.append(name)


def _possessive(text: str, mention: dict) -> bool:
    """ "Berry’s lawyer": the name owns the subject; it is not the subject."""
    return bool(re.match(r"[’']s\b", text[mention["end"]:mention["end"] + 2]))


def _all(text: str, quote: str):
    i = text.find(quote)
    while i != -1:
        yield i
        i = text.find(quote, i + 1)


def to_yaml(d: Draft, published_value: str) -> str:
    """The draft as an annotation file: candidates plus comments saying why and how sure."""
    from westminster_casefile.yamlio import escape_breaks
    from westminster_casefile.yamlio import quote as q  # reads back as written, even U+0085 or U+2028

    lines = [f"# westminster-casefile draft of {d.source_id} (published {published_value}).",
             "# Candidates for a person to confirm, correct or delete; nothing here is a fact yet.",
             f"# {len(d.statements)} statement candidates, {len(d.dates)} date expressions, "
             f"{len(d.new_people)} new people and {len(d.new_institutions)} new institutions proposed.",
             "#", "# Known entities mentioned:"]
    lines += [f"#   {k} x{n}" for k, n in sorted(d.mentioned.items())] or ["#   (none)"]
    lines += ["#", f"# Could not resolve ({len(d.unresolved)}):"]
    lines += [f"#   {u}" for u in d.unresolved] or ["#   (nothing)"]
    lines += ["#", "# Date expressions:"]
    for text, offset, resolved in d.dates:
        if resolved:
            span, basis = resolved
            lines.append(f"#   {text!r} at {offset}: {span.start}..{span.end} ({span.precision}, {basis})")
        else:
            lines.append(f"#   {text!r} at {offset}: not resolved")
    seen: set[str] = set()

    def new_id(name: str) -> str:  # unique slugs, even for two phrases that slug alike
        base = _slug(name)
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        return slug

    lines += ["", "people:" if d.new_people else "people: []"]
    for name in d.new_people:
        lines += [f"  - id: {new_id(name)}  # new-entity candidate", f"    name: {q(name)}", "    aliases: []",
                  "    description: TODO", "    evidence:", f"      - {{source: {d.source_id}, quote: {q(name)}, occurrence: 1}}"]
    lines += ["", "institutions:" if d.new_institutions else "institutions: []"]
    for name in d.new_institutions:
        lines += [f"  - id: {new_id(name)}  # new-entity candidate", f"    name: {q(name)}", "    kind: other",
                  "    evidence:", f"      - {{source: {d.source_id}, quote: {q(name)}, occurrence: 1}}"]
    lines += ["", "statements:" if d.statements else "statements: []"]
    for n, c in enumerate(d.statements, 1):
        lines.append(f"  - id: draft-{d.source_id[:3]}-{n:03d}  # confidence {c.confidence:.1f}: {c.reason}")
        if c.speaker_person:
            lines.append(f"    speaker_person: {c.speaker_person}")
        if c.speaker_institution:
            lines.append(f"    speaker_institution: {c.speaker_institution}")
        lines.append(f"    speaker_label: {q(c.speaker_label or 'TODO')}")
        lines += [f"    kind: {c.kind}", "    medium: unknown", "    evidence:"]
        occ = f", occurrence: {c.occurrence}" if c.occurrence else ""
        lines.append(f"      - {{source: {d.source_id}, quote: {q(c.quote)}{occ}}}")
    return escape_breaks("\n".join(lines) + "\n")  # article text in a comment must not end it


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entity"


def known_entities(root) -> tuple[list[tuple[str, str, list[str]]], dict[str, str], dict[str, str]]:
    """People and institutions, role titles (title -> person) and heads (institution -> person)
    of the project's annotations, or of the installed package when run outside a checkout."""
    from pathlib import Path

    import westminster_casefile

    annotations = Path(root) / "annotations" if root else None
    if annotations and annotations.is_dir():
        from westminster_casefile.build import curation

        records, _ = curation.read(annotations, Path(root))
        entities = [(kind, r.id, [r.get("name"), *r.get("aliases", [])]) for kind in ("people", "institutions")
                    for r in records[kind]]
        affiliations = [{"person_id": r.get("person"), "institution_id": r.get("institution"),
                         "role": r.get("role"), "title": r.get("title")} for r in records["affiliations"]]
    else:
        entities = []
        for table, key in (("people", "person_id"), ("institutions", "institution_id")):
            for row in westminster_casefile.load(table, format="arrow").to_pylist():
                entities.append((table, row[key], [row["name"], *row["aliases"]]))
        affiliations = westminster_casefile.load("affiliations", format="arrow").to_pylist()
    titles = {str(a["title"]).lower(): a["person_id"] for a in affiliations if a.get("title")}
    heads: dict[str, set] = {}
    for a in affiliations:
        if a.get("role") == "head" and a.get("institution_id"):
            heads.setdefault(a["institution_id"], set()).add(a["person_id"])
    return entities, titles, {inst: next(iter(p)) for inst, p in heads.items() if len(p) == 1}


def evaluate(d: Draft, statements: list[dict], evidence: list[dict]) -> dict:
    """Compare a draft with the curated statements of the same article.

    A curated statement is found when a candidate and one of its evidence spans in this article
    share at least half of the shorter of the two; its speaker is right when the best candidate names the curated
    speaker person (or, for a statement by an institution alone, that institution). Statements
    whose speaker is unnamed are left out of speaker accuracy."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for ev in evidence:
        if ev["record_table"] == "statements" and ev["source_id"] == d.source_id:
            spans.setdefault(ev["record_id"], []).append((ev["start"], ev["end"]))
    curated = [s for s in statements if s["statement_id"] in spans]

    def overlap(c: Candidate, span) -> float:
        # shared characters over the shorter span: a quotation found inside a curated
        # paraphrase counts, as does a sentence candidate around a curated quotation
        lo, hi = max(c.start, span[0]), min(c.end, span[1])
        return max(0, hi - lo) / max(1, min(c.end - c.start, span[1] - span[0]))

    # Curators split a joint utterance ("Both men denied ...") into one statement per speaker,
    # all citing the same words: naming any of those speakers is right.
    speakers_of: dict[tuple, set] = {}
    for st in curated:
        for span in spans[st["statement_id"]]:
            speakers_of.setdefault(span, set()).add((st["speaker_person_id"], st["speaker_institution_id"]))
    found = right = judged = 0
    for st in curated:
        best = max(((overlap(c, span), c) for c in d.statements for span in spans[st["statement_id"]]),
                   key=lambda t: (round(t[0], 3), -(t[1].end - t[1].start)), default=(0, None))
        if best[0] < 0.5:
            continue
        found += 1
        if st["speaker_person_id"] or st["speaker_institution_id"]:
            judged += 1
            c = best[1]
            allowed = set().union(*(speakers_of[span] for span in spans[st["statement_id"]]))
            right += any((c.speaker_person == person) if person else
                         (c.speaker_institution == institution and not c.speaker_person)
                         for person, institution in allowed if person or institution)
    useful = sum(1 for c in d.statements
                 if any(max(0, min(c.end, b) - max(c.start, a)) > 0 for ss in spans.values() for a, b in ss))
    return {"source_id": d.source_id, "curated": len(curated), "found": found,
            "recall": found / len(curated) if curated else 1.0, "candidates": len(d.statements),
            "precision": useful / len(d.statements) if d.statements else 1.0,
            "speaker_judged": judged, "speaker_right": right,
            "speaker_accuracy": right / judged if judged else 1.0}
