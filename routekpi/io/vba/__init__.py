"""VBA project writer: MS-OVBA compression, a CFB writer and the vbaProject.bin builder."""

from routekpi.io.vba.cfb import build_compound_file
from routekpi.io.vba.ovba import compress, decompress
from routekpi.io.vba.project import VbaModule, build_vba_project, stored_source

__all__ = [
    "VbaModule",
    "build_compound_file",
    "build_vba_project",
    "compress",
    "decompress",
    "stored_source",
]
