"""`westminster-casefile release`: the downloadable archive dist/casefile-data-<version>.zip.

It holds datapackage.json, csv/, parquet/, README.md (the data dictionary), LICENSE,
CITATION.cff, timeline.svg (a picture of the events) and SHA256SUMS, under one folder westminster-casefile-data-<version>/. The zip is
deterministic: sorted entries, fixed timestamps and permissions."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from westminster_casefile import __version__, dictionary
from westminster_casefile.fsutil import write_file_atomic

FIXED_TIME = (1980, 1, 1, 0, 0, 0)

DATA_LICENSE = """The tables of this data package are licensed under the Creative Commons Attribution 4.0
International licence (CC-BY-4.0): https://creativecommons.org/licenses/by/4.0/

Attribution: "casefile: a case file of the Westminster China spy case", westminster-casefile maintainers.

The quotations in the evidence and statements tables are short extracts of news articles, whose
copyright remains with their publishers; the articles themselves are not included.
"""


def citation(version: str) -> str:
    return f"""cff-version: 1.2.0
message: "If you use this dataset, please cite it as below."
type: dataset
title: "casefile: a case file of the Westminster China spy case (R v Cash and Berry)"
version: "{version}"
license: CC-BY-4.0
authors:
  - name: "westminster-casefile maintainers"
keywords:
  - espionage
  - official secrets act
  - case file
"""


def release_files(package_dir: Path) -> dict[str, bytes]:
    """Every file of the archive, relative path -> bytes (without the top folder)."""
    package_dir = Path(package_dir)
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    version = descriptor.get("version", __version__)
    files = {"datapackage.json": (package_dir / "datapackage.json").read_bytes()}
    for resource in descriptor["resources"]:
        files[resource["path"]] = (package_dir / resource["path"]).read_bytes()
    files["README.md"] = dictionary.render().encode()
    files["LICENSE"] = DATA_LICENSE.encode()
    files["CITATION.cff"] = citation(version).encode()
    files["timeline.svg"] = _timeline_svg(package_dir)
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {rel}\n" for rel, data in sorted(files.items()))
    files["SHA256SUMS"] = sums.encode()
    return files


def _timeline_svg(package_dir: Path) -> bytes:
    """The events of this package as a timeline picture (westminster_casefile.exports.timeline)."""
    import pyarrow.parquet as pq

    from westminster_casefile.exports.timeline import render_svg

    events = pq.read_table(package_dir / "parquet" / "events.parquet").to_pandas(date_as_object=True)
    return render_svg({"events": events}).encode()


def write_release(package_dir: Path, dist: Path) -> Path:
    """Write the zip atomically; returns its path."""
    package_dir = Path(package_dir)
    version = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8")).get("version", __version__)
    top = f"westminster-casefile-data-{version}"
    target = Path(dist) / f"{top}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, data in sorted(release_files(package_dir).items()):
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    write_file_atomic(target, buffer.getvalue())
    return target
