"""PDF ingestion speed on the demo gazettes re-published as two-column PDFs.

    python benchmarks/pdf.py [--repeat 3] [--compare] [--out benchmarks/pdf.json]

The demo gazettes are typeset anew by ``tests/publish.py`` (two columns, running heads, page
numbers, ruled tables; reportlab's STSong-Light, a CJK font the PDF does not embed) and read
with :func:`govgraph.ingest.pdf.read_pdf`: characters, columns, reading order, furniture,
paragraphs, tables.  Speed is pages per CPU second of this process (``time.process_time``), so
it is per core whatever else the machine runs.  Target (issue 14): 100 pages/s per core.

``--compare`` also times the plain ways of getting characters with their positions from the
same files: pdfplumber's ``chars`` (pdfminer.six), pypdfium2 with a box per character (with
the system's fonts), and pypdfium2's text in its own order; whichever of them is installed.
Nothing here asserts: speed is not a unit test.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(REPO_DIR / "tests"))

TARGET_PAGES_PER_S = 100.0


def _publish(out: Path) -> list[Path]:
    from publish import DATA, gazette_blocks, write_pdf

    return [
        write_pdf(gazette_blocks(path), out / f"{path.stem}.pdf", head="温州市人民政府公报")
        for path in sorted(DATA.glob("*.txt"))
    ]


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _cpu(fn: Callable[[], Any], repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (the least disturbed by the machine's other work)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def govgraph_reader(path: Path) -> None:
    from govgraph.ingest.pdf import read_pdf

    read_pdf(path.read_bytes(), str(path))


def pdfplumber_chars(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            _ = [(c["text"], c["x0"], c["top"]) for c in page.chars]


def pdfium_char_boxes(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    for page in document:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        _ = [(text[i], textpage.get_charbox(i)) for i in range(textpage.count_chars())]


def pdfium_text_order(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    for page in document:
        page.get_textpage().get_text_range()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", action="store_true", help="also time pdfplumber and plain pypdfium2")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    readers: dict[str, Callable[[Path], None]] = {"govgraph read_pdf": govgraph_reader}
    if args.compare:
        readers |= {
            "pdfplumber chars": pdfplumber_chars,
            "pypdfium2 box per char (system fonts)": pdfium_char_boxes,
            "pypdfium2 text, its own order": pdfium_text_order,
        }
    results: dict[str, Any] = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "readers": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        files = _publish(Path(tmp))
        pages = {f.name: _pages(f) for f in files}
        for name, reader in readers.items():
            try:
                for f in files:  # warm-up: imports, the font substitution, CMaps
                    reader(f)
            except ImportError as err:
                print(f"{name}: not installed ({err.name})")
                continue
            per_file = {
                f.name: pages[f.name] / _cpu(lambda f=f, reader=reader: reader(f), args.repeat) for f in files
            }
            total_pages = sum(pages.values())
            total = total_pages / sum(pages[n] / v for n, v in per_file.items())
            results["readers"][name] = {"pages_per_cpu_s": round(total, 1), "per_file": per_file}
    print(f"PDF ingestion, pages per CPU second (best of {args.repeat}), {sum(pages.values())} pages:")
    print(f"{'reader':<40}{'pages/s':>10}   " + "  ".join(f"{n[:23]:>23}" for n in pages))
    for name, r in results["readers"].items():
        cells = "  ".join(f"{r['per_file'][n]:>23.0f}" for n in pages)
        print(f"{name:<40}{r['pages_per_cpu_s']:>10.0f}   {cells}")
    ours = results["readers"]["govgraph read_pdf"]["pages_per_cpu_s"]
    verdict = "met" if ours >= TARGET_PAGES_PER_S else "NOT met"
    print(f"target {TARGET_PAGES_PER_S:.0f} pages/s per core: {verdict} ({ours:.0f})")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
