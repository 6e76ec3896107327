"""The case site in a real browser: headless Chromium (Debian's `chromium`, driven by playwright
without any browser download) on the site built from the shipped package.

Skips, saying why, when chromium or playwright is missing locally; CI installs both (.ci/run)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]

REQUIRED = os.environ.get("WESTMINSTER_CASEFILE_REQUIRE_BROWSER") == "1"  # set by .ci/run: CI must not skip these
if CHROMIUM is None:
    if REQUIRED:
        raise RuntimeError("WESTMINSTER_CASEFILE_REQUIRE_BROWSER=1 but chromium is not installed")
    pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it", allow_module_level=True)
try:
    from playwright import sync_api
except ImportError:
    if REQUIRED:
        raise
    pytest.skip("playwright's Python package is not installed (pip install -e '.[test]')", allow_module_level=True)
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from westminster_casefile.site import build_site

    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def browser():
    user_data = tempfile.mkdtemp(prefix="casefile-chromium-")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(user_data, executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                   viewport={"width": 1200, "height": 900})
        yield ctx
        ctx.close()
    shutil.rmtree(user_data, ignore_errors=True)


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: pg.errors.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.errors.append(f"request failed: {r.url}"))
    # nothing is fetched from the network when a page is viewed
    pg.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else pg.errors.append(
        f"network request: {r.url}"))
    yield pg
    pg.close()


def _url(path: Path) -> str:
    return path.resolve().as_uri()


def test_every_page_loads_without_errors_and_every_internal_link_resolves(site, page):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200  # one per person, institution, event and statement
    broken, errors, ids_cache = [], {}, {}
    links: list[tuple[Path, str]] = []
    for path in pages:
        page.errors.clear()
        page.goto(_url(path))
        if page.errors:
            errors[path.relative_to(site).as_posix()] = list(page.errors)
        ids_cache[path.resolve()] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all(
                "a[href]:not(.ext)", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"):
            links.append((path, href))
    assert not errors, errors
    for path, href in links:
        u = urlparse(href)
        assert u.scheme == "file", f"{path.name} links outside the site: {href}"  # only a source's own address may
        target = Path(unquote(u.path)).resolve()
        if not target.exists() or site.resolve() not in (target, *target.parents):
            broken.append((path.name, href))
        elif u.fragment and target.suffix == ".html" and u.fragment not in ids_cache.get(target, set()):
            broken.append((path.name, href))
    assert not broken, broken[:20]
    assert len(links) > 2000


def test_timeline_draws_every_dated_event_with_its_precision(site, page):
    import westminster_casefile

    events = westminster_casefile.load("events")
    dated = events[events.date_precision != "unknown"]
    page.goto(_url(site / "timeline.html"))
    rows = page.locator("#tl li.tl-row")
    assert rows.count() == len(dated)
    assert page.locator("ul.undated li").count() == (events.date_precision == "unknown").sum()
    marks = page.locator("#tl .mark")
    assert marks.count() == len(dated)
    widths = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        box = row.locator(".mark").bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        title = row.locator(".label-col a").inner_text()
        widths[title] = (box["width"], box["height"], row.locator(".mark").get_attribute("class"))
    import datetime as dt

    from types import SimpleNamespace

    from westminster_casefile.site.model import rows as plain_rows

    rows_by_title = {r["title"]: SimpleNamespace(**r) for r in plain_rows(dated)}  # dates as datetime.date
    day_w = max(w for t, (w, _, _) in widths.items() if rows_by_title[t].date_precision == "day")
    for t, (w, h, cls) in widths.items():
        r = rows_by_title[t]
        if r.date_precision == "day":
            assert "point" in cls and abs(w - h) < 1, t  # a diamond
        else:  # a month, year or range is a bar, not a point
            assert "span" in cls and w >= 4, t
            # in the zoomed part of the axis a span of several days is wider than a day's point
            if r.date_start and r.date_end and r.date_start >= dt.date(2025, 9, 1) and (r.date_end - r.date_start).days >= 5:
                assert w > day_w, t
    # status is visible as text and as a legend entry for each status in use
    for status in set(dated.status):
        assert page.locator(f".legend .st-{status}").count() == 1
    # the status filter hides rows
    page.get_by_label("happened", exact=True).uncheck()
    assert page.locator("#tl-count").inner_text() == str((dated.status != "happened").sum())
    assert page.locator("#tl li.tl-row:visible").count() == (dated.status != "happened").sum()


def test_network_draws_and_highlights(site, page):
    page.goto(_url(site / "network.html"))
    svg = page.locator("#nw-pi svg.network")
    box = svg.bounding_box()
    assert box and box["width"] > 500 and box["height"] > 300
    nodes = svg.locator("a.node")
    assert nodes.count() > 40
    assert svg.locator("line").count() > 50
    for i in range(0, nodes.count(), 7):
        b = nodes.nth(i).bounding_box()
        assert b and b["width"] > 0 and b["height"] > 0
    nodes.first.focus()  # keyboard focus lights up the node's links
    assert "dim" in (svg.get_attribute("class") or "")
    page.get_by_label("people, institutions and events").check()
    assert page.locator("#nw-all svg.network").is_visible()
    assert page.locator("#nw-all a.node.event").count() > 10
    assert not page.locator("#nw-pi").is_visible()


def test_centre_on_goes_to_the_items_links(site, page):
    page.goto(_url(site / "network.html"))
    page.get_by_label("Centre on").select_option(label="Christopher Berry (person)")
    assert page.url.endswith("network.html")  # choosing alone does not navigate
    page.get_by_role("button", name="Show its links").click()
    page.wait_for_url("**/person/christopher-berry.html#network")
    assert page.locator("#network svg.ego a.node").count() > 5


def test_about_case_filter_in_the_browser(tmp_path, page):
    """With the events.about_case column (being added to the tables), the timeline filters on it."""
    import westminster_casefile
    from westminster_casefile.site import render_site
    from westminster_casefile.site.output import write_site

    tables = westminster_casefile.load_all()
    if "about_case" not in tables["events"].columns:  # until the column ships, mark a sample
        ev = tables["events"].copy()
        ev["about_case"] = ev.event_id.str.contains("cash|berry|cps")
        tables["events"] = ev
    ev = tables["events"]
    site = write_site(tmp_path / "site", render_site(tables=tables))
    page.goto(_url(site / "timeline.html"))
    total = page.locator("#tl li.tl-row:visible").count()
    page.get_by_label("Only what is about the Cash/Berry case").check()
    dated_case = int((ev.about_case & (ev.date_precision != "unknown")).sum())
    assert page.locator("#tl li.tl-row:visible").count() == dated_case < total
    assert page.locator("#tl-count").inner_text() == str(dated_case)
    assert page.locator("ul.undated li:visible").count() == int((ev.about_case & (ev.date_precision == "unknown")).sum())


def test_search_finds_a_statement_by_a_word_in_it(site, page):
    import westminster_casefile

    statements = westminster_casefile.load("statements")
    # a word that occurs in exactly one statement's text
    counts = {}
    for sid, text in zip(statements.statement_id, statements.text):
        for w in {w.strip(".,;:“”\"'’()").lower() for w in text.split()}:
            if len(w) > 6 and w.isalpha():
                counts.setdefault(w, set()).add(sid)
    word, sids = sorted((w, s) for w, s in counts.items() if len(s) == 1)[0]
    page.goto(_url(site / "statements.html"))
    total = page.locator("#st-list li.stmt").count()
    assert total == len(statements)
    page.get_by_label("Words").fill(word)
    visible = page.locator("#st-list li.stmt:visible")
    assert visible.count() >= 1 and visible.count() < total
    assert any(sid in visible.nth(i).locator("a").first.get_attribute("href") for i in range(visible.count())
               for sid in sids)
    assert word in visible.first.inner_text().lower()


def test_browse_timeline_person_statement_evidence_and_back(site, page):
    page.goto(_url(site / "timeline.html"))
    page.get_by_role("link", name="CPS drops the case against Cash and Berry", exact=False).first.click()
    assert page.url.endswith("event/cps-drops-case.html")
    page.locator("#who-h ~ ul a.k-person").first.click()
    assert "/person/" in page.url
    person_url = page.url
    page.locator("#said-h ~ ul.stmts li.stmt p.said a").first.click()
    assert "/statement/" in page.url
    evidence = page.locator("ol.evidence li")
    assert evidence.count() >= 1
    first = evidence.first
    assert first.locator("mark").inner_text().strip()
    assert first.locator(".cite a").first.is_visible()  # the source's publisher and date
    first.locator(".cite a").first.click()
    assert "sources.html#src-" in page.url
    page.go_back()
    assert "/statement/" in page.url
    page.go_back()
    assert page.url == person_url
    page.go_back()
    page.go_back()
    assert page.url.endswith("timeline.html")


def test_keyboard_and_phone(site, browser):
    pg = browser.new_page()
    pg.set_viewport_size({"width": 390, "height": 844})
    try:
        for name in ("index.html", "timeline.html", "statements.html", "person/christopher-cash.html", "network.html"):
            pg.goto(_url(site / name))
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} scrolls sideways on a phone by {overflow}px"
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip"
        assert pg.locator("h1").count() == 1
        for img in pg.locator("svg[role=img]").all():
            assert img.get_attribute("aria-labelledby")
    finally:
        pg.close()
