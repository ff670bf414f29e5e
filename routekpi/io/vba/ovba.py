"""MS-OVBA 2.4.1 compression: the LZ77 variant VBA uses for the ``dir`` and module streams.

A *CompressedContainer* is the signature byte ``0x01`` followed by chunks. Each chunk holds
up to 4096 decompressed bytes; its 2-byte header carries the chunk size minus 3 (12 bits),
the signature ``0b011`` and a flag saying whether the chunk is compressed (token sequences)
or raw (exactly 4096 literal bytes). A token sequence is a flag byte followed by up to
eight tokens: a literal byte (flag bit 0) or a 2-byte little-endian *CopyToken* (flag bit 1)
whose split between offset and length bits depends on the position inside the chunk.

The matcher reproduces the spec's search exactly (longest match, nearest candidate on ties,
only candidates inside the current chunk), so the spec's worked examples compress to the
very bytes the spec prints. A hash of 3-byte prefixes replaces the spec's linear scan: a
candidate that does not share the first three bytes can never win, since matches shorter
than three bytes are emitted as literals.
"""

from __future__ import annotations

CHUNK_SIZE = 4096
_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011 << 12
_COMPRESSED_FLAG = 0x8000


def _copy_token_bits(position: int) -> tuple[int, int]:
    """(offset bit count, maximum length) for a CopyToken at ``position`` in its chunk.

    MS-OVBA 2.4.1.3.19.1: bit count = max(ceil(log2(position)), 4); the remaining
    ``16 - bit count`` bits hold ``length - 3``.
    """
    bit_count = max((position - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes, start: int, end: int) -> bytes | None:
    """Token sequences for ``data[start:end]``, or None when they exceed 4096 bytes."""
    out = bytearray()
    # 3-byte prefix -> positions seen so far in this chunk, oldest first.
    seen: dict[bytes, list[int]] = {}

    def remember(first: int, stop: int) -> None:
        for p in range(first, min(stop, end - 2)):
            seen.setdefault(data[p : p + 3], []).append(p)

    pos = start
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len, best_pos = 0, 0
            limit = end - pos
            # Near the chunk end the 3-byte key would reach into the next chunk.
            chain = seen.get(data[pos : pos + 3], ()) if limit >= 3 else ()
            for cand in reversed(chain):
                n = 3
                while n < limit and data[cand + n] == data[pos + n]:
                    n += 1
                if n > best_len:  # strictly longer: ties keep the nearer candidate
                    best_len, best_pos = n, cand
                    if n == limit:
                        break
            if best_len >= 3:
                bit_count, max_len = _copy_token_bits(pos - start)
                length = min(best_len, max_len)
                token = ((pos - best_pos - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                remember(pos, pos + length)
                pos += length
            else:
                out.append(data[pos])
                remember(pos, pos + 1)
                pos += 1
        out[flag_index] = flags
        if len(out) > CHUNK_SIZE:
            return None
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into an MS-OVBA CompressedContainer.

    A chunk whose token sequences would not fit in 4096 bytes is stored raw, as the spec
    requires. Raw chunks always hold 4096 bytes, so a *final* chunk of more than ~3640
    nearly incompressible bytes is padded with NULs (MS-OVBA 2.4.1.3.10); VBA source text
    never gets there, but arbitrary binary data may not round-trip exactly in that case.
    """
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        end = min(start + CHUNK_SIZE, len(data))
        body = _compress_chunk(data, start, end)
        if body is not None:
            header = _COMPRESSED_FLAG | _CHUNK_SIGNATURE | (len(body) + 2 - 3)
        else:
            body = data[start:end].ljust(CHUNK_SIZE, b"\x00")
            header = _CHUNK_SIGNATURE | (CHUNK_SIZE + 2 - 3)
        out += header.to_bytes(2, "little") + body
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer; raise ValueError when it is malformed."""
    if not container or container[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise ValueError(f"truncated chunk header at offset {pos}")
        header = int.from_bytes(container[pos : pos + 2], "little")
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise ValueError(f"bad chunk signature at offset {pos}")
        chunk_end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & _COMPRESSED_FLAG:
            out += container[pos : pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        while pos < chunk_end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(container[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise ValueError(f"truncated copy token at offset {pos}")
                token = int.from_bytes(container[pos : pos + 2], "little")
                pos += 2
                bit_count, _ = _copy_token_bits(len(out) - chunk_start)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + 3
                if offset > len(out) - chunk_start:
                    raise ValueError(f"copy token reaches before its chunk at offset {pos - 2}")
                # Byte by byte: the source may overlap the bytes being written.
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)
