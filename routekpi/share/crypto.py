"""Password protection of shared copies: OOXML agile encryption through msoffcrypto-tool.

Agile encryption (AES-256, SHA-512 key derivation) is what Excel 2010+ writes for "Encrypt
with Password"; Excel and LibreOffice open such a file after asking for the password, and
nothing in it can be read without it (unlike sheet protection, which only hides).
"""

from __future__ import annotations

import io

import msoffcrypto
from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML package is an OLE container holding this stream (name in UTF-16LE).
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class WrongPassword(ValueError):
    """The password does not open this file."""


def is_encrypted(data: bytes) -> bool:
    """True for a password-protected .xlsx/.xlsm (an OLE container with EncryptedPackage)."""
    return data[:8] == _CFB_MAGIC and _ENCRYPTED_STREAM in data


def encrypt(data: bytes, password: str) -> bytes:
    """The .xlsx bytes ``data`` encrypted with ``password`` (agile encryption)."""
    if not password:
        raise ValueError("the password is empty")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt(data: bytes, password: str) -> bytes:
    """The plain .xlsx bytes of an encrypted workbook; :class:`WrongPassword` if it fails."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        out = io.BytesIO()
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError, FileFormatError, AssertionError) as exc:
        raise WrongPassword(str(exc) or "wrong password") from exc
    return out.getvalue()
