"""Convert the province boundaries into the small map the package ships (data/provinces-map.json).

python scripts/convert_map.py [--maps ../shared/reference/maps] [--check]

Reads the TopoJSON of ../shared/reference/maps/ (the same points as its GeoJSON, which this
script checks): a border two provinces share is one arc there, so simplifying each arc once
keeps neighbours' borders identical (no slivers, no gaps). Provinces are matched to
data/regions.csv by NAME, never by the file's KODE_PROV (wrong for the four 2022 Papua
provinces). Standard library only; the output is the same byte for byte on every run.

Projection: equirectangular with its standard parallel at the middle latitude of the country's
bounding box. Indonesia lies between about 11°S and 6°N, where this projection's east-west scale
error stays under 2% (1 / cos 11° ≈ 1.019) and north-south distances are true; Mercator would
differ from it by less than that, and a conic would bend the 46° of longitude for nothing.
Longitude lines stay straight and evenly spaced, so the archipelago reads as on any atlas.

Simplification: Douglas-Peucker on each arc in map units (the SVG's user units), keeping arc
ends (the points where three borders meet or a coast meets a border). A ring that would fall
below three distinct points keeps its arcs unsimplified. No island is dropped.

--check: exit 1 when data/provinces-map.json is not what this script writes (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MAPS = ROOT.parent / "shared" / "reference" / "maps"
TARGET = ROOT / "data" / "provinces-map.json"
TOPOJSON = "indonesia-38-provinces.topo.json"
GEOJSON = "indonesia-38-provinces.geojson"
OBJECT = "indonesia-38-prov-topo"

WIDTH = 1000.0  # map units across the bounding box; the SVG scales to any size
TOLERANCE = 0.35  # map units (about 0.016° or 1.8 km): below what a 1000-unit map can show
DECIMALS = 1  # 0.1 map unit is about 0.0046° (about 510 m)

# The file's names where the Kemendagri list (data/regions.csv) spells them differently.
NAME_FIXES = {"DKI Jakarta": "Daerah Khusus Ibukota Jakarta"}

Point = tuple[float, float]


def read_provinces() -> dict[str, str]:
    """Kemendagri code -> official name of each province, from data/regions.csv."""
    provinces: dict[str, str] = {}
    lines = (ROOT / "data" / "regions.csv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        code, name, level, _ = line.split(",")
        if level == "provinsi":
            provinces[code] = name
    return provinces


def decode_arcs(topology: dict[str, object]) -> list[list[Point]]:
    """Delta-decoded, untransformed arcs in longitude/latitude."""
    transform = topology["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs: list[list[Point]] = []
    for raw in topology["arcs"]:  # type: ignore[attr-defined]
        x = y = 0
        points: list[Point] = []
        for dx, dy in raw:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict[str, object]) -> list[list[list[int]]]:
    """A Polygon's or MultiPolygon's rings, as lists of arc indexes (~i: arc i reversed)."""
    arcs = geometry["arcs"]
    if geometry["type"] == "Polygon":
        return [arcs]  # type: ignore[list-item]
    if geometry["type"] == "MultiPolygon":
        return arcs  # type: ignore[return-value]
    raise SystemExit(f"unexpected geometry type {geometry['type']!r}")


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def check_same_as_geojson(
    maps: Path, geometries: list[dict[str, object]], arcs: list[list[Point]]
) -> None:
    """The GeoJSON is the file the README describes first; the TopoJSON must hold its points."""
    features = json.loads((maps / GEOJSON).read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"]["PROVINSI"]: f["geometry"] for f in features}
    for geometry in geometries:
        name = geometry["properties"]["PROVINSI"]  # type: ignore[index]
        feature = by_name[name]
        coordinates = (
            [feature["coordinates"]] if feature["type"] == "Polygon" else feature["coordinates"]
        )
        ours = [p for poly in polygons_of(geometry) for r in poly for p in ring_points(r, arcs)]
        theirs = [tuple(p) for poly in coordinates for ring in poly for p in ring]
        for lon, lat in theirs:
            nearest = min(abs(lon - x) + abs(lat - y) for x, y in ours)
            if nearest > 1e-6:
                raise SystemExit(f"{name}: GeoJSON point {lon},{lat} is not in the TopoJSON")


def perpendicular(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Iterative Douglas-Peucker keeping both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            distance = perpendicular(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_arc(points: list[Point], tolerance: float) -> list[Point]:
    """A closed arc (an island's whole coast) is split at its point farthest from the start."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        head = douglas_peucker(points[: far + 1], tolerance)
        tail = douglas_peucker(points[far:], tolerance)
        return head + tail[1:]
    return douglas_peucker(points, tolerance)


def ring_area(points: list[Point]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(points))


def label_point(ring: list[Point]) -> Point:
    """A point inside the ring near its centroid: the middle of the widest stretch of the
    horizontal line through the centroid (a centroid can fall outside a curved island)."""
    area = ring_area(ring)
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairwise(ring))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairwise(ring))
    cx, cy = cx / (6 * area), cy / (6 * area)
    crossings = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in pairwise(ring)
        if (y1 <= cy < y2) or (y2 <= cy < y1)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return cx, cy
    inside = [s for s in spans if s[0] <= cx <= s[1]]
    left, right = inside[0] if inside else max(spans, key=lambda s: s[1] - s[0])
    return (left + right) / 2, cy


def fmt(value: float) -> str:
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_of(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        points = ring[:-1] if ring[0] == ring[-1] else ring
        head, rest = points[0], points[1:]
        parts.append(
            f"M{fmt(head[0])} {fmt(head[1])}L"
            + " ".join(f"{fmt(x)} {fmt(y)}" for x, y in rest)
            + "Z"
        )
    return "".join(parts)


def rounded(ring: list[Point]) -> list[Point]:
    """The ring as the path writes it, without repeated points."""
    out: list[Point] = []
    for x, y in ring:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != point:
            out.append(point)
    return out


def convert(maps: Path) -> str:
    topology = json.loads((maps / TOPOJSON).read_text(encoding="utf-8"))
    geometries = topology["objects"][OBJECT]["geometries"]
    arcs_lonlat = decode_arcs(topology)
    check_same_as_geojson(maps, geometries, arcs_lonlat)

    provinces = read_provinces()
    by_name = {name.casefold(): code for code, name in provinces.items()}
    matched: dict[str, dict[str, object]] = {}
    for geometry in geometries:
        name = geometry["properties"]["PROVINSI"]
        code = by_name.get(NAME_FIXES.get(name, name).casefold())
        if code is None:
            raise SystemExit(f"{name!r} matches no province in data/regions.csv")
        if code in matched:
            raise SystemExit(f"{name!r} and another feature both match province {code}")
        matched[code] = geometry
    missing = sorted(set(provinces) - set(matched))
    if missing:
        raise SystemExit(f"no boundary for provinces {missing}")

    lons = [x for arc in arcs_lonlat for x, _ in arc]
    lats = [y for arc in arcs_lonlat for _, y in arc]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    parallel = (south + north) / 2
    shrink = math.cos(math.radians(parallel))
    scale = WIDTH / ((east - west) * shrink)
    height = (north - south) * scale

    def project(point: Point) -> Point:
        lon, lat = point
        return ((lon - west) * shrink * scale, (north - lat) * scale)

    arcs = [[project(p) for p in arc] for arc in arcs_lonlat]
    simplified = [simplify_arc(arc, TOLERANCE) for arc in arcs]
    rings_of = {
        code: [ring for polygon in polygons_of(g) for ring in polygon]
        for code, g in matched.items()
    }
    # A ring that simplification would collapse keeps its original arcs (shared ones too, so
    # the neighbour's border stays identical).
    protected = 0
    for rings in rings_of.values():
        for ring in rings:
            if len(set(rounded(ring_points(ring, simplified)))) < 3:
                for index in ring:
                    arc = index if index >= 0 else ~index
                    if simplified[arc] != arcs[arc]:
                        simplified[arc] = arcs[arc]
                        protected += 1

    records = []
    for code in sorted(matched, key=lambda c: int(c)):
        geometry = matched[code]
        rings = [rounded(ring_points(ring, simplified)) for ring in rings_of[code]]
        largest = max(rings, key=lambda r: abs(ring_area(r)))
        label = label_point(largest)
        records.append(
            {
                "code": code,
                "name": provinces[code],
                "name_in_source": geometry["properties"]["PROVINSI"],
                "label": [round(label[0], DECIMALS), round(label[1], DECIMALS)],
                "path": path_of(rings),
            }
        )

    used = {i if i >= 0 else ~i for rs in rings_of.values() for r in rs for i in r}
    before = sum(len(arcs[i]) for i in used)
    after = sum(len(simplified[i]) for i in used)
    ring_count = sum(len(rs) for rs in rings_of.values())
    header = {
        "what": "Province boundaries of Indonesia (38 provinces) as SVG paths, for `pelayanan map`.",
        "source": {
            "title": "Indonesia GeoJSON & TopoJSON Maps (38 Provinces)",
            "repository": "https://github.com/denyherianto/indonesia-geojson-topojson-maps-with-38-provinces",
            "commit": "80aa4a9",
            "file": TOPOJSON,
            "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
            "credit": "Boundaries: “Indonesia GeoJSON & TopoJSON Maps (38 Provinces)”, "
            "denyherianto, CC BY 4.0; reprojected and simplified by pelayanan.",
        },
        "changes": (
            "Reprojected to equirectangular map units and simplified (Douglas-Peucker per shared "
            "arc); provinces matched to Kemendagri codes by name (the file's KODE_PROV is wrong "
            "for Papua Pegunungan, Papua Selatan, Papua Tengah and Papua Barat Daya); "
            "'DKI Jakarta' is 'Daerah Khusus Ibukota Jakarta'."
        ),
        "projection": {
            "name": "equirectangular",
            "standard_parallel": round(parallel, 4),
            "west": round(west, 6),
            "north": round(north, 6),
            "units_per_degree": round(scale, 6),
            "x": "(longitude - west) * cos(standard_parallel) * units_per_degree",
            "y": "(north - latitude) * units_per_degree",
        },
        "width": round(WIDTH, DECIMALS),
        "height": round(height, DECIMALS),
        "simplification": {
            "method": "Douglas-Peucker on each TopoJSON arc, arc ends kept",
            "tolerance_map_units": TOLERANCE,
            "tolerance_degrees": round(TOLERANCE / scale, 4),
            "coordinate_decimals": DECIMALS,
            "arcs": len(used),
            "arc_points_before": before,
            "arc_points_after": after,
            "arcs_kept_whole_to_save_a_ring": protected,
            "rings": ring_count,
            "rings_dropped": 0,
        },
        "generated_by": "scripts/convert_map.py",
    }
    document = {"about": header, "provinces": records}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=Path, default=DEFAULT_MAPS)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = convert(args.maps)
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/convert_map.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    about = json.loads(text)["about"]["simplification"]
    print(
        f"wrote {TARGET} ({len(text.encode('utf-8')):,} bytes): "
        f"{about['arc_points_before']:,} -> {about['arc_points_after']:,} points, "
        f"tolerance {about['tolerance_map_units']} map units",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
