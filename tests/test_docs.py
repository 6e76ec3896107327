"""The docs say what the code does: README examples run, its command table matches the CLI,
and the first lines are the two set-up commands CI runs."""
from __future__ import annotations

import re

import typer

from westminster_casefile.cli import app


def test_readme_opens_with_the_two_setup_commands(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", readme, re.S).group(1).strip().splitlines()
    assert block == ["pip install -e '.[build]' && westminster-casefile build && westminster-casefile validate",
                     "pip install -e '.[test]' && python -m pytest"]
    assert "pip install -e '.[test]' && python -m pytest" in (root / ".ci" / "run").read_text()


def test_readme_python_example_runs(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert len(namespace["statements"]) > 0


def test_readme_documents_every_command(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `westminster-casefile ([a-z-]+)", readme, re.M))
    assert documented == set(typer.main.get_command(app).commands)


def test_curation_guide_names_every_enum_value_it_uses(root):
    from westminster_casefile import schema

    guide = (root / "CURATION.md").read_text(encoding="utf-8")
    for value in schema.enum("events", "status") + schema.enum("affiliations", "role") + schema.enum("event_participants", "role"):
        assert f"`{value}`" in guide, value
