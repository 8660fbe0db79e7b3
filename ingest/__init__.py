"""Readers and writers of the formats graphsvc imports and exports."""

from ingest.base import (
    FORMATS,
    ReadResult,
    detect_format,
    import_file,
    read_file,
    write_file,
)

__all__ = ["FORMATS", "ReadResult", "detect_format", "import_file", "read_file", "write_file"]
