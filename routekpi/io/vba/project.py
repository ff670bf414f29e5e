"""Build ``xl/vbaProject.bin`` (MS-OVBA) from VBA source text.

The project carries source only: ``_VBA_PROJECT`` is the 7-byte version-independent header
with version 0xFFFF and no performance cache, so Office ignores the (absent) compiled p-code
and recompiles every module from its source on open. Module streams therefore hold just the
compressed source (``MODULEOFFSET`` = 0).

Source is stored the way the VBA editor stores it: CRLF line endings, text encoded in the
project code page, starting with the module's ``Attribute VB_...`` header:

* standard modules: ``Attribute VB_Name = "X"`` first (added when missing);
* class modules: the ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` block of an exported
  ``.cls`` file is dropped (it only exists in export files; ``MultiUse`` is a VB6 setting
  VBA ignores), the ``Attribute`` lines are kept, and the ones the editor always writes but
  exports omit (``VB_Base``, ``VB_TemplateDerived``, ``VB_Customizable``) are added with
  the editor's defaults, in the editor's order;
* document modules (``ThisWorkbook``, ``Sheet1``...): the full document header is written
  (``VB_Base`` = Workbook or Worksheet, ``VB_PredeclaredId``/``VB_Exposed``/
  ``VB_Customizable`` True); ``code`` is the body (event handlers), or may itself start
  with ``Attribute`` lines, which win over the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from routekpi.io.vba.cfb import build_compound_file
from routekpi.io.vba.ovba import compress

ModuleKind = Literal["standard", "class", "document"]

# Host-independent, well-known values: the ProjectId and its matching, unprotected CMG /
# DPB / GC (protection state 0, no password, visible) from the MS-OVBA 3.1.6 example.
# CMG/DPB/GC are obfuscated with a key derived from ProjectId, so the four travel together.
PROJECT_ID = "{917DED54-440B-4FD1-A5C1-74ACF261E600}"
PROJECT_CMG = "0705D8E3D8EDDBF1DBF1DBF1DBF1"
PROJECT_DPB = "0E0CD1ECDFF4E7F5E7F5E7"
PROJECT_GC = "1517CAF1D6F9D7F9D706"

CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"

STDOLE_LIBID = (
    r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
    r"#C:\Windows\System32\stdole2.tlb#OLE Automation"
)
# Office 2016+ (type library 2.8); VBA resolves registered references by GUID and version.
OFFICE_LIBID = (
    r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.8#0"
    r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
    r"#Microsoft Office 16.0 Object Library"
)

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_ATTRIBUTE = re.compile(r"Attribute\s+(VB_\w+)\s*=\s*(.*)", re.IGNORECASE)


@dataclass(frozen=True)
class VbaModule:
    """One VBA module: its name, its source text and its kind."""

    name: str
    code: str
    kind: ModuleKind


def _header_defaults(module: VbaModule) -> list[tuple[str, str]]:
    """The attribute header the VBA editor writes for this kind of module, in its order."""
    name = ("VB_Name", f'"{module.name}"')
    if module.kind == "standard":
        return [name]
    if module.kind == "class":
        base, predeclared, exposed, customizable = CLASS_BASE, "False", "False", "False"
    else:
        workbook = module.name.casefold() == "thisworkbook"
        base = WORKBOOK_BASE if workbook else WORKSHEET_BASE
        predeclared, exposed, customizable = "True", "True", "True"
    return [
        name,
        ("VB_Base", f'"{base}"'),
        ("VB_GlobalNameSpace", "False"),
        ("VB_Creatable", "False"),
        ("VB_PredeclaredId", predeclared),
        ("VB_Exposed", exposed),
        ("VB_TemplateDerived", "False"),
        ("VB_Customizable", customizable),
    ]


def _drop_class_export_block(lines: list[str]) -> list[str]:
    """Remove the ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END`` block of an exported .cls."""
    if not lines or not lines[0].strip().upper().startswith("VERSION "):
        return lines
    for i, line in enumerate(lines[1:], start=1):
        if line.strip().upper() == "END":
            return lines[i + 1 :]
    raise ValueError("class module starts with VERSION but has no END line")


def stored_source(module: VbaModule) -> str:
    """The module text exactly as it is stored in the project (CRLF, header normalised)."""
    text = module.code.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if module.kind == "class":
        lines = _drop_class_export_block(lines)
    given: dict[str, str] = {}  # folded key -> line as written
    keys: list[str] = []
    while lines and (match := _ATTRIBUTE.fullmatch(lines[0].strip())):
        key = match.group(1)
        if key.casefold() == "vb_name" and match.group(2).strip() != f'"{module.name}"':
            raise ValueError(
                f"module {module.name!r} declares Attribute VB_Name = {match.group(2).strip()}"
            )
        given[key.casefold()] = lines.pop(0).strip()
        keys.append(key.casefold())
    header = []
    for key, value in _header_defaults(module):
        header.append(given.pop(key.casefold(), f"Attribute {key} = {value}"))
    header += [given[k] for k in keys if k in given]  # e.g. VB_Description, kept in order
    body = "\r\n".join(lines)
    return "\r\n".join(header) + "\r\n" + body


def _check_names(modules: Sequence[VbaModule], project_name: str) -> None:
    if not _IDENTIFIER.fullmatch(project_name):
        raise ValueError(f"project name must be an ASCII VBA identifier: {project_name!r}")
    seen = {project_name.casefold(): "the project"}
    for module in modules:
        if module.kind not in ("standard", "class", "document"):
            raise ValueError(f"module {module.name!r}: unknown kind {module.kind!r}")
        if not _IDENTIFIER.fullmatch(module.name):
            raise ValueError(
                f"module name must be an ASCII VBA identifier of at most 31 characters: "
                f"{module.name!r}"
            )
        clash = seen.get(module.name.casefold())
        if clash:
            raise ValueError(f"module name {module.name!r} clashes with {clash}")
        seen[module.name.casefold()] = f"module {module.name!r}"


def _project_stream(modules: Sequence[VbaModule], project_name: str) -> str:
    """The PROJECT stream text (MS-OVBA 2.3.1)."""
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{PROJECT_CMG}"',
        f'DPB="{PROJECT_DPB}"',
        f'GC="{PROJECT_GC}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
        *(f"{m.name}=0, 0, 0, 0, C" for m in modules),
    ]
    return "".join(line + "\r\n" for line in lines)


def _record(record_id: int, payload: bytes) -> bytes:
    """Id (2 bytes), Size (4 bytes), payload: the common dir-stream record shape."""
    return record_id.to_bytes(2, "little") + len(payload).to_bytes(4, "little") + payload


def _dual(record_id: int, text: bytes, unicode_id: int, unicode: bytes) -> bytes:
    """A record whose MBCS value is followed by a Reserved id and its UTF-16 twin."""
    return _record(record_id, text) + _record(unicode_id, unicode)


def _u16(value: int) -> bytes:
    return value.to_bytes(2, "little")


def _u32(value: int) -> bytes:
    return value.to_bytes(4, "little")


def _dir_stream(modules: Sequence[VbaModule], project_name: str, codepage: int) -> bytes:
    """The decompressed dir stream (MS-OVBA 2.3.4.2)."""
    enc = f"cp{codepage}"

    def utf16(text: str) -> bytes:
        return text.encode("utf-16-le")

    out = bytearray()
    out += _record(0x0001, _u32(1))  # PROJECTSYSKIND: 32-bit Windows
    out += _record(0x0002, _u32(0x0409))  # PROJECTLCID
    out += _record(0x0014, _u32(0x0409))  # PROJECTLCIDINVOKE
    out += _record(0x0003, _u16(codepage))  # PROJECTCODEPAGE
    out += _record(0x0004, project_name.encode(enc))  # PROJECTNAME
    out += _dual(0x0005, b"", 0x0040, b"")  # PROJECTDOCSTRING
    out += _dual(0x0006, b"", 0x003D, b"")  # PROJECTHELPFILEPATH
    out += _record(0x0007, _u32(0))  # PROJECTHELPCONTEXT
    out += _record(0x0008, _u32(0))  # PROJECTLIBFLAGS
    # PROJECTVERSION: its "Size" field is a Reserved constant 4 followed by 6 bytes.
    out += _u16(0x0009) + _u32(4) + _u32(1) + _u16(0)
    out += _dual(0x000C, b"", 0x003C, b"")  # PROJECTCONSTANTS
    for name, libid in (("stdole", STDOLE_LIBID), ("Office", OFFICE_LIBID)):
        out += _dual(0x0016, name.encode(enc), 0x003E, utf16(name))  # REFERENCENAME
        # REFERENCEREGISTERED: SizeOfLibid, Libid, Reserved1 (u32 0), Reserved2 (u16 0).
        out += _record(0x000D, _u32(len(libid)) + libid.encode(enc) + _u32(0) + _u16(0))
    out += _record(0x000F, _u16(len(modules)))  # PROJECTMODULES: count
    out += _record(0x0013, _u16(0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        name = m.name.encode(enc)
        out += _record(0x0019, name)  # MODULENAME
        out += _record(0x0047, utf16(m.name))  # MODULENAMEUNICODE
        out += _dual(0x001A, name, 0x0032, utf16(m.name))  # MODULESTREAMNAME
        out += _dual(0x001C, b"", 0x0048, b"")  # MODULEDOCSTRING
        out += _record(0x0031, _u32(0))  # MODULEOFFSET: source starts at 0, no p-code
        out += _record(0x001E, _u32(0))  # MODULEHELPCONTEXT
        out += _record(0x002C, _u16(0xFFFF))  # MODULECOOKIE
        out += _u16(0x0021 if m.kind == "standard" else 0x0022) + _u32(0)  # MODULETYPE
        out += _u16(0x002B) + _u32(0)  # module Terminator
    out += _u16(0x0010) + _u32(0)  # dir Terminator
    return bytes(out)


def _projectwm(modules: Sequence[VbaModule], codepage: int) -> bytes:
    """PROJECTwm: each module name in MBCS and UTF-16, NUL-terminated (MS-OVBA 2.3.3)."""
    out = bytearray()
    for m in modules:
        out += m.name.encode(f"cp{codepage}") + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def build_vba_project(
    modules: Sequence[VbaModule], *, project_name: str = "VBAProject", codepage: int = 1252
) -> bytes:
    """Build a ``vbaProject.bin`` holding ``modules`` (source only; Office recompiles it).

    Module text is stored with CRLF line endings, encoded in ``codepage`` (1252 by default;
    use 932 for Japanese string literals). Raises ValueError for invalid or clashing names,
    a mismatching ``Attribute VB_Name`` or text the code page cannot encode.
    """
    _check_names(modules, project_name)
    enc = f"cp{codepage}"
    try:
        "".encode(enc)
    except LookupError:
        raise ValueError(f"unknown code page {codepage}") from None
    streams: dict[str, bytes] = {}
    for m in modules:
        try:
            source = stored_source(m).encode(enc)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise ValueError(
                f"module {m.name!r}: {bad!r} cannot be encoded in code page {codepage}"
            ) from None
        streams[f"VBA/{m.name}"] = compress(source)
    streams["VBA/_VBA_PROJECT"] = bytes.fromhex("CC61FFFF000100")
    streams["VBA/dir"] = compress(_dir_stream(modules, project_name, codepage))
    streams["PROJECT"] = _project_stream(modules, project_name).encode(enc)
    streams["PROJECTwm"] = _projectwm(modules, codepage)
    return build_compound_file(streams)
