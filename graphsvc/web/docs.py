"""/docs: the OpenAPI description rendered as a plain page, offline (no CDN, no script).

FastAPI's own /docs loads Swagger UI from a CDN; this page is built on the server from
`app.openapi()` instead, with each operation's parameters, example body and responses.
The JSON itself is at /openapi.json for any OpenAPI tool.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from graphsvc.web.render import render

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


def _schema_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    kind = schema.get("type", "")
    if kind == "array":
        return f"list[{_schema_type(schema.get('items', {}))}]"
    return str(kind)


def _body_example(op: dict[str, Any]) -> str | None:
    content = op.get("requestBody", {}).get("content", {})
    for media, spec in content.items():
        examples = spec.get("examples") or {}
        for example in examples.values():
            if "value" in example:
                return json.dumps(example["value"], ensure_ascii=False, indent=2)
        if "example" in spec:
            return json.dumps(spec["example"], ensure_ascii=False, indent=2)
        schema = spec.get("schema", {})
        if media.startswith("multipart"):
            return "multipart/form-data: " + ", ".join(schema.get("properties", {}))
        if schema:
            return _schema_type(schema)
    return None


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The spec's tags, each with its operations in a shape the template can show."""
    tags = {t["name"]: {**t, "operations": []} for t in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            slot = tags.setdefault(tag, {"name": tag, "description": "", "operations": []})
            slot["operations"].append(
                {
                    "method": method,
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _schema_type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _body_example(op),
                    "responses": [
                        (code, r.get("description", ""))
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return [t for t in tags.values() if t["operations"]]


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    spec = request.app.openapi()
    return render(request, "docs.html", spec=spec, tags=operations(spec))
