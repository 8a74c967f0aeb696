"""Loaded by pytest through `-p whatsafter.pytest_env` (pyproject addopts), before
pytest-django imports the settings: the tests run the development configuration, as
`make dev` does, since DEBUG now defaults to off. A DEBUG already in the environment wins.

It lives in the installed package because `-p` imports before pytest's `pythonpath` applies.
"""

import os

os.environ.setdefault("DEBUG", "true")
