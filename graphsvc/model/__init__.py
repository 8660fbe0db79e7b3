"""The graph model: pydantic node and relationship models, enums and the Dataset.

A node model is exactly one entry of the dataset format (DESIGN.md): its outgoing
references (a service's provider, needs, groups and areas; a provider's or area's
parent; a network's members) are fields of the node. `Dataset.relationships()`
turns them into relationships and `Dataset.from_graph()` turns them back.

`types` holds the enums, names and scalar types; `nodes` the node and relationship
models; `dataset` the Dataset and the reference fields; `provenance` where a dataset's
entries came from and `integrity` whether a dataset holds together (unique ids,
references that resolve). Everything is imported from here.
"""

from graphsvc.model.dataset import (
    INCOMING,
    LABEL_OF_LIST,
    LIST_OF_LABEL,
    NODE_LISTS,
    REFERENCES,
    Dataset,
    node_references,
    outgoing,
    reference_fields,
)
from graphsvc.model.integrity import check_dataset, duplicate_ids
from graphsvc.model.nodes import (
    NODE_TYPES,
    AgeRangeMixin,
    Area,
    GroupNeed,
    Model,
    Need,
    Network,
    Node,
    Partnership,
    Provider,
    Relationship,
    Service,
    StoredRelationship,
    TargetGroup,
    ValidityMixin,
    rel,
)
from graphsvc.model.population import Population, PopulationRow
from graphsvc.model.provenance import Places
from graphsvc.model.saved import Deck, SavedView, Slide
from graphsvc.model.types import (
    DATASET_FORMAT,
    DATASET_VERSION,
    ENDPOINTS,
    LANGUAGES,
    MULTILINGUAL,
    Age,
    AreaKind,
    Channel,
    GroupKind,
    Id,
    IdList,
    IsoDate,
    Label,
    Name,
    PartnershipKind,
    RelKind,
    Sector,
    StrList,
    all_names,
    collation,
    fold,
    pick,
)

__all__ = [
    "Deck",
    "SavedView",
    "Slide",
    "DATASET_FORMAT",
    "DATASET_VERSION",
    "ENDPOINTS",
    "INCOMING",
    "LABEL_OF_LIST",
    "LANGUAGES",
    "LIST_OF_LABEL",
    "MULTILINGUAL",
    "NODE_LISTS",
    "NODE_TYPES",
    "REFERENCES",
    "Age",
    "AgeRangeMixin",
    "Area",
    "AreaKind",
    "Channel",
    "Dataset",
    "GroupKind",
    "GroupNeed",
    "Id",
    "IdList",
    "IsoDate",
    "Label",
    "Model",
    "Name",
    "Need",
    "Network",
    "Node",
    "Partnership",
    "Places",
    "Population",
    "PopulationRow",
    "PartnershipKind",
    "Provider",
    "RelKind",
    "Relationship",
    "Sector",
    "Service",
    "StoredRelationship",
    "StrList",
    "TargetGroup",
    "ValidityMixin",
    "all_names",
    "check_dataset",
    "duplicate_ids",
    "collation",
    "fold",
    "node_references",
    "outgoing",
    "pick",
    "reference_fields",
    "rel",
]
