"""The sheet XML that spreadsheets write, read with regular expressions.

Excel, LibreOffice, Google Sheets and openpyxl write a sheet's rows in one plain form:
`<row r="2" …>` holding `<c r="A2" s="1" t="s"><v>7</v></c>` or an inline string
`<c r="B2" t="inlineStr"><is><t>text</t></is></c>`. Read with one regular expression
match per cell, such a sheet takes a fifth of the time that expat's Python call per
element and per end tag takes. Anything else — a formula, rich text, a comment, CDATA,
pretty-printing, a row or cell without its reference, an unknown entity, a character
XML does not allow — raises NotSimple, and the caller reads the sheet with expat
instead (see `ingest.xlsx_sheets`), skipping the rows already read. The values are the
expat reader's: the common cells are made here the same way, and every other cell
goes through the same `cell` function.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import Any

ParsedRow = tuple[int, list[tuple[int, Any, str]]]  # (row number, [(column, value, type)])
CellFn = Callable[
    [dict[str, str], str | None, None, None, list[str] | None, list[int]], tuple[int, Any, str]
]

_MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CHUNK = 1 << 20
#: A row (or what comes before the rows) longer than this is left to expat, which reads
#: it as a stream: this reader holds a whole row in memory.
_MAX_HELD = 16 << 20

_ROW = re.compile(r"<row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(r'\sr="(\d+)"')
_CELL_PATTERN = (
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'
    r'(?: ?/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)?</c>)'
)
_CELL = re.compile(_CELL_PATTERN)
_CELLS = re.compile(f"(?:{_CELL_PATTERN})*")  # a row's whole content, or no match
_ENCODING = re.compile(r'<\?xml[^>]*\sencoding=["\']([^"\']+)["\']')
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# what XML 1.0 does not allow in text (expat refuses it), and CR, which XML turns into LF
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


class NotSimple(Exception):
    """The sheet holds something this reader leaves to expat."""


def simple_rows(
    src: Any, columns: dict[str, int], shared: Any, cell: CellFn
) -> Iterator[ParsedRow]:
    """(row number, [(column, value, type)]) per <row>, as the expat reader gives them."""
    text = _Text(src)
    head = text.until("<sheetData")
    if head is None or _MAIN_NS not in head or "<!" in head:
        raise NotSimple("no rows, not the usual namespace, or a DTD")
    declared = _ENCODING.search(head)
    if declared and declared.group(1).lower().replace("-", "") != "utf8":
        raise NotSimple(f"encoding {declared.group(1)}")
    pos, empty = text.skip_tag()
    if empty:  # <sheetData/>
        text.check_end(pos)
        return
    while True:
        buf = text.buf
        if buf.startswith("</sheetData>", pos):
            text.check_end(pos + 12)
            return
        opened = _ROW.match(buf, pos)
        if opened is None:
            if text.more(pos):
                pos = 0
                continue
            raise NotSimple(f"no <row> at {buf[pos : pos + 40]!r}")
        number_match = _ROW_NUMBER.search(opened.group(1))
        if number_match is None:
            raise NotSimple("a row without its number")
        number = int(number_match.group(1))
        if opened.group(2):  # <row r="5"/>
            pos = opened.end()
            yield number, []
            continue
        close = buf.find("</row>", opened.end())
        if close < 0:
            if text.more(pos):
                pos = 0
                continue
            raise NotSimple("a row that does not end")
        cells = _cells(buf, opened.end(), close, columns, shared, cell)
        pos = close + 6
        yield number, cells


def _cells(
    buf: str, start: int, end: int, columns: dict[str, int], shared: Any, cell: CellFn
) -> list[tuple[int, Any, str]]:
    # Two passes in C over the row (is it all plain cells? then each cell's parts), and
    # a short Python step per cell.
    if _CELLS.fullmatch(buf, start, end) is None:
        raise NotSimple(f"a cell this reader does not read in {buf[start : start + 80]!r}")
    if _NOT_PLAIN.search(buf, start, end):
        raise NotSimple("a character that XML does not keep as it is")
    out: list[tuple[int, Any, str]] = []
    for letters, row, style, kind, v, inline in _CELL.findall(buf, start, end):
        # (findall gives "" for a part that is not there)
        column = columns.get(letters)
        if column is None:
            raise NotSimple(f"column {letters}")
        if inline:
            if kind != "inlineStr":
                raise NotSimple("inline text in a cell of another type")
            out.append((column, _unescape(inline) if "&" in inline else inline, "s"))
            continue
        if "&" in v:
            v = _unescape(v)
        if kind == "s" and v:
            out.append((column, shared[int(v)], "s"))
        elif (not kind or kind == "n") and v and not style:
            out.append((column, float(v) if ("." in v or "E" in v or "e" in v) else int(v), "n"))
        else:  # dates (a number with a style), booleans, errors, empty cells …
            attrs = {"r": letters + row}
            if style:
                attrs["s"] = style
            if kind:
                attrs["t"] = kind
            out.append(cell(attrs, v or None, None, None, None, [column]))
    return out


def _unescape(text: str) -> str:
    if "&" in _ENTITY.sub("", text):
        raise NotSimple("an entity other than XML's own")
    return _ENTITY.sub(_entity, text)


def _entity(m: re.Match[str]) -> str:
    named, dec, hexa = m.groups()
    if named:
        return _NAMED[named]
    code = int(dec) if dec else int(hexa, 16)
    char = chr(code) if code <= 0x10FFFF else ""
    if not char or _NOT_PLAIN.match(char) and char not in "\t\n\r":
        raise NotSimple("a character reference XML does not allow")
    return char


class _Text:
    """The sheet's text, decoded a chunk at a time (a sheet is never read whole)."""

    def __init__(self, src: Any) -> None:
        self.src = src
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.done = False

    def more(self, keep_from: int) -> bool:
        """Read another chunk, dropping what came before `keep_from`; False at the end."""
        if self.done:
            return False
        data = self.src.read(_CHUNK)
        try:
            new = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise NotSimple("not UTF-8") from None
        self.done = not data
        self.buf = self.buf[keep_from:] + new
        if len(self.buf) > _MAX_HELD:
            raise NotSimple("a row longer than this reader holds")
        return True

    def until(self, marker: str) -> str | None:
        """Everything before `marker` (the buffer then starts there), or None if absent."""
        while True:
            at = self.buf.find(marker)
            if at >= 0:
                head, self.buf = self.buf[:at], self.buf[at:]
                return head
            if not self.more(0):
                return None

    def skip_tag(self) -> tuple[int, bool]:
        """The position after the tag the buffer starts with, and whether it was empty
        (<x/>)."""
        while (end := self.buf.find(">")) < 0:
            if not self.more(0):
                raise NotSimple("the sheet ends inside a tag")
        return end + 1, self.buf[end - 1] == "/"

    def check_end(self, pos: int) -> None:
        """What follows the rows ends the document as a sheet does (a cut-off file does
        not); expat judges anything else."""
        tail = self.buf[pos:]
        while self.more(len(self.buf)):
            tail += self.buf
            if len(tail) > _CHUNK:
                tail = tail[-_CHUNK:]
        if not tail.rstrip().endswith("</worksheet>") or "<!" in tail:
            raise NotSimple("the sheet does not end as a sheet does")
