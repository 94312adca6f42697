"""The sandbox's pages in headless Chromium (Playwright driving Debian's chromium).

Two browser contexts log in as the two demo users through the login form (session
cookies, CSRF); one posts in ``#general`` and the other sees the message appear
live; the assistant page streams a reply and cancels another; a Celery task (eager
here) notifies the home page. Screenshots are written to a temporary directory
(``CHANX_BROWSER_ARTIFACTS`` to choose it) and their paths printed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox_django.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from sandbox_django.assistants.generator import reply_words
from tests.asyncapi.validation import _skip_or_fail
from tests.e2e.sandbox import Sandbox

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_sandbox_browser")]

CHROMIUM = Path(os.environ.get("CHANX_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Milliseconds Playwright waits for any expected element.
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = os.environ.get("CHANX_BROWSER_ARTIFACTS") or tempfile.mkdtemp(prefix="chanx-browser-")
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} is missing: run ../shared/tools/setup.sh (apt chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is missing: run scripts/bootstrap.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def logged_in_page(browser: Any, sandbox: Sandbox, username: str) -> Any:
    """A page of a fresh context (own cookies) logged in through the login form."""
    context = browser.new_context(base_url=sandbox.server.http_url)
    context.set_default_timeout(WAIT_MS)
    # Only the sandbox itself may be reached: everything is served locally.
    context.route(
        lambda url: not url.startswith(sandbox.server.http_url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/chat/")
    assert page.inner_text("#whoami") == username
    return page


def test_two_users_chat_live(browser: Any, sandbox: Sandbox, artifacts: Path) -> None:
    first, second = (logged_in_page(browser, sandbox, name) for name in DEMO_USERS)
    for page in (first, second):
        page.click("#chats a:has-text('#general')")
        page.wait_for_selector("#status[data-state=open]")
    first.fill("#message-input", "hello from the first browser")
    first.click("#send")
    arrived = second.wait_for_selector("#messages li:has-text('hello from the first browser')")
    assert arrived is not None
    assert DEMO_USERS[0] in arrived.inner_text()
    first.wait_for_selector("#messages li:has-text('hello from the first browser')")
    second.screenshot(path=str(artifacts / "chat-second-user.png"), full_page=True)
    print(f"screenshots in {artifacts}")
    # A reload shows the message again, from the REST history this time.
    second.reload()
    second.wait_for_selector("#messages li:has-text('hello from the first browser')")
    for page in (first, second):
        page.context.close()


def test_assistant_streams_and_cancels(browser: Any, sandbox: Sandbox, artifacts: Path) -> None:
    page = logged_in_page(browser, sandbox, DEMO_USERS[0])
    page.click("nav a:has-text('Assistant')")
    page.wait_for_selector("#status[data-state=open]")
    prompt = "How do streamed replies work?"
    page.fill("#prompt", prompt)
    page.click("#ask")
    page.wait_for_selector("#reply[data-state=streaming]")
    page.wait_for_selector("#reply[data-state=done]")
    words = reply_words(prompt)
    assert page.inner_text("#reply").split() == "".join(words).split()
    assert page.inner_text("#reply-info") == f"{len(words)} chunks"
    page.screenshot(path=str(artifacts / "assistant-done.png"), full_page=True)

    page.fill("#prompt", "Please stop me")
    page.click("#ask")
    page.wait_for_function("document.querySelector('#reply').textContent.length > 0")
    page.click("#cancel")
    page.wait_for_selector("#reply[data-state=cancelled]")
    assert page.inner_text("#reply-info").endswith("(cancelled)")
    page.context.close()


def test_celery_notification_shows_on_the_page(
    browser: Any, sandbox: Sandbox, artifacts: Path
) -> None:
    page = logged_in_page(browser, sandbox, DEMO_USERS[1])
    page.goto("/")
    page.wait_for_selector("#notifications[data-state=open]", state="attached")  # empty: 0 px
    page.fill("#notify-text", "a note from a task")
    with page.expect_response("**/api/notifications/") as response:
        page.click("#notify-form button")
    assert response.value.status == 202
    page.wait_for_selector("#notifications li.notification:has-text('a note from a task')")
    page.screenshot(path=str(artifacts / "notification.png"), full_page=True)
    page.context.close()
