"""Whole datasets in and out: POST /import (multipart, dry run), GET /export, /formats,
and /stats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from graphsvc.api.deps import Reader, Store
from graphsvc.api.params import Day, ExportFormat, ImportFormat
from graphsvc.api.responses import ERRORS, ErrorResponse
from graphsvc.errors import InvalidData, PayloadTooLarge
from graphsvc.serving import transfer
from graphsvc.serving.auth import Role
from graphsvc.serving.requests import check_role, settings_of, store_dep

router = APIRouter(tags=["data"])

JSON = ExportFormat("json")

IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A dataset file of any known format (see /formats); "
                            "a .zip for formats that read a folder.",
                        },
                        "format": {
                            "type": "string",
                            "enum": [f.value for f in ImportFormat],
                            "description": "Format name, when the file's name does not tell it.",
                        },
                        "dry_run": {
                            "type": "boolean",
                            "description": "Only report; write nothing.",
                        },
                        "skip_invalid": {
                            "type": "boolean",
                            "description": "Leave out the records that are wrong and import "
                            "the rest; the report's left_out says what and why.",
                        },
                    },
                }
            }
        },
    }
}

REPORT_EXAMPLE = {
    "source": "forum.json",
    "dry_run": True,
    "added": {"Provider": 2},
    "updated": {},
    "unchanged": {"Need": 3},
    "totals": {"added": 2, "updated": 0, "unchanged": 3},
    "warnings": [],
    "left_out_causes": [],
    "left_out": [],
    "version": 7,
}


async def read_upload(
    request: Request,
) -> tuple[bytes, str | None, str | None, bool | None, bool | None]:
    """(file bytes, file name, format, dry_run and skip_invalid form values) of a
    multipart request."""
    limit = settings_of(request).max_upload_bytes
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise InvalidData(
            "Send the file as multipart/form-data in a field named 'file'.",
            details=[{"field": "body.file", "message": "field required", "type": "missing"}],
        )
    try:
        form = await request.form(max_files=1, max_fields=20, max_part_size=1024 * 1024)
    except PayloadTooLarge:
        raise
    except Exception as exc:  # python-multipart's parse errors
        raise InvalidData(f"The upload cannot be read: {exc}.") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidData(
                "The request has no file: send it in a field named 'file'.",
                details=[{"field": "body.file", "message": "field required", "type": "missing"}],
            )
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise PayloadTooLarge(f"The file is larger than the {limit} bytes allowed.")
        fmt = form.get("format")
        dry = form.get("dry_run")
        skip = form.get("skip_invalid")
    finally:
        await form.close()
    return (
        data,
        upload.filename,
        _form_format(fmt),
        _form_bool(dry, "dry_run"),
        _form_bool(skip, "skip_invalid"),
    )


def _form_format(value: Any) -> str | None:
    if value is None:
        return None
    if value not in {f.value for f in ImportFormat}:
        raise InvalidData(
            f"format: {str(value)[:40]!r} is not a format this service reads (see /formats).",
            details=[{"field": "body.format", "message": "unknown format", "type": "enum"}],
        )
    return str(value)


def _form_bool(value: Any, field: str) -> bool | None:
    """A form's boolean as the schema says it: true or false."""
    if value is None:
        return None
    if value not in ("true", "false"):
        raise InvalidData(
            f"{field}: {str(value)[:40]!r} is not true or false.",
            details=[{"field": f"body.{field}", "message": "not true or false", "type": "bool"}],
        )
    return bool(value == "true")


@router.post(
    "/import",
    openapi_extra=IMPORT_BODY,
    responses={
        **ERRORS,
        200: {
            "description": "The import report",
            "content": {"application/json": {"example": REPORT_EXAMPLE}},
        },
        413: {"model": ErrorResponse, "description": "The upload is too large"},
        415: {"model": ErrorResponse, "description": "No format this service reads"},
    },
)
async def import_file(
    request: Request,
    dry_run: Annotated[bool, Query(description="Only report; write nothing.")] = False,
    format: Annotated[
        ImportFormat | None,
        Query(description="Format name (see /formats)."),
    ] = None,
    skip_invalid: Annotated[
        bool,
        Query(
            description="Leave out the records that are wrong and import the rest, in one "
            "transaction; left_out in the report says what and why."
        ),
    ] = False,
) -> dict[str, Any]:
    """Import an uploaded dataset (editor): all or nothing; dry_run only reports."""
    check_role(request, Role.EDITOR)
    store = await store_dep(request)
    data, filename, form_format, form_dry, form_skip = await read_upload(request)
    settings = settings_of(request)
    upload = transfer.save_upload(data, filename, max_unpacked=settings.max_upload_bytes * 10)
    try:
        return await run_in_threadpool(
            transfer.import_upload,
            store,
            upload,
            format=format.value if format else form_format,
            dry_run=dry_run or bool(form_dry),
            skip_invalid=skip_invalid or bool(form_skip),
        )
    finally:
        upload.remove()


@router.get(
    "/export",
    responses={
        **ERRORS,
        200: {
            "description": "The dataset file (or a .zip of several)",
            "content": {media: {} for media in sorted(set(transfer.MEDIA.values()))},
        },
    },
)
def export_file(
    store: Store,
    _: Reader,
    format: Annotated[
        ExportFormat,
        Query(description="Format name (see /formats)."),
    ] = JSON,
    as_of: Annotated[
        Day, Query(description="Only what is active on this day (YYYY-MM-DD).")
    ] = None,
) -> Response:
    """Export the whole store in a format the writers know."""
    out = transfer.export(store, format.value, as_of=as_of)
    headers = {"Content-Disposition": f'attachment; filename="{out.filename}"'}
    if out.notes:
        headers["X-Graphsvc-Notes"] = (
            " | ".join(out.notes)[:1000].encode("ascii", "replace").decode()
        )
    return Response(out.content, media_type=out.media_type, headers=headers)


@router.get("/formats")
def list_formats(_: Reader) -> list[dict[str, Any]]:
    """The file formats the importers read and the exporters write."""
    return transfer.formats()


@router.get("/stats", responses=ERRORS)
def stats(store: Store, _: Reader) -> dict[str, Any]:
    """Counts of nodes and relationships, and the store's version."""
    return {**store.counts(), "version": store.version()}
