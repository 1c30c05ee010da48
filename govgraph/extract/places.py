"""Place cues: the lines of a gazette that say which government it (or one of its documents) is of.

What a document prints about its place, wherever the layout put it: the gazette masthead
(温州市人民政府公报, 许昌市人民政府文件), a source line (来源:吉首市人民政府, 发布机构:…), a
signature line (合肥市人民政府 above the date), a 文号 standing alone on a line (许政〔2020〕20号),
cited 文号 (苏政办发〔2019〕48号: the province around the document), the first lines (title),
date lines, and how often each division of the gazetteer is named in the text.  The cues are
kept with their lines; :mod:`govgraph.resolve.jurisdiction` weighs them per document.
"""

from __future__ import annotations

from govgraph.ingest import Gazette
from govgraph.places import place_cues
from govgraph.records import Extraction, PlaceCue


def extract_place_cues(gz: Gazette, ex: Extraction | None = None) -> list[PlaceCue]:
    """The place cues of one gazette (see the module docstring), in line order.  Mastheads are
    page furniture, gone from the clean text: the cues are read from the file's own lines."""
    return place_cues(gz.raw)
