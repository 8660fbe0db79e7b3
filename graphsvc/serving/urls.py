"""What the paths of the API and the pages share: `{name:node_id}`, registered on import
(a route's path is compiled when it is declared, so its module imports this first)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.convertors import Convertor, register_url_convertor


class NodeIdConvertor(Convertor[str]):
    """An id in a URL: one character or more, "/" included (the model allows any), so
    /providers/a%2Fb reaches the node "a/b"; an empty id still falls to the list route."""

    regex = ".+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return quote(value, safe="")


register_url_convertor("node_id", NodeIdConvertor())
