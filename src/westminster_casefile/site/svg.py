"""Network pictures drawn as inline SVG from Python: no client-side graph library to ship.

Two views keep the graph readable at this size: an overview laid out by networkx (people and
institutions, or everything), and on each page an ego view -- the item in the middle and what it
is directly linked to on a ring around it, grouped by kind. Nodes are links, so the pictures
are browsable with the keyboard; each SVG has a <title> and <desc> for screen readers."""
from __future__ import annotations

import math
from html import escape

KIND_ORDER = {"person": 0, "institution": 1, "event": 2}


def _shape(kind: str, x: float, y: float, r: float) -> str:
    if kind == "person":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
    if kind == "institution":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" rx="2"/>'
    pts = f"{x:.1f},{y - r * 1.2:.1f} {x + r * 1.2:.1f},{y:.1f} {x:.1f},{y + r * 1.2:.1f} {x - r * 1.2:.1f},{y:.1f}"
    return f'<polygon points="{pts}"/>'


def _short(label: str, n: int = 28) -> str:
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def _node(g, n, x, y, r, href, label_side="below", extra_class="", max_label=28) -> str:
    d = g.nodes[n]
    label = _short(d["label"], max_label)
    if label_side == "below":
        tx, ty, anchor = x, y + r + 11, "middle"
    elif label_side == "right":
        tx, ty, anchor = x + r + 4, y + 4, "start"
    else:
        tx, ty, anchor = x - r - 4, y + 4, "end"
    about = d.get("about_case")
    about_attr = "" if about is None else f' data-about-case="{str(bool(about)).lower()}"'
    return (f'<a href="{escape(href)}" class="node {d["kind"]} {extra_class}" data-id="{escape(n)}"{about_attr}>'
            f'<title>{escape(d["label"])} ({d["kind"]}, {escape(d["record"])})</title>'
            f'{_shape(d["kind"], x, y, r)}'
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">{escape(label)}</text></a>')


def overview(g, href, *, kinds=("person", "institution"), seed: int = 7, width: int = 1000, height: int = 760) -> str:
    """Spring layout of the nodes of the given kinds (deterministic: fixed seed)."""
    import networkx as nx

    sub = nx.Graph()
    for n, d in g.nodes(data=True):
        if d["kind"] in kinds:
            sub.add_node(n)
    for u, v in g.edges():
        if u in sub and v in sub and u != v:
            sub.add_edge(u, v)
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    # The largest connected part is laid out by Kamada-Kawai (deterministic, spreads nodes evenly);
    # the few small separate groups go in a row along the bottom, so they do not squash it.
    parts = sorted(nx.connected_components(sub), key=lambda c: (-len(c), sorted(c)))
    at: dict[str, tuple[float, float]] = {}
    main_h = height - (70 if len(parts) > 1 else 0)
    if parts:
        main = nx.Graph()
        main.add_nodes_from(sorted(parts[0]))
        main.add_edges_from(sorted(tuple(sorted(e)) for e in sub.subgraph(parts[0]).edges()))
        pos = nx.kamada_kawai_layout(main) if len(main) > 2 else nx.circular_layout(main)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
        sx = (width - 200) / ((maxx - minx) or 1)
        sy = (main_h - 50) / ((maxy - miny) or 1)
        at = {n: (100 + (p[0] - minx) * sx, 20 + (p[1] - miny) * sy) for n, p in pos.items()}
    x = 60.0
    for part in parts[1:]:
        for i, n in enumerate(sorted(part)):
            at[n] = (x + 70 * i, height - 40)
        x += 70 * len(part) + 60
    deg = dict(sub.degree())
    edges = [f'<line x1="{at[u][0]:.1f}" y1="{at[u][1]:.1f}" x2="{at[v][0]:.1f}" y2="{at[v][1]:.1f}" '
             f'data-a="{escape(u)}" data-b="{escape(v)}"/>' for u, v in sorted(sub.edges())]
    nodes = [_node(g, n, *at[n], 4 + min(deg[n], 25) * 0.35, href(n)) for n in sorted(sub, key=lambda n: deg[n])]
    name = " and ".join(k + "s" for k in kinds)
    return (f'<svg class="network overview" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="ov-t-{kinds[-1]} ov-d-{kinds[-1]}">'
            f'<title id="ov-t-{kinds[-1]}">Network of {name}</title>'
            f'<desc id="ov-d-{kinds[-1]}">{len(sub)} {name} linked by {sub.number_of_edges()} connections '
            f'(roles, taking part in events, statements about or to each other). Each shape is a link to its page.</desc>'
            f'<g class="edges">{"".join(edges)}</g><g class="nodes">{"".join(nodes)}</g></svg>')


def ego(g, centre: str, href, *, width: int = 820) -> str:
    """The centre and its direct neighbours in two columns around it, grouped by kind (going
    clockwise from the top right); 24px per label row, so labels never overlap."""
    nbrs: dict[str, list[str]] = {}
    for u, v, d in list(g.out_edges(centre, data=True)) + list(g.in_edges(centre, data=True)):
        other = v if u == centre else u
        if other == centre:
            continue
        rel = d["relation"] if u == centre else f"{d['relation']} (by)"
        nbrs.setdefault(other, [])
        if rel not in nbrs[other]:
            nbrs[other].append(rel)
    label = g.nodes[centre]["label"]
    if not nbrs:
        return ""
    order = sorted(nbrs, key=lambda n: (KIND_ORDER[g.nodes[n]["kind"]], g.nodes[n]["label"].lower()))
    left_n = len(order) // 2
    right, left = order[: len(order) - left_n], order[len(order) - left_n:]
    height = max(260, 24 * len(right) + 60)
    cx, cy = width / 2, height / 2
    rx, ry = 200.0, height / 2 - 24
    parts_e, parts_n = [], []
    # two columns, evenly spaced so labels never overlap; bowed outwards in the middle
    for column, sign in ((right, 1), (left, -1)):
        for i, n in enumerate(column):
            y = cy if len(column) == 1 else 24 + 2 * ry * i / (len(column) - 1)
            if sign < 0:
                y = height - y  # the left column runs bottom-up, continuing clockwise
            bow = math.sqrt(max(0.0, 1 - ((y - cy) / (ry + 24)) ** 2))
            x = cx + sign * rx * (0.55 + 0.45 * bow)
            rel = ", ".join(nbrs[n])
            parts_e.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"><title>{escape(rel)}</title></line>')
            parts_n.append(_node(g, n, x, y, 7, href(n), "right" if sign > 0 else "left", max_label=30))
    centre_node = _node(g, centre, cx, cy, 11, href(centre), "below", "centre", max_label=40)
    return (f'<svg class="network ego" viewBox="0 0 {width} {height}" role="img" aria-labelledby="ego-t ego-d">'
            f'<title id="ego-t">{escape(label)} and what it is directly linked to</title>'
            f'<desc id="ego-d">{len(order)} linked items: '
            f'{escape("; ".join(g.nodes[n]["label"] + " (" + ", ".join(nbrs[n]) + ")" for n in order))}</desc>'
            f'<g class="edges">{"".join(parts_e)}</g><g class="nodes">{"".join(parts_n)}{centre_node}</g></svg>')
