"""The people an article names, read from the article alone.

Each person is keyed by the full name the article first gives ("Paul Boateng" from "Labour peer
Lord Paul Boateng"), with the words that describe them. Later references ("Lord Boateng",
"Boateng", "Sir Lindsay") resolve to the person of this article they can only mean: the most
recently named one with that surname (or, after Sir/Dame/Lord/Lady, that first name). Nothing
is matched to the case file's known people here (see `known.py`). Linear in the text."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

HONORIFICS = {
    "Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Mx": "", "Dr": "", "Sir": "m", "Lord": "m", "Lady": "f",
    "Dame": "f", "Baroness": "f", "Baron": "m", "Prof": "", "Professor": "", "Rev": "", "Reverend": "",
    "Judge": "", "Justice": "", "President": "", "Senator": "", "Sen": "", "Rep": "", "Gov": "",
    "Governor": "", "General": "", "Gen": "", "Colonel": "", "Col": "", "Captain": "", "Capt": "",
    "Chancellor": "", "King": "m", "Queen": "f", "Prince": "m", "Princess": "f", "Pope": "m",
    "Archbishop": "", "Bishop": "", "Father": "m", "Rabbi": "", "Imam": "", "Cllr": "", "Councillor": "",
    "Det": "", "Detective": "", "Inspector": "", "Sgt": "", "Sergeant": "", "Supt": "", "Chief": "",
    "Commissioner": "", "Minister": "", "Secretary": "", "Mayor": "", "Ambassador": "", "Coach": "",
}
# Honorifics that are followed by a first name when the surname is dropped ("Sir Lindsay").
FIRST_NAME_HONORIFICS = {"Sir", "Dame", "Lord", "Lady"}
SUFFIXES = {"KC", "QC", "MP", "MSP", "MEP", "Jr", "Sr", "OBE", "MBE", "CBE", "III", "II"}
# Capitalised words that never belong to a person's name.
NOT_NAME = set("""The A An And But Or Nor So Yet If In On At By For From Of To With Without After Before During
While When Where Which Who Whom Whose What Why How This That These Those There Here Then Now It Its It's We Our
They Their Them He His Him She Her Hers I My Me You Your As Also Although Though Because Since Until Unless
Despite Meanwhile However Moreover Furthermore Indeed Still Even Only Just Both Each Every All Some Many Most More
No Not Nor Yes One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next Earlier Later Today
Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Speaking Asked Writing Responding Following According
Former Ex Labour Conservative Tory Tories Liberal Democrat Democrats Republican Republicans Green Reform SNP
British English Scottish Welsh Irish American Chinese Russian French German European Western Eastern Northern
Southern Police Court Government Parliament Council Committee Party Office Ministry Department Service Agency
Street Road Avenue Lane Square House Hall Palace Act Bill Law Trust Foundation Institute University College
School Hospital Church Centre Center Group Company Corporation Inc Ltd Plc Bank Club Union Association Society
News Times Post Guardian Telegraph Mail Express Mirror Sun BBC CNN ITV Sky Reuters Press Media Radio Television
Online Daily Weekly Sunday Street Airport Station Army Navy Force Forces Air Board Authority Commission Bureau
Embassy Council County City Town Village Island Islands Kingdom Republic States Nations United North South East
West Central New Old Great Royal National International Federal State Crown Supreme High Home Foreign Justice
Health Defence Defense Treasury Cabinet Downing Whitehall Westminster Commons Lords Senate Congress Assembly
Secrets Security Intelligence Prime Minister Secretary President Chancellor Leader Chairman Chair Director
Spokesman Spokeswoman Spokesperson Mr Mrs Ms Dr Sir Lord Lady Dame Prof Professor Judge Justice Week Month Year
Quay Harbour Bay River Park Hill Bridge Lake Beach Point Mount Valley Port Castle Cathedral Market Gardens Wharf
Pier Drive Row Crescent St Rd Ave Prevention Awareness Support Services Programme Program Project Scheme Terrace
Airport Stadium Arena Theatre Museum Gallery Hotel Restaurant Pub Bar Cafe Inn
Morning Evening Night Iconic Popular Famous Local Historic Beloved Legendary Breaking Live Watch Read Latest Update
Updates Photo Photos Video Picture Pictures Images Credit Getty Alamy Shutterstock Level Phase Stage Section Chapter
Coalition Farms Farm Partners Holdings Brands Foods Industries Systems Solutions Technologies Labs Studios Records
Productions Motors Airlines Airways Rail Energy Capital Ventures Fund Alliance League Federation Movement Initiative
Forum Summit Conference Festival Awards Prize Cup Championship Olympics Trophy Campaign Network
Speaker Superintendent Sheriff Attorney Representative Treasurer Trooper Officer Agent Pastor Deputy Premier
Chairwoman Vice Executive Editor Correspondent Analyst Producer Manager Spokesman Commander Lieutenant Marshal
Passenger Passengers Commuter Shopper Customer Traveller Traveler Parent Mum Dad Grandmother Grandfather
Organiser Organizer Campaigner Activist Resident Residents Neighbour Neighbor Pensioner Teacher Student Nurse Doctor
Lawyer Solicitor Barrister Driver Farmer Worker Volunteer Witness Victim Survivor Protester Protestor Shopkeeper
Landlord Landlady Widow Widower Veteran Economist Scientist Researcher Expert Historian Author Novelist Journalist
Reporter Columnist Broadcaster Presenter Comedian Musician Artist Designer Architect Entrepreneur Businessman
Businesswoman Founder Chef Owner Pilot Captain Coach Striker Midfielder Defender Goalkeeper Winger Boxer Golfer
Prosecutor Coroner Constable Councilwoman Councilman Congressman Congresswoman Assemblyman Assemblywoman Taoiseach
God Christmas Easter Covid Instagram Facebook Twitter Google Apple Microsoft Amazon Netflix YouTube TikTok
""".split())
# Words of NOT_NAME that are also common surnames: a last name after a first name.
SURNAME_WORDS = set("""Green Bishop Rose Young Brown White Black Gray Grey Price Farmer Driver Nurse Doctor""".split()) & NOT_NAME
# A name word: "Smith", "McCallum", "O’Brien", "Ainge-Roy", an initial "J."; never a possessive "Smith’s"
_BREAKS = set("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Today Yesterday Tomorrow Last Next This""".split())
DATE_WORDS = _BREAKS  # days, months and the words around them: never a name
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = rf"(?:(?![{_UPPER}])[^\W\d_])"  # any letter but a capital: "Wałęsa", "Erdoğan", "Whangārei"
_TOKEN = (rf"(?:Mc|Mac|O[’']|D[’'])?[{_UPPER}]{_LOWER}+(?:-[{_UPPER}]?{_LOWER}+)*\b(?![’'](?!s\b)[A-Za-z])"
          rf"|[A-Z]\.(?=[ ][A-Z])")
_PARTICLE = r"(?:de|da|di|du|van|von|der|den|la|le|al|bin|ibn|el)"
_HON = "|".join(sorted(HONORIFICS, key=len, reverse=True))
NAME_RX = re.compile(rf"(?<![\w’'])(?:(?P<hon>{_HON})\.?[ ]+)?"
                     rf"(?P<name>(?:{_TOKEN})(?:[ ]+(?:{_PARTICLE}[ ]+){{0,2}}(?:{_TOKEN})){{0,6}})"
                     rf"(?:[ ]+(?P<suffix>{'|'.join(SUFFIXES)})\b)?")


@dataclass
class Person:
    key: str  # the full name as the article first gives it, without honorific
    tokens: list[str]
    honorific: str = ""
    gender: str = ""
    description: str = ""  # the words that describe them ("Labour peer", "the chief executive of Y")
    known: str | None = None  # a case-file person id, when the full name or an alias identifies one
    age: str = ""  # as the article gives it ("Smith, 45," / "Smith (45)")
    mentions: list[int] = field(default_factory=list)  # start offsets, in reading order

    @property
    def surname(self) -> str:
        return self.tokens[-1]

    @property
    def label(self) -> str:
        if self.honorific and (self.honorific in FIRST_NAME_HONORIFICS or len(self.tokens) == 1):
            return f"{self.honorific} {self.key}"  # "Sir Lindsay Hoyle", "Ms Truss"
        return self.key


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    person: Person
    surface: str
    full: bool  # the full name (not a later reference by surname or first name)


class Names:
    """Every mention of a person in `frame` (the text with quotations blanked out)."""

    def __init__(self, frame: str, known_names: dict[str, str] | None = None):
        self.people: list[Person] = []
        self.mentions: list[Mention] = []
        by_key: dict[str, Person] = {}
        by_surname: dict[str, list[Person]] = {}
        by_first: dict[str, list[Person]] = {}
        known_names = known_names or {}
        found = _in_headlines(frame, list(_candidates(frame)))
        # how often each capitalised word stands in the article, and how often before which word:
        # "envoy to Ukraine Kurt Volker" holds a place the article also names on its own
        words = re.findall(r"[A-Z][\w’'-]*|\S+", frame)
        alone: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        followers: dict[str, set[str]] = {}  # the capitalised words each capitalised word comes before
        for a, b in zip(words, words[1:] + [""]):
            if a[:1].isupper():
                alone[a] = alone.get(a, 0) + 1
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
                if b[:1].isupper():
                    followers.setdefault(a, set()).add(b)
        # full names anywhere in the article: a headline's "Obama admits ..." is the Barack Obama
        # the article names further down
        ahead: dict[str, str] = {}
        for _, _, _, tokens, _, weak in found:
            if len(tokens) > 1 and not weak:
                ahead.setdefault(tokens[-1], " ".join(tokens))
        for start, end, hon, tokens, title, weak in found:
            placed = False
            if len(tokens) >= 3 and not hon and re.search(r"\b(?:to|of|in|for|from|at|with)[ ]$", frame[max(0, start - 6):start]) \
                    and alone.get(tokens[0], 0) > pairs.get((tokens[0], tokens[1]), 0):
                # "ambassador to Britain Liu Xiaming": the first word is a place the article also
                # names apart from this person; the name is what follows it
                prep = frame.rindex(" ", 0, start - 1)  # "to": the role is the words before it
                role = _description(frame, prep + 1)
                start = frame.index(tokens[1], start + len(tokens[0]))
                title = " ".join(filter(None, [role, frame[prep + 1:start].strip()]))
                tokens, placed = tokens[1:], True
            if len(tokens) == 2 and not hon and tokens[0].endswith(("ing", "ed")) and (
                    tokens[1] in by_surname or tokens[1] in by_first) and not (start and frame[start - 1].isalnum()):
                # "Hosting Cook at Dreamforce ...", "4. Questioning Vindman's judgment": a participle
                # opening a sentence before a person the article has already named
                start = frame.index(tokens[1], start + len(tokens[0]))
                tokens = tokens[1:]
            key = " ".join(tokens)
            person, full = by_key.get(key), True
            if person is None and len(tokens) == 1:
                token = tokens[0]
                pool = (by_first.get(token, []) if hon in FIRST_NAME_HONORIFICS else []) or by_surname.get(token, [])
                pool = [p for p in pool if not (hon and HONORIFICS.get(hon) and p.gender and p.gender != HONORIFICS[hon])]
                # "Liu" after "Liu Xiaming", "Jose" after "Jose Mourinho": a first word alone, when
                # it is nobody's surname, only one person of the article has it and it opens no
                # other name ("Indiana" of "Indiana Statehouse" and "Indiana House Speaker" is a place)
                firsts = [] if hon or weak else [p for p in by_first.get(token, []) if len(p.tokens) == 2
                                                 and followers.get(token, set()) <= {p.tokens[1]}]
                if pool:
                    person, full = max(pool, key=lambda p: p.mentions[-1]), False
                elif weak:
                    continue  # "Hill" is a name only after a "Fiona Hill" the article named
                elif len(firsts) == 1:
                    person, full = firsts[0], False
                elif token in ahead and not (hon in FIRST_NAME_HONORIFICS):
                    key, tokens, full = ahead[token], ahead[token].split(), False
                    person = by_key.get(key)
                elif not hon:
                    continue  # one capitalised word is a name only with a title ("Mr Smith")
            if person is None:
                person = Person(key, tokens, hon or "" if full else "", HONORIFICS.get(hon or "", ""),
                                known=known_names.get(key))
                person.description = _description(frame, start) if full and not placed else ""
                if title and not person.description:
                    person.description = title
                by_key[key] = person
                self.people.append(person)
                if len(tokens) > 1:
                    by_surname.setdefault(tokens[-1], []).append(person)
                    by_first.setdefault(tokens[0], []).append(person)
            else:
                if hon and not person.gender:
                    person.gender = HONORIFICS.get(hon, "")
                if title and not person.description:
                    person.description = title
            if not person.honorific and hon and full:
                person.honorific = hon
            age = _AGE.match(frame, end)
            if age:
                person.age = age.group(1)
            person.mentions.append(start)
            self.mentions.append(Mention(start, end, person, frame[start:end], full))
        self._starts = [x.start for x in self.mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie inside frame[start:end]."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [x for x in self.mentions[lo:hi] if x.end <= end]

    def before(self, offset: int, n: int) -> list[Mention]:
        """The n mentions before offset, the nearest first."""
        i = bisect_left(self._starts, offset)
        return self.mentions[max(0, i - n):i][::-1]

    def last_before(self, offset: int, gender: str = "") -> Mention | None:
        n = bisect_left(self._starts, offset)
        for x in reversed(self.mentions[max(0, n - 30):n]):
            if not gender or not x.person.gender or x.person.gender == gender:
                return x
        return None


# Words that open a sentence or a clause, not a title ("But Keir Starmer").
_FUNCTION = set("""The A An And But Or Nor So Yet If In On At By For From Of To With After Before During While When
Where As Also Although Though Because Since Despite Meanwhile However Moreover Furthermore Indeed Still Even Only
Just Both Each Every All Some Many Most More No Not One Two First Last Next Earlier Later Today Yesterday Speaking
Asked Writing Responding Following According This That These Those It We They He She I""".split())
# Honorifics that are titles worth keeping as a description ("President Barack Obama").
_TITLE_HONORIFICS = {h for h, g in HONORIFICS.items() if not g} - {"Dr", "Prof", "Professor", "Mx", "Rev", "Reverend"}
TITLES = _TITLE_HONORIFICS


def _candidates(frame: str):
    """(start, end, honorific, name words, title words dropped from the front) of each run of
    capitalised words that can be a person's name."""
    for m in NAME_RX.finditer(frame):
        hon, name = m.group("hon"), m.group("name")
        base = m.start("name")
        toks = [(t.start() + base, t.group()) for t in re.finditer(r"\S+", name)]
        # a name stops before a day or a month ("Smith Monday")
        toks = toks[:next((n for n, (_, t) in enumerate(toks) if n and t in _BREAKS), len(toks))]
        # the name is what follows the last word that names no one: "But Keir Starmer", "Senate
        # Majority Leader Chuck Schumer"; a run that ends in such a word ("Lau China Institute")
        # names no person
        if hon and len(toks) == 1:
            i = 0
        else:
            # a surname that is also a word ("Rachel Green", "Stuart Hall") ends a two-word name
            # whose first word names no one else; so does any such word after a role in lower case
            # ("Russia adviser Fiona Hill", "analyst Ken Doctor")
            weak_end = len(toks) == 2 and toks[0][1] not in NOT_NAME and (
                toks[1][1] in SURNAME_WORDS or (_after_role(frame, toks[0][0]) and toks[1][1] not in HONORIFICS))
            i = max((n + 1 for n, (_, t) in enumerate(toks) if t in NOT_NAME and not (weak_end and n == 1)),
                    default=0)
        if i == len(toks):
            if len(toks) == 1 and not hon and toks[0][1] not in _FUNCTION and toks[0][1] not in _BREAKS:
                # "Hill said": a word that is a name only as the surname of a person already named
                yield toks[0][0], toks[0][0] + len(toks[0][1]), None, [toks[0][1]], "", True
            continue
        dropped = [t for _, t in toks[:i] if t not in _FUNCTION]
        if hon and hon in _TITLE_HONORIFICS:
            dropped.insert(0, hon)
        if i:
            hon = None
            if toks[i - 1][1] in HONORIFICS:  # "former Ministers Sir Nicholas Soames"
                hon = toks[i - 1][1]
                dropped = [t for _, t in toks[:i - 1] if t not in _FUNCTION] + ([hon] if hon in _TITLE_HONORIFICS else [])
        j = len(toks)
        toks = toks[i:j]
        start = (m.start() if toks[0][0] == m.start("name") else toks[0][0] - len(hon) - 1) if hon else toks[0][0]
        if hon and frame[start:start + len(hon)] != hon:
            start = toks[0][0]
        end = toks[-1][0] + len(toks[-1][1])
        yield start, end, hon, [t for _, t in toks], " ".join(dropped), False


def _title_case_lines(frame: str) -> list[tuple[int, int]]:
    """Paragraphs set in Title Case (headlines, link lines: "Fitzgerald Equates Firing to
    Professional ..."), where every word is capitalised and capitals say nothing of names."""
    out = []
    for m in re.finditer(r"[^\n]+", frame):
        words = re.findall(r"[A-Za-z][\w’'-]*", m.group(0))
        long = [w for w in words if len(w) >= 4]
        if len(words) <= 16 and len(long) >= 4 and all(w[0].isupper() for w in long) \
                and not m.group(0).rstrip().endswith("."):
            out.append((m.start(), m.end()))
    return out


def _in_headlines(frame: str, found: list) -> list:
    """In a Title Case line, a run of capitalised words is a name only as far as it is a name the
    article's running text gives ("Fitzgerald" of "Fitzgerald Equates Firing", if the article
    names a Fitzgerald); otherwise it is no one."""
    lines = _title_case_lines(frame)
    if not lines:
        return found
    starts = [a for a, _ in lines]

    def inside(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and at < lines[i][1]

    body = [f for f in found if not inside(f[0])]
    keys = {" ".join(f[3]) for f in body}
    surnames = {f[3][-1] for f in body if len(f[3]) > 1}
    out = []
    for f in found:
        start, end, hon, tokens, title, weak = f
        if not inside(start):
            out.append(f)
            continue
        best = None  # the longest run of the tokens that the running text names
        for i in range(len(tokens)):
            for j in range(len(tokens), i, -1):
                run = tokens[i:j]
                if " ".join(run) in keys or (len(run) == 1 and run[0] in surnames):
                    if best is None or j - i > best[1] - best[0]:
                        best = (i, j)
                    break
        if best is None:
            continue
        i, j = best
        at = start
        for t in tokens[:i]:
            at = frame.index(t, at) + len(t)
        at = frame.index(tokens[i], at)
        out.append((at, at + len(" ".join(tokens[i:j])), hon if i == 0 else None, tokens[i:j], title, weak))
    return out


_ROLE_BEFORE = re.compile(r"(?<![\w’'-])([a-z][a-z-]{2,})[ ]$")
_NOT_ROLE = {"the", "and", "but", "for", "from", "with", "into", "onto", "than", "that", "this", "said", "says",
             "told", "says", "was", "were", "are", "has", "had", "have", "who", "whom", "which", "while", "when",
             "near", "like", "via", "about", "over", "under", "after", "before", "across", "outside", "inside",
             "between", "around", "through", "toward", "towards", "against", "among", "visit", "visits"}


def _after_role(frame: str, start: int) -> bool:
    """A person's role in lower case right before the name: "adviser Fiona Hill" (a verb, a
    preposition or an article there means a place: "visited Capitol Hill", "on Capitol Hill")."""
    m = _ROLE_BEFORE.search(frame, max(0, start - 30), start)
    # a role is an agent noun ("adviser", "analyst", "historian", "spokesman", "secretary"), not
    # a verb ("pack Indiana Statehouse") or an adjective ("the current Environment Secretary")
    return bool(m) and m.group(1) not in _NOT_ROLE and m.group(1).endswith(_AGENT)


_AGENT = ("er", "or", "ist", "ian", "man", "woman", "ary", "ant", "ee")


_NOT_TITLE = {"over", "amid", "including", "like", "such", "among", "about", "against", "between", "during", "under",
              "after", "before", "than", "into", "onto", "upon", "via", "per", "versus", "plus", "whom", "who", "which",
              "if", "when", "while", "because", "since", "until", "unless", "though", "although", "also", "only",
              "even", "just", "not", "then", "now", "there", "here", "where", "how", "why", "what", "whether"}
# ", the chief executive of Acme," / ", president of Chapter & Verse," right after the name
_APPOSITION = re.compile(r",[ ]+((?:the|a|an)[ ][^,.;:“”\"█]{3,80}?"
                         r"|[a-z][\w-]*(?:[ ][^ ,.;:“”\"█]+){0,8}?)[ ]*[,.;:]")
_NAME_END = re.compile(r"(?:[A-Z][\w’'.-]*[ ]?)+(?:[ ]?(?:KC|QC|MP))?")
_AGE_AFTER = re.compile(r"(?:,[ ]*\d{1,3}(?=,))?")  # "Maria Lopez, 42, a clerk at ..."
_AGE = re.compile(r"(?:,\s*|\s*\()(\d{1,3})(?:,|\))")
_DESC_BEFORE = re.compile(r"((?:[A-Za-z][\w’'\-]*[ ]+){1,5})$")
_STOP_BEFORE = {"said", "says", "told", "by", "and", "with", "to", "from", "for", "as", "at", "in", "on", "of",
                "that", "but", "after", "when", "according", "added", "while", "is", "was", "were", "are"}


def _description(frame: str, start: int) -> str:
    """Words that describe a person where the article first names them: a title before the name
    ("Labour peer Lord ..."), or an apposition after it ("..., the chief executive of Y,")."""
    before = frame[max(0, start - 80):start]
    m = _DESC_BEFORE.search(before)
    words = []
    if m:
        for w in reversed(m.group(1).split()):
            if w.lower() in _STOP_BEFORE or w.lower() in ("the", "a", "an"):
                break
            words.insert(0, w)
    while words and (words[0] in _FUNCTION or words[0].lower() in _NOT_TITLE):
        words = words[1:]  # "Amid mounting concern over ..."
    if words and (words[-1].lower() in _NOT_TITLE or words[-1].endswith("ing")):
        words = []  # "stars including Jamie Oliver": no title
    if words and not all(w[:1].isupper() and w in NOT_NAME for w in words):
        return " ".join(words)
    apposed = re.search(r"(?:^|[\s(])(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+([^,.;:“”\"]{3,60}),\s*$", before)
    if apposed:  # "The MI5 director general, Ken McCallum,"
        return apposed.group(1)
    end = _NAME_END.match(frame, start)
    after = _APPOSITION.match(frame, _AGE_AFTER.match(frame, end.end() if end else start).end())
    if after and after.group(1).split()[0].lower() not in _NOT_TITLE:
        return after.group(1)
    of = re.match(r"[^,.;:]{0,40}?[ ]+(of[ ]+(?:the[ ]+)?[A-Z][\w’'\-]*(?:[ ]+[A-Z][\w’'\-]*)*)",
                  frame[start:start + 120])
    return of.group(1) if of else ""
