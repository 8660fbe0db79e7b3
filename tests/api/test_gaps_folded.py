"""The gap report's coverage table, a group at a time, folded (issue 18)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_coverage_folds_by_group_in_the_groups_order(client: TestClient) -> None:
    page = client.get("/gaps").text
    found = re.findall(
        r'<details class="coverage-group"( open)?>\s*<summary>(.*?)</summary>', page, re.S
    )
    summaries = [(bool(o), re.sub(r"<[^>]+>", "", s)) for o, s in found]
    # clubs: only MLL (fragile); early education: two providers; therapy: nobody; all
    # folded (the findings above name every weak need)
    assert summaries == [
        (False, "0–6-vuotiaat: 2 tarvetta · yhden toimijan varassa 1"),
        (False, "Mielenterveys: 1 tarve · ei toimijaa 1"),
    ]
