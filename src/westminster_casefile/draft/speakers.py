"""Who speaks: the attribution around a quotation or a sentence of reported speech.

Works on the *frame*: the article with the words inside quotation marks blanked out, so that
nothing quoted is ever taken for an attribution. Patterns, in the order they are tried:

- after the quotation: ", said X" / ", X said" / ", he added" / ", the minister said" /
  ", X, the Y, said" / ", according to X";
- before it, in its sentence: "X said:" / "X told the BBC:" / "X, the Y, said the move was" /
  "According to X," — the subject of the first reporting verb wins over any name inside a
  subordinate clause ("Tom Little KC ... said he would be “surprised” if Mr Collins ...").

A subject is a person of the article (full name, or a later reference "Mr X" / "Sir Lindsay"),
a pronoun (the last person spoken of whose gender fits), or a description ("the minister",
"a Home Office spokesman"), which resolves to the person of the article it describes, else to
the case file's known holder of that title at the article's date, else stays unnamed."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from westminster_casefile.draft.names import DATE_WORDS, Mention, Names, Person

# Bare forms that are also common nouns ("the US state of", "a post", "a note") are left out.
VERB_WORDS = """say says said saying add adds added adding tell tells told telling write writes
insisting warning claiming arguing explaining noting describing stressing branding brand brands branded dubbed
labelled labeled calling
wrote argue argues argued claim claims claimed insist insists insisted warn warns warned explain explains explained
acknowledge acknowledged admit admits admitted deny denies denied announce announced announces confirm confirms
confirmed reply replies replied respond responds responded conclude concluded urge urged urges note noted notes
reveal revealed reveals suggest suggested suggests continued tweeted posted
declare declared declares commented observe observed recall recalled recalls concede
conceded maintain maintained maintains complain complained complains joked ask asked asks predict
predicted predicts promised vow vowed vows pledged stressed
emphasise emphasised emphasize emphasized describe described describes called accuse accused
accuses allege alleged alleges alleging caution cautioned insist criticised criticized condemned
testified testifies testify recounted recounts asserted asserts contended contends quipped remarked
blasted slammed hailed praised lamented decried derided touted mocked boasted rejected dismissed reported""".split()
# "their alleged involvement", "the called-for inquiry": after a determiner the word is no verb
_NOT_AFTER = "".join(f"(?<!\\b{w} )" for w in ("the", "a", "an", "their", "his", "her", "its", "our", "your", "this",
                                              "that", "these", "those", "any", "no")) + "(?<!’s )(?<!'s )"  # "the ministry’s claim"
# "read" reports speech only after a document ("the statement read"); "States" in "United States"
# is no verb, so the forms of "state" count in lower case only
_READ = "".join(f"|(?<={n} )reads?\\b" for n in ("statement", "letter", "message", "notice", "post", "tweet", "note",
                                                 "sign", "release"))
VERB_RX = re.compile(_NOT_AFTER + r"\b(?:" + "|".join(sorted(set(VERB_WORDS), key=len, reverse=True)) +
                     r")\b|\b(?-i:states|stated|stating)\b|\baccording to\b" + _READ +
                     r"|\bwent on\b|\bpointed out\b|\bin a statement\b|\bcalled (?:on|for)\b|\bhit out\b"
                     r"|\bmade (?:a|the) (?:\w+ )?claim\b", re.IGNORECASE)
# Verbs that report speech on their own ("X said the plan ..."): the sentence is reported speech.
SPEECH_VERBS = set("""say says said tell tells told add adds added claims claimed insist insists insisted warn
warns warned argue argues argued states stated explain explains explained admit admits admitted deny denies
denied announce announced confirm confirmed suggest suggested suggests acknowledge acknowledged reveal revealed
urge urged write wrote predict predicted promised vow vowed pledged stressed accuse accused
allege alleged alleging concede conceded maintain maintained criticised criticized condemned
testified testifies recounted asserted asserts contended contends""".split()) | {
    "called on", "called for", "hit out"}
PRONOUN_GENDER = {"he": "m", "she": "f"}
PRONOUN_RX = re.compile(r"(?i)(he|she|they|we|i)(?:\s+(?:has|had|have|also|then|later|previously|once|again|"
                        r"further|would|will|had\s+previously|has\s+previously|later\s+told))?$")
_OPENING = re.compile(r"(?i)(?:in|on|at|after|before|during|amid|speaking|asked|writing|responding|following|"
                      r"despite|like|unlike|earlier|later|meanwhile|however|but|and|yet|also|previously|"
                      r"separately|elsewhere|today|yesterday|now|then|since|as|when|while|if|although|though|"
                      r"because|last|this|addressing|appearing|answering|giving|reacting|commenting)\b")
_LEADING = re.compile(r"^(?:(?:but|and|however|yet|meanwhile|now|so|also|still|then)\s+)+", re.IGNORECASE)
_SUBORDINATE = re.compile(r"(?i)(?:who|which|whose|whom|where|when|while|after|before|although|as|since|because|if|"
                          r"despite|for|of|to|with|by|from|against|at|on|about|in|into|over|under|aged|then|now|"
                          r"defending|prosecuting|representing|speaking|writing|chairing|including|like|such|both|"
                          r"that|than|not|only|even|who's|and|or)\b")
_CLAUSE_OPENER = re.compile(r"(?:after|as|when|while|because|since|before|although|though|once|until|where)\s+"
                            r"(?=\S)(?!the\s+\w+\s+of\b)")
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "one", "another"}


@dataclass
class Speaker:
    """A resolved speaker: a person of the article, an institution or an unnamed description."""
    label: str  # the words of the article that name or describe the speaker
    person: Person | None = None
    institution: str | None = None  # a name as the article prints it ("Home Office")
    known_person: str | None = None  # a case-file person id
    known_institution: str | None = None  # a case-file institution id
    via: str = "name"  # name | later-reference | pronoun | title | description | institution

    @property
    def name(self) -> str | None:
        """The speaker's name, for a named speaker; None for an unnamed one."""
        if self.person is not None:
            return self.person.label
        return self.institution


class Resolver:
    def __init__(self, frame: str, names: Names, *, titles=None, institutions=None, named_bodies=None):
        """titles: lower-case title -> known person id holding it at the article's date;
        institutions: institution name or alias -> known institution id; named_bodies: (offset,
        name) of the capitalised institution names the article prints, in reading order."""
        self.frame = frame
        self.names = names
        self.titles = titles or {}
        self.institutions = institutions or {}
        self.last_speaker: Speaker | None = None  # the last person quoted, in reading order
        self.last_speaker_at = -1  # where they were last attributed
        self._institution_rx = None  # every known institution's name and alias, compiled once
        self._proper = None  # words capitalised inside sentences
        self._described = None  # the people of the article by the words that describe them
        self.named_bodies = named_bodies or []
        self._body_starts = [at for at, _ in self.named_bodies]

    # --- subjects ---------------------------------------------------------------------------

    def subject_before(self, start: int, verb_start: int) -> Speaker | None:
        """The subject of a reporting verb: walk the clause back from the verb, comma by comma,
        past appositions ("X, the Y, said") and subordinate clauses ("X, who ..., said")."""
        # a parenthesis ("The Crown Prosecution Service (CPS)") is no clause of its own
        clause = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), self.frame[start:verb_start])
        cuts = [m.end() for m in re.finditer(r"[,;:—–]", clause)]
        bounds = list(zip([0] + cuts, cuts + [len(clause)]))
        description = None
        for a, b in reversed(bounds):
            seg = clause[a:b].rstrip(",;:(—– ")
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            if not seg or "█" in seg:
                if "█" in seg:
                    return None
                continue
            seg_start = start + a + lead
            body = _LEADING.sub("", seg)
            seg_start += len(seg) - len(body)
            if not body:
                continue
            pronoun = PRONOUN_RX.match(body)
            if pronoun and pronoun.end() == len(body):
                return self._pronoun(pronoun.group(1).lower(), seg_start)
            # "Speaking through an interpreter he added": an opening phrase, then the pronoun
            tail = re.search(r"\s(he|she)$", body)
            if tail and _OPENING.match(body) and not mentions_in(self.names, seg_start, tail.start() + seg_start):
                return self._pronoun(tail.group(1), seg_start + tail.start(1))
            first = body.split()[0]
            mentions = [x for x in self.names.within(seg_start, seg_start + len(body)) if not _possessive(self.frame, x)]
            clause_opener = _CLAUSE_OPENER.match(body)
            if b == len(clause) and clause_opener and len(body[clause_opener.end():].split()) <= 4:
                # "..., after prosecutors told the court": a subordinate clause has its own subject,
                # right before its verb; the main clause's subject is not it
                rest_at = seg_start + clause_opener.end()
                rest = body[clause_opener.end():]
                pronoun = PRONOUN_RX.match(rest)
                if pronoun and pronoun.end() == len(rest):
                    return self._pronoun(pronoun.group(1).lower(), rest_at)
                own = [x for x in self.names.within(rest_at, rest_at + len(rest)) if not _possessive(self.frame, x)]
                if own:
                    return self._person(own[0], None)
                return self._description(rest, rest_at) if rest.strip() else None
            if first[0].islower() and first.lower() not in DETERMINERS:
                if _SUBORDINATE.match(body) or not mentions:
                    continue  # "defending", "who was arrested with Mr Y", "aged 30"
            if _OPENING.match(body) and b != len(clause):
                continue  # "In a letter to Chris Philp, Starmer said"
            subject = [x for x in mentions if not _after_preposition(self.frame, seg_start, x)
                       or _titled(self.frame, seg_start, x)]
            if subject:
                mention = subject[-1] if len(body) - (subject[-1].end - seg_start) < 4 else subject[0]
                return self._person(mention, description)
            if mentions and not first[0].islower():
                continue
            # a description or an institution as the subject
            np = _noun_phrase(body)
            if np:
                lead = self._clause_name(start, clause, bounds) if a and (np.split()[0].lower() in (
                    "a", "an", "the") or len(np.split()) == 1) else None
                if lead is not None:
                    # "Omar Lamrani, a senior analyst at Stratfor, the Texas-based intelligence firm,
                    # told": appositions after the name that opens the clause describe it
                    return self._person(lead, Speaker(np))
                speaker = self._description(np, seg_start, whole=np == _TRAILING.sub("", body.strip(" ,")))
                named = [x for x in self.names.within(start, seg_start) if x.person is speaker.person
                         and re.fullmatch(r"[\s,(]*(?:\d{1,3}[\s,)]*)?", self.frame[x.end:seg_start])]
                if speaker.person is not None and named:
                    # "X, the former chief executive, said": an apposition; the name before it is the subject
                    return self._person(named[-1], speaker)
                if speaker.person is not None or speaker.institution is not None:
                    return speaker
                if description is None:
                    description = speaker
                continue
        return description

    def _clause_name(self, start: int, clause: str, bounds: list) -> Mention | None:
        """The person named by the clause's first segment, when that segment is the name alone
        (after at most a title: "Cmdr. Sean Robertson")."""
        a, b = bounds[0]
        seg = clause[a:b].rstrip(",;:(—– ")
        body = _LEADING.sub("", seg.strip())
        if not body:
            return None
        at = start + a + len(seg) - len(seg.lstrip()) + len(seg.strip()) - len(body)
        found = [x for x in self.names.within(at, at + len(body)) if not _possessive(self.frame, x)]
        if not found or found[-1].end != at + len(body):
            return None
        before = self.frame[at:found[-1].start].split()
        return found[-1] if len(before) <= 4 and all(w[:1].isupper() for w in before) else None

    def subject_after(self, start: int, end: int) -> Speaker | None:
        """The subject after an inverted verb: ", said Clare Algare of Reprieve.", ", said the
        chairman, John Smith", "according to a report in The Guardian"."""
        seg = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), self.frame[start:end])
        lead = len(seg) - len(seg.lstrip(" ,"))
        body = re.split(_ABBREV_OK + r"[.;:!?█\n]|,\s+(?:who|which|adding|as|after|before|while|when|but|and)\b",
                        seg[lead:])[0]
        at = start + lead
        pronoun = re.match(r"(?i)(he|she|they|we|I)\b", body)
        if pronoun:
            return self._pronoun(pronoun.group(1).lower(), at)
        chunks = body.split(",")
        first = chunks[0]
        # the name, after at most a title ("said Senate Majority Leader Chuck Schumer")
        mentions = [x for x in self.names.within(at, at + len(first)) if not _possessive(self.frame, x)
                    and len(self.frame[at:x.start].split()) <= 5 and not _after_preposition(self.frame, at, x)]
        if mentions:
            return self._person(mentions[0], None)
        for x in self.names.within(at, at + len(first)):
            if _WORK_BY.fullmatch(self.frame[at:x.start]):
                # "according to a 2018 survey by Penelope Muse Abernathy": the author speaks in it
                return Speaker(x.surface, person=x.person, known_person=x.person.known, via="document-author")
            break
        np = _noun_phrase(first)
        if not np:
            return None
        if len(chunks) > 1:  # "said the chairman, John Smith"
            second_at = at + len(first) + 1
            nxt = [x for x in self.names.within(second_at, second_at + len(chunks[1]))
                   if len(self.frame[second_at:x.start].split()) == 0]
            if nxt:
                return self._person(nxt[0], Speaker(np))
        return self._description(np, at, whole=np == _TRAILING.sub("", first.strip(" ,")))

    def sentence_subject(self, start: int, end: int) -> Speaker | None:
        """The person or pronoun a sentence opens with, before any quotation."""
        body = self.frame[start:end]
        lead = len(body) - len(body.lstrip())
        body = _LEADING.sub("", body[lead:])
        at = end - len(body)
        pronoun = re.match(r"(he|she|He|She)\s+[a-z]", body)
        if pronoun:
            return self._pronoun(pronoun.group(1).lower(), at)
        mentions = self.names.within(at, end)
        if mentions and mentions[0].start == at and not _possessive(self.frame, mentions[0]):
            return self._person(mentions[0], None)
        return None

    # --- references -------------------------------------------------------------------------

    def _person(self, mention: Mention, description: Speaker | None) -> Speaker:
        person = mention.person
        if description and not person.description:
            person.description = description.label
        return Speaker(mention.surface, person=person, known_person=person.known,
                       via="name" if mention.full else "later-reference")

    def _pronoun(self, pronoun: str, at: int) -> Speaker | None:
        """ "he" / "she": a person named as a subject since the last attribution (the article has
        moved on to them), else the last speaker if the gender fits, else the last person named."""
        gender = PRONOUN_GENDER.get(pronoun, "")
        last = self.last_speaker
        if pronoun not in ("he", "she"):
            if last and pronoun in ("they", "we") and last.institution:
                return Speaker(pronoun, person=last.person, institution=last.institution,
                               known_person=last.known_person, known_institution=last.known_institution, via="pronoun")
            return Speaker(pronoun, via="pronoun-unresolved")  # "they said": speech, by whom is left open
        # the person a pronoun stands for is one the article made the subject of a sentence, not
        # one named inside a clause ("X, who represents Thomas, said ... He said": X); a name
        # after "by" ("chaired by X. She said") is the other way an article introduces a speaker
        mention = self._recent_subject(at, gender)
        fits = last is not None and last.person is not None and (not last.person.gender or last.person.gender == gender)
        newer = mention is not None and mention.start > self.last_speaker_at \
            and (last is None or last.person is not mention.person) and not _possessive(self.frame, mention) \
            and (self.frame[max(0, mention.start - 4):mention.start] == " by "  # "chaired by X. She said"
                 or not _after_preposition(self.frame, max(0, mention.start - 30), mention))
        if fits and not newer:
            if not last.person.gender:
                last.person.gender = gender
            return Speaker(pronoun, person=last.person, known_person=last.person.known, via="pronoun")
        if mention is None:
            mention = self.names.last_before(at, gender)
        if mention is None:
            return None
        if not mention.person.gender:
            mention.person.gender = gender
        return Speaker(pronoun, person=mention.person, known_person=mention.person.known, via="pronoun-mention")

    def _recent_subject(self, at: int, gender: str) -> Mention | None:
        """The latest person before `at` whose gender fits and who opens a sentence or a clause
        as its subject (after at most an opening phrase and the words of a title), or who follows
        "by"."""
        for m in self.names.before(at, 30):
            if m.person.gender and gender and m.person.gender != gender:
                continue
            if _possessive(self.frame, m):
                continue
            if self.frame[max(0, m.start - 4):m.start] == " by ":
                return m
            lo = max(0, m.start - 200)
            head = self.frame[lo:m.start]
            cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"), head.rfind("█"),
                      head.rfind(": "), head.rfind("; "))
            if cut < 0 and lo > 0:
                continue
            prefix = head[cut + 1:].strip()
            if _OPENING.match(prefix) and "," in prefix:  # "In a statement, X said"
                prefix = prefix[prefix.rfind(",") + 1:].strip()
            prefix = _LEADING.sub("", prefix)
            words = prefix.split()
            if len(words) <= 6 and all(w[:1].isupper() or w.lower() in _SUBJECT_LEAD for w in words):
                return m
        return None

    def _description(self, np: str, at: int, whole: bool = False) -> Speaker:
        """ "the minister" -> the person of the article so described, the known holder of the title,
        or an unnamed speaker; "the Home Office" -> an institution; "a CPS spokesperson" -> an
        unnamed speaker for a known institution."""
        np = _TRAILING.sub("", np)
        words = np.split()
        if not words:
            return Speaker(np, via="description")
        core = " ".join(words[1:]) if words[0].lower() in DETERMINERS else np
        known = self._known_institution(core)
        capitalised = core and core[:1].isupper() and all(
            w[:1].isupper() or w in ("of", "for", "and", "the", "on", "&") for w in core.split())
        # "Evans, a Liberal Democrat, said": after "a"/"an" a capitalised phrase describes a
        # person (an apposition); an institution speaks as "the X" or by its bare name
        if capitalised and words[0].lower() not in ("a", "an") and (
                len(core.split()) > 1 or core.isupper() or known or words[0].lower() == "the"):
            return Speaker(np, institution=core, known_institution=known, via="institution")
        lowered = core.lower()
        body = self._named_body(lowered, at)
        if body is not None:  # "the conservation department": the department the article named
            return Speaker(np, institution=body, known_institution=self._known_institution(body),
                           via="institution-reference")
        head = lowered.split()[-1] if lowered else ""
        if head in DOCUMENT_NOUNS and words[0].lower() in ("the", "its", "their", "his", "her"):
            author = self._author(head, at)
            if author is not None:  # "the statement read": whoever the article said issued it
                return author
        age = re.fullmatch(r"(\d{1,3})-year-old(?: \w+)?", lowered)
        if age:  # "the 45-year-old": the person the article gave that age ("Smith, 45,")
            for m in self.names.before(at, 60):
                if m.person.age == age.group(1):
                    return Speaker(np, person=m.person, known_person=m.person.known, via="title")
        # "the minister", and "China’s ambassador to Britain": a possessive determines its noun too
        owner = words[0].endswith(("’s", "'s")) and words[0][:1].isupper() and len(words) > 1
        if owner and re.split(r"\s(?:to|at|in|from|on|with|for|of)\s", lowered)[0].split()[-1] in BODY_NOUNS:
            # "Russia's foreign ministry", "Bolivia’s public defender’s office": a body its owner names
            return Speaker(np, institution=np, known_institution=known, via="institution")
        if len(words) <= 5 and lowered.split()[-1] in BODY_NOUNS and any(
                w[:1].isupper() for w in words[1 if words[0].lower() in DETERMINERS else 0:-1]):
            # "the French foreign ministry", "the Jordanian government", "Hong Kong police",
            # "Public Ombudsman Nadia Cruz’s office": a body the capitalised words name
            return Speaker(np, institution=core, known_institution=known, via="institution")
        if (words[0].lower() == "the" or owner) and " for " not in lowered and " of " not in lowered \
                or lowered in self.titles:
            # the head noun: the last word before a preposition ("ambassador" of "... to Britain")
            head = re.split(r"\s(?:to|at|in|from|on|with)\s", lowered)[0].split()[-1] if lowered else ""
            recent = self.names.before(at, 60)
            content = {w for w in re.findall(r"[\w’'-]+", lowered) if w not in _GENERIC}
            for m in recent:
                # "the prince" is the "Prince Charles" the article named: the title before the name counts
                desc = _title_words(m.person.description) | {m.person.honorific.lower()} - {""}
                if head and desc and (head in desc or content & desc):
                    return Speaker(np, person=m.person, known_person=m.person.known, via="title")
            if lowered in self.titles:
                return Speaker(np, known_person=self.titles[lowered], via="known-title")
            # a lead that describes someone before naming them ("China’s ambassador to Britain
            # accused ..."; later "China’s ambassador to Britain Liu Xiaming"): the same words, in full
            exact = np.lower().removeprefix("the ")
            if self._described is None:  # description -> people, built once (linear in the article)
                self._described = {}
                for p in self.names.people:
                    if p.description:
                        self._described.setdefault(p.description.lower().removeprefix("the "), []).append(p)
            ahead = self._described.get(exact, []) if len(exact.split()) > 1 else []
            if len(ahead) == 1:
                return Speaker(np, person=ahead[0], known_person=ahead[0].known, via="title")
            if head in ROLE_NOUNS:  # "the spy chief": the person last named with a title of office
                for m in recent:
                    desc = _title_words(m.person.description)
                    if desc & ROLE_NOUNS:
                        return Speaker(np, person=m.person, known_person=m.person.known, via="title-nearest")
        if whole and re.fullmatch(r"[A-Z][\w’'-]*[a-z][\w’'-]*", np) and np in self._proper_nouns() \
                and np not in DATE_WORDS:
            # "Schiff asked", "Tottenham said": one capitalised word the article also capitalises
            # inside sentences is a name (a person or a body) it gives no more of
            return Speaker(np, institution=np, via="proper-name")
        spokes = re.match(r"(?:a|an|the)\s+(\w+)\s+(?:for|of|from|at)\s", lowered)
        if (head in SPOKES_NOUNS or (spokes and spokes.group(1) in SPOKES_NOUNS)) and (
                known or re.search(r"\b[A-Z][\w&-]+", core)):
            # "a CPS spokesperson", "a spokesman for the Home Office": someone speaking for a body
            # the words name, a reason of its own (it is not a vague "critics" or "the agreement")
            return Speaker(np, known_institution=known, via="spokesperson")
        return Speaker(np, known_institution=known, via="description")

    def _proper_nouns(self) -> set[str]:
        """Words the article capitalises inside a sentence (after a lower-case word or a comma),
        so never only because they open one; computed once."""
        if self._proper is None:
            self._proper = set(re.findall(r"(?<=[a-z,;█] )[A-Z][\w’'-]*", self.frame))
        return self._proper

    def _author(self, noun: str, at: int) -> Speaker | None:
        """Who issued the document "the statement" / "the letter" refers to: the person or body
        the article last made the subject of "X issued a statement", "X said in a letter",
        or "a statement from X" (at most three such mentions back, within ~2,000 characters)."""
        lo = max(0, at - 2000)
        window = self.frame[lo:at]
        rx = re.compile(r"(?i)\b(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?" + noun + r"s?\b")
        for m in list(rx.finditer(window))[::-1][:3]:
            a, b = lo + m.start(), lo + m.end()
            frm = re.match(r"\s+(?:from|by|issued by|released by|signed by)\s+", self.frame[b:b + 20])
            if frm:
                speaker = self.subject_after(b + frm.end(), min(len(self.frame), b + frm.end() + 120))
                if speaker is not None and (speaker.person is not None or speaker.institution):
                    return Speaker(speaker.label, person=speaker.person, institution=speaker.institution,
                                   known_person=speaker.known_person, known_institution=speaker.known_institution,
                                   via="document-author")
            sent = max(self.frame.rfind(x, lo, a) for x in (". ", "\n", "█", "? ", "! "))
            sent = max(sent + 1, lo)
            verb = re.search(r"(?i)\b(?:issued|released|put out|published|sent|posted|shared|wrote|signed|said|"
                             r"made|denied|added)\b", self.frame[sent:a])
            if verb is None:
                continue
            speaker = self.subject_before(sent, sent + verb.start())
            if speaker is not None and (speaker.person is not None or speaker.institution):
                return Speaker(speaker.label, person=speaker.person, institution=speaker.institution,
                               known_person=speaker.known_person, known_institution=speaker.known_institution,
                               via="document-author")
        return None

    def _named_body(self, lowered: str, at: int) -> str | None:
        """The institution named last before `at` whose name holds the description's head noun
        and its other words ("the conservation department" -> "Department of Conservation")."""
        words = [w for w in re.findall(r"[\w-]+", lowered) if w not in _GENERIC]
        if not words or words[-1] not in BODY_NOUNS:
            return None
        i = bisect_left(self._body_starts, at)
        # "the production company" -> "Dick Clark Productions": a plural in the name matches, and a
        # generic head ("company", "firm") need not be in it when the other words are
        need = words[:-1] if words[-1] in GENERIC_BODY and len(words) > 1 else words
        for _, name in reversed(self.named_bodies[max(0, i - 40):i]):
            name_words = {w.removesuffix("s") for w in re.findall(r"[\w-]+", name.lower())}
            if all(w.removesuffix("s") in name_words for w in need):
                return name
        return None

    def _known_institution(self, phrase: str) -> str | None:
        """A known institution whose full name or alias the phrase contains ("a CPS spokesperson")."""
        if self._institution_rx is None:
            surfaces = sorted((x for x in self.institutions if len(x) > 2), key=len, reverse=True)
            self._institution_rx = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, surfaces)) + r")(?!\w)") \
                if surfaces else re.compile(r"(?!x)x")
        found = max((m.group(0) for m in self._institution_rx.finditer(phrase)), key=len, default=None)
        return self.institutions[found] if found else None


ROLE_NOUNS = set("""chief head minister secretary leader president director chairman chairwoman chair spokesman
spokeswoman spokesperson executive officer commissioner chancellor premier governor mayor senator judge official
ambassador adviser advisor general commander boss founder owner manager editor correspondent professor
taoiseach tanaiste ceo""".split())
# lower-case words that can stand before a subject's name: "the", "former", "defence lawyer"
_SUBJECT_LEAD = {"the", "a", "an", "former", "then", "ex", "late", "its", "his", "her", "their", "our", "new",
                 "acting", "interim", "deputy", "senior", "chief", "lawyer", "attorney", "minister", "spokesman",
                 "spokeswoman", "spokesperson", "president", "leader", "director", "executive", "secretary", "mp"}
# an all-capital word that can name a speaker on its own (other acronyms are datelines, "HOUSTON")
_ACRONYM_OK = {"NATO", "UNICEF", "NASA", "OPEC", "FIFA", "UEFA", "NHTSA", "OFCOM", "OFSTED", "ASEAN", "IAEA"}
_GENERIC = {"the", "a", "an", "of", "for", "and", "in", "on", "former", "new", "then", "to", "at", "by", "with",
            "from"}
# A full stop after an abbreviated title ("said Sen. Elizabeth Warren") ends nothing.
_ABBREV_OK = "".join(f"(?<!{a})" for a in ("Sen", "Rep", "Gov", "Gen", "Col", "Capt", "Sgt", "Supt", "Det", "Dr", "Mr",
                                           "Mrs", "Ms", "St", "Prof", "Rev", "Lt", "Jr", "Sr", "Insp", "Cllr",
                                           "Cmdr", "Adm", "Maj", "Hon")) + r"(?<!\b[A-Z])"  # nor an initial: "Robert M. Danin"
SPOKES_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "representative", "official", "officials", "source",
               "sources", "aide", "aides", "lawyer", "lawyers", "attorney", "attorneys"}
# Heads of a description that say only "an organisation": "the production company".
GENERIC_BODY = {"company", "firm", "group", "organisation", "organization", "business", "label", "agency"}
# What an article quotes as if it spoke: its author speaks ("the statement said").
DOCUMENT_NOUNS = {"statement", "letter", "release", "memo", "email", "post", "tweet", "filing", "notice", "message",
                  "report"}
# "a 2018 survey by", "the report from": a work and its author
_WORK_BY = re.compile(r"(?i)\s*(?:a|an|the|its|their|his|her|this|that)\s+(?:[\w-]+\s+){0,3}?(?:survey|report|study|poll|"
                      r"analysis|statement|letter|review|paper|book|memo|research|filing|complaint|lawsuit)s?"
                      r"\s+(?:by|from)\s+")
# Head nouns of a description that can point back to an institution the article named.
BODY_NOUNS = set("""department ministry agency council committee service government police force court office party
commission authority board union association institute university group company firm charity organisation
organization trust bank federation society campaign coalition business label""".split())
_VERB_LIKE = {"came", "went", "was", "is", "has", "had", "have", "will", "would", "could", "did", "does", "made",
              "took", "gave", "put", "set"}
_TRAILING = re.compile(r"(?:\s+(?:also|has|had|have|previously|then|later|now|again|further|itself|too))+\s*$", re.I)


# Abbreviated titles, so that "the governor" finds "Gov. Eric Holcomb"
_ABBREVIATED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "supt": "superintendent",
                "det": "detective", "insp": "inspector", "cllr": "councillor", "prof": "professor", "lt": "lieutenant",
                "capt": "captain", "col": "colonel", "sgt": "sergeant", "pres": "president", "atty": "attorney"}


def _title_words(description: str) -> set[str]:
    words = set(re.findall(r"[\w-]+", description.lower()))
    return words | {_ABBREVIATED[w] for w in words if w in _ABBREVIATED}


def mentions_in(names: Names, start: int, end: int) -> bool:
    return bool(names.within(start, end))


def _possessive(frame: str, mention: Mention) -> bool:
    """ "Berry’s lawyer": the name owns the subject; it is not the subject."""
    return bool(re.match(r"[’']s?\b|[’'](?=\s)", frame[mention.end:mention.end + 2]))


def _titled(frame: str, seg_start: int, mention: Mention) -> bool:
    """ "China’s ambassador to Britain Liu Xiaming": the words before the name are the title the
    article gives the person there, so its "to" is no preposition governing the name."""
    desc = mention.person.description
    return bool(desc) and len(desc.split()) > 1 and frame[seg_start:mention.start].rstrip().endswith(desc)


def _after_preposition(frame: str, seg_start: int, mention: Mention) -> bool:
    """ "a spokesman for Boris Johnson": the name is the object of a preposition."""
    before = frame[seg_start:mention.start].split()
    # "spoken to Prime Minister Anna Berg": a title between the preposition and the name
    while len(before) > 1 and re.fullmatch(r"[A-Z][\w-]*", before[-1]) and before[-1] != "The":
        before.pop()
        # "Secretary of State Mike Pompeo": an "of" inside a capitalised title is no preposition
        if len(before) > 1 and before[-1] == "of" and re.fullmatch(r"[A-Z][\w-]*", before[-2]):
            before = before[:-2]
    return bool(before) and before[-1].lower() in ("for", "of", "to", "with", "by", "from", "against", "at", "on",
                                                   "about", "and", "in", "like", "than", "representing")


def _noun_phrase(body: str) -> str | None:
    """A short noun phrase that can be a subject: "the minister", "a Home Office spokesman",
    "the Ministry of Defence", "Downing Street"."""
    body = _TRAILING.sub("", body.strip(" ,"))
    words = body.split()
    if not words or len(words) > 9:
        return None
    # "Speaking", "Although ...", a dateline "HOUSTON": no one who speaks
    if _OPENING.fullmatch(words[0]) or (len(words[0]) > 3 and words[0].isupper() and words[0].isalpha()
                                        and len(words) == 1 and words[0] not in _ACRONYM_OK):
        return None
    if words[0].lower() in DETERMINERS or words[0][:1].isupper():
        # "the Government came out fighting by": a name-like noun phrase ends at its last
        # capitalised word
        n = 1 if words[0].lower() in DETERMINERS else 0
        if n < len(words) and words[n][:1].isupper():
            k = n
            while k < len(words) and (words[k][:1].isupper() or words[k] in ("of", "for", "and", "&")
                                      or words[k].endswith(("’s", "'s"))):  # "the UK government's NCSC"
                k += 1
            # but "the MI5 chief", "a Home Office spokesman", "China’s ambassador to Britain" are
            # one noun phrase: a possessive is followed by what it owns
            if k < len(words) and (len(words) - k >= 3 or words[k].lower() in _VERB_LIKE) \
                    and not words[k - 1].endswith(("’s", "'s")):
                return " ".join(words[:k]).rstrip(" ,")
        if any(w.lower() in ("said", "says", "is", "was", "were", "are", "has", "had", "have") for w in words):
            return None
        return body
    return None
