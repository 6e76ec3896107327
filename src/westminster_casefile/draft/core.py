"""The drafter: quotations and reported speech with their speakers, names, dates."""
from __future__ import annotations

import re
from datetime import timedelta
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from westminster_casefile.build import dates
from westminster_casefile.draft import confidence
from westminster_casefile.draft.names import DATE_WORDS, HONORIFICS, TITLES, Names
from westminster_casefile.draft.speakers import SPEECH_VERBS, VERB_RX, Resolver, Speaker
from westminster_casefile.text import Quotation, find_quotations, name_phrases, soft_breaks

INSTITUTION_WORDS = set("""Committee Service Office Group Party Court Council Institute University Centre Center Agency
Police Embassy Department Ministry Commission Bureau Government Parliament Division Board Authority Force
Foundation College School Association Union Network Organisation Organization Trust Company Corporation Bank
Society Federation Council League Alliance Campaign Charity Fund Productions Records Studios Holdings Industries Inc
Ltd Corp LLC Partners Ventures Airlines Motors Brands Entertainment Pictures Publishing""".split())
_FUTURE = re.compile(r"(?i)\b(?:will|shall|is due|are due|due to|to be held|is set to|are set to|set for|scheduled|"
                     r"expected to|plans? to|planned|next|upcoming|from|until|would|is to|are to|going to)\b")


# How far from the dates it is known for a title is still taken to have the same holder.
TITLE_MARGIN = timedelta(days=31)


@dataclass
class Candidate:
    start: int
    end: int
    quote: str
    kind: str  # full_quote | partial_quote | paraphrase
    speaker_person: str | None = None  # a case-file person id, or the id proposed for a new person
    speaker_institution: str | None = None
    speaker_label: str | None = None  # the article's words for the speaker
    speaker_name: str | None = None  # the named speaker's name; None when unnamed or unknown
    confidence: float = 0.0
    reason: str = ""
    occurrence: int | None = None
    style: str | None = None  # the quotation's style (None for reported speech)
    new_person: bool = False  # speaker_person is a proposed new entity


@dataclass
class _Spot:  # a name to anchor: quote, where, and whose
    quote: str
    start: int
    person: object
    occurrence: int | None = None


@dataclass
class _Reading:
    """What the drafter carries from one sentence of an article to the next."""
    text: str
    flat: str  # the text with line breaks inside paragraphs read as spaces
    frame: str  # `flat` with every quotation blanked out
    names: Names
    resolver: Resolver
    paragraph_starts: list[int]
    out: "Draft"
    previous: Candidate | None = None  # the last quotation's candidate
    previous_speaker: Speaker | None = None  # and its speaker
    listing: tuple | None = None  # (speaker, paragraph) of a "... said:" over a list of what was said
    nested: dict = field(default_factory=dict)  # outer quotation's start -> the quotations inside it
    inner: Resolver | None = None  # speakers inside quotations (only nested quotations blanked)
    nested_said: dict = field(default_factory=dict)  # outer quotation's start -> last nested speaker found


@dataclass
class Draft:
    source_id: str
    statements: list[Candidate] = field(default_factory=list)
    mentioned: dict[str, int] = field(default_factory=dict)
    new_people: list[tuple] = field(default_factory=list)  # (id, name, description, quote, occurrence)
    new_institutions: list[tuple] = field(default_factory=list)  # (name, occurrence)
    dates: list[tuple[str, int, object]] = field(default_factory=list)  # (text, offset, (span, basis) or None)
    unresolved: list[str] = field(default_factory=list)


_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def slug(name: str) -> str:
    """An id from a name: "Lech Wałęsa" -> "lech-walesa"."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "entity"


class Drafter:
    def __init__(self, entities: list[tuple[str, str, list[str]]] | None = None,
                 titles: dict[str, list[tuple[str, object, object]]] | None = None):
        """entities: (entity_table, id, [name, *aliases]) of the case file; titles: lower-case
        role title -> [(person id, first date, last date)] the case file knows it held."""
        from westminster_casefile.build import mentions

        entities = entities or []
        self.index, _ = mentions.surface_index(entities)
        self.matcher = mentions.compile_matcher(self.index)
        self.titles = titles or {}
        # A known person is identified by a full name: the name or an alias of two words or more
        # once a title is set aside ("Sir Lindsay Hoyle"), never a surname or "Mr Berry".
        self.person_names: dict[str, str] = {}
        self.institution_names: dict[str, str] = {}
        for table, entity_id, surfaces in entities:
            for surface in surfaces:
                if not surface:
                    continue
                if table == "institutions":
                    self.institution_names[surface] = entity_id
                    continue
                words = surface.split()
                while words and words[0].rstrip(".") in HONORIFICS:
                    words = words[1:]
                if len(words) >= 2:
                    self.person_names[" ".join(words)] = entity_id

    def titles_at(self, published: dates.Span) -> dict[str, str]:
        """Titles whose single holder the case file knows at the article's date: within the
        dates of the articles that say they held it, widened by TITLE_MARGIN either side."""
        out = {}
        if published.start is None or published.end is None:
            return out
        for title, holders in self.titles.items():
            people = {pid for pid, _, _ in holders}
            fits = {pid for pid, first, last in holders
                    if first and last and first - TITLE_MARGIN <= published.start and published.end <= last + TITLE_MARGIN}
            if len(people) == 1 and fits:
                out[title] = next(iter(fits))
        return out

    def draft(self, source_id: str, text: str, published: dates.Span) -> Draft:
        from westminster_casefile.build import mentions

        out = Draft(source_id)
        for m in mentions.find_mentions(source_id, text, self.index, self.matcher):
            key = f"{m['entity_table']}/{m['entity_id']}"
            out.mentioned[key] = out.mentioned.get(key, 0) + 1
        flat = soft_breaks(text)
        every = find_quotations(text)
        quotations = [q for q in every if q.depth == 0]
        frame = _blank(flat, quotations)
        names = Names(frame, self.person_names)
        bodies = [(ph.start, _strip_date(_strip_article(ph.text))) for ph in name_phrases(frame)
                  if "█" not in ph.text and any(w in INSTITUTION_WORDS for w in ph.text.split())]
        resolver = Resolver(frame, names, titles=self.titles_at(published), institutions=self.institution_names,
                            named_bodies=bodies)
        ends = _sentence_ends(frame, quotations)
        # paragraphs: the non-blank lines of the text once soft line breaks are read as spaces,
        # each from its first non-blank character (a quotation opens one when its mark is there)
        paragraph_starts = [m.end() for m in re.finditer(r"(?m)^[ \t]*(?=\S)", flat)] or [0]
        by_sentence: dict[int, list[Quotation]] = {}
        for q in quotations:
            by_sentence.setdefault(_sentence_of(ends, max(0, q.start - 1)), []).append(q)
        reading = _Reading(text, flat, frame, names, resolver, paragraph_starts, out)
        outer = None
        for q in every:  # nested quotations, by the quotation (in running text) they are inside
            if q.depth == 0:
                outer = q
            elif outer is not None and outer.start <= q.start < outer.end:
                reading.nested.setdefault(outer.start, []).append(q)
        if reading.nested:
            # the text with only the nested quotations blanked: who speaks inside a quotation
            inner = _blank(flat, [q for q in every if q.depth > 0])
            reading.inner = Resolver(inner, Names(inner, self.person_names), titles=resolver.titles,
                                     institutions=self.institution_names, named_bodies=bodies)
        for raw, e in _spans(ends, len(frame)):
            if not frame[raw:e].strip():
                continue  # the line break between two paragraphs
            inside = by_sentence.get(raw, [])
            s = raw + len(frame[raw:e]) - len(frame[raw:e].lstrip())  # the sentence's first character
            self._sentence(reading, s, e, inside)
            for q in inside:
                self._quotation(reading, q, s, e)
        self._repeated(flat, paragraph_starts, out.statements)
        _occurrences(text, out.statements)
        for cand in out.statements:
            if not cand.speaker_name and not cand.speaker_person and not cand.speaker_institution:
                out.unresolved.append(f"no speaker found for: {cand.quote[:70]!r}")
        self._new_entities(text, frame, names, out)
        self._dates(flat, ends, published, out)
        return out

    # --- attribution --------------------------------------------------------------------------

    def _sentence(self, r: "_Reading", s: int, e: int, inside: list[Quotation]) -> None:
        """Reported speech: a sentence with no quotation, or one whose own words outweigh the
        words it quotes ("Both men denied any breach ... and said the “nightmare” was over");
        and the short paragraphs of a list under "X said:"."""
        if inside and not (r.frame.count("█", s, e) < 0.4 * (e - s) and all(q.closed and q.end < e for q in inside)):
            r.listing = None
            return
        cand, speaker = self._reported(r.text, r.frame, s, e, r.resolver)
        if cand is None and r.listing is not None and not inside:
            cand, speaker = self._listed(r.text, r.frame, s, e, r.paragraph_starts, r.listing)
        if cand is None:
            if not inside:
                r.listing = None
            return
        listed = cand.reason == "intro-list"
        r.out.statements.append(cand)
        self._settle(cand, speaker, r.out, r.names, cand.reason or "reported")
        if speaker and (speaker.person or speaker.institution) and not inside:
            r.resolver.last_speaker, r.resolver.last_speaker_at = speaker, s
        if not listed:  # "President Obama also said:" over paragraphs that are not quotations
            r.listing = (speaker, _paragraph(r.paragraph_starts, s)) \
                if r.frame[s:e].rstrip().endswith(":") and speaker is not None else None

    def _quotation(self, r: "_Reading", q: Quotation, s: int, e: int) -> None:
        """One quotation's candidate: the attribution in its sentence, else (in this order) the
        quotation it continues, an earlier quotation of its paragraph, the quotation paragraph
        before it, the speaker the paragraph before reported, its sentence's subject, the person
        last named; else TODO."""
        frame, starts, resolver, previous = r.frame, r.paragraph_starts, r.resolver, r.previous
        speaker, pattern = self._attribute(frame, q, s, e, resolver, starts)
        p = _paragraph(starts, q.start)
        opens_paragraph = q.start - 1 <= starts[p]
        if speaker is None and previous is not None and r.previous_speaker is not None:
            if q.continued:
                speaker, pattern = r.previous_speaker, "continues"
            elif _paragraph(starts, previous.start) == p:
                speaker, pattern = r.previous_speaker, "same-paragraph"
            elif self._next_in_run(frame, r.names, starts, previous.start, q.start):
                speaker, pattern = r.previous_speaker, "run-of-quotations"
        if speaker is None and resolver.last_speaker is not None and not opens_paragraph and q.start - 1 <= s \
                and resolver.last_speaker_at >= starts[p]:
            # "Sometimes employees don't follow the rules, he said. “But does that mean ...?”": a
            # quotation opening a sentence after a sentence of its paragraph reporting someone's words
            speaker, pattern = resolver.last_speaker, "reported-before"
        if speaker is None and resolver.last_speaker is not None and opens_paragraph and \
                resolver.last_speaker_at >= starts[max(0, p - 1)]:
            # a quotation paragraph after a paragraph reporting what someone said
            speaker, pattern = resolver.last_speaker, "previous-paragraph-speaker"
        if speaker is None:  # "He would speak “bluntly” against ...": the sentence's subject
            speaker, pattern = resolver.sentence_subject(s, q.start - 1), "sentence-subject"
        if speaker is None:
            speaker, pattern = self._last_mentioned(r.names, starts, q.start), "last-mentioned"
            if speaker is None:
                pattern = "none"
        kind = "full_quote" if q.text[:1].isupper() and q.text.rstrip()[-1:] in ".,!?" else "partial_quote"
        cand = Candidate(q.start, q.end, q.text, kind, style=q.style)
        self._settle(cand, speaker, r.out, r.names, pattern)
        r.out.statements.append(cand)
        r.previous = cand
        if speaker is not None:
            r.previous_speaker = speaker
            if speaker.person is not None or speaker.institution is not None:
                resolver.last_speaker, resolver.last_speaker_at = speaker, q.start
        for nested in r.nested.get(q.start, []):
            self._nested(r, q, nested, speaker)

    def _nested(self, r: "_Reading", outer: Quotation, q: Quotation, outer_speaker: Speaker | None) -> None:
        """A quotation inside a quotation is by whoever the quoted words say spoke it ("Volker
        confirmed that ‘there was no linkage’"); with no attribution there, by the speaker of the
        quotation around it (someone quoting their own words or thoughts)."""
        f, res = r.inner.frame, r.inner
        lo = max(outer.start, f.rfind("█", outer.start, max(outer.start, q.start - 1)) + 1)
        head = f[lo:max(lo, q.start - 1)]
        cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
        lo += cut + 2 if cut >= 0 else 0
        speaker, pattern = None, "nested"
        earlier = r.nested_said.get(outer.start)  # the speaker of the quotation nested before this one
        for v in VERB_RX.finditer(f, lo, max(lo, q.start - 1)):
            speaker = res.subject_after(v.end(), q.start - 1) if v.group(0).lower() == "according to" \
                else res.subject_before(lo, v.start())
            if speaker is None and earlier is not None and v.group(0).endswith("ing") \
                    and f.rfind("█", outer.start, v.start()) >= lo - 3:
                # "X replied that ‘...,’ adding that ‘...’": the participle has the subject of the
                # clause before the quotation, whom the one before was given to
                speaker = earlier
            if speaker:
                break
        if speaker is not None and speaker.via == "pronoun-unresolved" and speaker.label == "i" \
                and outer_speaker is not None:
            # “And I said, ‘I want more.’”: the speaker quoting their own words
            speaker, pattern = outer_speaker, "nested-outer"
        if speaker is None:
            close = q.end + 1 if q.closed else q.end
            stop = min(outer.end, close + 80)
            lead = re.match(r"[\s,—–-]*", f[close:stop]).end()
            verb = VERB_RX.search(f, close, stop)
            if verb is not None and verb.start() == close + lead:
                speaker = res.subject_after(verb.end(), stop)
            elif verb is not None and lead and verb.start() - close <= 40:
                speaker = res.subject_before(close, verb.start())
        if speaker is None and outer_speaker is not None:
            speaker, pattern = outer_speaker, "nested-outer"
        kind = "full_quote" if q.text[:1].isupper() and q.text.rstrip()[-1:] in ".,!?" else "partial_quote"
        cand = Candidate(q.start, q.end, q.text, kind, style=q.style)
        self._settle(cand, speaker, r.out, r.names, pattern)
        if speaker is not None and pattern == "nested":
            r.nested_said[outer.start] = speaker
        if cand.new_person and not any(slug(p.key) == cand.speaker_person for p in r.names.people):
            # named only inside quotations: no entity is proposed for them, the name stays a label
            cand.speaker_person, cand.new_person = None, False
        r.out.statements.append(cand)

    def _attribute(self, frame, q, s, e, resolver, paragraph_starts):
        """(speaker, pattern) for one quotation, from its own sentence."""
        close = q.end + 1 if q.closed else q.end
        nxt = frame.find("█", close, e)
        stop = e if nxt == -1 else nxt
        after = frame[close:stop]
        lead = re.match(r"[\s,—–-]*", after).end()
        verb = VERB_RX.search(frame, close, stop)
        if verb is not None and verb.start() == close + lead:  # ”, said X / ”, according to X
            speaker = resolver.subject_after(verb.end(), stop)
            if speaker:
                return speaker, "after-inverted"
        passive = re.match(r"[\s,]*by\s+", after)
        if passive and re.search(r"\b(?:described|called|branded|labelled|labeled|dubbed|termed)\b[^█]*$",
                                 frame[s:max(s, q.start - 1)]):
            speaker = resolver.subject_after(close + passive.end(), stop)  # described as “x” by X
            if speaker:
                return speaker, "after-passive"
        if verb is not None and verb.group(0).lower() == "according to":  # “...” are thought to ..., according to X
            speaker = resolver.subject_after(verb.end(), stop)
            if speaker:
                return speaker, "after-inverted"
        # ”, X said / ”, he added; but not ”, while X said ...: a conjunction opens a clause of
        # its own, whose speaker is not the one of these words
        # the words end a clause of their own (“...,” / “...?” / ”, X said): a quotation run into
        # the sentence ("as “another measure” the legal footing ... and said") is no object of a later verb
        ends_clause = q.text.rstrip()[-1:] in ",?!…—-" or re.match(r"\s*[,—–-]", after) is not None or (
            verb is not None and re.search(r"[,—–]\s*[^,—–]{1,60}$", frame[close:verb.start()]) is not None)
        if verb is not None and verb.start() - close <= 60 and lead and ends_clause and not re.match(
                r"[\s,—–-]*(?:while|whereas|and|but|as|although|though|when|because|after|before|since)\b",
                after, re.IGNORECASE):
            speaker = resolver.subject_before(close, verb.start())
            if speaker:
                return speaker, "after"
        start = max(s, frame.rfind("█", s, q.start - 1) + 1)
        verbs = list(VERB_RX.finditer(frame, start, max(start, q.start - 1)))
        if verbs:
            # "X said he had met Y, who promised “...”": the words belong to the subject of the
            # relative clause that introduces them, the person "who" stands for
            rel = re.search(r"(?i),?\s+who\s+(?:\w+\s+){0,2}$", frame[start:verbs[-1].start()])
            if rel:
                antecedent = [m for m in resolver.names.within(start, start + rel.start())
                              if m.end == start + rel.start()]
                if antecedent:
                    return resolver._person(antecedent[-1], None), "before-relative"
        # "“...,” Ms Green said, while Mr Hart called it “...”": a clause joined by a conjunction
        # has its own subject; its verb, not the sentence's first, introduces the words after it
        joint = list(re.finditer(r"(?i),\s+(?:while|whereas|but|and|as|with)\s+(?=\S)", frame[start:max(start, q.start - 1)]))
        if joint:
            cut = start + joint[-1].end()
            for v in (v for v in verbs if v.start() >= cut):
                speaker = (resolver.subject_after(v.end(), q.start - 1) if v.group(0).lower() == "according to"
                           else resolver.subject_before(cut, v.start()))
                if speaker:
                    return speaker, "before"
                break
        # the reporting verb nearest the words: "He testified about a meeting when Sondland told
        # officials they would need to “deliver”" gives the words to Sondland, the subject of "told"
        vague = None  # a description found for a nearer verb, kept in case no earlier verb names anyone
        passive = [bool(re.match(r"\s+(?:of|to\s+have|to\s+be)\b", frame[v.end():v.end() + 12])) for v in verbs]
        main = next((v for v, p in zip(verbs, passive) if not p), None)  # the sentence's own reporting verb
        for v, is_passive in reversed(list(zip(verbs, passive))):
            word = v.group(0).lower()
            if v is not verbs[0] and (re.search(r"(?:,|\bto)\s*$", frame[start:v.start()]) and (
                    word.endswith("ing") or not word.endswith("ed")) or is_passive or (
                    main is not None and v.start() > main.start() and re.search(
                        r"(?:[,;]\s+|\s)(?:and|but)\s+(?:there|it|this|that|the|he|she|they|[A-Z])",
                        frame[v.end():q.start]))):
                # "He urged Mr. Trump to act, saying “...”", "responded ... to say": a participle or an
                # infinitive has the clause's subject; "the two men accused of spying" reports nothing;
                # "X stated that Berry denies ..., and there is no evidence ... “...”": that verb's
                # clause ended before the words
                continue
            if word == "according to":
                speaker = resolver.subject_after(v.end(), q.start - 1)
            else:
                speaker = resolver.subject_before(start, v.start())
            if speaker and speaker.person is None and speaker.institution is None and not speaker.known_person \
                    and speaker.via == "description" and v is not verbs[0]:
                # "the CPS said ... evidence that clearly described China as a “threat”": a verb whose
                # subject names no one gives way to an earlier one that does
                vague = vague or speaker
                continue
            if speaker:
                return speaker, "before"
        if vague is not None:
            return vague, "before"
        # "X said:" closing the paragraph before a quotation that opens the next one
        p = _paragraph(paragraph_starts, q.start)
        if p and q.start - 1 <= paragraph_starts[p]:
            prev_end = frame.rfind("\n", 0, paragraph_starts[p])
            intro = frame[paragraph_starts[p - 1]:prev_end].rstrip()
            if intro.endswith(":"):
                base = paragraph_starts[p - 1]
                s2 = max(base, max((x for x in (intro.rfind(". "), intro.rfind("█")) if x >= 0), default=-1) + base + 1)
                for v in VERB_RX.finditer(frame, s2, prev_end):
                    speaker = resolver.subject_before(s2, v.start())
                    if speaker:
                        return speaker, "intro"
        if frame[start:q.start - 1].strip(" ,:").lower() in ("and", "but", "then", "before", "after") or re.fullmatch(
                r"\s*(?:and|but|then|before|after)\s+\w+(?:ing|ed)?[\s:,]*", frame[start:q.start - 1], re.IGNORECASE):
            # "... branding it ‘x’ and insisting: ‘...’": the subject of the sentence's first verb
            for v in VERB_RX.finditer(frame, s, start):
                speaker = resolver.subject_before(s, v.start())
                if speaker:
                    return speaker, "before"
        # a verb later in the sentence, past other quotations: "“...” and “...” are thought to ...,
        # according to X", "“...” was the verdict of X, who said"
        far = VERB_RX.search(frame, close, e)
        if far is not None:
            if far.group(0).lower() == "according to":
                nxt = frame.find("█", far.end(), e)
                speaker = resolver.subject_after(far.end(), e if nxt == -1 else nxt)
            else:
                speaker = resolver.subject_before(max(close, frame.rfind("█", close, far.start()) + 1), far.start())
            if speaker:
                return speaker, "after-far"
        return None, "none"

    def _repeated(self, flat, paragraph_starts, candidates: list[Candidate], limit: int = 50) -> None:
        """A headline or a subheading that is a quotation and nothing else ("‘We need to listen’")
        repeats words the article quotes further on: it has the speaker of those words."""
        said = [c for c in candidates if c.style and c.speaker_name and c.confidence >= 0.6]
        todo = []
        for c in candidates:
            if not c.style or c.reason.startswith(("after", "before", "continues", "nested")):
                continue
            p = _paragraph(paragraph_starts, c.start)
            end = paragraph_starts[p + 1] if p + 1 < len(paragraph_starts) else len(flat)
            # a subheading may be numbered: '6. "The Gordon problem"'
            alone = re.fullmatch(r"[\d.)\s]*", flat[paragraph_starts[p]:max(paragraph_starts[p], c.start - 1)]) \
                is not None and end - c.end < 40 and len(flat[c.end + 1:end].strip()) <= 1
            if p == 0 or alone:
                todo.append(c)
        def plain(words: str) -> str:  # case, inner quotation marks and spacing aside
            return " ".join(re.sub(r"[“”‘’\"]|'(?!\w)|(?<!\w)'", "", words).lower().split())

        quoted = [(o, plain(o.quote)) for o in said]
        for c in todo[:limit]:
            words = plain(c.quote).strip(" .,!?:;")
            source = next((o for o, text in quoted if not o.start <= c.start < o.end and len(words) > 8
                           and words in text), None)
            if source is not None:
                c.speaker_person, c.speaker_institution = source.speaker_person, source.speaker_institution
                c.speaker_label, c.speaker_name, c.new_person = source.speaker_label, source.speaker_name, source.new_person
                c.reason = "repeated-quotation: name"  # the words are quoted again, attributed
                c.confidence = confidence.of("repeated-quotation", "name")

    @staticmethod
    def _next_in_run(frame, names, paragraph_starts, before: int, at: int) -> bool:
        """A quotation opening its paragraph right after the paragraph of the previous quotation,
        or with one paragraph between that neither quotes, reports speech nor names anyone (a
        photo caption)."""
        p, q = _paragraph(paragraph_starts, before), _paragraph(paragraph_starts, at)
        if at - 1 > paragraph_starts[q] or not 1 <= q - p <= 2:
            return False
        if q - p == 2:
            between = frame[paragraph_starts[p + 1]:paragraph_starts[q]]
            return "█" not in between and not VERB_RX.search(between) and not names.within(
                paragraph_starts[p + 1], paragraph_starts[q])
        return True

    @staticmethod
    def _last_mentioned(names: Names, paragraph_starts, at: int) -> Speaker | None:
        """No attribution at all: the person last named, if named in this paragraph or the one
        before (a quotation paragraph after a paragraph about its speaker)."""
        mention = names.last_before(at)
        p = _paragraph(paragraph_starts, at)
        if mention is None or mention.start < paragraph_starts[max(0, p - 1)]:
            return None
        return Speaker(mention.surface, person=mention.person, known_person=mention.person.known,
                       via="name" if mention.full else "later-reference")

    @staticmethod
    def _listed(text, frame, s, e, paragraph_starts, listing):
        """A short paragraph of a list under "X said:" (no quotation marks, no verb of its own):
        reported speech by X."""
        speaker, at = listing
        p = _paragraph(paragraph_starts, s)
        end = paragraph_starts[p + 1] if p + 1 < len(paragraph_starts) else len(frame)
        item = frame[paragraph_starts[p]:end].strip()
        # list items are short, quote nothing and (unlike the article's own sentences) lack a full stop
        if p - at < 1 or len(item) > 250 or "█" in item or item.endswith("."):
            return None, None
        a = s + len(text[s:e]) - len(text[s:e].lstrip())
        b = s + len(text[s:e].rstrip())
        if b <= a:
            return None, None
        return Candidate(a, b, text[a:b], "paraphrase", reason="intro-list"), speaker

    def _reported(self, text, frame, s, e, resolver):
        """A sentence of reported speech: a speech verb whose subject is found."""
        from_ = s  # where the subject of the sentence's verb is looked for
        for v in VERB_RX.finditer(frame, s, e):
            if v.start() < from_:
                continue
            word = v.group(0).lower()
            if word == "according to":
                speaker = resolver.subject_after(v.end(), e)
            elif re.match(r"\s+(?:of|to\s+have|to\s+be)\b", frame[v.end():v.end() + 12]) and word in (
                    "accused", "alleged", "warned", "told", "asked", "urged"):
                continue  # "a teacher accused of misconduct", "told to leave": a passive, no speech
            elif word in SPEECH_VERBS or " ".join(word.split()[:2]) in SPEECH_VERBS or word.startswith("made"):
                speaker = resolver.subject_before(from_, v.start())
            else:
                continue
            if speaker and "█" in frame[s:e]:
                # a sentence that quotes is reported speech only if the verb introduces words of
                # the article's own ("said the plan was “ill-conceived” and ..."), not a quotation
                if frame[s:e].lstrip()[:1] == "█":
                    return None, None
                nxt = frame.find("█", v.end(), e)
                if len(frame[v.end():nxt if nxt != -1 else e].split()) < 4:
                    return None, None
            if speaker:
                # the article's own characters, outer spaces trimmed, so the quote anchors
                a = s + len(text[s:e]) - len(text[s:e].lstrip())
                b = s + len(text[s:e].rstrip())
                return Candidate(a, b, text[a:b], "paraphrase"), speaker
            if speaker is None and from_ == s and _OPENS.match(frame, s) and "," in frame[v.end():e]:
                # "Previously accused of ..., Berry's lawyer X stated": the first verb belongs to
                # an opening phrase; the sentence's own verb comes after its comma
                from_ = frame.index(",", v.end()) + 1
                continue
            break
        return None, None

    def _settle(self, cand: Candidate, speaker: Speaker | None, out: Draft, names: Names, pattern: str = "reported"):
        via = speaker.via if speaker else "none"
        cand.reason = f"{pattern}: {via}" if speaker else "no attribution found: TODO"
        cand.confidence = confidence.of(pattern, via)
        if speaker is None:
            return
        cand.speaker_label = speaker.label
        if speaker.person is not None:
            cand.speaker_name = speaker.person.label
            if speaker.person.known:
                cand.speaker_person = speaker.person.known
            else:
                cand.speaker_person, cand.new_person = slug(speaker.person.key), True
        elif speaker.known_person:
            cand.speaker_person = speaker.known_person
            cand.speaker_name = speaker.label
        elif speaker.institution:
            cand.speaker_name = speaker.institution
            cand.speaker_institution = speaker.known_institution
        elif speaker.known_institution:  # "a CPS spokesperson": unnamed, for a known institution
            cand.speaker_institution = speaker.known_institution
        if cand.confidence < confidence.TODO_BELOW:
            # not known: TODO, with the guess in the comment for the curator, not in the fields
            guess = cand.speaker_name or cand.speaker_label
            cand.reason += f" (below {confidence.TODO_BELOW}: left TODO" + (f"; a guess: {guess})" if guess else ")")
            cand.speaker_person = cand.speaker_institution = cand.speaker_name = cand.speaker_label = None
            cand.new_person = False

    # --- names and dates ----------------------------------------------------------------------

    def _new_entities(self, text, frame, names: Names, out: Draft):
        """New people: those who speak, or whom the article gives a title or a description; never
        a known person. New institutions: phrases ending in an institution word that name no
        person ("Lord Paul Boateng" is a person, "Official Secrets Act. Both" nothing)."""
        speaking = {c.speaker_person for c in out.statements if c.new_person}
        first: dict[int, object] = {}
        for m in names.mentions:
            if m.full and id(m.person) not in first:
                first[id(m.person)] = m
        picked = []
        for person in names.people:
            if person.known or id(person) not in first:
                continue
            described = any(w[:1].islower() for w in person.description.split()) or person.description in TITLES
            if slug(person.key) in speaking or ((person.honorific or described) and len(person.tokens) >= 2):
                m = first[id(person)]
                picked.append(_Spot(text[m.start:m.end], m.start, person))
        people_words = {t for p in names.people for t in p.tokens}
        seen = set()
        for phrase in name_phrases(frame):
            words = phrase.text.split()
            while words and words[0] in {"But", "The", "A", "In", "On", "And", "However", "Former", "Both"}:
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or name in seen or "." in name or "█" in name or name in self.institution_names:
                continue
            if not any(w in INSTITUTION_WORDS for w in words[1:]):
                continue
            if any(w in people_words for w in words) or any(w in HONORIFICS for w in words):
                continue  # "Lord Paul Boateng" is a person, not an institution
            start = frame.find(name, phrase.start)
            if start == -1 or text[start:start + len(name)] != name:
                continue
            seen.add(name)
            picked.append(_Spot(name, start, None))
        _occurrences(text, picked)
        for spot in picked:
            if spot.person is None:
                out.new_institutions.append((spot.quote, spot.occurrence))
            else:
                p = spot.person
                out.new_people.append((slug(p.key), p.label, p.description, spot.quote, spot.occurrence))

    def _dates(self, flat, ends, published, out: Draft):
        for m in dates.EXPRESSION_RX.finditer(flat):
            s = ends[bisect_right(ends, m.start()) - 1] if bisect_right(ends, m.start()) else 0
            future = bool(_FUTURE.search(flat, s, m.start())) or m.group(0).lower().startswith("next")
            try:
                resolved = dates.resolve(m.group(0), published, future=future)
            except (ValueError, OverflowError):  # "29 February" in a year without one
                resolved = None
            out.dates.append((m.group(0), m.start(), resolved))
            if resolved is None:
                out.unresolved.append(f"date expression not resolved: {m.group(0)!r} at offset {m.start()}")


# an opening phrase: a participle or an adverb before the subject ("Previously accused of ...,")
_OPENS = re.compile(r"\s*(?:[A-Z]\w*ly\s+)?\w+(?:ed|ing)\b|\s*(?:Asked|Speaking|Previously|Earlier|Later|Although|Though|"
                   r"While|Whereas|After|Before|When|As|Because|Since|If|Despite|Once|Until)\b")


# "the Metropolitan Police on Monday": a day or a month after a preposition ends a body's name
_DATE_TAIL = re.compile(r"\s+(?:on|in|at|by|from|since|until|last|this|next)\s+(?:" + "|".join(sorted(DATE_WORDS)) + r")\b.*$")


def _strip_date(name: str) -> str:
    return _DATE_TAIL.sub("", name)


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:The|the)\s+", "", name)


def _blank(flat: str, quotations: list[Quotation]) -> str:
    """The text with each quotation, marks included, blanked out ("█"), line breaks kept."""
    chars = list(flat)
    for q in quotations:
        a = q.start - 1 if q.start and flat[q.start - 1] in "“‘\"'" else q.start
        b = q.end + 1 if q.closed and q.end < len(flat) else q.end
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = "█"
    return "".join(chars)


_ATTRIBUTION = re.compile(r"[ \t]+(?:[A-Z][\w’'.-]*[ \t]+){1,4}" + VERB_RX.pattern + r"[ \t]*[.,]", re.IGNORECASE)
_ABBREV = set(HONORIFICS) | {"St", "No", "Co", "Inc", "Ltd", "vs", "v", "Mt", "Jr", "Sr", "U.S", "U.K"}


def _sentence_ends(frame: str, quotations: list[Quotation]) -> list[int]:
    """Offsets where sentences end (exclusive), sorted; the last one is len(frame)."""
    ends = set()
    for m in re.finditer(r"[.!?]+(?=[ \t]+[A-Z█“‘\"'])", frame):
        word = re.search(r"[\w.]*$", frame[max(0, m.start() - 12):m.start()]).group(0)
        if word in _ABBREV or (len(word) == 1 and word.isupper()) or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):
            continue  # "Mr.", an initial, a dotted initialism ("the U.N. General Assembly")
        ends.add(m.end())
    for m in re.finditer("\n", frame):
        ends.add(m.start())
    for q in quotations:  # “... end.” He said: the sentence ends with the quotation
        if q.closed and q.text.rstrip()[-1:] in ".!?" and re.match(r"[ \t]+[A-Z█]", frame[q.end + 1:q.end + 3]) \
                and not _ATTRIBUTION.match(frame, q.end + 1):  # but not in “... right?” Sanborn said.
            ends.add(q.end + 1)
    ends.add(len(frame))
    return sorted(ends)


def _spans(ends: list[int], n: int):
    start = 0
    for e in ends:
        if e > start:
            yield start, e
        start = e
    if start < n:
        yield start, n


def _sentence_of(ends: list[int], offset: int) -> int:
    """The start of the sentence holding offset (as `_spans` gives it)."""
    i = bisect_right(ends, offset)
    return ends[i - 1] if i else 0


def _paragraph(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _occurrences(text: str, candidates: list[Candidate], k: int = 8) -> None:
    """Set `occurrence` on candidates whose words occur more than once in the text, in one pass
    over the text per prefix length (not one search of the whole text per candidate)."""
    by_len: dict[int, set[str]] = {}
    for c in candidates:
        if c.quote:
            by_len.setdefault(min(k, len(c.quote)), set()).add(c.quote[:k])
    starts: dict[str, list[int]] = {}
    for length, prefixes in by_len.items():
        first = {p[0] for p in prefixes}
        for i, ch in enumerate(text):
            if ch in first and text[i:i + length] in prefixes:
                starts.setdefault(text[i:i + length], []).append(i)
    hits_of: dict[str, list[int]] = {}
    for c in candidates:
        if not c.quote:
            continue
        if c.quote not in hits_of:  # once per distinct quote: a repeated quote is not re-counted
            hits_of[c.quote] = [i for i in starts.get(c.quote[:k], []) if text.startswith(c.quote, i)]
        hits = hits_of[c.quote]
        if len(hits) > 1:
            c.occurrence = 1 + bisect_left(hits, c.start)
