"""Rendering every page of the site from the tables (Jinja2 templates in templates/)."""
from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path

from westminster_casefile.site import model, sentences, svg, timeline

STATIC = ("site.css", "site.js")
STATUS_TEXT = {
    "happened": "reported as fact",
    "alleged": "an accusation",
    "claimed": "someone says so",
    "scheduled": "planned, not yet held",
    "cancelled": "did not take place",
}


def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("westminster_casefile.site", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["pct"] = lambda v: f"{v:.2f}%"
    return env


def _release_zip(package_dir: Path) -> tuple[str, bytes]:
    from westminster_casefile.release import write_release

    with tempfile.TemporaryDirectory() as tmp:
        path = write_release(package_dir, Path(tmp))
        return path.name, path.read_bytes()


def _default_sources(package_dir: Path) -> Path | None:
    candidate = package_dir.parent / "sources"
    return candidate if (candidate / "sources.yaml").is_file() else None


def render(*, sources_dir: Path | None = None, tables: dict | None = None,
           package_dir: Path | None = None, context: bool = True) -> dict[str, bytes]:
    import westminster_casefile
    from westminster_casefile.exports.graph import case_graph

    package_dir = Path(package_dir) if package_dir else westminster_casefile.package_path()
    if tables is None:
        tables = westminster_casefile.load_all()
    version = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8")).get(
        "version", westminster_casefile.__version__)
    case = model.load_case(tables, version)

    # the sentence around each quotation, only from articles whose bytes the package pins
    if sources_dir is None:
        sources_dir = _default_sources(package_dir)
    texts = sentences.load_texts(sources_dir, {sid: s["text_sha256"] for sid, s in case.sources.items()}) if context else {}
    for items in case.evidence.values():
        for e in items:
            text = texts.get(e["source_id"])
            e["context"] = sentences.sentence_around(text, e["start"], e["end"]) if text else None
            e["context_ok"] = bool(e["context"]) and e["context"][1] == e["quote"]

    graph = case_graph(tables)
    zip_name, zip_bytes = _release_zip(package_dir)
    from westminster_casefile.exports.timeline import render_svg

    files: dict[str, bytes] = {f"download/{zip_name}": zip_bytes,
                               "download/timeline.svg": render_svg(tables).encode("utf-8")}
    env = _env()

    def page(rel: str, template: str, title: str, **ctx) -> None:
        depth = rel.count("/")
        root = "../" * depth

        def url(u: str) -> str:
            return root + u

        def href_entity(eid: str) -> str:
            ent = case.entity(eid)
            return url(ent["url"]) if ent else ""

        html = env.get_template(template).render(
            title=title, root=root, url=url, case=case, ent=href_entity, version=version,
            download=url(f"download/{zip_name}"), zip_name=zip_name, status_text=STATUS_TEXT,
            statuses=model.STATUSES, has_context=bool(texts), **ctx)
        files[rel] = html.encode("utf-8")

    def ego_for(eid: str, depth: int) -> str:
        return svg.ego(graph, eid, lambda n: "../" * depth + case.entity(n)["url"])

    # what each person/institution said, did and was
    said: dict[str, list] = {}
    about: dict[str, list] = {}
    for s in case.statements.values():
        for sp in (s["speaker_person_id"], s["speaker_institution_id"]):
            if sp:
                said.setdefault(sp, []).append(s)
        for c in s["concerns_ids"] + s["addressee_ids"]:
            about.setdefault(c, []).append(s)
    took_part: dict[str, list] = {}
    in_event: dict[str, list] = {}
    for p in case.participants:
        took_part.setdefault(p["participant_id"], []).append(p)
        in_event.setdefault(p["event_id"], []).append(p)
    roles: dict[str, list] = {}
    for a in case.affiliations:
        for k in (a["person_id"], a["institution_id"], a["related_person_id"]):
            if k:
                roles.setdefault(k, []).append(a)
    children = {}
    for i in case.institutions.values():
        if i["parent_institution_id"]:
            children.setdefault(i["parent_institution_id"], []).append(i)
    event_statements: dict[str, list] = {}
    for s in case.statements.values():
        if s["event_id"]:
            event_statements.setdefault(s["event_id"], []).append(s)

    events = list(case.events.values())
    axis = timeline.axis_for(events)
    placed, unplaced = timeline.place(events, axis)

    page("index.html", "index.html", "The Westminster China spy case, as a case file",
         counts={k: len(v) for k, v in tables.items()})
    page("timeline.html", "timeline.html", "Timeline", placed=placed, unplaced=unplaced, ticks=axis.ticks(),
         break_x=axis.x(timeline.BREAK))
    statements_sorted = sorted(case.statements.values(),
                               key=lambda s: (s["date_start"] is None, s["date_start"] or "", s["statement_id"]))
    page("statements.html", "statements.html", "Statements", statements=statements_sorted)
    page("people.html", "entities.html", "People", items=sorted(case.people.values(), key=lambda p: p["name"].lower()),
         kind="person")
    page("institutions.html", "entities.html", "Institutions",
         items=sorted(case.institutions.values(), key=lambda p: p["name"].lower()), kind="institution")
    page("sources.html", "sources.html", "Sources", sources=sorted(case.sources.values(), key=lambda s: s["source_id"]))
    page("network.html", "network.html", "Network",
         overview_pi=svg.overview(graph, lambda n: case.entity(n)["url"], kinds=("person", "institution")),
         overview_all=svg.overview(graph, lambda n: case.entity(n)["url"], kinds=("person", "institution", "event"),
                                   width=1100, height=900),
         nodes=sorted((case.entity(n) for n in graph), key=lambda e: (e["etype"], e["name"].lower())))
    for eid, p in case.people.items():
        page(f"person/{eid}.html", "entity.html", p["name"], e=p, table="people", roles=roles.get(eid, []),
             said=said.get(eid, []), about=about.get(eid, []), took_part=took_part.get(eid, []), children=[],
             network=ego_for(eid, 1))
    for eid, i in case.institutions.items():
        page(f"institution/{eid}.html", "entity.html", i["name"], e=i, table="institutions", roles=roles.get(eid, []),
             said=said.get(eid, []), about=about.get(eid, []), took_part=took_part.get(eid, []),
             children=children.get(eid, []), network=ego_for(eid, 1))
    for eid, ev in case.events.items():
        page(f"event/{eid}.html", "event.html", ev["title"], e=ev, participants=in_event.get(eid, []),
             statements=event_statements.get(eid, []), network=ego_for(eid, 1))
    utterances: dict[str, list] = {}  # statements.utterance_id: the rows of one joint utterance
    for s in case.statements.values():
        if s.get("utterance_id"):
            utterances.setdefault(s["utterance_id"], []).append(s)
    for sid, s in case.statements.items():
        joint = [o for o in utterances.get(s.get("utterance_id") or "", []) if o["statement_id"] != sid]
        page(f"statement/{sid}.html", "statement.html", f"Statement: {sid}", s=s, joint=joint)
    files[".nojekyll"] = b""  # GitHub Pages: serve the files as they are
    for name in STATIC:
        files[f"static/{name}"] = resources.files("westminster_casefile.site").joinpath("static", name).read_bytes()
    return files
