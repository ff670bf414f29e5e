"""vbaProject.bin and .xlsm writing: MS-OVBA compression, the CFB writer, the project, the package.

Checked against independent readers: olefile (CFB), oletools' olevba (project and module
source), openpyxl (package) and LibreOffice headless (imports the VBA, binds and runs the
button's macro).
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import openpyxl
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from routekpi.io.vba import (
    VbaModule,
    build_compound_file,
    build_vba_project,
    compress,
    decompress,
    stored_source,
)
from routekpi.io.vba.project import PROJECT_CMG, PROJECT_DPB, PROJECT_GC, PROJECT_ID
from routekpi.io.xlsm import (
    MACRO_WORKBOOK_TYPE,
    REL_VBA_PROJECT,
    REL_VML,
    VBA_PROJECT_TYPE,
    VML_TYPE,
    Button,
    make_xlsm,
)

xlwings = pytest.importorskip("xlwings")
XLWINGS_DIR = Path(xlwings.__file__).parent
MACRO = 'Sub RecalculatePlan()\n    Sheets(1).Range("C1").Value = 42\nEnd Sub\n'
NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _read_vba(path: Path) -> str:
    """The exported file as text, line endings untouched (CRLF, as the VBA editor exports)."""
    with open(path, encoding="cp1252", newline="") as f:
        return f.read()


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


# --- MS-OVBA compression ----------------------------------------------------------------------

# MS-OVBA 3.2.1-3.2.3: no compression, normal compression, maximum compression.
SPEC_EXAMPLES = [
    (
        b"abcdefghijklmnopqrstuv.",
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E",
    ),
    (
        b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C"
        " 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C",
    ),
    (b"a" * 73, "01 03 B0 02 61 45 00"),
]


@pytest.mark.parametrize(("plain", "packed"), SPEC_EXAMPLES)
def test_spec_examples_compress_to_the_spec_bytes(plain: bytes, packed: str) -> None:
    assert compress(plain) == bytes.fromhex(packed)
    assert decompress(bytes.fromhex(packed)) == plain


def _chunks(container: bytes) -> list[tuple[bool, int]]:
    """(compressed flag, chunk size) per chunk, checking each header's signature bits."""
    out, pos = [], 1
    while pos < len(container):
        header = int.from_bytes(container[pos : pos + 2], "little")
        assert header & 0x7000 == 0x3000
        out.append((bool(header & 0x8000), (header & 0xFFF) + 3))
        pos += (header & 0xFFF) + 3
    assert pos == len(container)
    return out


def _structured(n: int, rng: random.Random) -> bytes:
    words = [b"Dim ", b"As Long", b"\r\n", b"    ", b"End Sub", b"x = x + 1", b"' note", b"If "]
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) if rng.random() < 0.8 else bytes([rng.randrange(256)])
    return bytes(out[:n])


SIZES = [0, 1, 2, 3, 656, 657, 4095, 4096, 4097, 8192, 100_000]


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_structured_and_repetitive(size: int) -> None:
    rng = random.Random(size)
    for data in (
        _structured(size, rng),
        b"a" * size,
        bytes(rng.choice(b"ab ") for _ in range(size)),
    ):
        packed = compress(data)
        assert decompress(packed) == data
        assert decompress_stream(bytearray(packed)) == data  # oletools agrees
        chunks = _chunks(packed)
        assert len(chunks) == -(-size // 4096)
        assert all(flag for flag, _ in chunks)  # text-like data always compresses
        assert all(s <= 4098 for _, s in chunks)


@pytest.mark.parametrize("size", [0, 1, 656, 657, 4096, 4097, 100_000])
def test_round_trip_random(size: int) -> None:
    data = random.Random(size).randbytes(size)
    packed = compress(data)
    assert decompress(packed) == data
    assert decompress_stream(bytearray(packed)) == data
    # Incompressible full chunks are stored raw (flag 0, 4096 bytes + header).
    for flag, chunk_size in _chunks(packed)[: size // 4096]:
        assert (flag, chunk_size) == (False, 4098)


def test_incompressible_final_chunk_is_padded_as_the_spec_says() -> None:
    # A final partial chunk that does not fit compressed is stored raw, and raw chunks are
    # always 4096 bytes (MS-OVBA 2.4.1.3.10): the padding comes back as NULs.
    data = random.Random(7).randbytes(4000)
    assert decompress(compress(data)) == data + bytes(96)


def test_vba_source_round_trips() -> None:
    source = (XLWINGS_DIR / "xlwings.bas").read_bytes()
    assert len(source) >= 46_000
    packed = compress(source)
    assert len(packed) < len(source) // 2
    assert decompress(packed) == source == decompress_stream(bytearray(packed))


def test_decompress_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="signature"):
        decompress(b"\x00abc")
    with pytest.raises(ValueError, match="chunk signature"):
        decompress(b"\x01\xff\xff")


# --- compound file ------------------------------------------------------------------------------


def _check_tree(ole: olefile.OleFileIO, sid: int) -> list[str]:
    """In-order names of the red-black tree rooted at ``sid``; asserts the RB rules."""
    entries = ole.direntries

    def walk(node: int, parent_red: bool) -> tuple[list[str], int]:
        if node == olefile.NOSTREAM:
            return [], 1
        e = entries[node]
        red = e.color == 0
        assert not (red and parent_red), "red node with a red parent"
        left, lh = walk(e.sid_left, red)
        right, rh = walk(e.sid_right, red)
        assert lh == rh, "unequal black height"
        return [*left, e.name, *right], lh + (0 if red else 1)

    root = entries[sid]
    if root is not None:
        assert root.color == 1, "tree root must be black"
    return walk(sid, False)[0]


def test_compound_file_reads_back_exactly() -> None:
    rng = random.Random(1)
    streams = {
        "PROJECT": b"ID=...",
        "PROJECTwm": rng.randbytes(5000),
        "VBA/_VBA_PROJECT": bytes.fromhex("CC61FFFF000100"),
        "VBA/dir": rng.randbytes(700),
        "VBA/Empty": b"",
        "VBA/Mini63": rng.randbytes(63),
        "VBA/Mini64": rng.randbytes(64),
        "VBA/Mini65": rng.randbytes(65),
        "VBA/Edge4095": rng.randbytes(4095),
        "VBA/Edge4096": rng.randbytes(4096),
        "VBA/Big": rng.randbytes(100_000),
        "VBA/Nested/Deeper/leaf": b"x",
        **{f"VBA/Sheet{i}": rng.randbytes(i * 37) for i in range(1, 14)},
    }
    data = build_compound_file(streams)
    assert data == build_compound_file(dict(streams))  # deterministic
    assert len(data) % 512 == 0
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert (ole.header_signature, ole.dll_version, ole.sector_size) == (olefile.MAGIC, 3, 512)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content, path
    assert ole.get_size("VBA/Edge4095") == 4095
    # Every storage's children form a valid red-black tree in CFB name order.
    for entry in ole.direntries:
        if entry is not None and entry.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE):
            names = _check_tree(ole, entry.sid_child)
            assert names == sorted(names, key=lambda n: (len(n), n.upper())), names
            assert entry.clsid in ("", "00000000-0000-0000-0000-000000000000")


def test_compound_file_tree_is_valid_for_every_size() -> None:
    for count in range(1, 40):
        names = {f"S{i:02d}" if i % 3 else f"Long{i}": b"" for i in range(count)}
        ole = olefile.OleFileIO(io.BytesIO(build_compound_file(names)))
        assert sorted(_check_tree(ole, ole.root.sid_child)) == sorted(names)


def test_compound_file_rejects_bad_names() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        build_compound_file({"VBA/dir": b"", "vba/DIR": b""})
    with pytest.raises(ValueError, match="1-31"):
        build_compound_file({"x" * 32: b""})
    with pytest.raises(ValueError, match="may not contain"):
        build_compound_file({"a:b": b""})


# --- the VBA project ------------------------------------------------------------------------------


def _modules() -> list[VbaModule]:
    return [
        VbaModule("ThisWorkbook", "Private Sub Workbook_Open()\nEnd Sub\n", "document"),
        VbaModule("Sheet1", "", "document"),
        VbaModule("xlwings", _read_vba(XLWINGS_DIR / "xlwings.bas"), "standard"),
        VbaModule("Dictionary", _read_vba(XLWINGS_DIR / "addin" / "Dictionary.cls"), "class"),
        VbaModule("Plan", MACRO, "standard"),
    ]


def _olevba_sources(vba_project: bytes) -> dict[str, str]:
    parser = VBA_Parser("vbaProject.bin", data=vba_project)
    try:
        return {path.split("/")[-1]: code for _, path, _, code in parser.extract_macros()}
    finally:
        parser.close()


CLASS_ADDED = {
    'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
    "Attribute VB_TemplateDerived = False",
    "Attribute VB_Customizable = False",
}


def test_olevba_reads_every_module_source_back() -> None:
    modules = _modules()
    project = build_vba_project(modules)
    assert project == build_vba_project(modules)  # deterministic
    sources = _olevba_sources(project)
    assert list(sources) == [m.name for m in modules]
    for m in modules:
        assert sources[m.name] == stored_source(m), m.name
    # Standard modules: byte for byte what was given (xlwings.bas already has CRLF).
    assert sources["xlwings"] == modules[2].code and len(sources["xlwings"]) >= 46_000
    assert sources["Plan"] == 'Attribute VB_Name = "Plan"\r\n' + _crlf(MACRO)
    # Class: the export block is gone; the editor's implicit attributes are added; the rest
    # is the exported file line for line.
    exported = modules[3].code.split("\r\n")
    assert exported[:4] == ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END"]
    kept = [line for line in sources["Dictionary"].split("\r\n") if line not in CLASS_ADDED]
    assert kept == exported[4:]
    assert sources["Dictionary"].split("\r\n")[1] in CLASS_ADDED  # VB_Base right after VB_Name
    # Document modules: the full document header, then the body.
    workbook = sources["ThisWorkbook"].split("\r\n")
    assert workbook[:8] == [
        'Attribute VB_Name = "ThisWorkbook"',
        'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    assert workbook[8:] == ["Private Sub Workbook_Open()", "End Sub", ""]
    assert '"0{00020820-0000-0000-C000-000000000046}"' in sources["Sheet1"]


def _dir_records(dir_stream: bytes) -> list[tuple[int, bytes]]:
    records, pos = [], 0
    while pos < len(dir_stream):
        rec_id = int.from_bytes(dir_stream[pos : pos + 2], "little")
        size = int.from_bytes(dir_stream[pos + 2 : pos + 6], "little")
        if rec_id == 0x0009:  # PROJECTVERSION: "size" is a Reserved 4, then 6 bytes follow
            size = 6
        elif rec_id in (0x0010, 0x002B, 0x0021, 0x0022):  # Reserved u32 instead of a size
            size = 0
        records.append((rec_id, dir_stream[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    assert pos == len(dir_stream)
    return records


def _decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 data decryption: (version, project key, data)."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[:3]
    plain, unencrypted, enc1, enc2 = [], seed ^ key_enc, key_enc, version_enc
    for byte_enc in raw[3:]:
        byte = byte_enc ^ ((enc2 + unencrypted) & 0xFF)
        plain.append(byte)
        enc2, enc1, unencrypted = enc1, byte_enc, byte
    ignored = (seed & 6) // 2
    length = int.from_bytes(bytes(plain[ignored : ignored + 4]), "little")
    data = bytes(plain[ignored + 4 :])
    assert len(data) == length
    return seed ^ version_enc, seed ^ key_enc, data


def test_project_streams() -> None:
    modules = _modules()
    ole = olefile.OleFileIO(io.BytesIO(build_vba_project(modules, project_name="RouteKpi")))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert project[:6] == [
        f'ID="{PROJECT_ID}"',
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Module=xlwings",
        "Class=Dictionary",
        "Module=Plan",
    ]
    assert 'Name="RouteKpi"' in project and "[Host Extender Info]" in project
    assert project[-3:] == ["Dictionary=0, 0, 0, 0, C", "Plan=0, 0, 0, 0, C", ""]
    # The well-known protection values decrypt to: unprotected, no password, visible, and
    # their project key is the checksum of the project id they travel with.
    key = sum(PROJECT_ID.encode()) & 0xFF
    assert _decrypt(PROJECT_CMG) == (2, key, bytes(4))
    assert _decrypt(PROJECT_DPB) == (2, key, b"\x00")
    assert _decrypt(PROJECT_GC) == (2, key, b"\xff")
    wm = ole.openstream("PROJECTwm").read()
    assert wm.startswith(b"ThisWorkbook\x00" + "ThisWorkbook".encode("utf-16-le") + b"\x00\x00")
    assert wm.endswith(b"Plan\x00" + "Plan".encode("utf-16-le") + b"\x00\x00\x00\x00")

    records = _dir_records(decompress(ole.openstream("VBA/dir").read()))
    by_id: dict[int, list[bytes]] = {}
    for rec_id, payload in records:
        by_id.setdefault(rec_id, []).append(payload)
    assert by_id[0x0001] == [(1).to_bytes(4, "little")]  # win32
    assert by_id[0x0002] == by_id[0x0014] == [(0x409).to_bytes(4, "little")]
    assert by_id[0x0003] == [(1252).to_bytes(2, "little")]
    assert by_id[0x0004] == [b"RouteKpi"]
    assert by_id[0x0016] == [b"stdole", b"Office"]
    assert b"stdole2.tlb#OLE Automation" in by_id[0x000D][0]
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in by_id[0x000D][1]
    assert by_id[0x000F] == [len(modules).to_bytes(2, "little")]
    assert by_id[0x0019] == [m.name.encode() for m in modules]
    assert by_id[0x0047] == [m.name.encode("utf-16-le") for m in modules]
    assert by_id[0x001A] == by_id[0x0019]
    assert by_id[0x0031] == [bytes(4)] * len(modules)  # source starts at offset 0
    assert by_id[0x002C] == [b"\xff\xff"] * len(modules)
    types = [rec_id for rec_id, _ in records if rec_id in (0x21, 0x22)]
    assert types == [0x22, 0x22, 0x21, 0x22, 0x21]
    assert records[-1][0] == 0x0010


def test_codepage_932_keeps_japanese_literals() -> None:
    code = 'Sub Hello()\n    MsgBox "再計算しました"\nEnd Sub\n'
    with pytest.raises(ValueError, match="code page 1252"):
        build_vba_project([VbaModule("Hello", code, "standard")])
    project = build_vba_project([VbaModule("Hello", code, "standard")], codepage=932)
    ole = olefile.OleFileIO(io.BytesIO(project))
    raw = decompress(ole.openstream("VBA/Hello").read())
    assert raw.decode("cp932") == 'Attribute VB_Name = "Hello"\r\n' + _crlf(code)
    assert "再計算しました" in _olevba_sources(project)["Hello"]


def test_stored_source_normalises_line_endings_and_headers() -> None:
    mac = VbaModule("M", "Sub A()\rEnd Sub\r", "standard")
    assert stored_source(mac) == 'Attribute VB_Name = "M"\r\nSub A()\r\nEnd Sub\r\n'
    cls = VbaModule("C", 'Attribute VB_Exposed = True\nAttribute VB_Name = "C"\nDim x\n', "class")
    lines = stored_source(cls).split("\r\n")
    assert lines[0] == 'Attribute VB_Name = "C"' and "Attribute VB_Exposed = True" in lines
    assert lines[-2:] == ["Dim x", ""]
    base = '"0{00020819-0000-0000-C000-000000000046}"'
    german = VbaModule("DieseArbeitsmappe", f"Attribute VB_Base = {base}\n", "document")
    assert stored_source(german).split("\r\n")[1] == f"Attribute VB_Base = {base}"


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        ([VbaModule("1Bad", "", "standard")], "identifier"),
        ([VbaModule("Mod", "", "standard"), VbaModule("MOD", "", "class")], "clashes"),
        ([VbaModule("VBAProject", "", "standard")], "clashes with the project"),
        ([VbaModule("A", 'Attribute VB_Name = "B"\n', "standard")], "VB_Name"),
        ([VbaModule("C", "VERSION 1.0 CLASS\nBEGIN\n", "class")], "no END"),
    ],
)
def test_build_rejects_bad_modules(modules: list[VbaModule], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_vba_project(modules)


# --- the .xlsm package -------------------------------------------------------------------------


def _xlsx(*, comments: bool = False, table: bool = False, code_names: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "計画"
    ws["A1"] = "KGI"
    data = wb.create_sheet("Data")
    data.append(["a", "b"])
    data.append([1, 2])
    if table:
        from openpyxl.worksheet.table import Table

        data.add_table(Table(displayName="T1", ref="A1:B2"))
    if comments:
        from openpyxl.comments import Comment

        data["A1"].comment = Comment("note", "me")
    if code_names:
        wb.code_name = "DieseArbeitsmappe"
        data.sheet_properties.codeName = "DataSheet"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BUTTON = Button("計画", "RecalculatePlan", "再計算 <Recalculate> & go", (1, 1, 3, 3))


def _make(xlsx: bytes | None = None, buttons: tuple[Button, ...] = (BUTTON,)) -> bytes:
    modules = [VbaModule("Module1", MACRO, "standard")]
    return make_xlsm(_xlsx() if xlsx is None else xlsx, modules, buttons)


def _rels(z: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    root = ElementTree.fromstring(z.read(name))
    rels = root.iter(f"{NS_REL}Relationship")
    return {r.get("Id"): (r.get("Type"), r.get("Target")) for r in rels}


def test_xlsm_package_parts() -> None:
    xlsx = _xlsx()
    data = _make(xlsx)
    assert data == _make(xlsx)  # deterministic (openpyxl stamps core.xml, so same input)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.namelist()[0] == "[Content_Types].xml"
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())

    types = ElementTree.fromstring(z.read("[Content_Types].xml"))
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{NS_CT}Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{NS_CT}Override")}
    assert overrides["/xl/workbook.xml"] == MACRO_WORKBOOK_TYPE
    assert defaults["bin"] == VBA_PROJECT_TYPE and defaults["vml"] == VML_TYPE

    wb_rels = _rels(z, "xl/_rels/workbook.xml.rels")
    assert (REL_VBA_PROJECT, "vbaProject.bin") in wb_rels.values()
    assert REL_VBA_PROJECT == "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    assert workbook.find(f"{NS_MAIN}workbookPr").get("codeName") == "ThisWorkbook"
    sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    sheet2 = ElementTree.fromstring(z.read("xl/worksheets/sheet2.xml"))
    assert '<sheetPr codeName="Sheet1">' in sheet1
    assert sheet2.find(f"{NS_MAIN}sheetPr").get("codeName") == "Sheet2"

    # The button: legacyDrawing in schema order, related to a VML drawing.
    children = [c.tag.split("}")[1] for c in ElementTree.fromstring(sheet1)]
    assert children[-2:] == ["pageMargins", "legacyDrawing"]
    rel_id = re.search(r'<legacyDrawing [^>]*r:id="([^"]+)"', sheet1).group(1)
    rel_type, target = _rels(z, "xl/worksheets/_rels/sheet1.xml.rels")[rel_id]
    assert (rel_type, target) == (REL_VML, "../drawings/vmlDrawing1.vml")
    vml = z.read("xl/drawings/vmlDrawing1.vml").decode("utf-8")
    ElementTree.fromstring(vml)  # well-formed
    assert '<x:ClientData ObjectType="Button">' in vml
    assert "<x:Anchor>1, 0, 1, 0, 3, 0, 3, 0</x:Anchor>" in vml
    assert "<x:FmlaMacro>[0]!RecalculatePlan</x:FmlaMacro>" in vml
    assert "<x:TextHAlign>Center</x:TextHAlign>" in vml
    assert "再計算 &lt;Recalculate&gt; &amp; go" in vml

    sources = _olevba_sources(z.read("xl/vbaProject.bin"))
    assert list(sources) == ["ThisWorkbook", "Sheet1", "Sheet2", "Module1"]
    assert "Sub RecalculatePlan()" in sources["Module1"]

    # openpyxl still reads it, with the project kept.
    book = openpyxl.load_workbook(io.BytesIO(data), keep_vba=True)
    assert book.sheetnames == ["計画", "Data"] and book.vba_archive is not None


def test_xlsm_keeps_existing_code_names_and_orders_legacy_drawing_before_tables() -> None:
    button = Button("Data", "Module1.RecalculatePlan", "Go", (3, 0, 5, 2))
    z = zipfile.ZipFile(io.BytesIO(_make(_xlsx(table=True, code_names=True), (button,))))
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    assert workbook.find(f"{NS_MAIN}workbookPr").get("codeName") == "DieseArbeitsmappe"
    sheet2 = ElementTree.fromstring(z.read("xl/worksheets/sheet2.xml"))
    assert sheet2.find(f"{NS_MAIN}sheetPr").get("codeName") == "DataSheet"
    children = [c.tag.split("}")[1] for c in sheet2]
    assert children.index("legacyDrawing") == children.index("tableParts") - 1
    sources = _olevba_sources(z.read("xl/vbaProject.bin"))
    assert list(sources) == ["DieseArbeitsmappe", "Sheet1", "DataSheet", "Module1"]
    assert '"0{00020819-0000-0000-C000-000000000046}"' in sources["DieseArbeitsmappe"]
    assert '"0{00020820-0000-0000-C000-000000000046}"' in sources["DataSheet"]


def test_xlsm_document_module_code_and_errors() -> None:
    modules = [
        VbaModule("Module1", MACRO, "standard"),
        VbaModule("ThisWorkbook", "Private Sub Workbook_Open()\nEnd Sub\n", "document"),
    ]
    z = zipfile.ZipFile(io.BytesIO(make_xlsm(_xlsx(), modules)))
    assert "Workbook_Open" in _olevba_sources(z.read("xl/vbaProject.bin"))["ThisWorkbook"]
    assert not any(n.endswith(".vml") for n in z.namelist())

    with pytest.raises(ValueError, match="already has a legacy drawing"):
        _make(_xlsx(comments=True), (Button("Data", "RecalculatePlan", "Go", (0, 0, 1, 1)),))
    with pytest.raises(ValueError, match="not a worksheet"):
        _make(buttons=(Button("Nope", "RecalculatePlan", "Go", (0, 0, 1, 1)),))
    with pytest.raises(ValueError, match="no public Sub"):
        _make(buttons=(Button("Data", "Missing", "Go", (0, 0, 1, 1)),))
    with pytest.raises(ValueError, match="anchor"):
        _make(buttons=(Button("Data", "RecalculatePlan", "Go", (2, 0, 1, 1)),))
    with pytest.raises(ValueError, match="already contains a VBA project"):
        _make(_make())
    with pytest.raises(ValueError, match="match no workbook"):
        make_xlsm(_xlsx(), [VbaModule("Sheet9", "", "document")])


# --- LibreOffice ---------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture
def lo_profile(tmp_path: Path) -> str:
    """A private LibreOffice profile, so parallel runs never share one."""
    return f"-env:UserInstallation=file:///tmp/lo_{uuid.uuid4().hex}"


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_imports_module_and_button(tmp_path: Path, lo_profile: str) -> None:
    source = tmp_path / "plan.xlsm"
    source.write_bytes(_make())
    convert = ["--headless", "--convert-to", "ods", "--outdir", str(tmp_path), str(source)]
    try:
        subprocess.run(
            [SOFFICE, lo_profile, *convert],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(lo_profile.removeprefix("-env:UserInstallation=file://"), ignore_errors=True)
    ods = zipfile.ZipFile(tmp_path / "plan.ods")
    basic = ods.read("Basic/VBAProject/Module1.xml").decode("utf-8")
    assert "Sub RecalculatePlan()" in basic and "Range(&quot;C1&quot;).Value = 42" in basic
    documents = {"Basic/VBAProject/ThisWorkbook.xml", "Basic/VBAProject/Sheet1.xml"}
    assert documents <= set(ods.namelist())
    content = ods.read("content.xml").decode("utf-8")
    found = re.search(r"<form:button .*?</form:button>", content, re.S)
    assert found is not None
    button = found.group(0)
    assert 'form:label="再計算 &lt;Recalculate&gt; &amp; go"' in button
    assert "vnd.sun.star.script:VBAProject.Module1.RecalculatePlan?language=Basic" in button
    assert 'script:event-name="form:performaction"' in button


# Runs under the system Python that has LibreOffice's UNO bridge: opens the .xlsm, fires the
# script bound to the button's action, prints the cell the macro writes.
UNO_SCRIPT = r"""
import subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

soffice, profile, path, pipe = sys.argv[1:5]
proc = subprocess.Popen([soffice, profile, "--headless", "--invisible", "--norestore",
                         "--nologo", f"--accept=pipe,name={pipe};urp;"])
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(900):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p
    # MacroExecutionMode 4: ALWAYS_EXECUTE_NO_WARN
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                       (prop("Hidden", True), prop("MacroExecutionMode", 4)))
    sheet = doc.Sheets.getByIndex(0)
    form = sheet.DrawPage.Forms.getByIndex(0)
    print("LABEL", form.getByIndex(0).Label)
    for event in form.getScriptEvents(0):
        if event.EventMethod == "actionPerformed":
            print("SCRIPT", event.ScriptCode)
            doc.getScriptProvider().getScript(event.ScriptCode).invoke((), (), ())
    print("C1", sheet.getCellRangeByName("C1").getValue())
    doc.close(True)
finally:
    if desktop is not None:
        try:
            desktop.terminate()
        except Exception:
            pass
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
"""


def _uno_python() -> str | None:
    for candidate in ("/usr/bin/python3", sys.executable):
        if os.path.exists(candidate):
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    return None


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_soffice
def test_libreoffice_runs_the_button_macro(tmp_path: Path, lo_profile: str) -> None:
    python = _uno_python()
    if python is None:
        pytest.skip("no Python with LibreOffice's uno module")
    source = tmp_path / "plan.xlsm"
    source.write_bytes(_make())
    script = tmp_path / "run.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    try:
        result = subprocess.run(
            [python, str(script), SOFFICE, lo_profile, str(source), f"routekpi_{uuid.uuid4().hex}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(lo_profile.removeprefix("-env:UserInstallation=file://"), ignore_errors=True)
    assert "LABEL 再計算 <Recalculate> & go" in result.stdout, result.stderr
    assert "SCRIPT vnd.sun.star.script:VBAProject.Module1.RecalculatePlan" in result.stdout
    assert "C1 42.0" in result.stdout, result.stdout + result.stderr


def test_xlsm_vml_ids_avoid_comment_drawings_and_bin_type_clash() -> None:
    xlsx = _xlsx(comments=True)  # openpyxl's comment drawing claims VML id block 1
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    printer = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"<Default ", f'<Default Extension="bin" ContentType="{printer}" /><Default '.encode(), 1
    )
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    second = Button("計画", "RecalculatePlan", "Again", (4, 1, 6, 3))
    out = zipfile.ZipFile(io.BytesIO(_make(patched.getvalue(), (BUTTON, second))))
    vml = out.read("xl/drawings/vmlDrawing1.vml").decode("utf-8")
    assert 'data="2"' in vml
    assert re.findall(r'id="(_x0000_s\d+)"', vml) == ["_x0000_s2049", "_x0000_s2050"]
    types = ElementTree.fromstring(out.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{NS_CT}Override")}
    assert overrides["/xl/vbaProject.bin"] == VBA_PROJECT_TYPE
