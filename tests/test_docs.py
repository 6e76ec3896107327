"""The docs say what the code does: README examples run, its command table matches the CLI,
and the first lines are the two set-up commands CI runs."""
from __future__ import annotations

import re

import pytest

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


# -- the README's "Get the data" and "Answer the four questions", run against the real package --

def _section(readme: str, heading: str) -> str:
    return readme.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def _snippets(root, heading: str) -> tuple[dict, list[tuple]]:
    """Run the section's Python block and SQL block; return the Python namespace and the SQL rows."""
    import westminster_casefile

    section = _section((root / "README.md").read_text(encoding="utf-8"), heading)
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    sql = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, f"README.md: {heading}", "exec"), namespace)  # noqa: S102 - our own documentation
    rows = westminster_casefile.connect().execute(sql).fetchall()
    return namespace, rows


def _arrow(name):
    import westminster_casefile

    return westminster_casefile.load(name, format="arrow").to_pylist()


def test_who_said_what_when_in_which_outlet(root):
    ns, rows = _snippets(root, "Who said what, when, in which outlet")
    said = ns["said"]
    publisher = {s["source_id"]: s["publisher"] for s in _arrow("sources")}
    expected = sorted((st["text"], sid) for st in _arrow("statements") for sid in st["source_ids"])
    assert sorted(zip(said.text, said.source_id)) == expected == sorted((r[1], r[4]) for r in rows)
    assert all((p if p == p else None) == publisher[s] for p, s in zip(said.publisher, said.source_id))
    assert [r[3] for r in rows] == [publisher[r[4]] for r in rows]
    assert list(said.text) == [r[1] for r in rows]  # same order: by date, then statement


def test_the_sql_of_get_the_data_runs_in_duckdb_over_the_parquet_files(root, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = re.search(r'```sh\nduckdb -c "(.*?)"\n```', readme, re.S).group(1)
    monkeypatch.chdir(root / "datapackage")  # "inside the unzipped folder"
    rows = duckdb.connect().execute(command).fetchall()
    assert len(rows) == sum(len(s["source_ids"]) for s in _arrow("statements"))
    publishers = {s["publisher"] for s in _arrow("sources")}
    assert {r[3] for r in rows} <= publishers


def test_the_polymorphic_reference_check_finds_nothing_on_the_package_and_a_broken_row(root):
    import westminster_casefile

    readme = (root / "README.md").read_text(encoding="utf-8")
    query = re.search(r"```sql\n(SELECT m\.\* FROM mentions m.*?)```", readme, re.S).group(1)
    con = westminster_casefile.connect()
    assert con.execute(query).fetchall() == []
    # the package is read-only: a temporary copy with one broken row shadows the table
    con.execute("CREATE TEMP TABLE mentions AS SELECT * REPLACE (CASE WHEN start = (SELECT min(start) FROM "
                "main.mentions) THEN 'nobody-at-all' ELSE entity_id END AS entity_id) FROM main.mentions")
    assert len(con.execute(query).fetchall()) >= 1


def test_the_timeline_of_the_case(root):
    ns, rows = _snippets(root, "The timeline of the case")
    timeline = ns["timeline"]
    case = [e for e in _arrow("events") if e["about_case"]]
    assert 0 < len(timeline) == len(case) == len(rows) < len(_arrow("events"))
    assert list(timeline.title) == [r[2] for r in rows]
    dated = [d for d in timeline.date_start if d == d]
    assert dated == sorted(dated)
    assert not any("MI5" in t and "threat" in t.lower() for t in timeline.title)  # context stays out


def test_which_officials_were_involved_and_in_what_role(root):
    ns, rows = _snippets(root, "Which officials were involved, and in what role")
    officials = ns["officials"]
    case = {e["event_id"] for e in _arrow("events") if e["about_case"]}
    names = {p["person_id"]: p["name"] for p in _arrow("people")}
    roles: dict = {}
    for ep in _arrow("event_participants"):
        if ep["participant_type"] == "person" and ep["event_id"] in case:
            roles.setdefault(names[ep["participant_id"]], set()).add(ep["role"])
    assert {n: set(r) for n, r in zip(officials.name, officials.roles_in_case)} == roles
    assert {r[0]: set(r[1]) for r in rows} == roles
    assert "defendant" in set().union(*roles.values())


def test_statements_in_more_than_one_outlet_and_their_wording(root):
    ns, rows = _snippets(root, "Which statements appear in more than one outlet, and how their wording differs")
    variants = ns["variants"]
    statements = _arrow("statements")
    utterances = {s["utterance_id"] for s in statements if s["source_count"] > 1}
    assert set(variants.index) == utterances == {r[0] for r in rows}
    assert len(variants) == len(rows) == len(utterances)  # a joint utterance is one row, not one per speaker
    sources_of: dict = {}
    for s in statements:
        sources_of.setdefault(s["utterance_id"], set()).update(s["source_ids"])
    differing = 0
    for utterance, entries in zip(variants.index, variants.wording_variants):
        for entry in entries:
            source_id, wording = entry.split(": ", 1)
            assert source_id in sources_of[utterance] and wording, entry
            differing += 1
    assert differing > 0
    assert [list(r[3]) for r in rows] == [list(v) for v in variants.wording_variants]
