"""Speaker attribution of `westminster-casefile draft` on small constructed texts, one per pattern,
with the real case file as the known entities (so that wrong matches to known people would show)."""
from __future__ import annotations

import pytest

from westminster_casefile.build import dates
from westminster_casefile.draft import Drafter, confidence, known_entities


@pytest.fixture(scope="module")
def drafter(root):
    return Drafter(*known_entities(root))


def speakers(drafter, text, published="2025-10-20"):
    d = drafter.draft("999_test", text, dates.parse_value(published))
    return [(c.quote, c.speaker_name, c.speaker_person) for c in d.statements if c.style], d


@pytest.mark.parametrize("text, name", [
    ("“We will not stop,” said Clare Algare of Reprieve.", "Clare Algare"),
    ("“We will not stop,” Clare Algare said.", "Clare Algare"),
    ("“We will not stop,” Clare Algare, the group’s director, said.", "Clare Algare"),
    ("Clare Algare, the group’s director, said: “We will not stop.”", "Clare Algare"),
    ("Clare Algare said: “We will not stop.”", "Clare Algare"),
    ("Clare Algare told the BBC: “We will not stop.”", "Clare Algare"),
    ("According to Clare Algare, “we will not stop”.", "Clare Algare"),
    ("Clare Algare added that they would “not stop”.", "Clare Algare"),
    ("'We will not stop,' said Clare Algare.", "Clare Algare"),
    ("Labour peer Lord Paul Boateng said: “We will not stop.”", "Lord Paul Boateng"),
    ('"We will not stop," said Senate Majority Leader Clare Algare, D-N.Y.', "Clare Algare"),
    ("Health Minister Clare Algare, 42, told reporters: “We will not stop.”", "Clare Algare"),
])
def test_attribution_patterns(drafter, text, name):
    found, _ = speakers(drafter, text)
    assert found[0][1] == name
    assert found[0][2] == name.lower().replace("lord ", "").replace(" ", "-")  # proposed as a new person


def test_later_references_resolve_within_the_article(drafter):
    text = ("Sir Lindsay Hoyle, the Speaker, opened the debate. Security minister Dan Jarvis spoke next.\n\n"
            "“It is a disgrace,” Sir Lindsay said.\n\n"
            "“We will answer,” the minister said.\n\n"
            "Mr Jarvis said the government was “clear”. “More will follow,” he added.")
    found, _ = speakers(drafter, text)
    assert [f[1] for f in found] == ["Sir Lindsay Hoyle", "Dan Jarvis", "Dan Jarvis", "Dan Jarvis"]
    assert found[0][2] == "lindsay-hoyle"  # the full name identifies the known person


def test_continuation_paragraphs_inherit_the_speaker(drafter):
    text = "Jane Doe said: “The first part.\n\n“The second part.\n\n“The third part.”\n\nJohn Roe said nothing."
    found, _ = speakers(drafter, text)
    assert [f[1] for f in found] == ["Jane Doe"] * 3


def test_subject_wins_over_the_object_of_a_subordinate_clause(drafter):
    found, _ = speakers(drafter, "Tom Little KC, defending, said he would be “surprised” if Mr Collins was charged.")
    assert found[0][1] == "Tom Little"


def test_new_people_are_not_known_people_by_surname_or_title(drafter):
    text = ("Former prime minister Gordon Brown said: “It was a mistake.”\n\n"
            "“We knew,” said MI5 director-general Andrew Parker.\n\n"
            "“I agree,” said Mr Brown.")
    found, d = speakers(drafter, text, "2004-05-01")
    assert [(f[1], f[2]) for f in found] == [("Gordon Brown", "gordon-brown"), ("Andrew Parker", "andrew-parker"),
                                             ("Gordon Brown", "gordon-brown")]
    assert {p[0] for p in d.new_people} >= {"gordon-brown", "andrew-parker"}


def test_a_description_naming_a_known_role_does_not_make_a_known_person(drafter):
    # "Tory leader" is a title the case file knows Kemi Badenoch to hold in October 2025
    text = ("Former Conservative Party leader Sir Iain Duncan Smith said: “It is a scandal.”\n\n"
            "“It must stop,” Sir Iain added.")
    found, d = speakers(drafter, text)
    assert [(f[1], f[2]) for f in found] == [("Sir Iain Duncan Smith", "iain-duncan-smith")] * 2
    assert [p[1:3] for p in d.new_people] == [("Sir Iain Duncan Smith", "Former Conservative Party leader")]
    assert not d.new_institutions


def test_a_title_names_a_known_holder_only_at_a_date_the_case_file_knows(drafter):
    text = "“We will act,” the prime minister said."
    assert speakers(drafter, text, "2025-10-02")[0][0][2] == "keir-starmer"
    old = speakers(drafter, text, "2004-05-01")[0][0]
    assert old[2] is None and old[1] is None  # unnamed: TODO, not a guess


def test_unknown_speaker_is_todo(drafter):
    found, d = speakers(drafter, "The report was published.\n\n“Nobody knows why.”")
    assert found[0][1] is None and found[0][2] is None
    assert any("no speaker found" in u for u in d.unresolved)


def test_no_junk_entities_and_people_are_not_institutions(drafter):
    text = ("Both men denied any breach of the Official Secrets Act. Both were released.\n\n"
            "What I said was clear, said Labour peer Lord Paul Boateng of the Labour Party.")
    _, d = speakers(drafter, text)
    names = [p[1] for p in d.new_people] + [i[0] for i in d.new_institutions]
    assert "Official Secrets Act. Both" not in names and "What I" not in names
    assert not any("Boateng" in i[0] for i in d.new_institutions)
    assert [p[1] for p in d.new_people] == ["Lord Paul Boateng"]


def test_confidence_and_reason_are_kept(drafter):
    found, d = speakers(drafter, "“Nobody knows.”\n\nThe report was published.\n\n“We will not stop,” said Clare Algare.")
    first, second = (c for c in d.statements if c.style)
    # the figure is the calibrated one for its reason (benchmarks/draft_heldout.py --calibrate)
    assert second.reason == "after-inverted: name" and second.confidence == confidence.of("after-inverted", "name")
    assert second.confidence >= confidence.TODO_BELOW and second.speaker_name == "Clare Algare"
    assert first.confidence == 0 and first.speaker_person is None and "TODO" in first.reason


def test_future_dates_resolve_forward_and_impossible_dates_do_not_crash(drafter):
    text = "The committee will hold a vote on the report on Tuesday. It met on 29 February and on September 31."
    d = drafter.draft("999_test", text, dates.parse_value("2025-10-20"))  # a Monday
    resolved = {t: r for t, _, r in d.dates}
    assert str(resolved["on Tuesday"][0].start) == "2025-10-21"
    # 29 February with no year is the nearest leap year's (build.dates' rule); September 31 is no date
    assert str(resolved["29 February"][0].start) == "2024-02-29"
    assert resolved["September 31"] is None
    assert any("September 31" in u for u in d.unresolved)


def test_a_list_under_said_colon_is_reported_speech_by_the_speaker(drafter):
    text = ("In an interview, Jane Doe also said:\n\nThe plan must change\n\nTaxes will rise next year\n\n"
            "Ms Doe flew home on Friday.")
    d = drafter.draft("999_test", text, dates.parse_value("2025-10-20"))
    listed = [(c.quote, c.speaker_name) for c in d.statements if c.reason.startswith("intro-list")]
    assert listed == [("The plan must change", "Jane Doe"), ("Taxes will rise next year", "Jane Doe")]


def test_according_to_at_the_end_of_the_sentence(drafter):
    found, _ = speakers(drafter, "But “sickness” and “error” are thought to contribute, according to the Department of "
                                 "Conservation.")
    assert [f[1] for f in found] == ["Department of Conservation"] * 2


def test_passive_agent_and_a_description_of_a_named_institution(drafter):
    text = ("The New Zealand Department of Conservation runs the reserve.\n\n"
            "The strandings have been described as “heartbreaking” by the conservation department.")
    found, _ = speakers(drafter, text)
    assert found[0][1] == "New Zealand Department of Conservation"


def test_names_beyond_ascii_and_with_particles(drafter):
    found, _ = speakers(drafter, "“We act,” said Ursula von der Leyen. “No,” said Lech Wałęsa.")
    assert [(f[1], f[2]) for f in found] == [("Ursula von der Leyen", "ursula-von-der-leyen"),
                                             ("Lech Wałęsa", "lech-walesa")]


def test_nested_quotations_have_their_own_speaker(drafter):
    text = ("“Ambassador Jane Doe confirmed under oath that ‘there was no link,’ ” said John Roe.\n\n"
            "“My first reaction was, ‘Oh no, not again,’ ” said Ann Poe.")
    found, _ = speakers(drafter, text)
    by_quote = {f[0]: f[1] for f in found}
    assert by_quote["there was no link,"] == "Jane Doe"  # the subject inside the quotation
    assert by_quote["Ambassador Jane Doe confirmed under oath that ‘there was no link,’ "] == "John Roe"
    assert by_quote["Oh no, not again,"] == "Ann Poe"  # no attribution inside: the outer speaker


# One case per category of error fixed on the development splits (benchmarks/heldout/dev, dev2);
# the texts are made up, so they test the rule, not the article it was seen in.
@pytest.mark.parametrize("text, quote, name", [
    # a relative clause attributes its own words
    ("Mr Harris said he had spoken to Prime Minister Anna Berg, who promised “all the help we need”.",
     "all the help we need", "Anna Berg"),
    # a clause after ", while" has its own subject
    ("“People are dying,” Ms Green said, while Mr Hart called the situation “a national scandal”.",
     "a national scandal", "Mr Hart"),
    # ", with X warning of": the subject of the absolute clause
    ("Two states criticised the policy, with Foreign Minister Ayman Safadi warning of “dangerous consequences”.",
     "dangerous consequences", "Ayman Safadi"),
    # the pronoun is the subject of the last sentence, not a name inside its clause
    ("Montell Figgins, who represents Thomas, said his client would not plead. He said a guilty plea "
     "would “ruin his life.”", "ruin his life.", "Montell Figgins"),
    # an apposition with a capitalised description keeps the name
    ("Mark Evans, a Liberal Democrat, said: “We will fight this.”", "We will fight this.", "Mark Evans"),
    # an opening phrase, then the pronoun
    ("Jon Smith won the award. Speaking through an interpreter he added; “It is an honour.”", "It is an honour.",
     "Jon Smith"),
    # a quotation run into its sentence belongs to the subject before it, not to a later verb
    ("Russia said it viewed the move as “another measure contradicting” the law and said it would protest.",
     "another measure contradicting", "Russia"),
    # "the statement" speaks for whoever issued it
    ("On Monday, Big Machine Records issued a statement about the dispute.\n\n“We are shocked,” the statement read.",
     "We are shocked,", "Big Machine Records"),
])
def test_attribution_categories(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


def test_title_words_and_surname_words_in_names(drafter):
    found, _ = speakers(drafter, "“We hear you,” said Speaker Brian Bosma.\n\n"
                                 "Labour MP Rachel Green said: “It is a scandal.”")
    assert [n for _, n, _ in found] == ["Brian Bosma", "Rachel Green"]


def test_proper_nouns_and_passives_are_not_reporting_verbs(drafter):
    d = drafter.draft("999_test", "The United States faced criticism over the “historic” move. A teacher accused "
                      "of misconduct has been cleared.", dates.parse_value("2025-10-20"))
    assert not any(c.speaker_name == "United" for c in d.statements)
    assert not any(c.quote.startswith("A teacher") for c in d.statements)


def test_an_abbreviated_title_is_found_by_the_description(drafter):
    found, _ = speakers(drafter, "Gov. Eric Holcomb met teachers on Monday.\n\n“We hear you,” the governor said.")
    assert found[0][1] == "Eric Holcomb"


def test_role_nouns_before_a_name_are_not_first_names(drafter):
    found, _ = speakers(drafter, "Organiser Claire Dobbs said: “Nobody asked us.”\n\n“It is safe,” said Paul Farmer.")
    assert [n for _, n, _ in found] == ["Claire Dobbs", "Paul Farmer"]


def test_an_apposition_after_the_name_leaves_the_name_the_subject(drafter):
    _, d = speakers(drafter, "Willie Walsh, the former chief executive, told the BBC the failure was “inexcusable”.")
    quote = next(c for c in d.statements if c.style)
    assert quote.speaker_name == "Willie Walsh" and quote.reason == "before: name"


# Names as real articles print them (sentences from the held-out articles, all four splits of which
# are development material now: benchmarks/heldout/). Each case is a rule about how English news
# writes a name, checked on the words it was found in.
@pytest.mark.parametrize("text, quote, name", [
    # an initial's full stop ends no sentence (test/wapo-netanyahu)
    ("“While the United States is loved and beloved in Israel, President Obama is not,” said Robert M. Danin, "
     "a senior fellow at the Council on Foreign Relations. “So the perceived enmity didn’t hurt.”",
     "While the United States is loved and beloved in Israel, President Obama is not,", "Robert M. Danin"),
    # a participle opening a sentence is not a first name (test2/crn-tim-cook)
    ("Benioff introduced Tim Cook to the Dreamforce audience.\n\nHosting Cook at Dreamforce \"is our dream,\" "
     "Benioff said.\n\n\"I can feel him and his presence when I come here,\" Cook said.",
     "I can feel him and his presence when I come here,", "Tim Cook"),
    # a place after "to" is no part of the name that follows it, when the article names the place on
    # its own (test2/express-hongkong); a first word alone is that person when it is nobody's surname
    ("Britain accused China of meddling.\n\nChina’s ambassador to Britain Liu Xiaming has said that China has "
     "the power to end the unrest.\n\nLiu said that the army could be deployed, warning: “They are already there.”",
     "They are already there.", "Liu Xiaming"),
    # a surname that is also a common word, after a role in lower case (test/ap-sondland)
    ("Sondland was known for telling others \"he was in charge of Ukraine\", said another witness, former White "
     "House Russia adviser Fiona Hill.\n\n\"And I asked, well, on whose authority?” said Hill, who will testify "
     "Thursday.", "And I asked, well, on whose authority?", "Fiona Hill"),
    ("“It is a crisis,” says veteran industry analyst Ken Doctor.\n\n“They see the way down as close to "
     "inevitable,” says Doctor.", "They see the way down as close to inevitable,", "Ken Doctor"),
])
def test_names_as_articles_print_them(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


def test_a_first_word_that_opens_other_names_is_a_place_not_a_person(drafter):
    # dev2/detroitnews-teachers: "Indiana" alone is not the "Indiana Statehouse"
    found, _ = speakers(drafter, "Teachers pack Indiana Statehouse.\n\nThe rally was Indiana’s biggest, said "
                                 "Indiana House Speaker Brian Bosma. “It is a big day,” Indiana said.")
    assert dict((q, n) for q, n, _ in found)["It is a big day,"] != "Indiana Statehouse"
    # and a place word ("pack") or an adjective ("current") before a name is no role
    found, _ = speakers(drafter, "Even George Eustice, the current Environment Secretary, has described the laws "
                                 "as 'woefully deficient'.")
    assert found[0][1] == "George Eustice"


# Subjects as real articles write them (held-out sentences; the article in the comment).
@pytest.mark.parametrize("text, quote, name", [
    # an "of" inside a capitalised title governs no name (test2/nypost-taliban)
    ("Secretary of State Mike Pompeo said the release of the hostages “give[s] us hope for the success of "
     "intra-Afghan peace negotiations.”", "give[s] us hope for the success of intra-Afghan peace negotiations.",
     "Mike Pompeo"),
    # a dotted initialism ends no sentence (test/wapo-netanyahu)
    ("President Obama told the U.N. General Assembly 18 months ago that he would seek “real breakthroughs on "
     "these two issues.”", "real breakthroughs on these two issues.", "President Obama"),
    # "the prince" is the person the article titled "Prince" (test/dailymail-prince-charles)
    ("Prince Charles visited the charity on Monday.\n\nThe prince said that it was 'humbling' to see them.",
     "humbling", "Prince Charles"),
    # a lead describes someone the article names later in the same words (test2/express-hongkong)
    ("China’s ambassador to Britain accused the UK of meddling and warned that the Chinese government “will not "
     "sit on our hands”.\n\nChina’s ambassador to Britain Liu Xiaming has said that China has the power.",
     "will not sit on our hands", "Liu Xiaming"),
    # appositions after the name that opens the clause describe it (test2/polygraph-rukban)
    ("Omar Lamrani, a senior military analyst at Stratfor, the Texas-based geopolitical intelligence "
     "organization, told Business Insider in October 2018 that MaT was \"fairly secular by regional standards.\"",
     "fairly secular by regional standards.", "Omar Lamrani"),
    ("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. military operation against Islamic "
     "State, told VOA that “the United States does not support forced relocations.”",
     "the United States does not support forced relocations.", "Sean Robertson"),
    # one capitalised word the article capitalises inside sentences is a name (test/cbsnews-volker-morrison,
    # test2/sky-mourinho)
    ("Volker met Schiff on Tuesday.\n\n\"So it's fair to say you have not fixed the problem?\" Schiff asked.",
     "So it's fair to say you have not fixed the problem?", "Schiff"),
    ("Mourinho will replace Pochettino as Tottenham manager.\n\nTottenham said in a statement: \"Jose is one of "
     "the world's most accomplished managers.\"", "Jose is one of the world's most accomplished managers.",
     "Tottenham"),
    # a body its owner names (dev2/albawaba-settlements)
    ("Russia's foreign ministry said it viewed Washington's move as \"another measure contradicting\" the law.",
     "another measure contradicting", "Russia's foreign ministry"),
])
def test_subjects_as_articles_write_them(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


def test_a_word_that_only_opens_sentences_is_no_name(drafter):
    # "Officials" is capitalised only because it opens its sentence: an unnamed speaker
    found, _ = speakers(drafter, "The bridge was closed on Monday. Officials said it was \"unsafe\".")
    assert found[0][1] is None
    # and an apposition after a name is not the subject (dev2/usatoday-epstein-guards)
    _, d = speakers(drafter, "Sen. Ted Cruz, R-Texas, said Epstein's death is a symptom of deeper problems.")
    assert d.statements[0].speaker_name == "Ted Cruz"


# Reporting verbs as real articles use them (held-out sentences; the article in the comment).
@pytest.mark.parametrize("text, quote, name", [
    # "testified", and the nested quotations inside testimony (test/ap-sondland)
    ("Holmes could hear Trump’s voice.\n\n“I then heard President Trump ask, quote, ‘So he’s going to do the "
     "investigation?’” Holmes testified. “Ambassador Sondland replied that ‘He’s going to do it,’ adding that "
     "President Zelensky will, quote, ‘do anything you ask him to.’”", "do anything you ask him to.",
     "Ambassador Sondland"),
    # the reporting verb nearest the words has them (test/ap-sondland)
    ("Gordon Sondland was in Kyiv. Lt. Col. Alexander Vindman told lawmakers it was his duty.\n\nHe testified about a July 10 meeting at the "
     "White House when Sondland told visiting Ukraine officials they would need to “deliver” before the meeting.",
     "deliver", "Gordon Sondland"),
    # ... but a participle after a comma has its clause's subject, not its object (test/nytimes-trade-war)
    ("Zippy Duvall, the president of the American Farm Bureau, wrote to the president. He urged Mr. Trump to make "
     "a deal as soon as possible, saying “time is running out for many in agriculture.”",
     "time is running out for many in agriculture.", "Zippy Duvall"),
    # after a possessive, "claim" is a noun (test2/polygraph-rukban)
    ("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, told VOA Pentagon correspondent Carla Babb that "
     "the Russian and Syrian defense ministry’s claim “is patently false.”", "is patently false.",
     "Sean Robertson"),
    # "blasted ... as" attributes the words (test2/latimes-gannett)
    ("Fortress will leave with a payout that New Media investor Leon Cooperman blasted on an investor conference "
     "call as “morally wrong.”", "morally wrong.", "Leon Cooperman"),
    # a speaker quoting their own words (test/nytimes-trade-war)
    ("“My people had $20 billion done,” Mr. Trump recounted in an Oct. 21 cabinet meeting. “And I said, ‘I want "
     "more.’ They said, ‘The farmers can’t handle it.’”", "I want more.", "Mr Trump"),
])
def test_reporting_verbs_as_articles_use_them(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


@pytest.mark.parametrize("text, quote, name", [
    # a quotation opening a sentence after a sentence of its paragraph that reports someone's words
    # (dev2/usatoday-epstein-guards)
    ("Montell Figgins, who represents Thomas, said his client would not plead.\n\nSometimes employees don't "
     "follow the rules, he said. \"But does that mean that they’re going to be indicted?”",
     "But does that mean that they’re going to be indicted?", "Montell Figgins"),
    # the author of a work speaks in it, and "X reported" attributes (test2/latimes-gannett)
    ("According to a 2018 survey by Penelope Muse Abernathy of the University of North Carolina, the firm’s "
     "practice has been to “consolidate copy editing and page design” at a corporate center. “GateHouse-owned "
     "newsrooms are often half the size within a matter of months,” Abernathy reported.",
     "consolidate copy editing and page design", "Penelope Muse Abernathy"),
    ("According to a 2018 survey by Penelope Muse Abernathy of the University of North Carolina, the firm’s "
     "practice has been to “consolidate copy editing and page design” at a corporate center. “GateHouse-owned "
     "newsrooms are often half the size within a matter of months,” Abernathy reported.",
     "GateHouse-owned newsrooms are often half the size within a matter of months,", "Penelope Muse Abernathy"),
])
def test_speakers_carried_from_reported_speech_and_works(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


@pytest.mark.parametrize("text, quote, name", [
    # a headline quoting words said further on, in another case (test2/crn-tim-cook)
    ("Tim Cook On Apple Being ‘Pulled Into The Enterprise’\n\nApple was \"pulled into the enterprise,\" CEO Tim "
     "Cook said Tuesday.", "Pulled Into The Enterprise", "Tim Cook"),
    # a numbered subheading quoting words said further on, with quotation marks inside them
    # (test/cbsnews-volker-morrison)
    ("7. \"The Giuliani problem\"\n\nAdam Schiff pressed Volker on Tuesday.\n\n\"So it's fair to say you have not "
     "fixed the 'Giuliani problem'?\" Schiff asked.", "The Giuliani problem", "Adam Schiff"),
])
def test_headlines_take_the_speaker_of_the_words_they_repeat(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


@pytest.mark.parametrize("text, quote, name", [
    # the nearest reporting verb gives way when it names no one, is an infinitive or a passive, or
    # its clause ended before the words (sentences of the curated articles 002, 003, 000)
    ("The case collapsed in the end, the CPS said, because Matthew Collins, a deputy national security adviser, "
     "had failed to give evidence on behalf of the government that clearly described China as a current “threat "
     "to national security”.", "threat to national security", "CPS"),
    ("Sir Keir Starmer, meanwhile, responded to a letter from Tory leader Kemi Badenoch to say he will “will not "
     "stand for anyone being unfairly blamed” for the collapse.", "will not stand for anyone being unfairly blamed",
     "Sir Keir Starmer"),
    ("Previously accused of espionage on behalf of the CCP, Berry’s lawyer John Armstrong stated that Berry denies "
     "ever meeting with individuals of such high rank, and there is no evidence to suggest that Berry had contact "
     "with “significant figures within the CCP.”", "significant figures within the CCP.", "John Armstrong"),
    ("He also told prosecutors it was his assessment that Christopher Cash and Christopher Berry, the two men "
     "accused of spying for China, acted in a way that was a danger to the “safety” of the UK.", "safety", None),
])
def test_the_nearest_verb_gives_way(drafter, text, quote, name):
    found, d = speakers(drafter, text)
    got = {q: (n, p) for q, n, p in found}
    if name is None:  # not a name inside the clause ("He" has no one to stand for in this one sentence)
        assert got[quote][0] not in ("Christopher Cash", "Christopher Berry")
    else:
        assert got[quote][0] == name


@pytest.mark.parametrize("text, quote, name", [
    # a body the capitalised words name speaks as that body (dev2/albawaba-settlements,
    # test2/polygraph-rukban)
    ("The French foreign ministry said it \"regrets any decision likely to encourage settlement building\".",
     "regrets any decision likely to encourage settlement building", "French foreign ministry"),
    ("The Jordanian government said the move was \"dangerous\".", "dangerous", "Jordanian government"),
])
def test_bodies_named_by_capitalised_words(drafter, text, quote, name):
    found, _ = speakers(drafter, text)
    got = {q: n for q, n, _ in found}
    assert got[quote] == name


def test_title_case_lines_name_only_whom_the_text_names(drafter):
    # test2/nbcdfw-kidnapping: link lines in Title Case; no "North Richland Hills" or "Fitzgerald
    # Equates Firing" person, and an officer's words are not given to a place
    text = ("3 Hospitalized After Wrong-Way Crash in North Richland Hills\n\n"
            "Fitzgerald Equates Firing to Professional 'Death Sentence'\n\n"
            "An officer told the driver: \"Step out.\"")
    _, d = speakers(drafter, text)
    assert not any(c.speaker_name in ("North Richland Hills", "Richland Hills", "Fitzgerald Equates Firing")
                   for c in d.statements)
    assert not any(p[1] in ("Richland Hills", "Fitzgerald Equates Firing") for p in d.new_people)
    # but a headline name the running text gives is kept (test2/crn-tim-cook)
    found, _ = speakers(drafter, "Tim Cook On Apple Being ‘Pulled Into The Enterprise’\n\nApple was \"pulled into "
                                 "the enterprise,\" CEO Tim Cook said Tuesday.")
    assert found[0][1] == "Tim Cook"


def test_a_date_after_a_body_is_no_part_of_its_name(drafter):
    # "the Metropolitan Police on Monday" names the Metropolitan Police
    found, _ = speakers(drafter, "Boris Johnson visited the Metropolitan Police on Monday.\n\n"
                                 "Police said the man was \"known to officers\".")
    assert found[0][1] == "Metropolitan Police"
