"""Read the records of a large JSON file one at a time (no third-party parser needed).

`iter_records(fh)` yields the items of a top-level array, of the array under a key such
as PTV's `itemList` or HSDS's `contents`, or the top-level object itself when it holds no
such list. Only one record is in memory at a time (plus a read buffer), so a list
response of 10,000 PTV services does not have to fit in memory as Python objects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from graphsvc.errors import InvalidData

_WS = " \t\r\n"
_CHUNK = 1 << 20
_DECODER = json.JSONDecoder()
#: A syntax error this close to the end of the buffer may only mean "read more".
_MARGIN = 64


class _Buffer:
    def __init__(self, fh: IO[str], name: str) -> None:
        self.fh = fh
        self.name = name
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the front (for error positions)

    def _fill(self, size: int = _CHUNK) -> None:
        data = self.fh.read(size)
        if not data:
            self.eof = True
        self.consumed += self.pos
        self.buf = self.buf[self.pos :] + data
        self.pos = 0

    def peek(self) -> str:
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < len(buf) or self.eof:
                return buf[pos] if pos < len(buf) else ""
            self._fill()

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"expected {char!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(self.buf) - _MARGIN or exc.msg.startswith(
                    "Unterminated string"
                )
                if self.eof or not near_end:
                    # "Unterminated string starting at" and the like: the position follows
                    self.fail(exc.msg.removesuffix(" at").removesuffix(" starting"), at=exc.pos)
                self._fill(max(_CHUNK, len(self.buf)))  # doubling keeps re-parsing linear
                continue
            except RecursionError:
                self.fail("nested too deeply")
            except ValueError as exc:  # (JSONDecodeError is one too, handled above)
                if "integer string conversion" not in str(exc):
                    raise
                self.fail(f"a number has more than {sys.get_int_max_str_digits():,} digits")
            if end >= len(self.buf) and not self.eof:  # a number may go on in the next chunk
                self._fill(max(_CHUNK, len(self.buf)))
                continue
            self.pos = end
            return obj

    def fail(self, message: str, *, at: int | None = None) -> Any:
        offset = self.consumed + (self.pos if at is None else at)
        raise InvalidData(f"{self.name}: not valid JSON near character {offset:,}: {message}.")


def iter_records(
    fh: IO[str],
    name: str,
    list_keys: tuple[str, ...] = ("itemList",),
    envelope: dict[str, Any] | None = None,
) -> Iterator[Any]:
    """Yield the records of a JSON document, streaming the list under one of `list_keys`.

    A document that is an object without such a list is yielded whole, as one record.
    The other keys of an object with such a list (PTV's pageNumber and pageCount) go to
    `envelope`, complete once the records are read (they may follow the list).
    """
    buf = _Buffer(fh, name)
    first = buf.peek()
    if first == "[":
        yield from _array(buf)
    elif first == "{":
        yield from _object(buf, list_keys, {} if envelope is None else envelope)
    elif first == "":
        raise InvalidData(f"{name}: the file is empty.")
    else:
        buf.fail("a JSON file starts with { or [")
    if buf.peek() != "":
        buf.fail("unexpected data after the end of the document")


def _array(buf: _Buffer) -> Iterator[Any]:
    buf.expect("[")
    if buf.peek() == "]":
        buf.pos += 1
        return
    while True:
        yield buf.value()
        char = buf.peek()
        buf.pos += 1
        if char == "]":
            return
        if char != ",":
            buf.pos -= 1
            buf.fail("expected ',' or ']' between list items")


def _object(buf: _Buffer, list_keys: tuple[str, ...], record: dict[str, Any]) -> Iterator[Any]:
    buf.expect("{")
    listed = False
    if buf.peek() == "}":
        buf.pos += 1
        yield record
        return
    while True:
        key = buf.value()
        if not isinstance(key, str):
            buf.fail("expected a quoted key")
        buf.expect(":")
        if key in list_keys and not listed and buf.peek() == "[":
            listed = True
            yield from _array(buf)
        else:
            record[key] = buf.value()
        char = buf.peek()
        buf.pos += 1
        if char == "}":
            break
        if char != ",":
            buf.pos -= 1
            buf.fail("expected ',' or '}' between keys")
    if not listed and not any(k in record for k in list_keys):
        yield record
