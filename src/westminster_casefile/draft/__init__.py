"""`westminster-casefile draft`: the mechanical first reading of a new article, as candidate annotations.

It never decides a fact: it proposes, in the annotation format itself, what a curator then
confirms, corrects or deletes. Rule-based and transparent (no models):

- every quotation, in any style (curly or straight, double or single, nested, continued across
  paragraphs and line breaks: `westminster_casefile.text`), and every sentence of reported speech;
- its speaker, read from the article itself (`speakers.py`, `names.py`): a person named there is
  proposed as a new entity with the words that describe them, and is matched to a person the
  case file knows only on a full name or alias, or on a title the case file knows them to hold
  at the article's date; with a confidence and the reason for it (`confidence.py`), and `TODO`
  when nothing says who spoke;
- the known people and institutions it mentions; new institutions;
- every date expression, resolved against the publication date (forward for what "will" happen);
- a header listing what could not be resolved.

Linear in the length of the article."""
from westminster_casefile.draft.casefile import known_entities
from westminster_casefile.draft.core import Candidate, Draft, Drafter
from westminster_casefile.draft.evaluate import evaluate
from westminster_casefile.draft.output import to_yaml

__all__ = ["Candidate", "Draft", "Drafter", "evaluate", "known_entities", "to_yaml"]
