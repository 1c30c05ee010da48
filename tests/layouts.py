"""Re-layout a gazette's text the way other printings of the same issue would show it.

The extractors must give the same records whatever layout the text comes in: a markdown or
plain conversion (one paragraph per line), or a two-column PDF conversion (a line break every
~20 characters, page numbers and running heads mid-sentence, a document's 文号 block printed
inside its body).  These transformations produce such layouts from a real gazette, keeping
for every output line the source line it came from, so tests can compare the records of the
two printings.  They are test helpers: the package never re-lays out text.

``python tests/layouts.py`` prints the survival table (precision/recall of each kind of record
of the re-laid-out text against the records of the original).
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.evaluate import KINDS, Score, norm

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"

#: Display columns of a full line of one column of a two-column page (20 Chinese characters).
COLUMN = 40
#: Display columns of a title line in a 文号 block.
HEADING = COLUMN
#: The first line of a paragraph is indented by two characters, which the text conversion drops.
INDENT = 4

_DOC_NUMBER_LINE_RE = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,14}\s*[〔\[（(［]\s*\d{4}\s*[〕\]）)］]\s*\d{1,4}\s*号\s*$"
)
_STANDARD_ID_RE = re.compile(r"^\s*[A-Z]{2,6}\d{2}\s*[-–—－]\s*\d{4}\s*[-–—－]\s*\d{3,5}\s*$")
_ADDRESSEE_RE = re.compile(r"[：:]\s*$")
_TABLE_RE = re.compile(r"\t|^\s*[|<]")
_MARKDOWN_HEAD_RE = re.compile(r"^\s*#+\s*")
_SERIAL_RE = re.compile(r"总第\s*(\d+)\s*期")
_ISSUE_RE = re.compile(
    r"((?:19|20)\d\d)\s*[.．]\s*(\d{1,2})\s*$|((?:19|20)\d\d)\s*年\s*第\s*(\d{1,2})\s*期", re.M
)
_SWAP = str.maketrans(
    {"（": "(", "）": ")", "(": "（", ")": "）", "〔": "[", "〕": "]", "[": "〔", "]": "〕"}
)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


@dataclass
class Printing:
    """A re-laid-out gazette: its lines and, for each character, the 1-based source line it
    came from (0 for inserted furniture and blank lines)."""

    lines: list[str] = field(default_factory=list)
    chars: list[list[int]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Printing:
        lines = text.split("\n")
        return cls(lines, [[n] * len(line) for n, line in enumerate(lines, start=1)])

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def origin(self) -> list[int]:
        """The source line of each line (of its first character)."""
        return [next((o for o in c if o), 0) for c in self.chars]

    def add(self, line: str, origins: list[int] | int) -> None:
        self.lines.append(line)
        self.chars.append(origins if isinstance(origins, list) else [origins] * len(line))

    def units(self) -> Iterable[tuple[str, list[int]]]:
        return zip(self.lines, self.chars, strict=True)


# ---------------------------------------------------------------------------------------------
# Transformations


#: Marks Chinese typesetting never puts at the start of a line: they hang at the end of the line.
_NO_LINE_START = set("，。、；：？！）》〉」』】〕”’,.;:?!)]>")


def wrap(text: str, first: int = COLUMN - INDENT, width: int = COLUMN) -> list[tuple[int, int]]:
    """Break ``text`` at a fixed display width, anywhere (inside a word or a number too), except
    before a closing mark, which hangs at the end of the line (kinsoku).  Returns the spans."""
    out: list[tuple[int, int]] = []
    start = 0
    used = 0
    limit = first
    for i, ch in enumerate(text):
        w = display_width(ch)
        if i > start and used + w > limit and ch not in _NO_LINE_START:
            out.append((start, i))
            start, used, limit = i, 0, width
        used += w
    if start < len(text):
        out.append((start, len(text)))
    return out


def _strip_markdown(line: str) -> tuple[str, int, bool]:
    """A markdown line as print shows it (no ``#``, ``**`` or list dash): (text, characters cut
    at the start, whether it was a heading)."""
    m = _MARKDOWN_HEAD_RE.match(line) or re.match(r"^\s*-\s+", line)
    cut = m.end() if m else 0
    heading = bool(_MARKDOWN_HEAD_RE.match(line))
    return line[cut:].replace("**", ""), cut, heading


def _running_head(serial: str, issue: str, label: str, page: int) -> str:
    """Odd pages: ``温州市人民政府公报（总第258期） 文件发布``; even pages: ``2024年第2 期文件发布``."""
    if page % 2 or not issue:
        return f"温州市人民政府公报（总第{serial}期） {label}"
    return f"{issue}{label}"


def two_column(
    source: Printing,
    *,
    column: int = COLUMN,
    page_lines: int = 37,
    double_spaced: bool = True,
    furniture: bool = True,
    labels: Callable[[int], str] | None = None,
) -> Printing:
    """A two-column PDF conversion of a one-paragraph-per-line text.

    Every paragraph is broken at the column width (its first line shorter: the indent);
    headings up to 48 columns stay whole.  Table rows are kept as they are.  Every
    ``page_lines`` output lines a page number and a running head are inserted, mid-sentence
    where it falls, and the next page's first line starts with one space (as the PDF text
    conversion prints it); a top-level heading (a document's title, a feature's headline)
    opens a page.  ``labels`` gives the running head's column label for a source line.
    """
    head = "\n".join(source.lines[:400])
    serial_m = _SERIAL_RE.search(head)
    serial = serial_m.group(1) if serial_m else "1"
    issue_m = _ISSUE_RE.search(head)
    issue = ""
    if issue_m:
        year, number = issue_m.group(1) or issue_m.group(3), issue_m.group(2) or issue_m.group(4)
        issue = f"{year}年第{int(number)} 期"
    out = Printing()
    count = 0
    page = 1
    page_start = False
    for line, chars in source.units():
        if not line.strip():
            continue
        pieces: list[tuple[str, list[int]]]
        if _TABLE_RE.search(line):
            pieces = [(line, chars)]
        else:
            plain, cut, heading = _strip_markdown(line)
            lead = len(plain) - len(plain.lstrip())
            plain = plain.strip()
            if not plain:
                continue
            # Character origins survive the markdown cut ("**" inside a line is rare: approximate).
            origins = (chars[cut + lead :] + [chars[-1]] * len(plain))[: len(plain)]
            if heading and display_width(plain) <= 3 * column:
                # A heading is printed on lines of its own: split where the source broke it (a
                # space between two long parts), a long part wrapped narrower than the column.
                pieces = []
                cuts = [0, *(m.start() for m in re.finditer(r"\s+", plain)), len(plain)]
                cuts = [c for c in cuts if c in (0, len(plain)) or min(c, len(plain) - c) >= 6]
                for a0, b0 in itertools.pairwise(cuts):
                    part = plain[a0:b0]
                    lead_ws = len(part) - len(part.lstrip())
                    part = part.strip()
                    base = a0 + lead_ws
                    spans = wrap(part, column, column) if display_width(part) > column else [(0, len(part))]
                    pieces += [(part[a:b], origins[base + a : base + b]) for a, b in spans]
            else:
                pieces = [(plain[a:b], origins[a:b]) for a, b in wrap(plain, column - INDENT, column)]
        if furniture and count and re.match(r"^\s*#\s", line):
            count = -(-count // page_lines) * page_lines  # a top-level heading opens a page
        for piece, origins in pieces:
            if furniture and count and count % page_lines == 0:
                page += 1
                label = labels(origins[0]) if labels else "文件发布"
                for extra in ("", f"·    {page}    ·", "", _running_head(serial, issue, label, page), ""):
                    out.add(extra, 0)
                page_start = True
            if page_start:
                out.add(" " + piece, [origins[0], *origins])
            else:
                out.add(piece, origins)
            page_start = False
            count += 1
            if double_spaced:
                out.add("", 0)
    return out


def swap_brackets(source: Printing) -> Printing:
    """Full-width brackets printed half-width and the other way round (（）↔(), 〔〕↔[])."""
    return Printing([line.translate(_SWAP) for line in source.lines], [list(c) for c in source.chars])


_FURNITURE_RE = re.compile(r"^\s*(?:·\s*\d+\s*·|\S*人民政府公报（总第\d+期）.*|\d{4}年第\d+ 期\S*)\s*$")
_ISSUER_LINE_RE = re.compile(r"^\S{2,20}(?:人民政府|办公室|办公厅|委员会)$")


def _title_lines(source: Printing, content: list[int], k: int) -> list[int]:
    """The lines of the title printed just above the 文号 at ``content[k]`` (title-first layout),
    possibly set over several lines with the issuer on a line of its own; [] when there is none."""
    lines = source.lines
    for n in range(1, min(4, k) + 1):
        picked = content[k - n : k]
        texts = [_strip_markdown(lines[j])[0].strip() for j in picked]
        if any(_STANDARD_ID_RE.match(t) or _DOC_NUMBER_LINE_RE.match(t) for t in texts):
            return []
        if "关于" not in "".join(texts):
            continue
        if texts[0].startswith("关于") and k - n - 1 >= 0:
            above = _strip_markdown(lines[content[k - n - 1]])[0].strip()
            if _ISSUER_LINE_RE.match(above):
                picked = [content[k - n - 1], *picked]
        return picked
    return []


def interleave_number_blocks(source: Printing, after: int = 6, *, split: bool = True) -> Printing:
    """Print each document's 文号 block inside its body, as a two-column PDF conversion does.

    A title-first block (``[standard id] / 温州市人民政府办公室关于…的通知 / 温政办〔2022〕74号``)
    becomes a trailing block (``[standard id] / 温政办〔2022〕74号 / 温州市人民政府办公室 /
    关于…的通知``) placed in the ``after``-th content line of the body that follows it (at most
    half-way through the body): in the middle of that line (``split``, for one-paragraph-per-line
    text), or after it (for column lines, where it lands mid-sentence anyway).
    """
    lines = source.lines
    content = [i for i, ln in enumerate(lines) if ln.strip() and not _FURNITURE_RE.match(ln)]
    moves: dict[int, list[int]] = {}  # body line index → block line indices printed inside it
    moved: set[int] = set()
    for k, i in enumerate(content):
        if not _DOC_NUMBER_LINE_RE.match(lines[i]) or k == 0:
            continue
        title = _title_lines(source, content, k)
        if not title:
            continue
        first = content.index(title[0])
        block = [*title, i]
        if first >= 1 and _STANDARD_ID_RE.match(lines[content[first - 1]]):
            block.insert(0, content[first - 1])
        # The document's own body: up to the next document's title block.
        nxt = next((m for m in content[k + 1 :] if _DOC_NUMBER_LINE_RE.match(lines[m])), len(lines))
        body = [j for j in content[k + 1 :] if j < nxt - 8 and not _TABLE_RE.search(lines[j])]
        if len(body) <= 1:
            continue
        # The first line of the body is the salutation; count content lines after it.
        start = 1 if _ADDRESSEE_RE.search(lines[body[0]]) else 0
        target = body[min(start + after, (len(body) - 1 + start) // 2)]
        if _DOC_NUMBER_LINE_RE.match(lines[target]) or target in moved:
            continue
        moves.setdefault(target, []).extend(block)
        moved.update(block)
    out = Printing()
    for i, (line, chars) in enumerate(source.units()):
        if i in moved:
            continue
        if i not in moves:
            out.add(line, chars)
            continue
        text = line.rstrip()
        cut = len(text) // 2
        if split and cut >= 4:
            out.add(text[:cut], chars[:cut])
            out.add("", 0)
            _add_block(out, source, moves[i])
            out.add(text[cut:], chars[cut : len(text)])
        else:
            out.add(line, chars)
            out.add("", 0)
            _add_block(out, source, moves[i])
    return out


def _add_block(out: Printing, source: Printing, block: list[int]) -> None:
    """``[std id] title 文号`` → ``[std id] 文号 issuer title``, each on lines of its own."""
    *head, number_i = block
    std = [j for j in head if _STANDARD_ID_RE.match(source.lines[j])]
    title_lines = [j for j in head if j not in std]
    title = "".join(re.sub(r"\s+", "", _strip_markdown(source.lines[j])[0]) for j in title_lines)
    issuer, _, rest = title.partition("关于")
    origin = source.chars[title_lines[0]][0] if source.chars[title_lines[0]] else 0
    for j in std:
        out.add(source.lines[j].strip(), source.chars[j][0])
        out.add("", 0)
    out.add(source.lines[number_i].strip(), source.chars[number_i][0])
    out.add("", 0)
    if issuer:
        out.add(issuer, origin)
        out.add("", 0)
    rest = "关于" + rest
    for a, b in wrap(rest, HEADING, HEADING) if display_width(rest) > HEADING else [(0, len(rest))]:
        out.add(rest[a:b], origin)
        out.add("", 0)


def unwrap(
    source: Printing, joined: Callable[[int, int], bool], furniture: Callable[[int], bool]
) -> Printing:
    """A plain conversion: one paragraph per line, blank lines between.

    ``joined(a, b)`` says whether source lines a and b (1-based, consecutive content lines)
    belong to one paragraph; ``furniture(n)`` whether source line n is page furniture.  A line
    that is not joined to its predecessor opens a new paragraph; a document block printed
    inside a paragraph therefore stays between the two halves of it.
    """
    out = Printing()
    text = ""
    chars: list[int] = []
    previous = 0
    for line, origins in source.units():
        o = origins[0] if origins else 0
        if not line.strip() or furniture(o):
            continue
        piece = line if "\t" in line else line.strip()
        if "\t" not in line:
            lead = len(line) - len(line.lstrip())
            origins = origins[lead : lead + len(piece)]
        if text and previous and joined(previous, o):
            text += piece
            chars += origins
        else:
            if text:
                out.add(text, chars)
                out.add("", 0)
            text, chars = piece, list(origins)
        previous = o
    if text:
        out.add(text, chars)
    return out


# ---------------------------------------------------------------------------------------------
# Comparing records modulo line numbers

# A re-printing swaps bracket shapes too (〔〕 ↔ []), which the gold scoring keeps apart.
_SQUARE = str.maketrans(dict.fromkeys("[【", "(") | dict.fromkeys("]】", ")"))


def _norm(value: Any) -> str:
    return norm(value).translate(_SQUARE)


def record_keys(gold: dict[str, Any]) -> dict[str, Counter[tuple[str, ...]]]:
    """Multisets of record keys per kind, without line numbers (widths and spaces folded)."""
    keys: dict[str, Counter[tuple[str, ...]]] = {}
    keys["documents"] = Counter(
        (_norm(d["doc_number"]), _norm(d["title"]), _norm(d.get("date"))) for d in gold["documents"]
    )
    keys["responsibilities"] = Counter(
        (_norm(r["doc_number"]), *(_norm(u) for u in r["units"])) for r in gold["responsibilities"]
    )
    keys["lead"] = Counter(
        (_norm(r["doc_number"]), "|".join(_norm(u) for u in r["units"]), *(_norm(u) for u in r["lead"]))
        for r in gold["responsibilities"]
        if r["lead"]
    )
    keys["appointments"] = Counter(
        (_norm(a["person"]), a["action"], _norm(a["organization"] + a["position"]))
        for a in gold["appointments"]
    )
    keys["leader_duties"] = Counter(
        (_norm(d["person"]), d["relation"], _norm(d["unit"])) for d in gold["leader_duties"]
    )
    keys["references"] = Counter(
        set((_norm(r["from"]), _norm(r["to"]), r["relation"]) for r in gold["references"])
    )
    keys["references_untyped"] = Counter(set((_norm(r["from"]), _norm(r["to"])) for r in gold["references"]))
    keys["officials"] = Counter(set((_norm(o["person"]), _norm(o["title"])) for o in gold["officials"]))
    return keys


# How many records of one kind survive a transformation: scored like the gold.
Survival = Score


def compare(reference: dict[str, Any], transformed: dict[str, Any]) -> dict[str, Survival]:
    """Per kind: the transformed text's records scored against the original's."""
    ref, got = record_keys(reference), record_keys(transformed)
    out = {}
    for kind in KINDS:
        a, b = ref[kind], got[kind]
        common = a & b
        out[kind] = Survival(
            tp=sum(common.values()),
            fp=sum((b - a).values()),
            fn=sum((a - b).values()),
            missed=sorted((a - b).elements()),
            spurious=sorted((b - a).elements()),
        )
    return out


def line_agreement(reference: dict[str, Any], transformed: dict[str, Any], printing: Printing) -> float:
    """Share of the transformed records whose line maps back to the line of an original record
    with the same key (within the scoring tolerance of 2 lines)."""
    total = agree = 0
    for kind, key in (
        ("documents", lambda r: (_norm(r["doc_number"]), _norm(r["title"]))),
        ("responsibilities", lambda r: (_norm(r["doc_number"]), *(_norm(u) for u in r["units"]))),
        (
            "appointments",
            lambda r: (_norm(r["person"]), r["action"], _norm(r["organization"] + r["position"])),
        ),
        ("leader_duties", lambda r: (_norm(r["person"]), r["relation"], _norm(r["unit"]))),
        ("references", lambda r: (_norm(r["from"]), _norm(r["to"]), r["relation"])),
    ):
        lines: dict[tuple[str, ...], set[int]] = {}
        for r in reference[kind]:
            lines.setdefault(key(r), set()).add(r["line"])
        for r in transformed[kind]:
            k = key(r)
            if k not in lines:
                continue
            total += 1
            n = r["line"]
            mapped = set(printing.chars[n - 1]) if 0 < n <= len(printing.chars) else set()
            agree += any(abs(m - g) <= 2 for m in mapped for g in lines[k])
    return agree / total if total else 1.0


# ---------------------------------------------------------------------------------------------
# The printings used by the tests


def extract_text(text: str, name: str) -> dict[str, Any]:
    from govgraph.extract import extract_gazette
    from govgraph.ingest import parse_gazette

    return extract_gazette(parse_gazette(text, name)).to_gold()


def section_labels(path: Path) -> Callable[[int], str]:
    """The running head's column label for each source line, from the original's sections."""
    from govgraph.ingest import load_gazette

    gz = load_gazette(path)
    names = {
        "document": "文件发布",
        "personnel": "机构人事",
        "news": "政务简讯",
        "chronicle": "政府记事",
        "interpretation": "政策解读",
        "issuance_list": "发文目录",
        "statistics": "统计资料",
    }
    bounds = sorted((gz.line_of(s.start), names.get(s.kind, "")) for s in gz.sections)

    def label(line: int) -> str:
        current = ""
        for start, name in bounds:
            if start > line:
                break
            current = name
        return current

    return label


def unwrapped(path: Path) -> Printing:
    """The plain printing of a two-column gazette: paragraphs as ingestion joined them."""
    from govgraph.ingest import load_gazette

    gz = load_gazette(path)
    first_char: dict[int, int] = {}
    last_char: dict[int, int] = {}
    raw_to_line = gz.line_of_raw
    for i in range(len(gz.text)):
        if gz.text[i] == "\n":
            continue
        line = raw_to_line(gz.raw_offset(i))
        first_char.setdefault(line, i)
        last_char[line] = i

    def joined(a: int, b: int) -> bool:
        if a not in last_char or b not in first_char:
            return False
        lo, hi = last_char[a], first_char[b]
        return lo < hi and "\n" not in gz.text[lo:hi]

    # Lines cut out of the flow but printed: 文号 blocks and floating titles.
    kept = set(first_char) | {n for h in gz.headers for n in h.lines} | set(gz.floating_title_lines)
    for last, title in gz._interpretation_titles.items():
        kept.update(range(title.first, last + 1))
    return unwrap(Printing.of(gz.raw), joined, lambda n: n not in kept)


def printings(path: Path) -> Iterable[tuple[str, Printing]]:
    """The re-laid-out printings of one gazette, by name."""
    text = path.read_text(encoding="utf-8")
    source = Printing.of(text)
    two_col = _is_two_column(source)
    labels = section_labels(path)
    # Paragraphs as ingestion joined them: the plain printing of a two-column text, and a plain
    # text without the breaks its own conversion left at page ends.
    plain = unwrapped(path)
    if two_col:
        yield "unwrapped", plain
        yield "unwrapped+brackets", swap_brackets(plain)
        yield "rewrapped", two_column(plain, labels=labels)
        yield "rewrapped+all", two_column(swap_brackets(plain), labels=labels)
        for column, page_lines, _after in VARIANTS:
            yield (
                f"rewrapped/{column}/{page_lines}",
                two_column(
                    plain, column=column, page_lines=page_lines, double_spaced=column != COLUMN, labels=labels
                ),
            )
    else:
        yield "wrapped", two_column(plain, furniture=False, double_spaced=False)
        yield "wrapped+furniture", two_column(plain, labels=labels)
        yield "brackets", swap_brackets(source)
        yield "blocks", interleave_number_blocks(source)
        yield "all", interleave_number_blocks(two_column(swap_brackets(plain), labels=labels), split=False)
        for column, page_lines, after in VARIANTS:
            printing = two_column(swap_brackets(plain), column=column, page_lines=page_lines, labels=labels)
            yield f"all/{column}/{page_lines}/{after}", interleave_number_blocks(printing, after, split=False)


#: Other page geometries: (column width, lines per page, line of the body the 文号 block lands after).
VARIANTS = ((36, 23, 2), (44, 41, 9), (40, 29, 4))


def _is_two_column(source: Printing) -> bool:
    widths = Counter(display_width(ln.strip()) for ln in source.lines if ln.strip() and "\t" not in ln)
    near = sum(n for w, n in widths.items() if COLUMN - 2 <= w <= COLUMN + 2)
    return near > 0.3 * sum(widths.values())


def survival_table(paths: Iterable[Path]) -> tuple[dict[str, dict[str, Survival]], dict[str, float]]:
    """Per printing name: per kind survival summed over the gazettes; and line agreement."""
    totals: dict[str, dict[str, Survival]] = {}
    lines: dict[str, list[float]] = {}
    for path in paths:
        reference = extract_text(path.read_text(encoding="utf-8"), path.name)
        for name, printing in printings(path):
            got = extract_text(printing.text, path.name)
            per_kind = compare(reference, got)
            bucket = totals.setdefault(name, {k: Survival() for k in KINDS})
            for kind, s in per_kind.items():
                bucket[kind].add(s)
            lines.setdefault(name, []).append(line_agreement(reference, got, printing))
    return totals, {k: sum(v) / len(v) for k, v in lines.items()}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(DATA.glob("*.txt"))
    totals, lines = survival_table(paths)
    head = f"{'printing':<22}" + "".join(f"{k[:12]:>14}" for k in KINDS) + f"{'lines':>8}"
    print(head)
    for name, per_kind in totals.items():
        cells = "".join(f"{per_kind[k].precision:>7.3f}/{per_kind[k].recall:<6.3f}" for k in KINDS)
        agree = f"{lines[name]:>8.3f}"
        print(f"{name:<22}{cells}{agree}")
    if "-v" in sys.argv:
        for name, per_kind in totals.items():
            for kind in KINDS:
                s = per_kind[kind]
                for m in s.missed:
                    print(f"{name} {kind} MISSED {m}")
                for m in s.spurious:
                    print(f"{name} {kind} SPURIOUS {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main([a for a in sys.argv[1:] if a != "-v"]))
