"""Exports for investigators, read back with their own tools' readers: followthemoney for the FtM
entities (and its `ftm validate` command), networkx for the GEXF graph, an XML parser (and the
browser tests' chromium, via the site) for the timeline SVG."""
from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import westminster_casefile


@pytest.fixture(scope="module")
def tables():
    return westminster_casefile.load_all()


# ---- FollowTheMoney -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ftm_file(tmp_path_factory, tables) -> Path:
    pytest.importorskip("followthemoney")
    from westminster_casefile.exports.ftm import write_ftm

    return write_ftm(tmp_path_factory.mktemp("ftm") / "case.ftm.json", tables)


def test_ftm_entities_read_back_with_the_library(ftm_file, tables):
    from followthemoney import model

    proxies = [model.get_proxy(json.loads(line)) for line in ftm_file.read_text(encoding="utf-8").splitlines()]
    by_id = {p.id: p for p in proxies}
    assert len(by_id) == len(proxies)  # unique ids
    counts = {}
    for p in proxies:
        counts[p.schema.name] = counts.get(p.schema.name, 0) + 1
        # re-cleaning by the library changes nothing: every value is valid FtM
        assert model.get_proxy(p.to_dict(), cleaned=False).to_dict() == p.to_dict(), p.id
    assert counts["Article"] == len(tables["sources"])
    assert counts["Person"] == len(tables["people"])
    assert counts.get("Organization", 0) + counts.get("PublicBody", 0) == len(tables["institutions"])
    assert counts["Event"] == len(tables["events"])
    assert counts["Note"] == len(tables["statements"])
    links = sum(counts.get(s, 0) for s in ("Membership", "Employment", "Representation", "UnknownLink", "Occupancy"))
    assert links == len(tables["affiliations"]) and counts["Membership"] > 0
    # every entity reference points to an entity in the file
    for p in proxies:
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (p.id, prop.name, value)


def test_ftm_provenance_on_every_entity(ftm_file, tables):
    from followthemoney import model

    evidence = tables["evidence"]
    for line in ftm_file.read_text(encoding="utf-8").splitlines():
        p = model.get_proxy(json.loads(line))
        text = p.get("notes", quiet=True) + p.get("description", quiet=True)
        assert any(t.startswith("westminster-casefile row ") for t in text), p.id
        if p.schema.name == "Article":
            continue
        table, rid = next(t for t in text if t.startswith("westminster-casefile row ")).split(" ")[-1].split(":", 1)
        key = {"people": "person_id", "institutions": "institution_id", "affiliations": "affiliation_id",
               "events": "event_id", "statements": "statement_id"}[table]
        row = tables[table][tables[table][key] == rid].iloc[0]
        # proof: the Article entities of exactly the row's sources
        assert sorted(p.get("proof")) == sorted("wcf-source-" + s.replace("_", ".") for s in row["source_ids"]), p.id
        quotes = evidence[(evidence.record_table == table) & (evidence.record_id == rid)]
        assert len(quotes) >= 1
        for q in quotes.itertuples():  # each piece of evidence, with its offsets, is on the entity
            assert f"{q.source_id} [{q.start}:{q.end}] \u201c{q.quote}\u201d" in text, (p.id, q.evidence_id)


def test_ftm_dates_keep_their_precision(ftm_file, tables):
    from followthemoney import model

    ents = {json.loads(x)["id"]: model.get_proxy(json.loads(x)) for x in ftm_file.read_text(encoding="utf-8").splitlines()}
    from types import SimpleNamespace

    from westminster_casefile.site.model import rows

    for r in map(lambda d: SimpleNamespace(**d), rows(tables["events"])):  # dates as datetime.date or None
        p = ents[f"wcf-event-{r.event_id}"]
        if r.date_precision == "day":
            assert p.get("date") == [r.date_start.isoformat()]
        elif r.date_precision == "month":
            assert p.get("date") == [r.date_start.isoformat()[:7]]
        elif r.date_precision == "year":
            assert p.get("date") == [str(r.date_start.year)]
        elif r.date_precision == "unknown":
            assert not p.get("date") and not p.get("startDate")
        else:
            assert not p.get("date")
            assert p.get("startDate") == ([r.date_start.isoformat()] if r.date_start else [])
            assert p.get("endDate") == ([r.date_end.isoformat()] if r.date_end else [])


def test_ftm_validate_command_accepts_the_file_unchanged(ftm_file, tmp_path):
    ftm = shutil.which("ftm") or str(Path(__import__("sys").executable).with_name("ftm"))
    if not Path(ftm).exists():
        pytest.skip("the followthemoney `ftm` command is not on PATH")
    out = tmp_path / "validated.json"
    subprocess.run([ftm, "validate", "-i", str(ftm_file), "-o", str(out)], check=True, capture_output=True)
    original = [json.loads(x) for x in ftm_file.read_text(encoding="utf-8").splitlines()]
    validated = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    norm = lambda es: sorted((e["id"], e["schema"], {k: sorted(v) for k, v in e["properties"].items()}) for e in es)  # noqa: E731
    assert str(norm(validated)) == str(norm(original))


def test_ftm_refuses_a_value_the_model_rejects(tables):
    pytest.importorskip("followthemoney")
    from westminster_casefile.exports.ftm import FtmError, entities

    broken = dict(tables)
    people = tables["people"].copy()
    people.loc[0, "source_ids"] = None
    ev = tables["events"].copy()
    ev.loc[ev.date_precision == "day", "date_precision"] = "bogus"  # not a precision: treated as a range
    broken["events"] = ev
    assert entities(broken)  # a range with both ends is still valid
    inst = tables["institutions"].copy()
    inst.loc[inst.country.notna(), "country"] = "Not a country"
    broken["institutions"] = inst
    with pytest.raises(FtmError, match="country"):
        entities(broken)


# ---- GEXF ---------------------------------------------------------------------------------

def test_gexf_reads_back_with_networkx(tmp_path, tables):
    nx = pytest.importorskip("networkx")
    from westminster_casefile.exports.graph import write_gexf

    path = write_gexf(tmp_path / "case.gexf", tables)
    g = nx.read_gexf(path)
    people, inst, events = (set(tables[t][c]) for t, c in (("people", "person_id"), ("institutions", "institution_id"),
                                                             ("events", "event_id")))
    assert set(g.nodes) == people | inst | events
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert {kinds[n] for n in people} == {"person"} and {kinds[n] for n in events} == {"event"}
    # every affiliation and participation is an edge with its row id
    records = {d["record"] for _, _, d in g.edges(data=True)}
    aff = tables["affiliations"]
    linked = aff.institution_id.notna() | aff.related_person_id.notna()
    assert {f"affiliations:{a}" for a in aff[linked].affiliation_id} <= records
    for r in aff[~linked].itertuples():  # a post at no named institution is on the person
        assert f"(affiliations:{r.affiliation_id})" in g.nodes[r.person_id]["posts"]
    ep = tables["event_participants"]
    assert {f"event_participants:{e}/{p}/{r}" for e, p, r in zip(ep.event_id, ep.participant_id, ep.role)} <= records
    assert any(d["relation"] == "spoke about" for _, _, d in g.edges(data=True))
    for _, _, d in g.edges(data=True):
        assert d["source_ids"], d


# ---- timeline picture ---------------------------------------------------------------------

def test_timeline_svg_draws_every_event_by_its_precision(tmp_path, tables):
    from westminster_casefile.exports.timeline import write_timeline

    path = write_timeline(tmp_path / "timeline.svg", tables)
    root = ET.parse(path).getroot()  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    texts = [t.text for t in root.iter(f"{ns}text")]
    ev = tables["events"]
    for title in ev.title:
        short = title if len(title) <= 62 else title[:61].rstrip()
        assert any(t and t.startswith(short[:40]) for t in texts), title
    days = (ev.date_precision == "day").sum()
    legend_points = 5  # one diamond per status in the legend
    assert len(list(root.iter(f"{ns}polygon"))) == days + legend_points
    assert path.read_bytes() == write_timeline(tmp_path / "again.svg", tables).read_bytes()  # deterministic


def test_the_release_zip_carries_the_timeline_picture(tmp_path):
    import zipfile

    from westminster_casefile.exports.timeline import render_svg
    from westminster_casefile.release import write_release

    path = write_release(westminster_casefile.package_path(), tmp_path)
    with zipfile.ZipFile(path) as zf:
        top = path.stem
        svg = zf.read(f"{top}/timeline.svg")
        sums = zf.read(f"{top}/SHA256SUMS").decode()
    assert svg == render_svg({"events": westminster_casefile.load("events")}).encode()
    assert "  timeline.svg\n" in sums
