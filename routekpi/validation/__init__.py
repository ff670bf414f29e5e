"""Input checking: raw cell grids in, clean canonical tables plus Checks rows out. Pure."""
