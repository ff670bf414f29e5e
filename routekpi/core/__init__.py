"""Pure pandas engine: no workbook library is imported under this package."""
