"""Workbooks: .xlsx, a folder of CSV files or a .zip of them, in the layout of one sheet
per dataset list (`columns`); reading (`tabular`, `xlsx`), writing (`write`) and the empty
template (`template`)."""
