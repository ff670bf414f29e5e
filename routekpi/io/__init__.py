"""Workbook file adapters: fast reading, zip-level writing, the template builder."""
