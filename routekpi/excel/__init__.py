"""Live Excel layer (xlwings): UDFs and the Recalculate plan entry point. Thin."""
