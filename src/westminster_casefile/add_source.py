"""`westminster-casefile add-source`: bring a new article into sources/, pinned.

Copies the text into sources/ under a new source id (`NNN_` + the first 16 hex digits of its
sha256), and appends its metadata to sources.yaml, keeping the file's comments. Refuses an
article whose bytes are already pinned, a text that is not UTF-8, and a publication date that
does not parse. Both files are written only once everything has been checked."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml

from westminster_casefile import safety, yamlio
from westminster_casefile.build import dates
from westminster_casefile.fsutil import write_file_atomic
from westminster_casefile.safety import read_regular
from westminster_casefile.problems import Problem, ProblemsFound


def next_source_id(sources_dir: Path, digest: str) -> str:
    numbers = [int(m.group(1)) for p in sources_dir.glob("*.txt") if (m := re.match(r"(\d{3})_", p.name))]
    return f"{(max(numbers) + 1 if numbers else 0):03d}_{digest[:16]}"


def add_source(root: Path, article: Path, *, published: str, published_basis: str = "stated_in_text",
               publisher: str | None = None, publisher_basis: str | None = None, title: str | None = None,
               url: str | None = None, language: str = "en", translated: bool = False, note: str | None = None) -> str:
    """Add the article; returns its new source id. Raises ProblemsFound.

    Concurrent runs take turns (a lock on sources/), so none loses another's entry or number."""
    root, article = Path(root), Path(article)
    sources_dir = root / "sources"
    if not sources_dir.is_dir() or sources_dir.is_symlink():
        raise ProblemsFound([Problem(str(root), "not a westminster-casefile project: sources/ is missing",
                                     "run from the repository root, or pass --root", "no-project")])
    try:
        raw = read_regular(article, follow=True)
    except OSError as exc:
        raise ProblemsFound([Problem(str(article), f"cannot read: {exc.strerror}", "", "missing-file")]) from None
    problems = _check_arguments(raw, article, published, published_basis, publisher, publisher_basis, language)
    strings = {"title": title, "publisher": publisher, "url": url, "published": published, "note": note}
    quoted = {}
    for key, value in strings.items():
        try:
            quoted[key] = yamlio.quote(value) if value else "null"
        except ValueError as exc:
            problems.append(Problem(f"--{key}", str(exc), "pass the text as UTF-8", "not-utf8"))
    if problems:
        raise ProblemsFound(problems)
    with safety.locked(sources_dir, "another add-source"):
        return _append(sources_dir, raw, quoted, strings, published_basis=published_basis,
                       publisher_basis=publisher_basis or ("stated_in_text" if publisher else "unknown"),
                       language=language, translated=translated, has_note=bool(note))


def _check_arguments(raw, article, published, published_basis, publisher, publisher_basis, language) -> list[Problem]:
    from westminster_casefile import schema

    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(article), f"not UTF-8 ({exc.reason} at byte {exc.start})",
                                "convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)", "not-utf8"))
    else:
        if not text.strip():
            problems.append(Problem(str(article), "is empty", "give the article's text", "empty-article"))
    try:
        dates.parse_value(published)
    except ValueError as exc:
        problems.append(Problem("--published", str(exc), "give YYYY-MM-DD, YYYY-MM, YYYY or a range A/B", "bad-date"))
    for option, value, field in (("--published-basis", published_basis, "published_basis"),
                                 ("--publisher-basis", publisher_basis, "publisher_basis")):
        allowed = schema.enum("sources", field)
        if value is not None and value not in allowed:
            problems.append(Problem(option, f"{value!r} is not allowed", f"allowed: {', '.join(allowed)}", "bad-enum"))
    if not re.fullmatch(r"[a-z]{2}", language or ""):
        problems.append(Problem("--language", f"{language!r} is not a two-letter language code",
                                "e.g. en, fr, zh (ISO 639-1, lower case)", "bad-language"))
    return problems


def _append(sources_dir: Path, raw: bytes, quoted: dict[str, str], strings: dict, *, published_basis: str, publisher_basis: str,
            language: str, translated: bool, has_note: bool) -> str:
    """Under the lock: refuse a duplicate, number the article, write it and its entry."""
    meta = sources_dir / "sources.yaml"
    digest = hashlib.sha256(raw).hexdigest()
    where = meta.as_posix()
    try:
        text = read_regular(meta).decode("utf-8") if os.path.lexists(meta) else "sources:\n"
        existing = yamlio.strip_lines(yamlio.loads(text)) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ProblemsFound([Problem(where, f"cannot read: {reason}", "fix sources.yaml first (the build reports where)",
                                     "bad-sources-yaml")]) from None
    entries = existing.get("sources") if isinstance(existing, dict) else None
    if not isinstance(entries, list):
        raise ProblemsFound([Problem(where, "should hold a list under `sources:`", "", "bad-sources-yaml")])
    for entry in entries:
        if isinstance(entry, dict) and entry.get("sha256") == digest:
            raise ProblemsFound([Problem(where, f"the article is already in sources/ as {entry.get('id')}",
                                         "nothing to add; curate it under that id", "duplicate-source")])
    listed = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    # An article copied by a run killed before it wrote sources.yaml keeps its number.
    orphan = next((p.stem for p in sorted(sources_dir.glob(f"[0-9][0-9][0-9]_{digest[:16]}.txt"))
                   if p.stem not in listed and _same_bytes(p, raw)), None)
    source_id = orphan or next_source_id(sources_dir, digest)
    if not re.fullmatch(r"\d{3}_[0-9a-f]{16}", source_id):
        raise ProblemsFound([Problem(where, "sources/ already holds 1000 numbered articles; ids have three digits",
                                     "", "too-many-sources")])
    lines = [f"  - id: {yamlio.quote(source_id)}", f"    title: {quoted['title']}", f"    publisher: {quoted['publisher']}",
             f"    publisher_basis: {publisher_basis}",
             f"    published: {{value: {quoted['published']}, basis: {published_basis}}}"]
    if has_note:
        lines.append(f"    published_note: {quoted['note']}")
    lines += [f"    url: {quoted['url']}", f"    language: {language}",
              f"    translated: {'true' if translated else 'false'}", f"    sha256: {digest}"]
    new_meta = text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    # What we write must read back as the entry we meant: parse it before writing anything.
    try:
        written = yamlio.strip_lines(yamlio.loads(new_meta))["sources"][-1]
    except (yaml.YAMLError, KeyError, TypeError, IndexError):
        written = None
    meant = {"id": source_id, "sha256": digest, "title": strings["title"] or None, "url": strings["url"] or None,
             "publisher": strings["publisher"] or None, "published_note": strings["note"] or None}
    if not isinstance(written, dict) or any(written.get(k) != v for k, v in meant.items()) \
            or (written.get("published") or {}).get("value") != strings["published"]:
        raise ProblemsFound([Problem(where, "the new entry would not read back as written (is the end of the file "
                                     "inside an unclosed quote or flow list?)", "fix sources.yaml first", "bad-sources-yaml")])
    target = sources_dir / f"{source_id}.txt"
    if not orphan:
        write_file_atomic(target, raw)
    try:
        write_file_atomic(meta, new_meta.encode("utf-8"), overwrite=True)  # sources.yaml, extended
    except BaseException:
        if not orphan:
            target.unlink(missing_ok=True)
        raise
    return source_id


def _same_bytes(path: Path, raw: bytes) -> bool:
    try:
        return read_regular(path) == raw
    except OSError:
        return False
