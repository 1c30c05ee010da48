"""Pathological inputs: extraction time must grow in proportion to the size of the text.

    python benchmarks/fuzz.py [--max-mb 20] [--steps 4] [--limit 120] [--out benchmarks/fuzz.json]

Each case is generated at sizes ``max / 2^(steps-1) … max`` and extracted (ingest and every
extractor, as ``govgraph build`` does) in a process of its own, timed by its CPU time.  The
growth exponent is the slope of log(time) on log(size) (least squares); 1.0 is linear.  A size
whose extraction runs past ``--limit`` seconds is stopped, and the case is reported as not linear
(the issue-18 hang was quadratic: 3.2 MB took 207 s).

Cases (issue 18, item 3):

* ``one-line``: 20 MB of real gazette text with every newline removed (one line);
* ``brackets``: 10⁶ brackets of every width, opening and closing, around short words;
* ``docnums``: 10⁵ document numbers (文号) in a row, with and without brackets and titles;
* ``nesting``: brackets and title marks nested thousands deep (（《（《…》）》）).

Nothing here asserts: speed is a benchmark, not a unit test.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEMO_DIR = REPO_DIR / "data" / "gazettes"
DEFAULT_OUT = BENCH_DIR / "fuzz.json"


def _demo_text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(DEMO_DIR.glob("*.txt")))


def one_line(size: int) -> str:
    text = _demo_text().replace("\n", "")
    return (text * (size // len(text.encode("utf-8")) + 1))[: size // 3]


def brackets(size: int) -> str:
    unit = "（市发改委）【通知】〔2022〕(办)[附件]《规划》〈条例〉"
    return (unit * (size // len(unit.encode("utf-8")) + 1))[: size // 3]


def docnums(size: int) -> str:
    unit = "温政办〔2022〕74号浙政发[2021]12号《关于印发某某方案的通知》（温委办发〔2020〕3号）"
    return "温州市人民政府办公室\n" + (unit * (size // len(unit.encode("utf-8")) + 1))[: size // 3]


def nesting(size: int) -> str:
    depth = size // 24  # 12 characters of 3 bytes per level
    return "根据" + "（《关于印发" * depth + "温州市规划" + "的通知》）" * depth + "，由市发改委牵头负责。"


CASES = {"one-line": one_line, "brackets": brackets, "docnums": docnums, "nesting": nesting}


def _child(path: str) -> None:
    """(in a process of its own) Extract one file; print its CPU seconds."""
    sys.path.insert(0, str(REPO_DIR))
    from govgraph.extract import extract_gazette
    from govgraph.ingest import load_gazette

    t0 = time.process_time()
    ex = extract_gazette(load_gazette(path, max_bytes=1 << 40))
    records = sum(len(getattr(ex, k)) for k in ("documents", "responsibilities", "references", "officials"))
    print(json.dumps({"cpu": time.process_time() - t0, "records": records}))


def measure(case: str, size: int, limit: float, work: Path) -> dict[str, object]:
    path = work / f"{case}-{size}.txt"
    path.write_text(CASES[case](size), encoding="utf-8")
    actual = path.stat().st_size
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True, text=True, timeout=limit, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"bytes": actual, "cpu": None, "note": f"stopped after {limit:.0f} s"}
    finally:
        path.unlink()
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"bytes": actual, "cpu": None, "note": f"failed: {last}"}
    return {"bytes": actual, **json.loads(done.stdout)}


def exponent(points: list[dict[str, object]]) -> float | None:
    xs = [math.log(float(p["bytes"])) for p in points if p.get("cpu")]  # type: ignore[arg-type]
    ys = [math.log(max(float(p["cpu"]), 1e-3)) for p in points if p.get("cpu")]  # type: ignore[arg-type]
    if len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=float, default=20.0, help="largest size of each case (MB)")
    parser.add_argument("--steps", type=int, default=4, help="sizes: max, max/2, … (this many)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a size is stopped")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    top = int(args.max_mb * 1_000_000)
    sizes = [top >> k for k in reversed(range(args.steps))]
    results: dict[str, object] = {}
    print("| case | " + " | ".join(f"{s / 1e6:.2f} MB" for s in sizes) + " | exponent |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases.split(","):
            points = []
            for size in sizes:
                point = measure(case, size, args.limit, Path(tmp))
                points.append(point)
                if point.get("cpu") is None:
                    break  # a larger size would only take longer
            slope = exponent(points)
            linear = slope is not None and all(p.get("cpu") is not None for p in points) and slope <= 1.15
            results[case] = {"points": points, "exponent": slope, "linear": linear}
            cells = [f"{p['cpu']:.2f} s" if p.get("cpu") is not None else str(p["note"]) for p in points]
            cells += [""] * (len(sizes) - len(cells))
            print(f"| {case} | " + " | ".join(cells) + f" | {'—' if slope is None else f'{slope:.2f}'} |")
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
