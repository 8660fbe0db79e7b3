"""The illustrative Jyväskylä wellbeing-forum network shipped with graphsvc."""

from __future__ import annotations

from functools import cache
from importlib import resources

from graphsvc.model import Dataset

DEMO_FILE = "demo.yaml"


def demo_text() -> str:
    return resources.files("graphsvc.data").joinpath(DEMO_FILE).read_text(encoding="utf-8")


@cache
def _demo() -> Dataset:
    import yaml

    return Dataset.model_validate(yaml.safe_load(demo_text()))


def demo_dataset() -> Dataset:
    """The demo network as a Dataset (validated; a fresh copy each call)."""
    return _demo().model_copy(deep=True)
