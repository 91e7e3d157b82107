"""One stylesheet for every reader page: the site's own, then each feature app's, joined into one file.

Feature apps keep their styles beside their templates (`masthead/<app>/static/<app>/<app>.css`,
found by name like `demo.py` and `bench.py`), so removing an app removes its
styles; but a page that linked each app's file made four requests for 19 KB
(issue 15, page weight). `BundleFinder` is a staticfiles finder that offers one
more file, `masthead/site.bundle.css`, made of `masthead/site.css` and every
installed app's stylesheet in INSTALLED_APPS order. collectstatic collects it
like any file (hashed and compressed by whitenoise), and `runserver` finds it
the same way, so there is no build step to forget.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

BUNDLE = "masthead/site.bundle.css"
SITE_STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "masthead" / "site.css"


def parts() -> list[Path]:
    """The stylesheets the bundle joins: the site's first, then each installed masthead app's own."""
    found = [SITE_STYLESHEET]
    for app in apps.get_app_configs():
        if not app.name.startswith("masthead."):
            continue
        short = app.name.rpartition(".")[2]
        stylesheet = Path(app.path) / "static" / short / f"{short}.css"
        if stylesheet.is_file():
            found.append(stylesheet)
    return found


def build() -> Path:
    """Write the bundle under VAR_DIR (rewritten only when a part changed) and return its path."""
    text = "".join(f"/* {part.parent.name}/{part.name} */\n{part.read_text(encoding='utf-8').rstrip()}\n" for part in parts())
    target = Path(settings.VAR_DIR) / "stylesheet" / BUNDLE
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


class BundleFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != BUNDLE:
            return [] if find_all else None
        built = str(build())
        return [built] if find_all else built

    def list(self, ignore_patterns):
        build()
        yield BUNDLE, FileSystemStorage(location=str(Path(settings.VAR_DIR) / "stylesheet"))
