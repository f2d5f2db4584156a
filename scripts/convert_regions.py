"""Convert the Kemendagri region list in ../shared/reference/wilayah into data/regions.csv.

Re-run when the reference list changes:  python scripts/convert_regions.py [REFERENCE_DIR]
It checks the counts the reference documents (38 provinsi, 416 kabupaten, 98 kota) before writing.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
EXPECTED = {"provinsi": 38, "kabupaten": 416, "kota": 98}


def main(reference: Path) -> int:
    source = reference / "wilayah" / "regions.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = Counter(row["level"] for row in rows)
    if dict(counts) != EXPECTED:
        print(f"{source}: unexpected counts {dict(counts)}, expected {EXPECTED}", file=sys.stderr)
        return 1
    for row in rows:
        code, level = row["code"], row["level"]
        derived = "provinsi" if len(code) == 2 else ("kota" if int(code[3:]) >= 71 else "kabupaten")
        if derived != level or row["province_code"] != code[:2]:
            print(f"{source}: row {code} is inconsistent", file=sys.stderr)
            return 1
    target = ROOT / "data" / "regions.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level", "province_code"])
        for row in sorted(rows, key=lambda r: r["code"]):
            writer.writerow([row["code"], row["name"].strip(), row["level"], row["province_code"]])
    shutil.copyfile(reference / "wilayah" / "LICENSE", ROOT / "data" / "regions-LICENSE")
    print(f"wrote {target.relative_to(ROOT)}: {len(rows)} regions {dict(counts)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE))
