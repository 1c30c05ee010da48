"""Official documents: one record per 文号 block, plus titled notices of the government.

A numbered document's metadata comes from its header block (found by ingestion wherever
the layout printed it); the signing date is the last date line of the body before its
attachments; the addressees are the salutation line ending with a colon.  A personnel
notice that opens with "市人民政府决定" is itself a titled notice of the government, with
no number and no printed date.
"""

from __future__ import annotations

import re

from govgraph.ingest import Gazette, Section
from govgraph.ingest.layout import is_date_line, parse_date
from govgraph.records import DocumentRecord, Provenance

EXTRACTOR = "documents"

_ADDRESSEE_RE = re.compile(r"^[^。]{2,80}?[：:]$")
_ATTACHMENT_RE = re.compile(r"^附件\s*[：:]\s*(?P<list>.+)$")
_DECISION_RE = re.compile(r"^(?P<issuer>\S{0,10}?[市县区省]人民政府)决定[：:]")
_CITY_RE = re.compile(r"(\S{2,6}?[市县])人民政府公报")


def gazette_city(gz: Gazette) -> str | None:
    """The government that publishes the gazette: 温州市 in 温州市人民政府公报."""
    m = _CITY_RE.search(gz.raw[:50_000])
    return m.group(1) if m else None


def extract_documents(gz: Gazette) -> list[DocumentRecord]:
    records = []
    for section in gz.sections:
        if section.kind == "document" and section.header is not None:
            records.append(_numbered_document(gz, section))
        elif section.kind == "personnel":
            rec = _titled_notice(gz, section)
            if rec is not None:
                records.append(rec)
    return records


def _numbered_document(gz: Gazette, section: Section) -> DocumentRecord:
    h = section.header
    assert h is not None
    paragraphs = list(gz.paragraphs(section.start, section.end))
    date = h.date
    addressees = None
    attachments: list[str] = []
    for para in paragraphs:
        text = para.text.strip()
        if addressees is None and _ADDRESSEE_RE.match(text) and len(text) < 80:
            addressees = text.rstrip("：:")
        m = _ATTACHMENT_RE.match(text)
        if m and not attachments:
            attachments = [a for a in re.split(r"\s*\d+[.．、]\s*", m.group("list")) if a.strip()]
        if date is None and is_date_line(text):
            # The first signing date closes the notice; later dates belong to attachments.
            # Quirk: lone notices sign in Chinese numerals (二〇〇七年三月二十三日).
            date = parse_date(text)
    line = h.number_line
    number_start = gz.raw.find(h.doc_number or "", gz.line_starts[line - 1]) if h.doc_number else -1
    start = number_start if number_start >= 0 else h.start
    prov = Provenance(
        source=gz.name,
        line=line,
        start=gz.file_offset(h.start),
        end=gz.file_offset(h.end),
        evidence=re.sub(r"\s+", " ", gz.raw[h.start : h.end]).strip(),
        extractor=EXTRACTOR,
        **gz.page_location(gz.file_offset(h.start)),
    )
    del start
    return DocumentRecord(
        doc_number=h.doc_number,
        doc_id=h.doc_id,
        title=h.title,
        issuer=h.issuer,
        date=date,
        standard_id=h.standard_id,
        addressees=addressees,
        attachments=tuple(attachments),
        prov=prov,
    )


def _titled_notice(gz: Gazette, section: Section) -> DocumentRecord | None:
    body = gz.text[section.start : section.end]
    first_lines = body.split("\n", 4)[:4]
    issuer = None
    for line in first_lines:
        m = _DECISION_RE.match(line.strip())
        if m:
            issuer = m.group("issuer")
            break
    if issuer is None:
        return None
    city = gazette_city(gz)
    if city and issuer.startswith(city[-1]) and not issuer.startswith(city):
        issuer = city + issuer[1:]
    prov = gz.provenance(section.start, section.start + len(first_lines[0]), EXTRACTOR)
    return DocumentRecord(
        doc_number=None,
        doc_id=None,
        title=section.title,
        issuer=issuer,
        date=None,
        standard_id=None,
        addressees=None,
        attachments=(),
        prov=prov,
    )
