"""The registry as data: one loader per file, each naming the file and the row of a bad value.

``data/registry/`` (or the directory of ``$GOVGRAPH_REGISTRY``) holds, see its REGISTRY.md:

* ``divisions.csv``   every province, prefecture and county-level division (:mod:`govgraph.places`);
* ``departments.csv`` the standard bodies of a place as templates (names since and before the
  2018–2019 reform, with years, and their printed short forms), party, congress, CPPCC, court and
  mass-organisation bodies, central organs in a place (国家税务总局X税务局, X海关 …);
* ``places/*.csv``    one place's overrides: bodies the templates do not make, extra plaques,
  former and local names (today: 温州市);
* ``collectives.csv`` collective actors (各县（市、区）政府, 有关部门 …);
* ``docnum_codes.csv`` the place part of 文号 issuer codes (京, 苏, 宁 南京, 甬 宁波 …);
* ``abbreviations.csv`` printed abbreviations inside names (管委会 → 管理委员会, 人行 → 中国人民银行);
* ``titles.csv``      title words (read here for their scope: 市长 → the city's government).

Everything is read when first needed and cached per directory (:func:`registry_at`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govgraph.errors import InputError
from govgraph.places import Gazetteer, gazetteer_at
from govgraph.resources import registry_dir
from govgraph.text import fold_name_brackets

AGENCY_COLUMNS = ("id", "name", "aliases", "other_names", "former_names", "level", "kind", "parent")
COLLECTIVE_COLUMNS = ("id", "name", "aliases", "scope")
TEMPLATE_COLUMNS = ("canonical", "forms", "tiers", "since", "until", "kind", "parent")
DOCNUM_COLUMNS = ("code", "place", "note")
# The place of the central government's codes in docnum_codes.csv (国办发, 中发).
CENTRAL_PLACE = "中央"
ABBREVIATION_COLUMNS = ("printed", "full", "where")
LEVELS = frozenset({"central", "provincial", "municipal", "county", "township"})
ORG_KINDS = frozenset(
    {
        "government",
        "government_department",
        "party_organ",
        "congress_cppcc",
        "judicial",
        "zone_committee",
        "soe",
        "public_institution",
        "mass_organisation",
        "military",
        "other",
    }
)
SCOPES = LEVELS | {"any"}
TIERS = {"P": "province", "M": "municipality", "C": "prefecture", "X": "county"}

# ---------------------------------------------------------------------------------------------
# Normalisation

SPACE_RE = re.compile(r"[\s\u3000\u00a0]+")


def normalize_name(name: str) -> str:
    """Matching key of a printed agency name.

    Folds every bracket width (``〈经开区〉``, ``<经开区>``, ``(经开区)``, ``〔河长办〕`` →
    ``（…）``), removes white space (names broken across lines or letter-spaced) and a
    leading ``*`` lead-unit marker.  The printed form is kept by the caller.
    """
    key = SPACE_RE.sub("", name).lstrip("*＊")
    return fold_name_brackets(key)


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """One row of a place's overrides file (``places/<place>.csv``)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    other_names: tuple[str, ...]
    former_names: tuple[tuple[str, int | None], ...]  # (name, year of the rename)
    level: str
    kind: str
    parent: str | None

    def names(self) -> tuple[str, ...]:
        """Every name the body is known by, canonical first."""
        return (self.name, *self.aliases, *self.other_names, *(n for n, _ in self.former_names))


@dataclass(frozen=True, slots=True)
class CollectiveRecord:
    """One row of ``collectives.csv``: a collective actor (各县（市、区）政府, 市级有关部门…)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    scope: str


@dataclass(frozen=True, slots=True)
class Template:
    """One row of ``departments.csv``: a standard body of a place of some tiers."""

    canonical: str  # with {full}, {short} or {place}
    forms: tuple[str, ...]  # printed forms without the place word
    tiers: frozenset[str]  # province | municipality | prefecture | county
    since: int | None
    until: int | None
    kind: str
    parent: str | None  # government | party | None
    line: int

    @property
    def prefix(self) -> str:
        """What the official name prints before the place (中共, 国家税务总局, 中华人民共和国)."""
        return self.canonical.split("{", 1)[0]

    @property
    def bare_name(self) -> str:
        """The official name without its place, when it prints its place first (财政局,
        总工会); "" for names with the place inside (中共{full}委组织部, 国家税务总局{full}税务局)."""
        rest = self.canonical.removeprefix("{full}")
        return "" if "{" in rest else rest

    def render(self, full: str, short: str, printed: str | None) -> str:
        return self.canonical.format(full=full, short=short, place=printed or full)

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.since is None or self.since <= year) and (self.until is None or year < self.until)


@dataclass(frozen=True, slots=True)
class PlaceOverrides:
    """One ``places/*.csv`` file: the rows and the place they belong to by default."""

    path: str
    place_code: str
    rows: tuple[AgencyRecord, ...]


# ---------------------------------------------------------------------------------------------
# Loaders


def split_cell(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _year(cell: str, path: Path, lineno: int, what: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    if not re.fullmatch(r"(?:19|20)\d\d", cell):
        raise InputError(str(path), f"line {lineno}: {what} must be a year, found {cell!r}")
    return int(cell)


def _former(cell: str | None, path: Path, lineno: int) -> tuple[tuple[str, int | None], ...]:
    out: list[tuple[str, int | None]] = []
    for item in split_cell(cell):
        name, _, year = item.partition(":")
        if year and not year.isdigit():
            raise InputError(str(path), f"line {lineno}: former name {item!r}: year must be digits")
        out.append((name.strip(), int(year) if year else None))
    return tuple(out)


def read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a registry CSV (``#`` lines are comments) as (line number, row)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [(i + 1, line) for i, line in enumerate(fh) if not line.startswith("#")]
    except OSError as exc:
        raise InputError(str(path), f"cannot read registry: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "registry is not UTF-8") from exc
    if not lines:
        raise InputError(str(path), "empty registry file")
    reader = csv.reader(line for _, line in lines)
    header = tuple(next(reader))
    if header != columns:
        raise InputError(str(path), f"header must be {','.join(columns)}, found {','.join(header)}")
    out = []
    for (lineno, _), row in zip(lines[1:], reader, strict=False):
        if len(row) != len(columns):
            raise InputError(str(path), f"line {lineno}: {len(row)} cells, want {len(columns)}")
        out.append((lineno, {k: (v or "").strip() for k, v in zip(columns, row, strict=True)}))
    return out


def load_agencies(path: Path) -> list[AgencyRecord]:
    """Read and validate a place's overrides file; a bad row is an :class:`InputError`."""
    rows: list[AgencyRecord] = []
    for lineno, row in read_table(path, AGENCY_COLUMNS):
        if not row["id"] or not row["name"]:
            raise InputError(str(path), f"line {lineno}: id and name are required")
        if row["level"] not in LEVELS:
            raise InputError(str(path), f"line {lineno}: unknown level {row['level']!r}")
        if row["kind"] not in ORG_KINDS:
            raise InputError(str(path), f"line {lineno}: unknown kind {row['kind']!r}")
        rows.append(
            AgencyRecord(
                id=row["id"],
                name=row["name"],
                aliases=split_cell(row["aliases"]),
                other_names=split_cell(row["other_names"]),
                former_names=_former(row["former_names"], path, lineno),
                level=row["level"],
                kind=row["kind"],
                parent=row["parent"] or None,
            )
        )
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(str(path), f"duplicate ids: {', '.join(dup)}")
    known = set(ids)
    for r in rows:
        if r.parent is not None and r.parent not in known:
            raise InputError(str(path), f"{r.id}: parent {r.parent!r} is not an id of the file")
    return rows


_PLACE_LINE_RE = re.compile(r"^#\s*place:\s*(\d{6})")


def load_place_overrides(path: Path, gaz: Gazetteer) -> PlaceOverrides:
    """A ``places/*.csv`` file; its ``# place: <code>`` comment names the place of its rows."""
    try:
        head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read registry: {exc}") from exc
    codes = [m.group(1) for line in head if (m := _PLACE_LINE_RE.match(line))]
    if len(codes) != 1:
        raise InputError(str(path), "needs one '# place: <six-digit division code>' comment line")
    if codes[0] not in gaz.by_code:
        raise InputError(str(path), f"place {codes[0]} is not a code of divisions.csv")
    return PlaceOverrides(str(path), codes[0], tuple(load_agencies(path)))


def load_collectives(path: Path) -> list[CollectiveRecord]:
    """Read and validate ``collectives.csv``."""
    rows: list[CollectiveRecord] = []
    for lineno, row in read_table(path, COLLECTIVE_COLUMNS):
        if not row["id"] or not row["name"]:
            raise InputError(str(path), f"line {lineno}: id and name are required")
        if row["scope"] not in SCOPES:
            raise InputError(str(path), f"line {lineno}: unknown scope {row['scope']!r}")
        rows.append(CollectiveRecord(row["id"], row["name"], split_cell(row["aliases"]), row["scope"]))
    return rows


_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def load_templates(path: Path) -> list[Template]:
    """Read and validate ``departments.csv``."""
    out: list[Template] = []
    for lineno, row in read_table(path, TEMPLATE_COLUMNS):
        canonical = row["canonical"]
        holders = _PLACEHOLDER_RE.findall(canonical)
        if not holders:
            canonical = "{full}" + canonical
        elif len(holders) != 1 or holders[0] not in ("full", "short", "place"):
            raise InputError(
                str(path), f"line {lineno}: one placeholder {{full}}, {{short}} or {{place}} expected"
            )
        if not canonical.replace("{" + (holders or ["full"])[0] + "}", ""):
            raise InputError(str(path), f"line {lineno}: canonical name is empty")
        tiers = frozenset(TIERS.get(c, "") for c in row["tiers"])
        if not row["tiers"] or "" in tiers:
            raise InputError(
                str(path), f"line {lineno}: tiers must be letters of PMCX, found {row['tiers']!r}"
            )
        if row["kind"] not in ORG_KINDS:
            raise InputError(str(path), f"line {lineno}: unknown kind {row['kind']!r}")
        if row["parent"] not in ("", "government", "party"):
            raise InputError(str(path), f"line {lineno}: parent must be government, party or empty")
        own = normalize_name(_PLACEHOLDER_RE.sub("", canonical))
        forms = tuple(dict.fromkeys([own, *(normalize_name(f) for f in split_cell(row["forms"]))]))
        out.append(
            Template(
                canonical=canonical,
                forms=forms,
                tiers=tiers,
                since=_year(row["since"], path, lineno, "since"),
                until=_year(row["until"], path, lineno, "until"),
                kind=row["kind"],
                parent=row["parent"] or None,
                line=lineno,
            )
        )
    return out


def load_docnum_codes(path: Path, gaz: Gazetteer) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """``docnum_codes.csv``: (issuer-code place part → division codes, the codes of the central
    government).  One code may name several places: 宁 is both 宁夏 and 南京; the document's other
    evidence decides.  Rows whose place is ``中央`` are whole codes of central organs (国办发)."""
    out: dict[str, list[str]] = {}
    central: set[str] = set()
    for lineno, row in read_table(path, DOCNUM_COLUMNS):
        code, place = row["code"], row["place"]
        if not code or not place:
            raise InputError(str(path), f"line {lineno}: code and place are required")
        if place == CENTRAL_PLACE:
            central.add(code)
            continue
        found = gaz.named(place)
        if not found:
            raise InputError(str(path), f"line {lineno}: {place!r} is not a division of divisions.csv")
        out.setdefault(code, []).append(found[0].code)
    return {k: tuple(v) for k, v in out.items()}, frozenset(central)


def load_abbreviations(path: Path) -> list[tuple[str, str, str]]:
    """``abbreviations.csv``: (printed, full, where): where = start | end | any."""
    out = []
    for lineno, row in read_table(path, ABBREVIATION_COLUMNS):
        if not row["printed"] or not row["full"]:
            raise InputError(str(path), f"line {lineno}: printed and full are required")
        if row["where"] not in ("start", "end", "any"):
            raise InputError(str(path), f"line {lineno}: where must be start, end or any")
        out.append((row["printed"], row["full"], row["where"]))
    return out


def load_title_scopes(path: Path) -> dict[str, tuple[str, str]]:
    """title → (category, scope) of ``titles.csv``, read by the file's one reader
    (:func:`govgraph.extract.officials.registry_titles`, which validates it)."""
    from govgraph.extract.officials import registry_titles

    return {SPACE_RE.sub("", row.title): (row.category, row.scope) for row in registry_titles(path)}


# ---------------------------------------------------------------------------------------------
# The registry of one directory


@dataclass(frozen=True)
class Registry:
    """Every registry file of one directory, loaded."""

    directory: Path
    gazetteer: Gazetteer
    templates: tuple[Template, ...]
    places: tuple[PlaceOverrides, ...]
    collectives: tuple[CollectiveRecord, ...]
    docnum_codes: dict[str, tuple[str, ...]]
    central_codes: frozenset[str]
    abbreviations: tuple[tuple[str, str, str], ...]
    title_scopes: dict[str, tuple[str, str]]

    @classmethod
    def load(cls, directory: Path) -> Registry:
        gaz = gazetteer_at(directory)

        def optional(name: str, loader, default):  # type: ignore[no-untyped-def]
            path = directory / name
            return loader(path) if path.exists() else default

        places_dir = directory / "places"
        places = (
            tuple(load_place_overrides(p, gaz) for p in sorted(places_dir.glob("*.csv")))
            if places_dir.is_dir()
            else ()
        )
        codes, central = optional("docnum_codes.csv", lambda p: load_docnum_codes(p, gaz), ({}, frozenset()))
        return cls(
            directory=directory,
            gazetteer=gaz,
            templates=tuple(optional("departments.csv", load_templates, [])),
            places=places,
            collectives=tuple(optional("collectives.csv", load_collectives, [])),
            docnum_codes=codes,
            central_codes=central,
            abbreviations=tuple(optional("abbreviations.csv", load_abbreviations, [])),
            title_scopes=optional("titles.csv", load_title_scopes, {}),
        )

    def agencies(self) -> Iterable[tuple[PlaceOverrides, AgencyRecord]]:
        for p in self.places:
            for row in p.rows:
                yield p, row


@cache
def registry_at(directory: Path) -> Registry:
    return Registry.load(directory)


def registry() -> Registry:
    """The registry in use (``$GOVGRAPH_REGISTRY`` or the packaged one)."""
    return registry_at(registry_dir())
