"""A minimal, deterministic Compound File Binary writer (MS-CFB version 3, 512-byte sectors).

Only what ``vbaProject.bin`` needs: nested storages and streams, written once. Streams under
4096 bytes go to the mini stream (64-byte mini sectors), larger ones to regular sectors.
Timestamps and CLSIDs are zero, entries are laid out in a fixed order, so the same input
always gives the same bytes.

File layout: header, FAT sectors, directory sectors, miniFAT sectors, the mini stream,
then each regular stream, each chain contiguous.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096
_ENTRIES_PER_SECTOR = SECTOR // 128
_IDS_PER_SECTOR = SECTOR // 4
_HEADER_DIFAT_SLOTS = 109

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, list[int]]:
    """CFB sibling order: shorter UTF-16 names first, then code units compared uppercased."""
    # One-to-one uppercase mapping only ("ß" stays "ß"), as the spec's simple case folding.
    upper = "".join(c.upper() if len(c.upper()) == 1 else c for c in name).encode("utf-16-le")
    return len(name.encode("utf-16-le")) // 2, list(struct.unpack(f"<{len(upper) // 2}H", upper))


def _check_name(name: str) -> None:
    if not name or len(name.encode("utf-16-le")) // 2 > 31:
        raise ValueError(f"CFB entry names must be 1-31 UTF-16 code units: {name!r}")
    if any(c in name for c in "/\\:!"):
        raise ValueError(f"CFB entry names may not contain / \\ : or !: {name!r}")


def _build_tree(root: _Entry, streams: Mapping[str, bytes]) -> None:
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            _check_name(part)
            folded = part.upper()
            child = node.children.get(folded)
            if child is None:
                child = node.children[folded] = _Entry(part, _STORAGE, start=0)
            elif child.kind != _STORAGE:
                raise ValueError(f"{path!r}: {part!r} is a stream, not a storage")
            node = child
        _check_name(parts[-1])
        folded = parts[-1].upper()
        if folded in node.children:
            raise ValueError(f"duplicate CFB entry (names are case-insensitive): {path!r}")
        node.children[folded] = _Entry(parts[-1], _STREAM, bytes(data))


def _number(root: _Entry) -> list[_Entry]:
    """Assign directory ids breadth-first, in sibling order, and link each red-black tree."""
    order = [root]
    queue = [root]
    while queue:
        node = queue.pop(0)
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        for kid in kids:
            kid.sid = len(order)
            order.append(kid)
        node.child = _link_balanced(kids, 0, len(kids), 0, _depth(len(kids)))
        queue.extend(k for k in kids if k.kind == _STORAGE)
    return order


def _depth(count: int) -> int:
    """Depth (0-based) of the deepest node in a median-split tree of ``count`` nodes."""
    return count.bit_length() - 1


def _link_balanced(kids: list[_Entry], lo: int, hi: int, depth: int, deepest: int) -> int:
    """Median-split BST; every level but the last is full, so colouring the last level red
    (never the root) keeps the black height equal on every path: a valid red-black tree."""
    if lo >= hi:
        return _NOSTREAM
    mid = (lo + hi) // 2
    node = kids[mid]
    node.left = _link_balanced(kids, lo, mid, depth + 1, deepest)
    node.right = _link_balanced(kids, mid + 1, hi, depth + 1, deepest)
    node.color = _RED if depth == deepest and depth > 0 else _BLACK
    return node.sid


def _dir_entry(entry: _Entry | None, size: int = 0) -> bytes:
    if entry is None:  # unused slot
        return (
            bytes(64) + struct.pack("<HBBIII", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + bytes(48)
        )
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    return (
        name.ljust(64, b"\x00")
        + struct.pack(
            "<HBBIII", len(name), entry.kind, entry.color, entry.left, entry.right, entry.child
        )
        + bytes(16)  # CLSID
        + bytes(4)  # state bits
        + bytes(16)  # creation and modification times
        + struct.pack("<IQ", entry.start, size)
    )


def _sectors(n_bytes: int, size: int) -> int:
    return -(-n_bytes // size)


def build_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Write a compound file holding ``streams``, keyed by ``/``-separated paths.

    Storages are created from the paths (``"VBA/dir"`` makes storage ``VBA``). Names are
    case-insensitively unique per storage, 1-31 characters, without ``/ \\ : !``.
    """
    root = _Entry("Root Entry", _ROOT)
    _build_tree(root, streams)
    entries = _number(root)
    files = [e for e in entries if e.kind == _STREAM]
    small = [e for e in files if 0 < len(e.data) < MINI_STREAM_CUTOFF]
    large = [e for e in files if len(e.data) >= MINI_STREAM_CUTOFF]

    # Mini stream: each small stream in consecutive 64-byte mini sectors.
    minifat: list[int] = []
    mini_stream = bytearray()
    for e in small:
        count = _sectors(len(e.data), MINI_SECTOR)
        e.start = len(minifat)
        minifat += [e.start + i + 1 for i in range(count - 1)] + [_ENDOFCHAIN]
        mini_stream += e.data.ljust(count * MINI_SECTOR, b"\x00")

    n_dir = _sectors(len(entries), _ENTRIES_PER_SECTOR)
    n_minifat = _sectors(len(minifat) * 4, SECTOR)
    n_mini = _sectors(len(mini_stream), SECTOR)
    n_large = sum(_sectors(len(e.data), SECTOR) for e in large)
    payload = n_dir + n_minifat + n_mini + n_large
    n_fat = 1
    while n_fat * _IDS_PER_SECTOR < n_fat + payload:  # the FAT must also map itself
        n_fat += 1
    if n_fat > _HEADER_DIFAT_SLOTS:
        raise ValueError("compound file too large for a header-only DIFAT (about 6.8 MB)")

    fat: list[int] = [_FATSECT] * n_fat

    def chain(count: int) -> int:
        """Allocate ``count`` contiguous sectors; return the first (ENDOFCHAIN if none)."""
        if count == 0:
            return _ENDOFCHAIN
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(_ENDOFCHAIN)
        return first

    dir_start = chain(n_dir)
    minifat_start = chain(n_minifat)
    root.start = chain(n_mini)
    for e in large:
        e.start = chain(_sectors(len(e.data), SECTOR))
    fat += [_FREESECT] * (n_fat * _IDS_PER_SECTOR - len(fat))

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),  # CLSID
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # byte order mark (little-endian)
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        bytes(6),
        0,  # number of directory sectors: MUST be 0 in version 3
        n_fat,
        dir_start,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        minifat_start,
        n_minifat,
        _ENDOFCHAIN,  # first DIFAT sector: none
        0,  # number of DIFAT sectors
    )
    difat = list(range(n_fat)) + [_FREESECT] * (_HEADER_DIFAT_SLOTS - n_fat)
    header += struct.pack(f"<{_HEADER_DIFAT_SLOTS}I", *difat)

    sizes = {id(e): len(e.data) for e in files}
    sizes[id(root)] = len(mini_stream)
    directory = b"".join(_dir_entry(e, sizes.get(id(e), 0)) for e in entries)
    directory += _dir_entry(None) * (n_dir * _ENTRIES_PER_SECTOR - len(entries))

    def padded(blob: bytes, filler: int = 0) -> bytes:
        fill = bytes([filler & 0xFF])
        return blob.ljust(_sectors(len(blob), SECTOR) * SECTOR, fill)

    parts = [
        header,
        struct.pack(f"<{len(fat)}I", *fat),
        directory,
        padded(struct.pack(f"<{len(minifat)}I", *minifat), _FREESECT),
        padded(bytes(mini_stream)),
        *(padded(e.data) for e in large),
    ]
    return b"".join(parts)
