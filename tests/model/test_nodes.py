"""Model helpers: where a target group comes in a list."""

from __future__ import annotations


def test_groups_come_by_age_then_by_name() -> None:
    from graphsvc.model import TargetGroup

    groups = [
        TargetGroup(id="a65", name="Yli 65-vuotiaat", kind="age", min_age=66),
        TargetGroup(id="imm", name="Maahanmuuttajat", kind="special"),
        TargetGroup(id="a7", name="7–21-vuotiaat", kind="age", min_age=7, max_age=21),
        TargetGroup(id="a22", name="22–65-vuotiaat", kind="age", min_age=22, max_age=65),
        TargetGroup(id="dis", name="Äidit", kind="special"),
        TargetGroup(id="a0", name="0–6-vuotiaat", kind="age", max_age=6),
    ]
    assert [g.id for g in sorted(groups, key=lambda g: g.order())] == [
        "a0",
        "a7",
        "a22",
        "a65",
        "imm",
        "dis",
    ]
