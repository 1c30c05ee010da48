"""The resolution score (``govgraph eval --resolution FILE``).

``FILE`` is a ``resolution.json`` (see the development set's README): one entry per unit mention
of the gold, with the file, line, mention, the jurisdiction of the file, the canonical name of
the body (``null`` for a collective) and whether the annotator was sure.  Each gazette is
extracted, its documents' jurisdictions are decided from what they print, and each gold mention
is resolved in the jurisdiction of the document at its line.  Reported:

* **exact** — mentions whose entity's name is the canonical name (sure, non-collective ones: the
  headline number; all non-collective ones as well);
* **wrong jurisdiction** — distinct entities put in a place that is not the gold's (a body of
  another city, a collective of another place): the number that must stay 0;
* **unplaced** — mentions left as printed because the jurisdiction was unknown;
* **jurisdictions** — files whose decided jurisdiction is the gold's, unknown, or another.

The same is measured with the gold jurisdiction given (as a user's ``--jurisdiction``), which
scores the resolver apart from the jurisdiction detector.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.errors import InputError
from govgraph.places import Division
from govgraph.records import Extraction
from govgraph.resolve.jurisdiction import Jurisdiction, place_chain
from govgraph.resolve.resolver import UNKNOWN, Entity, Resolver


@dataclass(frozen=True, slots=True)
class GoldMention:
    file: str
    line: int
    mention: str
    jurisdiction: str
    canonical: str | None
    collective: bool
    sure: bool


@dataclass
class ResolutionScore:
    sure: int = 0
    sure_exact: int = 0
    named: int = 0  # non-collective, sure or not
    named_exact: int = 0
    unplaced: int = 0
    wrong: set[str] = field(default_factory=set)  # entity ids in a wrong place
    files_right: int = 0
    files_unknown: int = 0
    files_wrong: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sure": self.sure,
            "sure_exact": self.sure_exact,
            "sure_exact_share": round(self.sure_exact / self.sure, 4) if self.sure else None,
            "named": self.named,
            "named_exact": self.named_exact,
            "unplaced": self.unplaced,
            "wrong_jurisdiction_entities": sorted(self.wrong),
            "files_right": self.files_right,
            "files_unknown": self.files_unknown,
            "files_wrong": self.files_wrong,
        }


def load_resolution_gold(path: Path) -> list[GoldMention]:
    """Read ``resolution.json``; a malformed entry is an :class:`InputError` naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read resolution gold: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "resolution gold must be a JSON list of entries")
    out = []
    for i, e in enumerate(data):
        try:
            out.append(
                GoldMention(
                    file=str(e["file"]),
                    line=int(e["line"]),
                    mention=str(e["mention"]),
                    jurisdiction=str(e["jurisdiction"]),
                    canonical=e.get("canonical"),
                    collective=bool(e.get("collective", False)),
                    sure=bool(e.get("sure", True)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"entry {i}: {exc!r}") from exc
    return out


def _gold_division(resolver: Resolver, gold: GoldMention) -> Division | None:
    """Where the gold puts the body: the place its canonical name prints, else the file's."""
    gaz = resolver.gaz
    if gold.canonical:
        text = gold.canonical
        for prefix in resolver._prefix_order:  # the organ prefixes of the templates (中共, 国家税务总局)
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        chain = place_chain(text, gaz)
        if chain and len(chain[-1]) == 1:
            return chain[-1][0]
        for m in gaz.names_pattern.finditer(gold.canonical):
            found = gaz.named(m.group())
            if len(found) == 1:
                return found[0]
    try:
        place = resolver.detector.parse_override(gold.jurisdiction)
    except InputError:
        return None
    return place.division


def _entity_division(resolver: Resolver, entity: Entity) -> Division | None:
    code = (entity.place_code or "").split("/", 1)[0]
    return resolver.gaz.by_code.get(code)


def score_resolution(
    gold: Sequence[GoldMention],
    extractions: Iterable[Extraction],
    resolver: Resolver,
    *,
    given: bool = False,
) -> ResolutionScore:
    """Score ``gold`` on the extractions of its files (``given``: in the gold jurisdiction)."""
    by_file = {ex.source: ex for ex in extractions}
    score = ResolutionScore()
    files: dict[str, tuple[str, Jurisdiction]] = {}
    for g in gold:
        ex = by_file.get(g.file)
        if ex is None:
            continue
        if given:
            where = resolver.jurisdiction(g.jurisdiction, scope=g.file)
        else:
            where = resolver.jurisdictions(ex).of(line=g.line)
        files.setdefault(g.file, (g.jurisdiction, where))
        entity = resolver.resolve_agency(g.mention, where)
        if entity.resolved_by == UNKNOWN:
            score.unplaced += 1
        placed = _entity_division(resolver, entity)
        want = _gold_division(resolver, g)
        if placed is not None and want is not None and placed.code != want.code:
            score.wrong.add(entity.id)
        if g.collective:
            continue
        score.named += 1
        exact = entity.name == g.canonical
        score.named_exact += exact
        if g.sure:
            score.sure += 1
            score.sure_exact += exact
            if not exact:
                score.misses.append(f"{g.file}:{g.line} {g.mention} → {entity.name} (gold {g.canonical})")
    for gold_place, where in files.values():
        if not where.known:
            score.files_unknown += 1
        elif where.label == gold_place or where.label == _qualified(resolver, gold_place):
            score.files_right += 1
        else:
            score.files_wrong += 1
    return score


def _qualified(resolver: Resolver, name: str) -> str:
    try:
        place = resolver.detector.parse_override(name)
    except InputError:
        return name
    return resolver.gaz.qualified(place.division) + (place.township or "")


def format_resolution(detected: ResolutionScore, given: ResolutionScore) -> str:
    def share(a: int, b: int) -> str:
        return f"{a}/{b} {a / b:.3f}" if b else "-"

    rows = [
        ("jurisdiction", "detected", "given"),
        ("sure exact", share(detected.sure_exact, detected.sure), share(given.sure_exact, given.sure)),
        ("all exact", share(detected.named_exact, detected.named), share(given.named_exact, given.named)),
        ("wrong jurisdiction", str(len(detected.wrong)), str(len(given.wrong))),
        ("unplaced mentions", str(detected.unplaced), str(given.unplaced)),
        (
            "files right/unknown/wrong",
            f"{detected.files_right}/{detected.files_unknown}/{detected.files_wrong}",
            "-",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{a:<{width}}  {b:>18}  {c:>18}" for a, b, c in rows)


def evaluate_resolution(
    gold_path: Path, extractions: Iterable[Extraction], make_resolver: Callable[[], Resolver]
) -> tuple[ResolutionScore, ResolutionScore]:
    """(detected, given) scores of ``gold_path`` on ``extractions`` (fresh resolvers each)."""
    gold = load_resolution_gold(gold_path)
    exs = list(extractions)
    return (
        score_resolution(gold, exs, make_resolver()),
        score_resolution(gold, exs, make_resolver(), given=True),
    )
