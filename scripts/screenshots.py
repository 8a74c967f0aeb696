#!/usr/bin/env python3
"""Full-page screenshots of a running site with Debian's chromium, for looking at pages.

Usage: python scripts/screenshots.py http://127.0.0.1:8123 / /movies/the-avengers-2012/ …
Writes screenshots/<path>.png (the folder is git-ignored).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def main() -> None:
    base, paths = sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"]
    out = Path(__file__).resolve().parent.parent / "screenshots"
    out.mkdir(exist_ok=True)
    width = 1280
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in paths:
            if path.startswith("mobile:"):
                path = path.removeprefix("mobile:")
                page.set_viewport_size({"width": 390, "height": 844})
            page.goto(base + path)
            name = (path.strip("/").replace("/", "_").replace("?", "_") or "home") + ".png"
            page.screenshot(path=str(out / name), full_page=True)
            page.set_viewport_size({"width": width, "height": 900})
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
