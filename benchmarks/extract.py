"""CPU cost of reading and extracting gazettes, per MB of text and per extractor.

    python benchmarks/extract.py [FILE_OR_DIR ...] [--repeat N] [--profile OUT.prof]

Default inputs: the demo gazettes (``data/gazettes``) and, when present, the synthetic ×10
corpus (``benchmarks/corpora/x10``, written by ``python benchmarks/synth.py 10``).

Everything runs in this one process and is timed with :func:`time.process_time` (CPU, not wall:
the machines are shared).  The first gazette is read and extracted once before the clock starts
and that cost is reported apart as *first use* (imports excluded): the vocabularies, tries and
regular expressions every extractor builds the first time it needs them.  Then each corpus is
timed warm: ``load_gazette`` (layout reader, decode) and each extractor of
:func:`govgraph.extract.extractors`, in the order :func:`govgraph.extract.extract_gazette`
runs them.  Nothing here asserts: speed is measured, not unit-tested.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(REPO_DIR))

DEFAULT_INPUTS = (REPO_DIR / "data" / "gazettes", BENCH_DIR / "corpora" / "x10")


def _files(target: Path) -> list[Path]:
    return sorted(target.glob("*.txt")) if target.is_dir() else [target]


def _extract_timed(path: Path, costs: dict[str, float]) -> None:
    """``load_gazette`` + every extractor on one file, CPU seconds added to ``costs``."""
    from govgraph.extract import extractors
    from govgraph.ingest import load_gazette
    from govgraph.records import Extraction

    t0 = time.process_time()
    gz = load_gazette(path)
    costs["load_gazette"] = costs.get("load_gazette", 0.0) + time.process_time() - t0
    assert gz.issue is not None
    ex = Extraction(source=gz.name, issue=gz.issue, warnings=list(gz.warnings))
    for name, fn in extractors():
        t0 = time.process_time()
        fn(gz, ex)
        costs[name] = costs.get(name, 0.0) + time.process_time() - t0
    t0 = time.process_time()
    gz.as_printed(ex)
    costs["as_printed"] = costs.get("as_printed", 0.0) + time.process_time() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="passes over each corpus (best kept)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the warm passes here")
    args = parser.parse_args(argv)
    targets = [t for t in (args.inputs or DEFAULT_INPUTS) if t.exists()]
    corpora = [(str(t.relative_to(REPO_DIR) if t.is_relative_to(REPO_DIR) else t), _files(t))
               for t in targets]  # fmt: skip
    corpora = [(name, files) for name, files in corpora if files]
    if not corpora:
        raise SystemExit("no input files (python benchmarks/synth.py 10 writes the ×10 corpus)")

    # imports are not what is measured
    import govgraph.extract
    import govgraph.ingest  # noqa: F401

    first = corpora[0][1][0]
    t0 = time.process_time()
    _extract_timed(first, {})
    cold = time.process_time() - t0
    t0 = time.process_time()
    _extract_timed(first, {})
    warm = time.process_time() - t0
    print(f"first use (vocabularies, tries, regexes; imports excluded): {cold - warm:.3f} CPU-s "
          f"({first.name}: {cold:.3f} cold, {warm:.3f} warm)")  # fmt: skip

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for name, files in corpora:
        mb = sum(len(f.read_text(encoding="utf-8", errors="replace").encode("utf-8"))
                 for f in files) / 1e6  # fmt: skip
        best: dict[str, float] | None = None
        for _ in range(max(args.repeat, 1)):
            costs: dict[str, float] = {}
            for f in files:
                _extract_timed(f, costs)
            if best is None or sum(costs.values()) < sum(best.values()):
                best = costs
        assert best is not None
        total = sum(best.values())
        print(f"\n{name}: {len(files)} files, {mb:.2f} MB, {total:.3f} CPU-s, "
              f"{total / mb:.3f} CPU-s/MB (warm)")  # fmt: skip
        print(f"  {'stage':<18}{'CPU-s':>8}{'CPU-s/MB':>10}{'share':>8}")
        for stage, seconds in best.items():
            print(f"  {stage:<18}{seconds:>8.3f}{seconds / mb:>10.3f}{seconds / total:>8.0%}")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(args.profile))
        print(f"\nprofile: {args.profile}")


if __name__ == "__main__":
    main()
