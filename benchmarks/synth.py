"""Synthetic scale corpora: N gazette issues generated from the demo gazettes.

``python benchmarks/synth.py 100`` writes ``benchmarks/corpora/x100/`` (100 issues, ≈ 11 MB).

Issue ``k`` is demo gazette ``k % 3`` (the *base*) in variant ``v = k // 3``; variant 0 is the
base unchanged.  A variant differs from its base wherever a real later issue would, so that
entities do not collapse onto the base's:

* years: every year (``2022年``, ``〔2022〕``, ``2022-10-27``, standard ids) moves back by
  ``v % YEAR_SPAN`` years, and days of the month move by a variant-dependent amount;
* document numbers (``温政办〔2022〕80号``) and standard-id serials move up by
  ``100 × (v // YEAR_SPAN)`` (the demo's own numbers are below 100, and a 文号 has at most
  four digits), so (year, number) does not repeat across variants up to 1,200 issues;
* person names (read from the base's own extraction: officials, appointments, division of
  work) keep their surname and get given names drawn for the variant;
* county-level bodies (鹿城区, 瑞安市, 永嘉县 … read from the registry) are permuted within
  their kind (district / county-level city / county), so the agencies named vary;
* the issue serial (总第N期) moves up by ``12 × v``.

Everything is drawn from ``random.Random`` seeded with strings (``--seed``), so the corpus is
byte-identical from run to run and machine to machine.  A finished corpus carries a
``MANIFEST.json``; an existing corpus with the same manifest is reused.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("govgraph.benchmarks.synth")

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEMO_DIR = REPO_DIR / "data" / "gazettes"
CORPORA_DIR = BENCH_DIR / "corpora"
GENERATOR_VERSION = 2
DEFAULT_SEED = "govgraph-synth"
YEAR_SPAN = 12  # variants move years back by 0..11

# Common given-name characters (no title or function words: 长, 副, 主, 委 … would be read as titles).
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲兰凤洁梅琳素云莲真环雪荣爱妹"
    "慧巧美娟茜瑶怡婷雯晨辰宇浩然轩睿博彬鹏海波斌宁浩凯俊峰建国栋晖昊哲翔帆鑫鸿嘉誉瀚彤"
)

_YEAR_RE = re.compile(r"(?<!\d)(199\d|20[0-3]\d)(?!\d)(?![万亿元吨个家名人平亩千米户座台辆所项件条])")
_DOC_NUMBER_RE = re.compile(r"([〔［\[（(]\s*(?:199\d|20[0-3]\d)\s*[〕］\]）)]\s*)(\d{1,4})(\s*号)")
_STANDARD_ID_RE = re.compile(r"\b([A-Z]{2,6}\d{2}-(?:199\d|20[0-3]\d)-)(\d{3,5})\b")
_DAY_RE = re.compile(r"(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日)")
_ISO_DAY_RE = re.compile(r"((?:199\d|20[0-3]\d)-\d{2}-)(\d{2})(?!\d)")
_SERIAL_RE = re.compile(r"(总第\s*)(\d+)(\s*期)")


@dataclass(frozen=True)
class Base:
    name: str
    text: str
    persons: tuple[str, ...]


def person_names(paths: list[Path]) -> dict[str, tuple[str, ...]]:
    """The persons govgraph reads in each demo gazette (officials, appointments, duties)."""
    from govgraph.extract import extract_file

    out = {}
    for path in paths:
        ex = extract_file(path)
        names = {r.person for kind in (ex.officials, ex.appointments, ex.leader_duties) for r in kind}
        out[path.name] = tuple(sorted({re.sub(r"\s+", "", n) for n in names if n.strip()}))
    return out


def county_groups() -> list[list[str]]:
    """County-level divisions from the registry, grouped by kind (区 / 市 / 县)."""
    from govgraph.resources import registry_dir

    groups: dict[str, set[str]] = {}
    with (registry_dir() / "places" / "温州市.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            if row["level"] != "county" or row["kind"] != "government":
                continue
            for alias in row["aliases"].split("|"):
                if len(alias) == 3 and alias[-1] in "区市县":
                    groups.setdefault(alias[-1], set()).add(alias)
    return [sorted(g) for _, g in sorted(groups.items()) if len(g) > 1]


def _given_name(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(GIVEN_CHARS) for _ in range(length))


def _surname_length(name: str) -> int:
    return 2 if len(name) == 4 else 1


def variant_text(base: Base, v: int, seed: str, counties: list[list[str]]) -> str:
    """The text of variant ``v`` of ``base`` (v = 0: the base itself)."""
    if v == 0:
        return base.text
    dy, block = v % YEAR_SPAN, v // YEAR_SPAN
    day_shift = (7 * v) % 27
    text = base.text

    # Persons: one substitution per name, letter-spaced forms (王  军) included.
    rng = random.Random(f"{seed}:persons:{base.name}:{v}")
    mapping = {}
    for name in base.persons:
        keep = _surname_length(name)
        mapping[name] = name[:keep] + _given_name(rng, len(name) - keep)
    if mapping:
        pattern = re.compile(
            "|".join(r"[ \u3000]*".join(map(re.escape, n)) for n in sorted(mapping, key=len, reverse=True))
        )
        text = pattern.sub(lambda m: mapping[re.sub(r"[ \u3000]+", "", m.group())], text)

    # County-level bodies: a permutation within each kind.
    rng = random.Random(f"{seed}:counties:{base.name}:{v}")
    swap = {}
    for group in counties:
        shuffled = group[:]
        rng.shuffle(shuffled)
        swap.update(zip(group, shuffled, strict=True))
    if swap:
        text = re.sub("|".join(map(re.escape, sorted(swap))), lambda m: swap[m.group()], text)

    # Numbers before years: the number patterns contain years.
    if block:
        text = _DOC_NUMBER_RE.sub(lambda m: f"{m[1]}{int(m[2]) + 100 * block}{m[3]}", text)
        text = _STANDARD_ID_RE.sub(lambda m: f"{m[1]}{int(m[2]) + 100 * block:0{len(m[2])}d}", text)
    text = _SERIAL_RE.sub(lambda m: f"{m[1]}{int(m[2]) + 12 * v}{m[3]}", text)
    if day_shift:
        text = _DAY_RE.sub(lambda m: f"{m[1]}{m[2]}{(int(m[3]) - 1 + day_shift) % 28 + 1}{m[4]}", text)
        text = _ISO_DAY_RE.sub(lambda m: f"{m[1]}{(int(m[2]) - 1 + day_shift) % 28 + 1:02d}", text)
    if dy:
        text = _YEAR_RE.sub(lambda m: str(int(m[1]) - dy), text)
    return text


def issue_name(k: int, base: Base) -> str:
    return f"synth-{k:05d}-{base.name}"


def manifest(issues: int, seed: str, bases: list[Base]) -> dict[str, object]:
    digest = hashlib.sha256()
    for b in bases:
        digest.update(b.name.encode() + b"\0" + b.text.encode() + b"\0" + "|".join(b.persons).encode())
    return {
        "generator": GENERATOR_VERSION,
        "issues": issues,
        "seed": seed,
        "bases": digest.hexdigest(),
    }


def load_bases(demo_dir: Path = DEMO_DIR) -> list[Base]:
    paths = sorted(demo_dir.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{demo_dir}: no demo gazettes")
    persons = person_names(paths)
    return [Base(p.name, p.read_text(encoding="utf-8"), persons[p.name]) for p in paths]


def generate(
    issues: int,
    target: Path | None = None,
    *,
    seed: str = DEFAULT_SEED,
    bases: list[Base] | None = None,
    force: bool = False,
) -> Path:
    """Write ``issues`` synthetic issues to ``target`` (default ``benchmarks/corpora/x<issues>``)."""
    target = target or CORPORA_DIR / f"x{issues}"
    bases = bases or load_bases()
    meta = manifest(issues, seed, bases)
    manifest_path = target / "MANIFEST.json"
    if not force and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text(encoding="utf-8")) == meta:
                return target
        except ValueError:
            pass
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    counties = county_groups()
    size = 0
    for k in range(issues):
        base = bases[k % len(bases)]
        text = variant_text(base, k // len(bases), seed, counties)
        data = text.encode("utf-8")
        size += len(data)
        (tmp / issue_name(k, base)).write_bytes(data)
    meta["bytes"] = size
    (tmp / "MANIFEST.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    log.info("wrote %s: %d issues, %.1f MB", target, issues, size / 1e6)
    return target


def corpus_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("issues", type=int, nargs="+", help="number of issues (e.g. 10 100 1000)")
    parser.add_argument("--seed", default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="target directory (one size only)")
    parser.add_argument("--force", action="store_true", help="regenerate even if up to date")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.out and len(args.issues) > 1:
        parser.error("--out takes one size")
    bases = load_bases()
    for n in args.issues:
        path = generate(n, args.out, seed=args.seed, bases=bases, force=args.force)
        print(f"{path}: {n} issues, {corpus_bytes(path) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
