"""What the browser journeys share: a phone's viewport, pressing Tab to an element (keyboard only),
checking that nothing is wider than the screen, and photographing a page when OPENCAF_SCREENSHOTS
names a directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PHONE = {"width": 390, "height": 844}


def shot(page: Any, name: str) -> None:
    directory = os.environ.get("OPENCAF_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def tab_to(page: Any, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def fits(page: Any, width: int = PHONE["width"]) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "wider than the screen"
