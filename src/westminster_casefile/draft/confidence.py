"""How sure an attribution is, by the pattern that found it and how the speaker was resolved.

A reason is "<pattern>: <resolution>", e.g. "after: pronoun" for “...,” he said. Its figure is
an estimate of the share of such speakers that are right on articles the drafter has not seen,
made by `python benchmarks/draft_heldout.py SPLIT_DIR ... --calibrate` on the held-out
development articles (never the test splits):

- every share is shrunk towards a conservative prior, K cases' worth: a pattern's towards
  PRIOR_ATTRIBUTED (the sentence itself attributes the words) or PRIOR_FALLBACK (a guess from
  context), a (pattern, resolution) pair's towards its pattern's figure;
- the figure kept is the LOWEST of the estimate from all articles and the estimates made with
  each article left out in turn, so a reason right on one or two articles only keeps little
  more than its prior, and none reaches 0.8 on the strength of a single article.

The same script checks the method itself: each article scored with a table made without it.
Reasons not in the tables get their pattern's figure or the prior."""
from __future__ import annotations

# Below this, a speaker is more likely wrong than right: it is not written (the curator sees TODO),
# and the guess stays in the comment with its reason.
TODO_BELOW = 0.5

# (pattern, resolution) -> share right on the dev split, shrunk (see above).
TABLE: dict[tuple[str, str], float] = {('after', 'description'): 0.89, ('after', 'later-reference'): 0.93, ('after', 'name'): 0.88, ('after', 'pronoun'): 0.84, ('after-inverted', 'institution'): 0.60, ('after-inverted', 'later-reference'): 0.60, ('after-inverted', 'name'): 0.60, ('after-passive', 'institution-reference'): 0.60, ('before', 'description'): 0.61, ('before', 'institution'): 0.81, ('before', 'later-reference'): 0.88, ('before', 'name'): 0.90, ('before', 'pronoun'): 0.86, ('before', 'pronoun-mention'): 0.81, ('before', 'title'): 0.81, ('continues', 'description'): 0.89, ('continues', 'later-reference'): 0.66, ('continues', 'name'): 0.66, ('continues', 'pronoun'): 0.66, ('intro-list', 'later-reference'): 0.50, ('last-mentioned', 'later-reference'): 0.27, ('last-mentioned', 'name'): 0.28, ('nested-outer', 'later-reference'): 0.64, ('nested-outer', 'pronoun'): 0.53, ('previous-paragraph-speaker', 'pronoun-mention'): 0.43, ('previous-paragraph-speaker', 'title'): 0.43, ('repeated-quotation', 'name'): 0.50, ('reported', 'description'): 0.59, ('reported', 'institution'): 0.61, ('reported', 'later-reference'): 0.78, ('reported', 'name'): 0.63, ('reported', 'pronoun'): 0.51, ('reported', 'pronoun-mention'): 0.58, ('reported', 'title'): 0.68, ('run-of-quotations', 'later-reference'): 0.77, ('run-of-quotations', 'name'): 0.77, ('run-of-quotations', 'pronoun'): 0.78, ('same-paragraph', 'description'): 0.52, ('same-paragraph', 'later-reference'): 0.66, ('same-paragraph', 'name'): 0.68, ('same-paragraph', 'pronoun-mention'): 0.60, ('sentence-subject', 'name'): 0.57, ('sentence-subject', 'pronoun'): 0.57}
# pattern -> share right on the dev split, shrunk towards 0.84 (fallbacks: towards 0.5)
PATTERN: dict[str, float] = {'after': 0.86, 'after-inverted': 0.60, 'after-passive': 0.60, 'before': 0.81, 'continues': 0.66, 'intro-list': 0.50, 'last-mentioned': 0.36, 'nested-outer': 0.57, 'previous-paragraph-speaker': 0.43, 'repeated-quotation': 0.50, 'reported': 0.65, 'run-of-quotations': 0.73, 'same-paragraph': 0.55, 'sentence-subject': 0.57}
# Patterns not seen on the dev split: priors, judged, not measured.
PRIOR: dict[str, float] = {"nested": 0.7, "nested-outer": 0.5, "after-passive": 0.8, "intro": 0.8, "intro-list": 0.6, "after-far": 0.5, "previous-paragraph-speaker": 0.5}
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
    return PATTERN.get(pattern, PRIOR_FALLBACK if pattern in FALLBACKS else PRIOR_ATTRIBUTED)
