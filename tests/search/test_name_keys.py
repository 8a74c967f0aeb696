"""Keying a chunk of names at once (a first index build) gives each name's own key."""

from __future__ import annotations

import pytest

from whatsafter.search.query import name_key, name_keys

NAMES = [
    "Sylvester Stallone",
    "Penélope Cruz",
    "Björk",
    "  O'Brien,  Conan ",
    "--",
    "",
    "Ryūichi Sakamoto",
    "Straße",  # casefold, not lower: "strasse"
    "\uff21\uff4e\uff4e\uff41",  # "Anna" in full-width letters: folds to ASCII
    "李安",  # no Latin letters: an empty key
    "Line\nBreak",  # cannot be joined by newlines: keyed on its own
    "A\u0301ngel",  # a combining accent
]


@pytest.mark.parametrize("names", [NAMES, [n for n in NAMES if n.isascii()], [], ["x"]])
def test_name_keys_equal_name_key_one_by_one(names: list[str]) -> None:
    assert name_keys(names) == [name_key(n) for n in names]
