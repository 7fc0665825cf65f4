"""Read a PDF back with poppler and qpdf, the tools a reader's machine would use."""

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path


def _run(tool: str, *args: str) -> str:
    command = [shutil.which(tool) or tool, *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout  # noqa: S603


class Pdf:
    """A rendered PDF written to `directory`, for the command-line tools."""

    def __init__(self, data: bytes, directory: Path):
        self.data = data
        self.path = str(Path(directory) / f"{hashlib.sha256(data).hexdigest()[:16]}.pdf")
        Path(self.path).write_bytes(data)

    def text(self, page: int | None = None, *, layout: bool = False) -> str:
        pages = ("-f", str(page), "-l", str(page)) if page else ()
        return _run("pdftotext", *(("-layout",) if layout else ()), *pages, self.path, "-")

    def info(self) -> dict[str, str]:
        lines = _run("pdfinfo", self.path).splitlines()
        return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}

    @property
    def pages(self) -> int:
        return int(self.info()["Pages"])

    def page_sizes(self) -> list[str]:
        lines = _run("pdfinfo", "-f", "1", "-l", str(self.pages), self.path).splitlines()
        return [
            line.split(":", 1)[1].strip() for line in lines if re.match(r"Page\s+\d+ size", line)
        ]

    def furniture_and_body(self, page: int) -> tuple[str, str, str]:
        """(running header, body, running footer) of a page: the margin boxes are the
        top and bottom lines of the page as laid out."""
        lines = [line for line in self.text(page, layout=True).splitlines() if line.strip()]
        return lines[0], "\n".join(lines[1:-1]), lines[-1]

    def body_text(self) -> str:
        """The text of every page without its running header and footer."""
        return "\n".join(self.furniture_and_body(page)[1] for page in range(1, self.pages + 1))

    def xmp(self) -> str:
        return _run("pdfinfo", "-meta", self.path)

    def fonts(self) -> list[dict[str, str]]:
        """pdffonts' table, by column; names never hold spaces as WeasyPrint writes them."""
        rows = _run("pdffonts", self.path).splitlines()[2:]
        columns = ("name", "type", "encoding", "emb", "sub", "uni")
        fonts = []
        for row in rows:
            name, kind, rest = re.split(r"\s{2,}", row.strip(), maxsplit=2)
            encoding, emb, sub, uni, *_ = rest.split()
            fonts.append(dict(zip(columns, (name, kind, encoding, emb, sub, uni), strict=True)))
        return fonts

    def _objects(self) -> dict:
        return json.loads(_run("qpdf", "--json=2", "--json-key=qpdf", self.path))["qpdf"][1]

    def catalog(self) -> dict:
        objects = self._objects()
        return objects[f"obj:{objects['trailer']['value']['/Root']}"]["value"]

    def link_targets(self) -> list[str]:
        """The URI of every link annotation."""
        values = (obj.get("value") for obj in self._objects().values())
        actions = (
            v.get("/A") for v in values if isinstance(v, dict) and v.get("/Subtype") == "/Link"
        )
        return [
            a["/URI"].removeprefix("u:") for a in actions if isinstance(a, dict) and "/URI" in a
        ]
