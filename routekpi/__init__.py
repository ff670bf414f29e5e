"""routekpi: evidence-based KPI targets for route-sales teams that plan in Excel."""

__version__ = "0.1.0"
