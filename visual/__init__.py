"""Network views, still images and the coverage heatmap.

Data flow: a `Dataset` and the analysis results (`ViewInputs`) become a typed `VisSpec`
(`build_view`, pure); writers turn a spec into a standalone HTML file (`render_html`)
or a PNG/SVG image (`render_image`); `visual.heatmap` draws the coverage matrix.
`visual.embed` is the outer layer that runs the analyses a view draws (`view_spec`,
`embed_html`, `heatmap_spec`).
"""

from graphsvc.analysis.results import Status
from visual.embed import embed_html, heatmap_spec, view_spec
from visual.heatmap import HeatmapSpec, build_heatmap, heatmap_page, heatmap_table, render_heatmap
from visual.html import render_html
from visual.network import PHYSICS_MAX_NODES, ViewInputs, build_view
from visual.spec import CoverageCell, Tooltip, ViewParams, VisEdge, VisNode, VisOptions, VisSpec
from visual.static import render_image, write_image
from visual.style import NodeKind, css_variables, palette

__all__ = [
    "PHYSICS_MAX_NODES",
    "CoverageCell",
    "HeatmapSpec",
    "NodeKind",
    "Status",
    "Tooltip",
    "ViewInputs",
    "ViewParams",
    "VisEdge",
    "VisNode",
    "VisOptions",
    "VisSpec",
    "build_heatmap",
    "build_view",
    "css_variables",
    "embed_html",
    "heatmap_page",
    "heatmap_spec",
    "heatmap_table",
    "palette",
    "render_heatmap",
    "render_html",
    "render_image",
    "view_spec",
    "write_image",
]
