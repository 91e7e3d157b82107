import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run beside one unless told it is safe (it is: the loop is Playwright's own).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _clean_slate(settings):
    """Each test starts with an empty cache and the default language.

    A request to /en/ leaves English active in the thread, and page.url would
    then carry the /en/ prefix in the next test.
    """
    from django.core.cache import cache, caches
    from django.utils import translation

    from masthead.core.freshness import forget
    from masthead.pagecache.store import purges

    cache.clear()
    caches["pages"].clear()
    purges.forget()
    forget()
    translation.activate(settings.LANGUAGE_CODE)
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db):
    from masthead.testing import build_site

    return build_site()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_collection_modifyitems(items):
    """Every transactional test gets the migrated database back afterwards.

    A transactional test empties every table when it ends. With
    serialized_rollback the next one starts from the migrated state (Wagtail's
    root page, default site, locale, content types); mixing tests with and
    without it leaves content types that a later test cannot reload.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
