"""A filtered dataset indexed for building a view: nodes by view id, who serves whom."""

from __future__ import annotations

from graphsvc.analysis import served_groups
from graphsvc.model import Dataset, GroupKind, Label, Node, PartnershipKind, Sector, pick
from visual.spec import node_id
from visual.style import KIND_OF_LABEL, NodeKind


class Index:
    """Lookups over one (already filtered) dataset, in the language of the view.

    A network is kept only when one of its members is; a service's groups are those it
    serves explicitly or by age (`graphsvc.analysis.served_groups`, the coverage rule).
    """

    def __init__(self, ds: Dataset, lang: str) -> None:
        self.ds = ds
        self.lang = lang
        providers = {p.id: p for p in ds.providers}
        self.providers = providers
        self.networks = [
            n.model_copy(update={"members": [m for m in n.members if m in providers]})
            for n in ds.networks
        ]
        self.networks = [n for n in self.networks if n.members]
        self.vid: dict[str, tuple[NodeKind, Node]] = {}
        for node in ds.iter_nodes():
            if node.label is not Label.NETWORK:
                kind = KIND_OF_LABEL[node.label]
                self.vid[node_id(kind, node.id)] = (kind, node)
        for net in self.networks:
            self.vid[node_id(NodeKind.NETWORK, net.id)] = (NodeKind.NETWORK, net)
        self.ds = ds.model_copy(update={"networks": self.networks})
        groups = {g.id for g in ds.target_groups}
        needs = {n.id for n in ds.needs}
        ages = sorted((g for g in ds.target_groups if g.kind is GroupKind.AGE), key=lambda g: g.id)
        self.served = {
            s.id: [g for g in served_groups(s, ages) if g in groups] for s in ds.services
        }
        self.group_needs: dict[str, list[str]] = {}
        self.demand: dict[str, list[tuple[str, int]]] = {}
        for gn in ds.group_needs:
            if gn.group in groups and gn.need in needs:
                self.group_needs.setdefault(gn.group, []).append(gn.need)
                self.demand.setdefault(gn.need, []).append((gn.group, gn.priority))
        self.services_of: dict[str, list[str]] = {}
        self.meeting: dict[str, list[str]] = {}
        for s in ds.services:
            self.services_of.setdefault(s.provider, []).append(s.id)
            for need in s.needs:
                self.meeting.setdefault(need, []).append(s.id)
        self.partners_of: dict[str, list[tuple[str, PartnershipKind]]] = {}
        for ps in ds.partnerships:
            self.partners_of.setdefault(ps.source, []).append((ps.target, ps.kind))
            self.partners_of.setdefault(ps.target, []).append((ps.source, ps.kind))
        self.networks_of: dict[str, list[str]] = {}
        for net in self.networks:
            for member in net.members:
                self.networks_of.setdefault(member, []).append(net.id)
        self.by_kind: dict[NodeKind, dict[str, Node]] = {}
        for kind, node in self.vid.values():
            self.by_kind.setdefault(kind, {})[node.id] = node

    def name(self, node: Node) -> str:
        return pick(node.name, self.lang)

    def name_of(self, kind: NodeKind, ref: str) -> str:
        """The name of a node by kind and id (the id when it is not in the view's data)."""
        node = self.by_kind.get(kind, {}).get(ref)
        return self.name(node) if node is not None else ref

    def provider_of(self, kind: NodeKind, node: Node) -> str | None:
        """The provider a node belongs to: itself, or a service's provider."""
        if kind is NodeKind.PROVIDER:
            return node.id
        if kind is NodeKind.SERVICE:
            return str(getattr(node, "provider", "")) or None
        return None

    def sector_of(self, kind: NodeKind, node: Node) -> Sector | None:
        provider = self.provider_of(kind, node)
        if provider is None or provider not in self.providers:
            return None
        return self.providers[provider].sector
