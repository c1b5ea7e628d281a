"""What the playground's browser tests share: one headless Chromium per test module, pages
opened from file:// with every other request refused and recorded, and errors collected."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_support import launch

from nn.playground import playground_page


@dataclass
class OpenedPage:
    """A playground page in the browser, with what went wrong while it ran."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    """Every request that was not for a file: refused, and listed here."""

    def run(self, script: str, argument: Any = None) -> Any:
        return self.page.evaluate(script, argument)

    def wait_until(self, expression: str, seconds: float = 10.0) -> None:
        """Poll `expression` from here: the page's CSP forbids the eval wait_for_function uses."""
        for _ in range(int(seconds * 50)):
            if self.page.evaluate(expression):
                return
            self.page.wait_for_timeout(20)
        raise AssertionError(f"{expression} stayed false for {seconds} s")


class Browser:
    """Opens playground pages in one Chromium."""

    def __init__(self, context: Any, folder: Path) -> None:
        self.context = context
        self.folder = folder

    def open(self, hash_: str = "", html: str | None = None, name: str = "p.html") -> OpenedPage:
        path = self.folder / name
        path.write_text(html if html is not None else playground_page(), encoding="utf-8")
        page = self.context.new_page()
        opened = OpenedPage(page)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))

        def refuse(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                opened.requests.append(route.request.url)
                route.abort()

        page.route("**/*", refuse)
        page.goto(path.resolve().as_uri() + hash_)
        return opened


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("playground")
    with sync_playwright() as playwright:
        context = launch(
            playwright, chromium, folder / "profile", viewport={"width": 1024, "height": 768}
        )
        try:
            yield Browser(context, folder)
        finally:
            context.close()
