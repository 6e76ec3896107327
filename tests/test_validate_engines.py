"""The constraints of schemas/ give the same verdict on every engine: the Arrow engine the
validator runs, and the pandera declaration on its pandas and polars backends (issue 14: pandera
stays where the per-table constraints are declared, so they can run on another engine)."""
from __future__ import annotations

import pytest

from westminster_casefile import checks


def _bad_rows(built):
    good = dict(built.tables["institutions"][0])
    return [good,
            {**good, "institution_id": "x-1", "kind": "coup"},            # enum
            {**good, "institution_id": "x-2", "country": "GB\n"},         # pattern, full match
            {**good, "institution_id": "x-3", "name": None},              # required
            {**good, "institution_id": "x-4", "source_count": 0},         # minimum
            {**good}]                                                      # duplicate key


def _failing_columns_arrow(rows):
    arrow, _ = checks.to_arrow("institutions", rows)
    return {p.message.split(":")[0] for p in checks.table_problems("institutions", arrow, "institutions")}


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_pandera_declaration_and_arrow_engine_agree(built, backend):
    import pandera.errors

    rows = _bad_rows(built)
    ours = _failing_columns_arrow(rows)
    assert ours == {"kind", "country", "name", "source_count", "institution_id"}
    arrow, _ = checks.to_arrow("institutions", rows)
    if backend == "pandas":
        frame = arrow.to_pandas(date_as_object=True)
    else:
        import polars as pl
        frame = pl.from_arrow(arrow)
    with pytest.raises(pandera.errors.SchemaErrors) as exc:
        checks.dataframe_schema("institutions", backend).validate(frame, lazy=True)
    failure = exc.value.failure_cases
    columns = set(failure["column"].to_list()) if backend == "polars" else set(failure["column"].dropna())
    assert ours <= columns | {"institution_id"}, (ours, columns)
    assert {"kind", "country", "name", "source_count"} <= columns


def test_the_real_tables_pass_on_both_pandera_backends(built):
    import polars as pl

    for table, rows in built.tables.items():
        arrow, _ = checks.to_arrow(table, rows)
        checks.dataframe_schema(table, "pandas").validate(arrow.to_pandas(date_as_object=True), lazy=True)
        checks.dataframe_schema(table, "polars").validate(pl.from_arrow(arrow), lazy=True)
