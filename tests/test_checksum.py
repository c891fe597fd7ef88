"""One SHA-256 for resumable jobs (sim.files.checksum): identities stay what they were, so folders
written before still resume, and a changed file is seen."""

import numpy as np
import pytest

from sim.files import checksum
from sim.files.checkpoints import identity

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)


def test_identities_are_the_ones_existing_folders_hold():
    # values computed by the two hashes this module replaced (calibrate/optimize checkpoints, sweeps)
    assert identity({"seed": 1, "names": ["quit_base"], "prior": [[0.1, 0.2]]}) == "fd5634f90c072b36"
    assert checksum.identity({"spec": {"n": 8}, "seeds": [1, 2]}) == (
        "d6623dc7715b0d91ee60d961a1252b8738c18de4b45306d73a9ff23a2e272845"
    )
    assert checksum.identity(np.arange(6, dtype=float).reshape(2, 3)) == (
        "84a6e8b7afdd286a48ab0aab2c72227fff91a935b0489e633018914bd01693cd"
    )


def test_a_file_and_its_bytes_have_one_checksum_and_a_change_shows(tmp_path):
    path = tmp_path / "part.bin"
    data = bytes(range(256)) * 5000  # more than one 1 MiB block
    path.write_bytes(data)
    assert checksum.of_file(path) == checksum.of_bytes(data)
    path.write_bytes(data[:-1] + b"\x00")
    assert checksum.of_file(path) != checksum.of_bytes(data)
