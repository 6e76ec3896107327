"""The data dictionary: every table, field, type, description and allowed value, rendered from
the very Table Schemas the package declares (westminster_casefile.descriptor, itself derived from
schemas/), so the dictionary and datapackage.json cannot say different things. Shipped as the
README of the release archive."""
from __future__ import annotations

from westminster_casefile import __version__, descriptor, schema


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        f"# westminster-casefile data package {__version__}: data dictionary",
        "",
        "A structured, source-anchored case file of the Westminster China spy case (R v Christopher Cash",
        "and Christopher Berry), built from news articles. Every table is here as CSV (`csv/`) and as",
        "Parquet (`parquet/`) with the same rows; `datapackage.json` describes both (Frictionless Data",
        "Package). `SHA256SUMS` lists every file's checksum: `sha256sum -c SHA256SUMS`.",
        "",
        "CSV conventions: UTF-8, comma-separated, `\\n` line ends, empty cell = no value, dates ISO 8601,",
        "booleans `true`/`false`, lists as JSON arrays. Quotations are verbatim: a cell may begin with",
        "`-` or `+` as printed; open CSVs in a spreadsheet with import, not double-click.",
        "",
        "Licence: the tables are CC-BY-4.0 (see LICENSE). The articles themselves are not included.",
        "",
        "## Tables",
        "",
    ]
    for table in schema.TABLES:
        s = schema.load(table)
        lines += [f"- [`{table}`](#{table}): {_cell(s['description'])}"]
    for table in schema.TABLES:
        s = schema.load(table)
        declared = descriptor.table_schema(table)
        pk = ", ".join(declared["primaryKey"])
        lines += ["", f"## {table}", "", s["description"], "", f"Primary key: `{pk}`."]
        fks = [(", ".join(fk["fields"]), fk["reference"].get("resource", table), ", ".join(fk["reference"]["fields"]))
               for fk in declared.get("foreignKeys", [])]
        if fks:
            lines += ["Foreign keys: " + "; ".join(f"`{f}` → `{t}.{r}`" for f, t, r in fks) + "."]
        lines += ["", "| field | type | required | description |", "|---|---|---|---|"]
        for f in declared["fields"]:
            required = "yes" if f.get("constraints", {}).get("required") else ""
            lines.append(f"| `{f['name']}` | {f['type']} | {required} | {_cell(f['description'])} |")
        for f in declared["fields"]:
            if f.get("categories"):
                lines += ["", f"`{f['name']}` values:", ""]
                lines += [f"- `{c['value']}`: {_cell(c['label'])}" for c in f["categories"]]
    return "\n".join(lines) + "\n"
