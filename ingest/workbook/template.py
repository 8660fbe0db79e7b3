"""`graphsvc template FILE.xlsx`: an empty workbook to fill in, ready for `graphsvc import`.

One sheet per list with the column headers, a guide sheet (ohje_guide) that explains
every column in Finnish and English, and drop-down lists: sector, kind, channel and
partnership kind, and the ids of target groups and needs (taken from the target_groups
and needs sheets, which can be pre-filled with the groups and needs already in the store).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphsvc.model import AreaKind, Channel, Dataset, GroupKind, PartnershipKind, Sector
from ingest.base import WriteResult
from ingest.textfiles import atomic_write, escape_cell
from ingest.workbook.columns import REQUIRED, SHEETS, expand, row_from_record
from ingest.workbook.tabular import GUIDE_SHEET

LAST_ROW = 5000  # drop-downs and id lists reach this far

# (Finnish, English, example) per column; "sheet.column" entries win over "column".
HELP: dict[str, tuple[str, str, str]] = {
    "id": (
        "Pysyvä tunniste, ainutkertainen taulukossa; vain kirjaimia, numeroita ja viivoja.",
        "Stable identifier, unique within the sheet; letters, digits, dashes.",
        "jkl-varhaiskasvatus",
    ),
    "name": (
        "Nimi. Kieliversiot sarakkeisiin name_fi, name_en, name_sv; suomi riittää.",
        "Name. Language versions in name_fi, name_en, name_sv; Finnish is enough.",
        "Varhaiskasvatus",
    ),
    "description": (
        "Kuvaus (description_fi, description_en, description_sv).",
        "Description (description_fi, description_en, description_sv).",
        "",
    ),
    "sector": ("Sektori: valitse listasta.", "Sector: pick from the list.", "city"),
    "parent": (
        "Ylemmän tason tunniste (esim. toimiala tai kunta).",
        "Id of the level above (e.g. the division or the municipality).",
        "jkl",
    ),
    "url": ("Verkkosivu.", "Web page.", "https://www.jyvaskyla.fi"),
    "email": ("Sähköposti.", "Email.", "info@example.fi"),
    "phone": ("Puhelin.", "Phone.", "+358 14 266 0000"),
    "languages": (
        "Palvelukielet |-merkillä eroteltuna.",
        "Service languages separated by |.",
        "fi|sv|en",
    ),
    "tags": (
        "Vapaat asiasanat |-merkillä eroteltuna.",
        "Free tags separated by |.",
        "perhe|lapset",
    ),
    "valid_from": ("Alkaen (VVVV-KK-PP).", "Valid from (YYYY-MM-DD).", "2020-01-01"),
    "valid_to": ("Päättyy (VVVV-KK-PP).", "Valid until (YYYY-MM-DD).", "2025-12-31"),
    "source": (
        "Tiedon lähde; tyhjänä tuonti kirjaa tiedoston ja rivin.",
        "Where the data came from; left empty, the import records file and row.",
        "",
    ),
    "provider": (
        "Palvelua tarjoavan toimijan tunniste (providers-välilehdeltä).",
        "Id of the provider running the service (from the providers sheet).",
        "jkl-varhaiskasvatus",
    ),
    "needs": (
        "Tarpeet, joihin palvelu vastaa: tunnisteet |-merkillä eroteltuna.",
        "Needs the service meets: ids separated by |.",
        "early-education|clubs",
    ),
    "groups": (
        "Kohderyhmät |-merkillä eroteltuna; tyhjänä päätellään iästä.",
        "Target groups separated by |; left empty, derived from the ages.",
        "age-0-6",
    ),
    "areas": (
        "Alueet |-merkillä eroteltuna; tyhjänä koko kunta.",
        "Areas separated by |; left empty, everywhere.",
        "keltinmaki",
    ),
    "min_age": (
        "Alaikäraja vuosina (desimaalipilkku käy).",
        "Minimum age in years (a decimal comma is fine).",
        "0",
    ),
    "max_age": ("Yläikäraja vuosina.", "Maximum age in years.", "6"),
    "channel": ("Asiointitapa: valitse listasta.", "Channel: pick from the list.", "in_person"),
    "members": (
        "Jäsenten (toimijoiden) tunnisteet |-merkillä eroteltuna.",
        "Ids of member providers separated by |.",
        "jkl|mll",
    ),
    "category": (
        "Luokka, esim. education, health, social.",
        "Category, e.g. education, health, social.",
        "education",
    ),
    "code": (
        "Virallinen koodi, esim. kuntanumero.",
        "Official code, e.g. municipality number.",
        "179",
    ),
    "note": ("Huomautus.", "Note.", ""),
    **{
        f"{sheet}.id": (
            "Pysyvä tunniste, ainutkertainen taulukossa; vain kirjaimia, numeroita ja viivoja.",
            "Stable identifier, unique within the sheet; letters, digits, dashes.",
            example,
        )
        for sheet, example in (
            ("services", "jkl-paivakoti-keltinmaki"),
            ("needs", "early-education"),
            ("target_groups", "age-0-6"),
            ("areas", "keltinmaki"),
            ("networks", "hyvinvointifoorumi"),
        )
    },
    "partnerships.source": (
        "Kumppanuuden osapuoli (esim. ostaja), toimijan tunniste.",
        "One party (e.g. the buyer): a provider id.",
        "jkl-varhaiskasvatus",
    ),
    "partnerships.target": (
        "Toinen osapuoli (esim. tuottaja), toimijan tunniste.",
        "The other party (e.g. the producer): a provider id.",
        "mll",
    ),
    "partnerships.kind": (
        "Kumppanuuden laji: valitse listasta.",
        "Kind: pick from the list.",
        "purchase",
    ),
    "partnerships.since": ("Alkaen (VVVV-KK-PP).", "Since (YYYY-MM-DD).", "2018-01-01"),
    "partnerships.until": ("Päättyy (VVVV-KK-PP).", "Until (YYYY-MM-DD).", ""),
    "target_groups.kind": (
        "age = ikäryhmä (anna iät), special = erityisryhmä.",
        "age = age group (give the ages), special = special group.",
        "age",
    ),
    "areas.kind": (
        "district = kaupunginosa, municipality = kunta, region = maakunta.",
        "district, municipality or region.",
        "district",
    ),
    "group_needs.group": (
        "Kohderyhmän tunniste (target_groups-välilehdeltä).",
        "Target group id (from the target_groups sheet).",
        "age-0-6",
    ),
    "group_needs.need": (
        "Tarpeen tunniste (needs-välilehdeltä).",
        "Need id (from the needs sheet).",
        "early-education",
    ),
    "group_needs.priority": ("Tärkeys 1 (kriittinen) – 3.", "Priority 1 (critical) to 3.", "1"),
}
LISTS = {
    ("providers", "sector"): [s.value for s in Sector],
    ("target_groups", "kind"): [k.value for k in GroupKind],
    ("areas", "kind"): [k.value for k in AreaKind],
    ("services", "channel"): [c.value for c in Channel],
    ("partnerships", "kind"): [k.value for k in PartnershipKind],
}
ID_LISTS = {  # (sheet, column) -> (sheet whose ids it takes, strict?)
    ("group_needs", "group"): ("target_groups", True),
    ("group_needs", "need"): ("needs", True),
    ("services", "groups"): ("target_groups", False),
    ("services", "needs"): ("needs", False),
}
LANGS: dict[str, tuple[str, ...]] = {"name": ("fi", "en", "sv"), "description": ("fi", "en", "sv")}


def help_for(sheet: str, column: str) -> tuple[str, str, str]:
    field = column.split("_")[0] if column.startswith(("name_", "description_")) else column
    return HELP.get(f"{sheet}.{field}") or HELP[field]


def write_template(path: Path, known: Dataset | None = None) -> WriteResult:
    """Write the template; `known` pre-fills the target_groups and needs sheets."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    bold = Font(bold=True)
    doc = known.to_document() if known else {}
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet)
        records = doc.get(sheet, []) if sheet in ("target_groups", "needs") else []
        plain = frozenset(f for f in LANGS for r in records if isinstance(r.get(f), str))
        columns = expand(sheet, LANGS, plain)
        ws.append(columns)
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(14, len(column) + 4)
            cell = ws.cell(row=1, column=index)
            fi, en, _ = help_for(sheet, column)
            cell.comment = Comment(f"{fi}\n\n{en}", "graphsvc")
        for record in records:
            ws.append(
                [
                    escape_cell(v) if isinstance(v, str) else v
                    for v in row_from_record(columns, record)
                ]
            )
        for (vsheet, column), values in LISTS.items():
            if vsheet == sheet:
                # (a warning, not a stop: the import also takes the Finnish words,
                # kaupunki, järjestö, ostopalvelu …, which the list does not show)
                _validate(
                    ws,
                    columns,
                    column,
                    DataValidation(
                        type="list",
                        formula1='"' + ",".join(values) + '"',
                        allow_blank=True,
                        showErrorMessage=True,
                        errorStyle="warning",
                        errorTitle="graphsvc",
                        error=f"Valitse listasta tai kirjoita suomeksi / pick from the list or "
                        f"type the Finnish word: {', '.join(values)}",
                    ),
                )
        for (vsheet, column), (source, strict) in ID_LISTS.items():
            if vsheet == sheet:
                _validate(
                    ws,
                    columns,
                    column,
                    DataValidation(
                        type="list",
                        formula1=f"{source}!$A$2:$A${LAST_ROW}",
                        allow_blank=True,
                        showErrorMessage=True,
                        errorStyle="stop" if strict else "warning",
                        errorTitle="graphsvc",
                        error=f"Tunniste {source}-välilehdeltä / an id from the {source} sheet"
                        + ("" if strict else " (several: separate with |)"),
                    ),
                )
        if sheet == "group_needs":
            _validate(
                ws,
                columns,
                "priority",
                DataValidation(
                    type="whole",
                    operator="between",
                    formula1="1",
                    formula2="3",
                    allow_blank=True,
                    showErrorMessage=True,
                    error="1, 2 tai/or 3",
                ),
            )
        for column in ("min_age", "max_age"):
            if column in columns:
                _validate(
                    ws,
                    columns,
                    column,
                    DataValidation(
                        type="decimal",
                        operator="between",
                        formula1="0",
                        formula2="130",
                        allow_blank=True,
                        showErrorMessage=True,
                        error="0–130",
                    ),
                )
    _guide(wb.create_sheet(GUIDE_SHEET), bold, Alignment(wrap_text=True, vertical="top"))
    atomic_write(path, lambda tmp: wb.save(tmp))
    prefilled = sum(len(doc.get(s, [])) for s in ("target_groups", "needs"))
    notes = [f"Sheets {', '.join(SHEETS)}; the guide is on the {GUIDE_SHEET} sheet."]
    if prefilled:
        notes.append(
            f"{prefilled} target group(s) and need(s) from the store were filled in "
            "so that their ids appear in the drop-down lists."
        )
    return WriteResult([path], notes)


def _validate(ws: Any, columns: list[str], column: str, dv: Any) -> None:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(columns.index(column) + 1)
    dv.add(f"{letter}2:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)


def _guide(ws: Any, bold: Any, wrap: Any) -> None:
    ws.append(
        [
            "välilehti / sheet",
            "sarake / column",
            "pakollinen / required",
            "ohje (suomeksi)",
            "guide (in English)",
            "esimerkki / example",
        ]
    )
    for cell in ws[1]:
        cell.font = bold
    for sheet in SHEETS:
        for column in expand(sheet, LANGS):
            field = column.split("_")[0] if column.startswith(("name_", "description_")) else column
            required = field in REQUIRED[sheet] and (column == field or column.endswith("_fi"))
            fi, en, example = help_for(sheet, column)
            ws.append(
                [sheet, column, "kyllä / yes" if required else "", fi, en, escape_cell(example)]
            )
    ws.append([])
    ws.append(
        [
            "",
            "",
            "",
            "Kaavoja ei suoriteta: kirjoita soluun arvo. Teksti, joka alkaa "
            "merkillä =, +, - tai @, tallennetaan viedessä heittomerkillä (').",
            "Formulas are never run: type values. Exported text starting with =, +, - or "
            "@ gets a leading apostrophe (').",
            "",
        ]
    )
    for letter, width in zip("ABCDEF", (16, 18, 14, 60, 60, 24), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
