"""YAML reading that keeps line numbers and leaves dates as the strings the curator typed.

PyYAML would turn `2025-10-16` into a datetime.date and lose where each mapping was written;
errors must name the file and line, and dates are parsed by westminster_casefile.build.dates."""
from __future__ import annotations

from pathlib import Path

import yaml

LINE = "__line__"


# libyaml's parser when PyYAML has it (several times faster on a large case file).
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Drop the timestamp resolver: dates stay strings so one parser (build.dates) handles them all.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path):
    """Parse one YAML file; every mapping gets a `__line__` key. Raises yaml.YAMLError."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - SafeLoader subclass


def strip_lines(value):
    """The same structure without `__line__` keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
