"""Suomi.fi PTV (Palvelutietovaranto) open API v11 JSON: reading (`read`) and turning
records into a dataset (`build`)."""
