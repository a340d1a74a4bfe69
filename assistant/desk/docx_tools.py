"""Word documents the way a reader expects them: real properties, list styles, bookmarks and links.

python-docx has no API for hyperlinks or bookmarks, so those few elements are written as WordprocessingML.
"""
from __future__ import annotations

import itertools
from datetime import datetime, timezone

AUTHOR = "CMW records assistant"
_ids = itertools.count(1)


def new_document(title: str, subject: str = ""):
    """A document whose properties name this application, not the library's template (author, dates, comments)."""
    from docx import Document
    doc = Document()
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = title
    props.subject = subject
    props.comments = ""
    props.keywords = "CMW; Committee on Migrant Workers; summary records"
    props.category = ""
    props.created = now
    props.modified = now
    props.last_printed = now
    props.revision = 1
    return doc


def _run_props(run_el, superscript: bool = False, link_style: bool = True):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rpr = OxmlElement("w:rPr")
    if link_style:
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "1D4ED8")
        rpr.append(color)
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        rpr.append(u)
    if superscript:
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
    run_el.append(rpr)


def _link(paragraph, text: str, *, anchor: str = "", url: str = "", superscript: bool = False):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    _run_props(run, superscript=superscript)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)
    return link


def internal_link(paragraph, text: str, anchor: str, superscript: bool = False):
    """A link to a bookmark in the same document (a note number pointing at its note)."""
    return _link(paragraph, text, anchor=anchor, superscript=superscript)


def external_link(paragraph, text: str, url: str):
    """A link that opens in the reader's browser (the UN document for a symbol)."""
    return _link(paragraph, text, url=url)


def bookmark(paragraph, name: str) -> None:
    """Wrap the paragraph's content in a bookmark that internal links can target."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    bid = str(next(_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), bid)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), bid)
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def bullet(doc, text: str = "", level: int = 1):
    """A real list item (Word's List Bullet styles), not a paragraph starting with "- "."""
    return doc.add_paragraph(text, style="List Bullet" if level <= 1 else f"List Bullet {min(level, 3)}")


def numbered(doc, text: str = ""):
    return doc.add_paragraph(text, style="List Number")
