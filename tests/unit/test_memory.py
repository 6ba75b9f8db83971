"""The allocator setting of the dashboard's process: applied with glibc, a no-op without it."""
from __future__ import annotations

import ctypes.util

import pytest

from storyline import memory


def test_glibc_takes_every_setting():
    if ctypes.util.find_library("c") is None:
        pytest.skip("no C library found by name on this machine")
    assert memory.keep_freed_arrays() is True


@pytest.mark.parametrize("library, expected", [
    (None, False),                        # no C library found: nothing to set
    ("libnothing-such.so.9", False),      # a library that cannot be loaded
])
def test_without_glibc_nothing_changes(monkeypatch, library, expected):
    monkeypatch.setattr(memory.ctypes.util, "find_library", lambda name: library)
    assert memory.keep_freed_arrays() is expected
