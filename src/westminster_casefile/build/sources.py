"""Reading sources/: the articles as received and sources.yaml, their metadata.

The articles' bytes are pinned by sha256: evidence offsets index into exactly these bytes, so a
changed article must stop the build rather than silently shift every offset."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from westminster_casefile import parsecache, yamlio
from westminster_casefile.build import dates
from westminster_casefile.build.curation import check_mapping
from westminster_casefile.problems import Problem
from westminster_casefile.safety import read_regular

# A file name of one path component, not "." or "..": inside sources/ unless it is a link.
_PLAIN_NAME = re.compile(r"(?!\.\.?$)[^/\x00]+")
SPEC = {
    "id": (str, True), "file": (str, False), "title": (str, False), "publisher": (str, False),
    "publisher_basis": (str, True), "published": (dict, True), "published_note": (str, False),
    "url": (str, False), "language": (str, True), "translated": (bool, True),
    "translation_note": (str, False), "sha256": (str, True),
}


@dataclass
class Source:
    id: str
    meta: dict
    text: str
    sha256: str
    published: dates.Span
    where: str


def read(root: Path) -> tuple[dict[str, Source], list[Problem]]:
    problems: list[Problem] = []
    sources_dir = root / "sources"
    meta_path = sources_dir / "sources.yaml"
    rel = meta_path.relative_to(root).as_posix()
    try:
        raw_meta = read_regular(meta_path)
        doc = parsecache.load_data(raw_meta, parsecache.folder())  # = yamlio.load, parsed once per content
    except FileNotFoundError:
        return {}, [Problem(rel, "missing", "create sources/sources.yaml (see CURATION.md)", "missing-file")]
    except OSError as exc:
        return {}, [Problem(rel, f"cannot read: {exc.strerror}", "sources.yaml must be a plain, readable file", "unreadable")]
    except UnicodeDecodeError as exc:
        return {}, [Problem(rel, f"not UTF-8 ({exc.reason} at byte {exc.start})", "save the file as UTF-8", "not-utf8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, [Problem(f"{rel}:{mark.line + 1}" if mark else rel, f"malformed YAML: {getattr(exc, 'problem', exc)}",
                            "check indentation and quoting near this line", "malformed-yaml")]
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        return {}, [Problem(rel, "should hold a list under `sources:`", "", "wrong-type")]
    out: dict[str, Source] = {}
    inside = sources_dir.resolve()
    sources_str = str(sources_dir)
    # The shape checks of these very bytes passed in an earlier build (westminster_casefile.build.memo).
    from westminster_casefile.build import memo

    shape_passed = memo.shape_passed(rel, raw_meta)
    shape_problems = 0
    for entry in entries:
        where = f"{rel}:{entry.get(yamlio.LINE, 0) if isinstance(entry, dict) else 0}"
        if not shape_passed:
            before = len(problems)
            passed = check_mapping(entry, SPEC, where, f"source {entry.get('id', '') if isinstance(entry, dict) else ''}".strip(),
                                   problems, "sources")
            shape_problems += len(problems) - before or not passed
            if not passed:
                continue
        sid = entry["id"]
        if sid in out:
            problems.append(Problem(where, f"duplicate source id {sid!r}", "each article is listed once", "duplicate-id"))
            continue
        name = entry.get("file", f"{sid}.txt")
        plain = _PLAIN_NAME.fullmatch(name) and os.path.join(sources_str, name)
        if plain and not os.path.islink(plain):
            path = inside / name  # what resolve() would give, without its per-component system calls
        else:
            path = (sources_dir / name.replace("\x00", "")).resolve()
        if inside not in path.parents or "\x00" in name:
            problems.append(Problem(where, f"source {sid}: file {name!r} is outside sources/"
                                    + (" (through a symbolic link)" if ".." not in name and not name.startswith("/") else "")
                                    + ("" if "file" in entry else " (the id is not a plain file name)"),
                                    "copy the article into sources/ (westminster-casefile add-source does this)", "path-outside"))
            continue
        try:
            raw = read_regular(plain or sources_dir / name)
        except FileNotFoundError:
            problems.append(Problem(where, f"source {sid}: article file {path.name} not found in sources/",
                                    "copy the article into sources/ with that name", "missing-file"))
            continue
        except OSError as exc:
            problems.append(Problem(where, f"source {sid}: cannot read {path.name}: {exc.strerror}",
                                    "articles are plain files in sources/ (not links, FIFOs or devices)", "unreadable"))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            problems.append(Problem(where, f"source {sid}: {path.name} has sha256 {digest}, but {entry['sha256']} is pinned",
                                    "the article changed, so evidence offsets would be stale: restore the original bytes, "
                                    "or (if the new text is deliberate) re-check every quote from it and pin the new sha256",
                                    "sha-mismatch"))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(where, f"source {sid}: {path.name} is not UTF-8 ({exc.reason} at byte {exc.start})",
                                    "convert the article to UTF-8 and pin its new sha256", "not-utf8"))
            continue
        published = entry["published"]
        try:
            span = dates.parse_value(published.get("value", "")) if published.get("value") else dates.UNKNOWN
        except ValueError as exc:
            problems.append(Problem(where, f"source {sid}: published: {exc}", "", "bad-date"))
            continue
        out[sid] = Source(sid, entry, text, digest, span, where)
    if not shape_passed and not shape_problems:
        memo.mark_shape_passed(rel, raw_meta)
    return out, problems
