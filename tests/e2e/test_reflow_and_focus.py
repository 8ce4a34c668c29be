"""What axe does not check: pages that reflow on a phone, a focus ring that can be seen, and the
focus moving to the error summary after a refused form (WCAG 1.4.10, 1.4.11 / 2.4.7, 3.3.1).

Against the full demo. Links are followed, never built; nothing depends on translated text. With
OPENCAF_SCREENSHOTS=<directory> each page is also photographed at 1366 and 390 px wide.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ORG = rf"/org/{UUID}/"
ASSESSMENT = rf"/org/{UUID}/assessments/{UUID}/"
NETWORK = rf"/network/{UUID}/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _rgb(css: str) -> tuple[float, float, float]:
    """A computed colour ("rgb(r, g, b)" or "rgba(r, g, b, a)") as seen over a white page."""
    match = re.fullmatch(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", css.strip())
    assert match, f"unexpected colour {css!r}"
    red, green, blue = (float(value) for value in match.groups()[:3])
    alpha = float(match.group(4)) if match.group(4) is not None else 1.0
    return tuple(alpha * value + (1 - alpha) * 255 for value in (red, green, blue))  # type: ignore[return-value]


def _luminance(colour: tuple[float, float, float]) -> float:
    def linear(value: float) -> float:
        channel = value / 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(value) for value in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two computed CSS colours."""
    light, dark = sorted((_luminance(_rgb(first)), _luminance(_rgb(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _page_width(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def _widest(page: Any) -> list[str]:
    """The elements that reach past the window's right edge, to say what made the page too wide."""
    return list(
        page.evaluate(
            """() => [...document.body.querySelectorAll('*')]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 8)
                .map((el) => {
                    const name = [el.tagName.toLowerCase(), ...el.classList].join('.');
                    return `${name} → ${Math.round(el.getBoundingClientRect().right)} px`;
                })"""
        )
    )


def _photograph(page: Any, name: str) -> None:
    directory = os.environ.get("OPENCAF_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(Path(directory) / f"{name}-{width}.png"), full_page=True)


def _assert_reflows(page: Any, name: str) -> None:
    """No horizontal scrolling of the page on a 390 px phone; photographed at both widths if asked."""
    page.set_viewport_size(DESKTOP)
    _photograph(page, name)
    page.set_viewport_size(PHONE)
    page.reload()  # as a phone loads it: charts size themselves once, after the first frames
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert _page_width(page) <= PHONE["width"], f"{name} scrolls sideways at 390 px: {_widest(page)}"
    _photograph(page, name)


def test_tables_reflow_on_a_phone(page: Any, login: Any, links: Any, switch_language: Any) -> None:
    """The assessment overview, the consensus workspace and one item, the plan dashboard and the
    network portfolio fit a 390 px window, their tables shown one block per row."""
    call_command("seed_demo", verbosity=0)
    login(page, "leader@example.org")
    page.goto(links(page, "main a", ORG)[0])
    page.goto(links(page, "main nav a", rf"{ORG}assessments/")[0])
    current, closed = links(page, "main a", ASSESSMENT)  # newest first: the 2026 cycle, then 2024
    page.goto(current)
    _assert_reflows(page, "assessment-overview")
    # Bulgarian words are longer: a badge of the project plan once pushed the page to 441 px.
    page.set_viewport_size(DESKTOP)  # the language switcher sits in the collapsed menu on a phone
    switch_language(page, "bg")
    _assert_reflows(page, "assessment-overview-bg")
    page.set_viewport_size(DESKTOP)
    switch_language(page, "sl")
    page.goto(links(page, "main nav a", ASSESSMENT + "consensus/")[0])
    _assert_reflows(page, "consensus-workspace")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0
    labels = rows.first.locator("td[data-label]")
    assert labels.count() >= 5, "each cell names its column for the stacked layout"
    assert page.locator("main table thead th").count() >= 6, "the table keeps its column headers"
    page.goto(links(page, "main a", ASSESSMENT + r"consensus/6\.1/")[0])
    _assert_reflows(page, "consensus-item")
    page.goto(closed)
    page.goto(links(page, "main nav a", ASSESSMENT + "improvement/")[0])
    _assert_reflows(page, "plan-dashboard")
    page.goto("/")
    page.context.clear_cookies()
    login(page, "coordinator@example.org")
    page.goto(links(page, "main a", NETWORK)[0])
    _assert_reflows(page, "network-portfolio")


def _focus_ring(page: Any, selector: str) -> dict[str, Any]:
    """Focus the element from the keyboard's point of view and read its computed outline."""
    page.locator(selector).first.focus()
    ring = dict(
        page.evaluate(
            """(selector) => {
                const element = document.querySelector(selector);
                const style = getComputedStyle(element);
                return {
                    focused: document.activeElement === element,
                    style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth),
                    color: style.outlineColor,
                    offset: parseFloat(style.outlineOffset),
                    background: style.backgroundColor,
                    backdrop: (() => {
                        for (let node = element.parentElement; node; node = node.parentElement) {
                            const colour = getComputedStyle(node).backgroundColor;
                            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
                        }
                        return 'rgb(255, 255, 255)';
                    })(),
                };
            }""",
            selector,
        )
    )
    # The ring must stand out from what it touches: the page behind it (the nearest opaque
    # background: white in the content, navy in the navigation bar) and, unless it is drawn clear of
    # the element (outline-offset), the element's own face.
    ring["againstPage"] = contrast(ring["color"], ring["backdrop"])
    touches_field = ring["offset"] < 2 and ring["background"] != "rgba(0, 0, 0, 0)"
    ring["againstField"] = contrast(ring["color"], ring["background"]) if touches_field else ring["againstPage"]
    return ring


@pytest.mark.parametrize(
    "selector",
    [
        'main input[name="login"]',
        'main input[name="password"]',
        'main form button[type="submit"]',
        "main a[href]",
        'header select[name="language"]',
    ],
)
def test_focus_ring_is_strong(page: Any, selector: str) -> None:
    """A focused field, button or link shows an outline at least 2 px wide and 3:1 against what it
    touches; in the content (everything but the language switcher) that is white."""
    page.goto("/accounts/login/")
    ring = _focus_ring(page, selector)
    assert ring["focused"], f"{selector} did not take focus"
    assert ring["style"] not in ("none", "hidden") and ring["width"] >= 2, f"{selector}: {ring}"
    assert ring["againstPage"] >= 3 and ring["againstField"] >= 3, f"{selector}: {ring}"
    if selector.startswith("main"):
        assert contrast(ring["color"], "rgb(255, 255, 255)") >= 3, f"{selector}: {ring}"


def test_focus_ring_of_a_checkbox_and_a_select(page: Any, login: Any, links: Any) -> None:
    login(page, "quality@example.org")
    page.goto(links(page, "main a", ORG)[0] + "members/")
    page.goto(links(page, "main a", rf"{ORG}invitations/new/")[0])
    for selector in ("main form .form-check-input", "main form .form-select", "main form .form-control"):
        if page.locator(selector).count():
            ring = _focus_ring(page, selector)
            assert ring["width"] >= 2 and ring["againstPage"] >= 3 and ring["againstField"] >= 3, f"{selector}: {ring}"


def test_focus_moves_to_the_error_summary(page: Any, login: Any, links: Any, assert_accessible: Any) -> None:
    """The invitation form sent empty: the summary takes focus and links each error to its field."""
    login(page, "quality@example.org")
    page.goto(links(page, "main a", ORG)[0] + "members/")
    page.goto(links(page, "main a", rf"{ORG}invitations/new/")[0])
    form = page.locator("main form").filter(has=page.locator('input[name="email"]'))
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    focused = page.evaluate(
        """() => ({
            summary: document.activeElement.hasAttribute('data-error-summary'),
            role: document.activeElement.getAttribute('role'),
            inForm: document.activeElement.closest('form') !== null,
            targets: [...document.activeElement.querySelectorAll('a[href^="#"]')].map((a) => {
                const target = document.getElementById(a.getAttribute('href').slice(1));
                return target ? target.tagName.toLowerCase() + ':' + (target.name || '') : null;
            }),
        })"""
    )
    _photograph(page, "error-summary")
    assert focused["summary"] and focused["role"] == "alert", focused
    assert focused["targets"] and None not in focused["targets"], focused
    assert all(target.split(":")[0] in ("input", "select", "textarea") for target in focused["targets"]), focused
    errors = page.locator("main form .errorlist").count()
    assert len(focused["targets"]) >= errors >= 1, "every field with an error is listed in the summary"
    # Following a link puts the focus into the field it names.
    first = page.locator("[data-error-summary] a").first
    name = first.get_attribute("href")[1:]
    first.click()
    assert page.evaluate("() => document.activeElement.id") == name
    assert_accessible(page, "invitation form with errors")
