"""Pack the instances of `server bench-packing` with py3dbp (PyPI) and show its bins
beside ours, its placements checked by our independent checker.

Reproduce (the virtualenv lives outside the repository):

    python3 -m venv /work/scratch/pk-venv
    /work/scratch/pk-venv/bin/pip install py3dbp==1.1.2
    /work/scratch/pk-venv/bin/python bench/compare_py3dbp.py \
        --server target/release/server --dir /work/scratch/packing

The script asks the server to export the instances (instances.csv, boxes.csv; the
same seed and sizes as `server bench-packing`), packs each with py3dbp the way its
README shows for several bins (`bigger_first=True`, `distribute_items=True`, as many
bins as boxes, weight unlimited), writes every box it placed to placements.csv
(corner and extents as py3dbp reports them) and runs `server bench-packing --peer`,
which checks those placements with our checker and prints both in one table.
py3dbp places boxes at pivots with no support rule, so it is compared with our
unsupported columns (FFD, BFD).
"""
import argparse
import csv
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from py3dbp import Bin, Item, Packer


def read_instances(folder):
    with open(folder / "instances.csv", newline="") as f:
        instances = {row["instance"]: row for row in csv.DictReader(f)}
    boxes = defaultdict(list)
    with open(folder / "boxes.csv", newline="") as f:
        for row in csv.DictReader(f):
            boxes[row["instance"]].append(row)
    return instances, boxes


def pack(instance, boxes):
    """py3dbp's placements of one instance: (box, bin name, x, y, z, dx, dy, dz)."""
    packer = Packer()
    for b in range(len(boxes)):
        packer.add_bin(Bin(f"bin{b:04d}", int(instance["bin_length"]), int(instance["bin_width"]),
                           int(instance["bin_height"]), 10**12))
    for row in boxes:
        packer.add_item(Item(row["box"], int(row["length"]), int(row["width"]), int(row["height"]), 1))
    packer.pack(bigger_first=True, distribute_items=True, number_of_decimals=0)
    placed = []
    for b in packer.bins:
        for item in b.items:
            dx, dy, dz = (int(v) for v in item.get_dimension())
            x, y, z = (int(v) for v in item.position)
            placed.append((item.name, b.name, x, y, z, dx, dy, dz))
    return placed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="path to the Floorcast server binary")
    parser.add_argument("--dir", required=True, type=Path, help="where the instances and placements go")
    parser.add_argument("--sizes", default="50,100,200")
    parser.add_argument("--instances", default="10")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()
    common = ["--sizes", args.sizes, "--instances", args.instances, "--seed", args.seed]
    subprocess.run([args.server, "bench-packing", *common, "--export", str(args.dir)], check=True)
    instances, boxes = read_instances(args.dir)
    started = time.perf_counter()
    with open(args.dir / "placements.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["instance", "box", "bin", "x", "y", "z", "length", "width", "height"])
        for name, instance in instances.items():
            for row in pack(instance, boxes[name]):
                out.writerow([name, *row])
    seconds = time.perf_counter() - started
    print(f"py3dbp packed {len(instances)} instances in {seconds:.1f} s "
          f"({1000 * seconds / len(instances):.0f} ms per instance)", file=sys.stderr)
    subprocess.run([args.server, "bench-packing", *common, "--peer", str(args.dir / "placements.csv")], check=True)


if __name__ == "__main__":
    main()
