"""The case as a graph (networkx): people, institutions and events, linked by affiliations, event
participation and statements (who spoke about or to whom). Written as GEXF for Gephi.

Every node and edge carries `record` (the table:row id it comes from) and `source_ids`
(space-separated), so a graph view leads back to the rows and their evidence. GEXF attributes
must be scalars, hence strings rather than lists."""
from __future__ import annotations

from pathlib import Path

from westminster_casefile.site.model import rows


def _s(value) -> str:
    from westminster_casefile.site.model import clean

    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def case_graph(tables: dict | None = None):
    """A networkx.MultiDiGraph of the case. `tables` defaults to westminster_casefile.load_all()."""
    import networkx as nx

    if tables is None:
        import westminster_casefile

        tables = westminster_casefile.load_all()
    g = nx.MultiDiGraph(name="westminster-casefile")
    for r in rows(tables["people"]):
        g.add_node(r["person_id"], label=r["name"], kind="person", record=f"people:{r['person_id']}",
                   source_ids=_s(r["source_ids"]))
    for r in rows(tables["institutions"]):
        g.add_node(r["institution_id"], label=r["name"], kind="institution", subkind=_s(r["kind"]),
                   record=f"institutions:{r['institution_id']}", source_ids=_s(r["source_ids"]))
    events = tables["events"]
    for r in rows(events):
        attrs = dict(label=r["title"], kind="event", subkind=_s(r["event_type"]), status=r["status"],
                     date_start=_s(r["date_start"]), date_end=_s(r["date_end"]),
                     date_precision=r["date_precision"], record=f"events:{r['event_id']}",
                     source_ids=_s(r["source_ids"]))
        if "about_case" in events.columns:
            attrs["about_case"] = bool(r["about_case"])
        g.add_node(r["event_id"], **attrs)
    for r in rows(tables["affiliations"]):
        target = _s(r["institution_id"]) or _s(r["related_person_id"])
        if not target and r["person_id"] in g:  # a post at no named institution: an attribute, not an edge
            node = g.nodes[r["person_id"]]
            node["posts"] = "; ".join(filter(None, [node.get("posts", ""), f"{_s(r['title']) or r['role']} "
                                                                            f"(affiliations:{r['affiliation_id']})"]))
        elif target in g and r["person_id"] in g:
            g.add_edge(r["person_id"], target, key=f"affiliations:{r['affiliation_id']}", relation=r["role"],
                       detail=_s(r["title"]), status=_s(r["status"]), record=f"affiliations:{r['affiliation_id']}",
                       source_ids=_s(r["source_ids"]))
    for r in rows(tables["event_participants"]):
        if r["participant_id"] in g and r["event_id"] in g:
            rec = f"event_participants:{r['event_id']}/{r['participant_id']}/{r['role']}"
            g.add_edge(r["participant_id"], r["event_id"], key=rec, relation=r["role"], detail="", status="",
                       record=rec, source_ids=_s(g.nodes[r["event_id"]]["source_ids"]))
    for r in rows(tables["statements"]):
        speaker = _s(r["speaker_person_id"]) or _s(r["speaker_institution_id"])
        if not speaker or speaker not in g:
            continue
        for relation, ids in (("spoke about", r["concerns_ids"]), ("spoke to", r["addressee_ids"])):
            for target in _s(ids).split():
                if target in g and target != speaker:
                    rec = f"statements:{r['statement_id']}"
                    g.add_edge(speaker, target, key=f"{rec}/{relation}/{target}", relation=relation,
                               detail=_s(r["text"])[:200], status="", record=rec, source_ids=_s(r["source_ids"]))
    return g


def write_gexf(path: Path, tables: dict | None = None, overwrite: bool = False) -> Path:
    """Write the graph as GEXF 1.2 atomically to a new file (or over an existing regular file if
    `overwrite`); returns the path."""
    import io

    import networkx as nx

    from westminster_casefile.fsutil import write_file_atomic

    buf = io.BytesIO()
    nx.write_gexf(case_graph(tables), buf)
    write_file_atomic(Path(path), buf.getvalue(), overwrite)
    return Path(path)
