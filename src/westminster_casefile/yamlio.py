"""YAML reading that keeps line numbers and leaves dates as the strings the curator typed.

PyYAML would turn `2025-10-16` into a datetime.date and lose where each mapping was written;
errors must name the file and line, and dates are parsed by westminster_casefile.build.dates.
Aliases, merge keys and non-scalar keys are refused: the case file has no use for them, and a
few hundred bytes of nested aliases expand to gigabytes ("billion laughs")."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import ScalarNode

from westminster_casefile.safety import read_regular

LINE = "__line__"


# libyaml's parser when PyYAML has it (several times faster on a large case file).
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    def construct_object(self, node, deep=False):
        # An alias is the only way one node is reached twice; refusing it here, before anything
        # is built from it, keeps an alias bomb from expanding.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "aliases (*name) are not allowed in the case file; "
                                   "write the value out", node.start_mark)
        return super().construct_object(node, deep=deep)


# Drop the timestamp resolver: dates stay strings so one parser (build.dates) handles them all.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node, deep=False):
    mapping = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise ConstructorError(None, None, "keys must be plain words (no lists, mappings or `<<` merges)",
                                   key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if key == LINE:
            raise ConstructorError(None, None, f"{LINE!r} is a reserved key", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path):
    """Parse one YAML file; every mapping gets a `__line__` key.

    Raises yaml.YAMLError, UnicodeDecodeError, or OSError for a file that cannot be read or
    is not a regular file (symlinks, FIFOs and devices are refused, see safety.read_regular)."""
    return loads(read_regular(Path(path)).decode("utf-8"))


MAX_DEPTH = 50  # the case file nests five levels deep; libyaml's composer recurses per level


def _screen(text: str) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before composing:
    composing them is where an alias bomb or 100,000 nested `[` would do their damage."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ConstructorError(None, None, "anchors (&name) and aliases (*name) are not allowed in the "
                                   "case file; write the value out", event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ConstructorError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def loads(text: str):
    """Parse YAML text as `load` does."""
    _screen(text)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None


# Characters that a YAML reader would not give back as written inside a double-quoted scalar:
# controls, NEL and the Unicode line/paragraph separators (line breaks to YAML), and the BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def quote(value: str) -> str:
    """`value` as a double-quoted YAML scalar that reads back exactly as `value`.

    Raises ValueError for text with lone surrogates (undecodable bytes), which is not UTF-8."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{value!r} is not valid UTF-8 text") from None
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def strip_lines(value):
    """The same structure without `__line__` keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def escape_breaks(text: str) -> str:
    """`text` with every line break YAML knows other than \\n (CR, NEL, U+2028, U+2029) written
    as an escape, so article text quoted in a comment cannot end the comment early."""
    return re.sub("[\r\x85\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)
