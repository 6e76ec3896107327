"""`westminster-casefile add-source`: bring a new article into sources/, pinned.

Copies the text into sources/ under a new source id (`NNN_` + the first 16 hex digits of its
sha256), and appends its metadata to sources.yaml, keeping the file's comments. Refuses an
article whose bytes are already pinned, a text that is not UTF-8, and a publication date that
does not parse. Both files are written only once everything has been checked."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from westminster_casefile import yamlio
from westminster_casefile.build import dates
from westminster_casefile.fsutil import write_file_atomic
from westminster_casefile.problems import Problem, ProblemsFound


def next_source_id(sources_dir: Path, digest: str) -> str:
    numbers = [int(m.group(1)) for p in sources_dir.glob("*.txt") if (m := re.match(r"(\d{3})_", p.name))]
    return f"{(max(numbers) + 1 if numbers else 0):03d}_{digest[:16]}"


def add_source(root: Path, article: Path, *, published: str, published_basis: str = "stated_in_text",
               publisher: str | None = None, publisher_basis: str | None = None, title: str | None = None,
               url: str | None = None, language: str = "en", translated: bool = False, note: str | None = None) -> str:
    """Add the article; returns its new source id. Raises ProblemsFound."""
    root, article = Path(root), Path(article)
    sources_dir = root / "sources"
    meta = sources_dir / "sources.yaml"
    problems: list[Problem] = []
    try:
        raw = article.read_bytes()
    except OSError as exc:
        raise ProblemsFound([Problem(str(article), f"cannot read: {exc.strerror}", "", "missing-file")]) from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(article), f"not UTF-8 ({exc.reason} at byte {exc.start})",
                                "convert it to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)", "not-utf8"))
    try:
        dates.parse_value(published)
    except ValueError as exc:
        problems.append(Problem("--published", str(exc), "give YYYY-MM-DD, YYYY-MM, YYYY or a range A/B", "bad-date"))
    from westminster_casefile import schema

    if published_basis not in schema.enum("sources", "published_basis"):
        problems.append(Problem("--published-basis", f"{published_basis!r} is not allowed",
                                f"allowed: {', '.join(schema.enum('sources', 'published_basis'))}", "bad-enum"))
    digest = hashlib.sha256(raw).hexdigest()
    existing = yamlio.strip_lines(yamlio.load(meta)) if meta.is_file() else {"sources": []}
    for entry in existing.get("sources") or []:
        if entry.get("sha256") == digest:
            problems.append(Problem(str(article), f"already in sources/ as {entry.get('id')}",
                                    "nothing to add; curate it under that id", "duplicate-source"))
    if problems:
        raise ProblemsFound(problems)
    source_id = next_source_id(sources_dir, digest)
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML scalars
    entry = [f"  - id: {source_id}", f"    title: {q(title) if title else 'null'}",
             f"    publisher: {q(publisher) if publisher else 'null'}",
             f"    publisher_basis: {publisher_basis or ('stated_in_text' if publisher else 'unknown')}",
             f"    published: {{value: {q(published)}, basis: {published_basis}}}"]
    if note:
        entry.append(f"    published_note: {q(note)}")
    entry += [f"    url: {q(url) if url else 'null'}", f"    language: {language}",
              f"    translated: {'true' if translated else 'false'}", f"    sha256: {digest}"]
    text = meta.read_text(encoding="utf-8") if meta.is_file() else "sources:\n"
    new_meta = text.rstrip("\n") + "\n" + "\n".join(entry) + "\n"
    target = sources_dir / f"{source_id}.txt"
    write_file_atomic(target, raw)
    try:
        write_file_atomic(meta, new_meta.encode("utf-8"))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return source_id

