"""SHA-256, the one way every resumable job checks its files and names what it computes.

A file's checksum is written beside it when it is whole (sweep parts, calibrate/optimize
generations) and checked before it is trusted; a job's identity is the hash of everything that
determines its results, so a folder holding another job is refused instead of resumed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np


def of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def of_file(path: Path) -> str:
    """The file's SHA-256, read in blocks of 1 MiB."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def identity(obj, length: int | None = None) -> str:
    """SHA-256 of an array's bytes, or of anything else as sorted JSON (non-JSON values by str);
    ``length`` hex digits of it when given."""
    if isinstance(obj, np.ndarray):
        data = np.ascontiguousarray(obj).tobytes()
    else:
        data = json.dumps(obj, sort_keys=True, default=str).encode()
    return of_bytes(data)[:length]
