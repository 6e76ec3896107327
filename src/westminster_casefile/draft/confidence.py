"""How sure an attribution is, by the pattern that found it and how the speaker was resolved.

A reason is "<pattern>: <resolution>", e.g. "after: pronoun" for “...,” he said. Its figure is
an estimate of the share of such speakers that are right on articles the drafter has not seen,
made by `python benchmarks/draft_heldout.py SPLIT_DIR ... --calibrate` on the held-out
development articles (never the test splits):

- every share is shrunk towards a conservative prior, K cases' worth: a pattern's towards
  PRIOR_ATTRIBUTED (the sentence itself attributes the words) or PRIOR_FALLBACK (a guess from
  context), a resolution's towards PRIOR_ATTRIBUTED, and a (pattern, resolution) pair's towards
  the lower of its pattern's and its resolution's figures (a pattern reliable with full names says
  little of how it does with a pronoun);
- the figure kept is the LOWEST of the estimate from all articles and the estimates made with
  each article left out in turn, so a reason right on one or two articles only keeps little
  more than its prior, and none reaches 0.8 on the strength of a single article.

The same script checks the method itself: each article scored with a table made without it.
Reasons not in the tables get their pattern's figure or the prior."""
from __future__ import annotations

# Below this a speaker is not written (the curator sees TODO) and the guess stays in the comment
# with its reason. Set from the reliability check of --calibrate (each article scored with a table
# made without it, dev + dev2): speakers given 0.3-0.5 were right 7 times in 7, those under 0.3
# twice in 11; 0.4 keeps a margin on the conservative side.
TODO_BELOW = 0.4

# (pattern, resolution) -> estimated share right (see above); dev + dev2, 13 articles, 2026-11-28.
TABLE: dict[tuple[str, str], float] = {
    ('after', 'description'): 0.73, ('after', 'document-author'): 0.42, ('after', 'institution-reference'): 0.66,
    ('after', 'later-reference'): 0.97, ('after', 'name'): 0.84, ('after', 'pronoun'): 0.89, ('after',
    'pronoun-mention'): 0.66, ('after-far', 'description'): 0.69, ('after-far', 'later-reference'): 0.77,
    ('after-far', 'name'): 0.74, ('after-inverted', 'institution'): 0.76, ('after-inverted', 'later-reference'):
    0.76, ('after-inverted', 'name'): 0.84, ('after-inverted', 'pronoun-mention'): 0.66, ('after-passive',
    'institution-reference'): 0.60, ('before', 'description'): 0.49, ('before', 'document-author'): 0.54,
    ('before', 'institution'): 0.86, ('before', 'later-reference'): 0.93, ('before', 'name'): 0.90, ('before',
    'pronoun'): 0.91, ('before', 'pronoun-mention'): 0.69, ('before', 'spokesperson'): 0.66, ('before', 'title'):
    0.57, ('continues', 'description'): 0.66, ('continues', 'later-reference'): 0.66, ('continues', 'name'): 0.66,
    ('continues', 'pronoun'): 0.66, ('intro-list', 'later-reference'): 0.50, ('last-mentioned',
    'later-reference'): 0.15, ('last-mentioned', 'name'): 0.16, ('nested-outer', 'later-reference'): 0.64,
    ('nested-outer', 'pronoun'): 0.53, ('previous-paragraph-speaker', 'later-reference'): 0.62,
    ('previous-paragraph-speaker', 'pronoun-mention'): 0.62, ('previous-paragraph-speaker', 'title'): 0.51,
    ('repeated-quotation', 'name'): 0.50, ('reported', 'description'): 0.70, ('reported', 'institution'): 0.88,
    ('reported', 'later-reference'): 0.90, ('reported', 'name'): 0.77, ('reported', 'pronoun'): 0.71, ('reported',
    'pronoun-mention'): 0.53, ('reported', 'spokesperson'): 0.66, ('reported', 'title'): 0.51,
    ('run-of-quotations', 'later-reference'): 0.79, ('run-of-quotations', 'name'): 0.82, ('run-of-quotations',
    'pronoun'): 0.80, ('same-paragraph', 'description'): 0.52, ('same-paragraph', 'document-author'): 0.35,
    ('same-paragraph', 'institution-reference'): 0.66, ('same-paragraph', 'later-reference'): 0.89,
    ('same-paragraph', 'name'): 0.80, ('same-paragraph', 'pronoun'): 0.80, ('same-paragraph', 'pronoun-mention'):
    0.63, ('sentence-subject', 'later-reference'): 0.43, ('sentence-subject', 'name'): 0.38, ('sentence-subject',
    'pronoun'): 0.44,
}
# pattern -> estimated share right, for a resolution not seen with it (see above).
PATTERN: dict[str, float] = {
    'after': 0.88, 'after-far': 0.70, 'after-inverted': 0.76, 'after-passive': 0.60, 'before': 0.84, 'continues':
    0.66, 'intro-list': 0.50, 'last-mentioned': 0.25, 'nested-outer': 0.57, 'previous-paragraph-speaker': 0.62,
    'repeated-quotation': 0.50, 'reported': 0.81, 'run-of-quotations': 0.76, 'same-paragraph': 0.75,
    'sentence-subject': 0.44,
}
# resolution -> estimated share right; a pair not in TABLE gets the lower of PATTERN and RESOLUTION.
RESOLUTION: dict[str, float] = {
    'description': 0.64, 'document-author': 0.47, 'institution': 0.82, 'institution-reference': 0.66,
    'later-reference': 0.89, 'name': 0.77, 'pronoun': 0.82, 'pronoun-mention': 0.63, 'spokesperson': 0.66,
    'title': 0.51,
}
# Calibration (benchmarks/draft_heldout.py --calibrate): the prior a reason starts from, and how
# many cases' worth of weight it (or, for a pattern-and-resolution pair, its pattern's figure) has.
PRIOR_ATTRIBUTED = 0.6  # the sentence itself attributes the words ("X said", "said X", "X told Y:")
PRIOR_FALLBACK = 0.5  # a guess from context: the sentence attributes nothing
K = 6
FALLBACKS = {"sentence-subject", "last-mentioned", "previous-paragraph-speaker", "after-far", "intro-list",
             "repeated-quotation"}
# Resolutions that say nothing of who spoke ("they said" with no institution to point to).
NEVER = {"pronoun-unresolved", "none"}


def of(pattern: str, via: str) -> float:
    if via in NEVER or pattern == "none":
        return 0.0
    if (pattern, via) in TABLE:
        return TABLE[(pattern, via)]
    return min(PATTERN.get(pattern, PRIOR_FALLBACK if pattern in FALLBACKS else PRIOR_ATTRIBUTED),
               RESOLUTION.get(via, PRIOR_ATTRIBUTED))
