"""`westminster-casefile release`: the downloadable archive dist/westminster-casefile-data-<version>.zip.

It holds datapackage.json, csv/, parquet/, README.md (the data dictionary), LICENSE,
CITATION.cff, timeline.svg (a picture of the events) and SHA256SUMS, under one folder westminster-casefile-data-<version>/. The zip is
deterministic: sorted entries, fixed timestamps and permissions."""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path, PurePosixPath

from westminster_casefile import __version__, dictionary
from westminster_casefile.fsutil import write_file_atomic
from westminster_casefile.safety import inside, load_json, read_regular, refuse

MAX_RESOURCE_BYTES = 1024 * 1024 * 1024  # the zip is built in memory; a larger table is not ours

FIXED_TIME = (1980, 1, 1, 0, 0, 0)

DATA_LICENSE = """The tables of this data package are licensed under the Creative Commons Attribution 4.0
International licence (CC-BY-4.0): https://creativecommons.org/licenses/by/4.0/

Attribution: "westminster-casefile: a case file of the Westminster China spy case", westminster-casefile maintainers.

The quotations in the evidence and statements tables are short extracts of news articles, whose
copyright remains with their publishers; the articles themselves are not included.
"""


def citation(version: str) -> str:
    return f"""cff-version: 1.2.0
message: "If you use this dataset, please cite it as below."
type: dataset
title: "westminster-casefile: a case file of the Westminster China spy case (R v Cash and Berry)"
version: "{version}"
license: CC-BY-4.0
repository-artifact: "https://pypi.org/project/westminster-casefile/"
authors:
  - name: "westminster-casefile maintainers"
keywords:
  - espionage
  - official secrets act
  - case file
"""


VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")  # becomes a file name: no `/`, no `..`


def _descriptor(package_dir: Path) -> dict:
    where = package_dir / "datapackage.json"
    try:
        descriptor = load_json(read_regular(where, 16 * 1024 * 1024))
    except OSError as exc:
        refuse(where, f"cannot read: {exc.strerror}", "release a package folder that `build` wrote", "unreadable")
    except ValueError as exc:
        refuse(where, f"is not JSON ({exc})", "rebuild the package", "bad-descriptor")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        refuse(where, "is not a data package descriptor (no resources list)", "rebuild the package", "bad-descriptor")
    version = descriptor.get("version", __version__)
    if not isinstance(version, str) or not VERSION.fullmatch(version) or ".." in version:
        refuse(where, f"version {version!r} cannot name a file: letters, digits, '.', '+', '-', '_' only",
               "fix the version in the descriptor (it names the zip)", "bad-version")
    return descriptor


def release_files(package_dir: Path) -> dict[str, bytes]:
    """Every file of the archive, relative path -> bytes (without the top folder).

    Only regular files inside the package folder are read: a resource path that is absolute,
    a URL, climbs out with `..` or goes through a symbolic link is refused (ProblemsFound)."""
    package_dir = Path(package_dir)
    if not package_dir.is_dir():
        refuse(package_dir, "is not a package folder", "release the folder `build` wrote (not a zip or a file)",
               "not-a-package")
    descriptor = _descriptor(package_dir)
    version = descriptor.get("version", __version__)
    files = {"datapackage.json": read_regular(package_dir / "datapackage.json")}
    for resource in descriptor["resources"]:
        # the data file and, in Data Package v2, the schema file it names by path
        rels = [resource.get("path")] if isinstance(resource, dict) else [None]
        if isinstance(resource, dict) and isinstance(resource.get("schema"), str):
            rels.append(resource["schema"])
        for rel in rels:
            try:
                path = inside(package_dir, rel)
                files[PurePosixPath(rel).as_posix()] = read_regular(path, MAX_RESOURCE_BYTES)
            except ValueError as exc:
                refuse(package_dir / "datapackage.json", f"resource path: {exc}",
                       "every resource must be a file inside the package folder", "unsafe-path")
            except OSError as exc:
                refuse(package_dir / str(rel), f"cannot read: {exc.strerror}",
                       "every resource must be a regular file inside the package folder", "unreadable")
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
    """Write the zip atomically into `dist` (and nowhere else); returns its path."""
    package_dir = Path(package_dir)
    files = release_files(package_dir)
    version = _descriptor(package_dir).get("version", __version__)
    top = f"westminster-casefile-data-{version}"
    target = Path(dist) / f"{top}.zip"
    if target.parent.resolve() != Path(dist).resolve():  # VERSION already forbids this; say why if not
        refuse(target, "would be written outside --dist", "", "unsafe-path")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    write_file_atomic(target, buffer.getvalue(), overwrite=True)  # the same version's zip: ours to replace
    return target
