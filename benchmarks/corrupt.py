"""Break a built package four ways (as the differential test and the scale benchmark do):
a bad type, a broken foreign key, a duplicate primary key and a missing required value, each in
the CSV copy; then re-declare sizes and hashes so only the data is wrong."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

CORRUPTED_TABLES = {"evidence", "event_participants", "people", "events"}


def set_cell(line: str, index: int, value: str) -> str:
    cells = next(csv.reader([line]))
    cells[index] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


def corrupt(folder: Path) -> None:
    folder = Path(folder)

    def rewrite(rel, fn):
        path = folder / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(fn(lines)), encoding="utf-8")

    rewrite("csv/evidence.csv", lambda ls: [ls[0], set_cell(ls[1], 4, "abc"), *ls[2:]])  # start: not an integer
    rewrite("csv/event_participants.csv", lambda ls: [ls[0], set_cell(ls[1], 0, "no-such-event"), *ls[2:]])
    rewrite("csv/people.csv", lambda ls: [ls[0], ls[1], set_cell(ls[2], 0, ls[1].split(",")[0]), *ls[3:]])
    rewrite("csv/events.csv", lambda ls: [ls[0], set_cell(ls[1], 2, ""), *ls[2:]])  # no title
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    for res in descriptor["resources"]:
        data = (folder / res["path"]).read_bytes()
        res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        res["bytes" if "bytes" in res else "casefile:bytes"] = len(data)
    descriptor_path.write_text(json.dumps(descriptor, indent=2))
