"""The tagged structure of a PDF, read back with pikepdf: the tree a screen reader
walks instead of the page. `problems()` names each way the tree falls short of what
PDF/UA-1 asks of its lists, headings, figures and tables, and of the catalog and XMP
that claim it. It checks the parts that a program can check, not the whole standard:
the README says what is left out."""

import io
from dataclasses import dataclass, field

import pikepdf

HEADING_LEVELS = {f"H{n}": n for n in range(1, 7)}
SCOPES = {"/Row", "/Column", "/Both"}
TABLE_SECTIONS = {"THead", "TBody", "TFoot"}


@dataclass
class Element:
    """One structure element: its standard type, its attributes and its children."""

    tag: str
    node: pikepdf.Dictionary
    parent: "Element | None" = None
    kids: list["Element"] = field(default_factory=list)

    @property
    def kid_tags(self) -> list[str]:
        return [kid.tag for kid in self.kids]

    def attribute(self, name: str):
        """An attribute from the element's attribute objects (/A: one, or an array)."""
        owners = self.node.get("/A")
        for owner in owners if isinstance(owners, pikepdf.Array) else [owners]:
            if isinstance(owner, pikepdf.Dictionary) and name in owner:
                return owner[name]
        return None


def structure(pdf: pikepdf.Pdf) -> list[Element]:
    """Every structure element in document (reading) order, types mapped through the
    RoleMap to the standard ones."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap", {})
    elements = []

    def standard(tag: str) -> str:
        seen = set()
        while f"/{tag}" in role_map and tag not in seen:
            seen.add(tag)
            tag = str(role_map[f"/{tag}"])[1:]
        return tag

    def walk(node, parent):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return  # marked content (an MCID) or an annotation, not an element
        element = Element(standard(str(node.S)[1:]), node, parent)
        elements.append(element)
        if parent:
            parent.kids.append(element)
        for kid in _as_list(node.get("/K")):
            walk(kid, element)

    for kid in _as_list(root.get("/K")):
        walk(kid, None)
    return elements


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def list_problems(elements: list[Element]) -> list[str]:
    """An LI holds an optional Lbl, then one LBody, and nothing else; an L holds its
    items (and a caption): a nested list belongs in the body of an item."""
    found = []
    for element in elements:
        parent_tag = element.parent.tag if element.parent else None
        if element.tag == "LI" and element.kid_tags not in (["LBody"], ["Lbl", "LBody"]):
            found.append(f"list item: LI holds {element.kid_tags}, not [Lbl], LBody")
        if element.tag in ("Lbl", "LBody") and parent_tag != "LI":
            found.append(f"list item: {element.tag} inside {parent_tag}, not inside an LI")
        if element.tag == "L" and parent_tag == "L":
            found.append("nested list: L directly inside an L, not inside an LBody")
        if element.tag == "L" and not set(element.kid_tags) <= {"LI", "Caption", "L"}:
            found.append(f"list: L holds {sorted(set(element.kid_tags))}")
    return found


def heading_problems(elements: list[Element]) -> list[str]:
    """Headings start at H1 and never skip a level going down (H1 then H3)."""
    found, previous = [], 0
    for element in elements:
        level = HEADING_LEVELS.get(element.tag)
        if level is None:
            continue
        if level > previous + 1:
            found.append(f"heading: H{level} follows {f'H{previous}' if previous else 'nothing'}")
        previous = level
    return found


def figure_problems(elements: list[Element]) -> list[str]:
    return [
        "figure: Figure without Alt"
        for element in elements
        if element.tag == "Figure" and not str(element.node.get("/Alt", "")).strip()
    ]


def table_problems(elements: list[Element], id_tree: dict[str, pikepdf.Object]) -> list[str]:
    """A Table is rows (in THead, TBody or TFoot, or not) of TH and TD cells; each
    header cell has a Scope, and each data cell's Headers name header cells of its own
    table, found by their IDs in the IDTree, as a reader looks them up."""
    found = []
    for table in (element for element in elements if element.tag == "Table"):
        sections = [kid for kid in table.kids if kid.tag in TABLE_SECTIONS]
        rows = [kid for kid in table.kids if kid.tag == "TR"]
        rows += [row for section in sections for row in section.kids if row.tag == "TR"]
        others = {kid.tag for kid in table.kids} - TABLE_SECTIONS - {"TR", "Caption"}
        others |= {row.tag for s in sections for row in s.kids} - {"TR"}
        if not rows or others:
            found.append(f"table: {len(rows)} TR rows, and {sorted(others)} besides")
        cells = [cell for row in rows for cell in row.kids]
        if any(cell.tag not in ("TH", "TD") for cell in cells) or any(not r.kids for r in rows):
            found.append(f"table: a row holds {sorted({c.tag for c in cells} - {'TH', 'TD'})}")
        headers = {cell.node.objgen for cell in cells if cell.tag == "TH"}
        for cell in cells:
            if cell.tag == "TH" and str(cell.attribute("/Scope")) not in SCOPES:
                found.append("table: TH without a Scope of Row, Column or Both")
            for name in _as_list(cell.attribute("/Headers")):
                named = id_tree.get(str(name))
                if named is None or named.objgen not in headers:
                    found.append(f"table: Headers names {name}, not a TH of this table")
    return found


def document_problems(pdf: pikepdf.Pdf) -> list[str]:
    """The catalog and XMP of a tagged PDF/UA-1 document whose title is shown."""
    found = []
    root = pdf.Root
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        found.append("document: MarkInfo/Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        found.append("document: no Lang")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        found.append("document: ViewerPreferences/DisplayDocTitle is not true")
    xmp = pdf.open_metadata()  # pikepdf's XMP reader, hardened against XML attacks
    if str(xmp.get("pdfuaid:part", "")) != "1":
        found.append(f"document: XMP pdfuaid:part is {xmp.get('pdfuaid:part')!r}, not 1")
    if not str(xmp.get("dc:title", "")).strip():
        found.append("document: no dc:title in the XMP")
    return found


def _id_tree(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    root = pdf.Root.StructTreeRoot
    if "/IDTree" not in root:
        return {}
    return {str(key): value for key, value in pikepdf.NameTree(root.IDTree).items()}


def problems(data: bytes) -> list[str]:
    """Every problem found in the PDF `data`; none for a sound one."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return ["document: not tagged (no StructTreeRoot)"]
        elements = structure(pdf)
        return [
            *document_problems(pdf),
            *list_problems(elements),
            *heading_problems(elements),
            *figure_problems(elements),
            *table_problems(elements, _id_tree(pdf)),
        ]


def tags(data: bytes) -> list[tuple[str, str | None]]:
    """(type, parent's type) of every structure element, to say what a tree holds."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(e.tag, e.parent.tag if e.parent else None) for e in structure(pdf)]


def header_scopes(data: bytes) -> list[str]:
    """The Scope of every table header cell (TH), in reading order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(e.attribute("/Scope")) for e in structure(pdf) if e.tag == "TH"]
