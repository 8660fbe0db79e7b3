"""The import use-case, above the readers (`ingest`) and the stores (`graphsvc.store`).

An import goes: a reader turns a file into a `ReadResult` (a dataset, warnings, an
`ImportPolicy` and the `Places` of its entries); `check` (`graphsvc.model.check_dataset`)
finds every problem, against the store too; `plan` works out what is added, updated and
left as it is; `apply` writes only that, in one transaction; the `ImportReport` says
what happened. The CLI, the API, the web import page and the demo loader all come here.
"""

from graphsvc.importing.apply import apply_dataset
from graphsvc.importing.files import import_file, import_read
from graphsvc.importing.report import ImportReport

__all__ = ["ImportReport", "apply_dataset", "import_file", "import_read"]
