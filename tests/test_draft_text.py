"""The quotation finder (`westminster_casefile.text.find_quotations`) on small constructed texts, one
per quotation style and per way a quotation is broken up. The curated articles are covered by
tests/test_completeness.py and tests/test_draft.py."""
from __future__ import annotations

import pytest

from westminster_casefile.text import find_quotations, soft_breaks


def quotes(text):
    return [(q.text, q.style, q.depth, q.continued) for q in find_quotations(text)]


@pytest.mark.parametrize("text, style", [
    ("“It was wrong,” she said.", "curly-double"),
    ('"It was wrong," she said.', "straight-double"),
    ("‘It was wrong,’ she said.", "curly-single"),
    ("'It was wrong,' she said.", "straight-single"),
])
def test_each_style_is_a_quotation(text, style):
    assert quotes(text) == [("It was wrong,", style, 0, False)]


def test_apostrophes_are_not_quotation_marks():
    text = ("'It's the dogs' dinner of the '90s, rock 'n' roll and O'Brien's bar,' he said. "
            "It’s the ’90s, rock ’n’ roll, the dogs’ bowls and O’Brien’s. ‘We won,’ she said.")
    assert [q[0] for q in quotes(text)] == ["It's the dogs' dinner of the '90s, rock 'n' roll and O'Brien's bar,",
                                            "We won,"]


def test_apostrophe_inside_a_single_quoted_word_list():
    assert [q[0] for q in quotes("He called them 'thugs' and 'bosses', then left.")] == ["thugs", "bosses"]


def test_nested_quotations():
    found = quotes("“He told me ‘never again’ and left,” she said. 'They said \"no\" twice,' he said.")
    assert found == [("He told me ‘never again’ and left,", "curly-double", 0, False),
                     ("never again", "curly-single", 1, False),
                     ('They said "no" twice,', "straight-single", 0, False),
                     ("no", "straight-double", 1, False)]


def test_nested_single_closing_next_to_the_double():
    # ‘... attention,’ ” : the single and the double close together, a space apart
    found = quotes("“My reaction was, ‘Oh no, not again,’ ” Hege said.")
    assert found[0][0] == "My reaction was, ‘Oh no, not again,’ " and found[1][0] == "Oh no, not again,"


@pytest.mark.parametrize("open_mark, close_mark, reopen", [("“", "”", "“"), ('"', '"', '"'), ("‘", "’", "‘"),
                                                          ("'", "'", "'"), ('"', "”", "“")])
def test_quotation_continued_across_paragraphs(open_mark, close_mark, reopen):
    text = f"She said: {open_mark}First part.\n\n{reopen}Second part,{close_mark} she added."
    found = quotes(text)
    assert [(q[0], q[3]) for q in found] == [("First part.", False), ("Second part,", True)]


def test_quotation_across_a_hard_line_break_inside_a_paragraph():
    wrapped = ("The minister said it was \"a matter of the utmost\nimportance\" and left.\n\n"
               "Another paragraph of wrapped text that runs on for a\nwhile so that it looks wrapped.\n\n"
               "'A single-quoted remark that is\nbroken,' he said, and that was all there was to\nsay about it.\n")
    assert [q[0] for q in quotes(wrapped)] == ["a matter of the utmost\nimportance", "A single-quoted remark that is\nbroken,"]
    # the line breaks inside paragraphs read as spaces; those between paragraphs stay
    assert soft_breaks(wrapped).count("\n") == wrapped.count("\n\n") * 2 + 1  # and the final one


def test_unclosed_apostrophe_is_no_quotation():
    assert quotes("Members of the '22 committee met.\n\nNothing more was said.") == []


def test_mixed_marks_close_each_other():
    assert quotes('"It is over,” he said.')[0][0] == "It is over,"
