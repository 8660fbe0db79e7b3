"""HTML in other systems' descriptions, as plain text: registries keep rich text
(`<p>`, `<br>`, `&amp;`), which graphsvc would show raw."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

#: tags that end a line of text
_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&[#a-zA-Z0-9]+;")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain_text(value: object) -> object:
    """`value` without HTML tags and entities when it is text that has any (lines kept,
    spaces collapsed); anything else as it is."""
    if not isinstance(value, str) or not _TAG.search(value):
        return value
    parser = _Text()
    parser.feed(value)
    parser.close()
    text = unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
