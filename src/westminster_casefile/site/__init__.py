"""`westminster-casefile site`: the case file as a self-contained static website.

    from westminster_casefile.site import build_site
    build_site(Path("site"))            # -> Path("site"), ready to open as site/index.html

The pages are rendered with Jinja2 from the tables the public loader returns, plus the release
zip (so every page links a download of the data it shows). Nothing is fetched at view time: no
server, no network, no client-side library; the timeline is HTML/CSS and the network pictures
are SVG drawn here, so the site opens from file:// and from GitHub Pages alike.

The folder is written atomically (see output.py) and never replaces a folder this function did
not write."""
from __future__ import annotations

from pathlib import Path

from westminster_casefile.site.output import MARKER, SiteError, write_site

__all__ = ["build_site", "render_site", "SiteError", "MARKER"]


def render_site(*, sources_dir: Path | None = None, tables: dict | None = None,
                package_dir: Path | None = None, context: bool = True) -> dict[str, bytes]:
    """Every file of the site: relative path -> bytes. See render.py."""
    from westminster_casefile.site.render import render

    return render(sources_dir=sources_dir, tables=tables, package_dir=package_dir, context=context)


def build_site(out: Path, *, sources_dir: Path | None = None, package_dir: Path | None = None,
               context: bool = True) -> Path:
    """Render the site and write it to `out` atomically; returns `out`.

    sources_dir: the articles, used only for the sentence around each quotation and only when
    their sha256 matches the package; default: the checkout's sources/ if there is one.
    context=False shows the quoted words alone (the quotes of this case file cover 72-83% of
    each article's characters, and their sentences 92-99%: a publisher may prefer less).
    Raises SiteError if `out` is a file, or a non-empty folder that is not a site written here."""
    files = render_site(sources_dir=sources_dir, package_dir=package_dir, context=context)
    return write_site(Path(out), files)
