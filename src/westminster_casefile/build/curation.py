"""Reading the curated case file: annotations/*.yaml into checked records.

This module checks shape only (known keys, required keys, types, enum values, unique ids);
cross-record checks (references, quotes, dates) happen in westminster_casefile.build.tables."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from westminster_casefile import parsecache, schema, yamlio
from westminster_casefile.problems import Problem
from westminster_casefile.safety import read_regular

OPTIONAL, REQUIRED = False, True
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # the id pattern of schemas/*.json
_DATE = dict  # a date mapping: {text, value, basis, source, note}
_EVIDENCE = list

# key -> (python type, required?) for every kind of record the annotation files may hold.
SPECS: dict[str, dict[str, tuple[type, bool]]] = {
    "people": {"id": (str, REQUIRED), "name": (str, REQUIRED), "aliases": (list, OPTIONAL),
               "description": (str, REQUIRED), "age": (dict, OPTIONAL), "nationality": (str, OPTIONAL),
               "evidence": (_EVIDENCE, REQUIRED)},
    "institutions": {"id": (str, REQUIRED), "name": (str, REQUIRED), "aliases": (list, OPTIONAL),
                     "kind": (str, REQUIRED), "country": (str, OPTIONAL), "parent": (str, OPTIONAL),
                     "description": (str, OPTIONAL), "evidence": (_EVIDENCE, REQUIRED)},
    "affiliations": {"id": (str, REQUIRED), "person": (str, REQUIRED), "institution": (str, OPTIONAL),
                     "related_person": (str, OPTIONAL), "role": (str, REQUIRED), "title": (str, REQUIRED),
                     "status": (str, OPTIONAL), "basis": (str, OPTIONAL), "date": (_DATE, OPTIONAL),
                     "end_date": (_DATE, OPTIONAL), "note": (str, OPTIONAL), "evidence": (_EVIDENCE, REQUIRED)},
    "events": {"id": (str, REQUIRED), "type": (str, REQUIRED), "title": (str, REQUIRED),
               "status": (str, REQUIRED), "about_case": (bool, OPTIONAL), "date": (_DATE, OPTIONAL),
               "participants": (list, OPTIONAL), "evidence": (_EVIDENCE, REQUIRED)},
    "statements": {"id": (str, REQUIRED), "speaker_person": (str, OPTIONAL),
                   "speaker_institution": (str, OPTIONAL), "speaker_label": (str, REQUIRED),
                   "text": (str, OPTIONAL), "kind": (str, REQUIRED), "medium": (str, REQUIRED),
                   "date": (_DATE, OPTIONAL), "event": (str, OPTIONAL), "addressees": (list, OPTIONAL),
                   "concerns": (list, OPTIONAL), "about_case": (bool, OPTIONAL), "utterance": (str, OPTIONAL),
                   "distinct_from": (list, OPTIONAL), "note": (str, OPTIONAL), "evidence": (_EVIDENCE, REQUIRED)},
    "waived_quotations": {"source": (str, REQUIRED), "quote": (str, REQUIRED), "reason": (str, REQUIRED),
                          "occurrence": (int, OPTIONAL)},
    "waived_names": {"phrase": (str, REQUIRED), "reason": (str, REQUIRED)},
    "waived_mentions": {"source": (str, REQUIRED), "quote": (str, REQUIRED), "reason": (str, REQUIRED),
                        "occurrence": (int, OPTIONAL)},
}
SUB_SPECS = {
    "evidence": {"source": (str, REQUIRED), "quote": (str, REQUIRED), "occurrence": (int, OPTIONAL),
                 "role": (str, OPTIONAL)},
    # A person's age as an article prints it ("Christopher Cash, 30,"): it holds as of that
    # article's publication date, which the build takes from sources.yaml.
    "age": {"years": (int, REQUIRED), "source": (str, REQUIRED)},
    "date": {"text": (str, OPTIONAL), "value": (str, OPTIONAL), "basis": (str, OPTIONAL),
             "source": (str, OPTIONAL), "note": (str, OPTIONAL)},
    "participants": {"id": (str, REQUIRED), "role": (str, REQUIRED)},
    "published": {"value": (str, OPTIONAL), "basis": (str, REQUIRED)},
}
# Enum-valued keys, checked against the schema so the allowed values live in one place.
ENUMS = {
    ("institutions", "kind"): ("institutions", "kind"),
    ("affiliations", "role"): ("affiliations", "role"),
    ("affiliations", "status"): ("affiliations", "status"),
    ("events", "type"): ("events", "event_type"),
    ("events", "status"): ("events", "status"),
    ("statements", "kind"): ("statements", "kind"),
    ("statements", "medium"): ("statements", "medium"),
    ("date", "basis"): ("events", "date_basis"),
    ("participants", "role"): ("event_participants", "role"),
    ("sources", "publisher_basis"): ("sources", "publisher_basis"),
    ("published", "basis"): ("sources", "published_basis"),
    ("evidence", "role"): ("evidence", "role"),
}
ENTITY_KINDS = ("people", "institutions", "affiliations", "events", "statements")


@dataclass(slots=True)
class Record:
    kind: str
    data: dict  # the YAML mapping, with nested `__line__` keys kept for error locations
    file: str  # path relative to the project root, e.g. annotations/events.yaml
    line: int
    # The file's assembly-cache entry and this record's place in its section, when the cache is
    # on (see westminster_casefile.build.memo). Slots and the computed `where` keep the hundreds
    # of thousands of records of a large case file small.
    unit: object = field(default=None, repr=False, compare=False)
    index: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def slot(self) -> str:
        return f"{self.kind}:{self.index}"

    def get(self, key, default=None):
        value = self.data.get(key, default)
        return default if value is None else value

    @property
    def id(self) -> str:
        return self.data.get("id", "")


def did_you_mean(value, choices) -> str:
    close = difflib.get_close_matches(str(value), list(choices), n=3, cutoff=0.6)
    return f"did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def check_mapping(item, spec, where: str, what: str, problems: list[Problem], enum_scope: str):
    if not isinstance(item, dict):
        problems.append(Problem(where, f"{what} should be a mapping (key: value), not {type(item).__name__}",
                                "indent the item's keys under a leading `- `", "wrong-type"))
        return False
    ok = True
    line = item.get(yamlio.LINE)
    loc = f"{where.rsplit(':', 1)[0]}:{line}" if line else where
    for key in item:
        if key != yamlio.LINE and key not in spec:
            hint = did_you_mean(key, spec) or f"allowed keys: {', '.join(spec)}"
            problems.append(Problem(loc, f"{what}: unknown key {key!r}", hint, "unknown-key"))
            ok = False
    for key, (typ, required) in spec.items():
        value = item.get(key)
        if value is None:
            if required:
                problems.append(Problem(loc, f"{what}: missing required key {key!r}",
                                        f"add `{key}:`", "missing-field"))
                ok = False
            continue
        if isinstance(value, str) and not value.strip():
            problems.append(Problem(loc, f"{what}: {key!r} is empty", "write a value, or remove the key", "empty-text"))
            ok = False
            continue
        if typ is int and isinstance(value, bool) or not isinstance(value, typ):
            problems.append(Problem(loc, f"{what}: {key!r} should be {_type_name(typ)}, not {type(value).__name__} {yamlio.strip_lines(value)!r}",
                                    _type_hint(typ), "wrong-type"))
            ok = False
            continue
        allowed_at = ENUMS.get((enum_scope, key))
        if allowed_at:
            allowed = schema.enum(*allowed_at)
            if value not in allowed:
                hint = (did_you_mean(value, allowed) + " " if did_you_mean(value, allowed) else "") + \
                    f"allowed: {', '.join(allowed)} (described in schemas/{allowed_at[0]}.json)"
                problems.append(Problem(loc, f"{what}: {key} {value!r} is not allowed", hint, "bad-enum"))
                ok = False
        if key in SUB_SPECS:
            subs = [value] if isinstance(value, dict) else value
            if key in ("date", "end_date", "age"):
                subs = [value]
            for i, sub in enumerate(subs):
                sub_spec = SUB_SPECS["date" if key == "end_date" else key]
                ok &= check_mapping(sub, sub_spec, loc, f"{what} {key}[{i + 1}]" if len(subs) > 1 else f"{what} {key}",
                                     problems, "date" if key == "end_date" else key)
    if "evidence" in spec and isinstance(item.get("evidence"), list) and not item["evidence"]:
        problems.append(Problem(loc, f"{what}: evidence is empty", "cite at least one {source, quote}", "no-evidence"))
        ok = False
    for key in ("aliases", "addressees", "concerns", "distinct_from"):
        if isinstance(item.get(key), list) and not all(isinstance(v, str) and v for v in item[key]):
            problems.append(Problem(loc, f"{what}: {key} should be a list of non-empty strings", "", "wrong-type"))
            ok = False
    return ok


def _type_name(typ) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true or false"}[typ]


def _type_hint(typ) -> str:
    return {str: "quote the value if YAML reads it as a number, date or yes/no",
            int: "write a whole number such as 2", list: "write a YAML list: [a, b] or `- a` lines",
            dict: "write a mapping such as {text: ..., value: ...}", bool: "write true or false"}[typ]


def read(annotations_dir: Path, root: Path,
         units: list | None = None) -> tuple[dict[str, list[Record]], list[Problem]]:
    """Every record in annotations_dir/*.yaml, grouped by kind, and the problems found.

    With `units` (a list), the assembly cache is used: a file whose entry exists is not parsed
    or shape-checked again (its entry exists only because every item passed), and the entry of
    each file whose items all passed is appended to `units`, for the build to save once the
    records are assembled (westminster_casefile.build.memo)."""
    from westminster_casefile.build import memo

    records: dict[str, list[Record]] = {kind: [] for kind in SPECS}
    problems: list[Problem] = []
    files = sorted(annotations_dir.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(annotations_dir), "no annotation files (*.yaml)",
                                "see CURATION.md for the format", "no-annotations"))
    parse_dir = parsecache.folder()
    memo_dir = memo.folder() if units is not None else None
    folder_rel = annotations_dir.relative_to(root).as_posix() if files else ""
    for path in files:
        # = path.relative_to(root).as_posix(), without pathlib's cost per file
        rel = path.name if folder_rel == "." else f"{folder_rel}/{path.name}"
        unit = None
        try:
            data = read_regular(path)
            unit = memo.open_unit(rel, data, memo_dir)
            if unit is not None:
                for kind, items in unit.tree.items():
                    if kind != yamlio.LINE:
                        for i, item in enumerate(items):
                            records[kind].append(Record(kind, item, rel, item.get(yamlio.LINE, 0), unit, i))
                units.append(unit)
                continue
            doc = parsecache.load_data(data, parse_dir)  # = yamlio.load, parsed once per content
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            loc = f"{rel}:{mark.line + 1}" if mark else rel
            reason = getattr(exc, "problem", None) or str(exc)
            problems.append(Problem(loc, f"malformed YAML: {reason}",
                                    "check indentation and quoting near this line (quote text containing ': ' or '#')",
                                    "malformed-yaml"))
            continue
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, f"not UTF-8 ({exc.reason} at byte {exc.start})", "save the file as UTF-8", "not-utf8"))
            continue
        except OSError as exc:
            problems.append(Problem(rel, f"cannot read: {exc.strerror}", "annotation files are plain, readable files", "unreadable"))
            continue
        if doc is None:
            continue
        before = len(problems)
        unit = memo.new_unit(rel, data, doc) if memo_dir is not None else None
        mine: list[Record] = []
        if not isinstance(doc, dict):
            problems.append(Problem(f"{rel}:1", "the file should be a mapping of lists (people:, events:, ...)",
                                    f"start with one of: {', '.join(SPECS)}", "wrong-type"))
            continue
        for kind, items in doc.items():
            if kind == yamlio.LINE:
                continue
            if kind not in SPECS:
                problems.append(Problem(f"{rel}:{doc[yamlio.LINE]}", f"unknown section {kind!r}",
                                        did_you_mean(kind, SPECS) or f"sections: {', '.join(SPECS)}", "unknown-key"))
                continue
            if not isinstance(items, list):
                problems.append(Problem(rel, f"section {kind!r} should be a list of items (`- id: ...`)", "", "wrong-type"))
                continue
            for i, item in enumerate(items):
                line = item.get(yamlio.LINE, 0) if isinstance(item, dict) else 0
                label = f"{kind[:-1] if kind.endswith('s') else kind} {item.get('id', '')!s}".strip() if isinstance(item, dict) else kind
                if check_mapping(item, SPECS[kind], f"{rel}:{line}", label, problems, kind):
                    rec = Record(kind, item, rel, line, unit, i)
                    records[kind].append(rec)
                    mine.append(rec)
        if unit is not None and len(problems) == before and parsecache.json_exact(doc):
            units.append(unit)
        else:  # an entry is kept only for a file whose every item passed
            for rec in mine:
                rec.unit = None
    # Ids are unique across every kind: an id names one thing everywhere.
    seen: dict[str, Record] = {}
    for kind in ENTITY_KINDS:
        for rec in records[kind]:
            if rec.id in seen:
                problems.append(Problem(rec.where, f"duplicate id {rec.id!r} (also at {seen[rec.id].where})",
                                        "give one of them another id, or merge them into one record with evidence from both",
                                        "duplicate-id"))
            else:
                seen[rec.id] = rec
            if not schema_slug(rec.id):
                problems.append(Problem(rec.where, f"id {rec.id!r} is not a slug",
                                        "use lower-case letters, digits and single hyphens, e.g. christopher-cash", "bad-id"))
    return records, problems


def schema_slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value or ""))
