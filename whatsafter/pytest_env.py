"""Loaded by pytest through `-p whatsafter.pytest_env` (pyproject addopts), before
pytest-django imports the settings: the tests run the development configuration, as
`make dev` does, since DEBUG now defaults to off. A DEBUG already in the environment wins.
Static files keep their plain names: hashed names are switched on by a collectstatic
manifest in staticfiles/ (left by `make run` or a benchmark), and the tests must not depend
on what an earlier run left in the checkout.

It lives in the installed package because `-p` imports before pytest's `pythonpath` applies.
"""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("STATIC_HASHED", "false")
