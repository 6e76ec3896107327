"""The static site without a browser: what it publishes (and what it must not), and how it is
written. The browser tests (test_site_browser.py) check how it behaves."""
from __future__ import annotations

import hashlib
import html
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import westminster_casefile

pytest.importorskip("jinja2")
from westminster_casefile.site import MARKER, SiteError, build_site, render_site  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_site(sources_dir=ROOT / "sources")


def _text(data: bytes) -> str:
    """The visible text of a page, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", data.decode("utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", body)))


def _sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) of an article, split independently of the site's code."""
    out = []
    for m in re.finditer(r"[^\n.?!]+(?:[.?!]+[”’\"]?|$)", text, flags=re.M):
        sentence = m.group().strip()
        if len(sentence) > 20:
            start = m.start() + m.group().index(sentence)
            out.append((start, start + len(sentence), sentence))
    return out


def test_one_page_per_row_and_the_release_download(files):
    t = westminster_casefile.load_all()
    for table, col, folder in (("people", "person_id", "person"), ("institutions", "institution_id", "institution"),
                               ("events", "event_id", "event"), ("statements", "statement_id", "statement")):
        assert {f"{folder}/{i}.html" for i in t[table][col]} <= set(files), table
    zips = [k for k in files if k.startswith("download/") and k.endswith(".zip")]
    assert len(zips) == 1
    with zipfile.ZipFile(__import__("io").BytesIO(files[zips[0]])) as zf:
        names = zf.namelist()
    assert any(n.endswith("datapackage.json") for n in names) and any(n.endswith("SHA256SUMS") for n in names)
    # every page links the download and shows its own row id
    for rel, data in files.items():
        if rel.endswith(".html"):
            assert zips[0].split("/")[-1] in data.decode(), rel
    assert "events:cps-drops-case" in _text(files["event/cps-drops-case.html"])


def test_the_articles_are_not_published_only_sentences_holding_quotes(files, texts):
    site_text = " ".join(_text(d) for k, d in files.items() if k.endswith(".html"))
    ev = westminster_casefile.load("evidence")
    src = westminster_casefile.load("sources")
    metadata = list(src.title.dropna()) + list(src.url.dropna())  # shown as metadata, on purpose
    shown = 0
    for sid, text in texts.items():
        spans = [(r.start, r.end) for r in ev[ev.source_id == sid].itertuples()]
        for start, end, sentence in _sentences(text):
            if not any(sentence in m for m in metadata) and re.sub(r"\s+", " ", sentence) in site_text:
                shown += 1
                # a sentence of the article is on the site only because quoted words are in it
                assert any(s < end and start < e for s, e in spans), f"{sid}: unquoted sentence published: {sentence[:80]!r}"
        # and never a page with the article's running text: no paragraph of 3+ sentences appears whole
        for para in re.split(r"\n\s*\n", text):
            sents = [x for x in _sentences(para)]
            if len(sents) >= 3:
                assert re.sub(r"\s+", " ", para.strip()) not in site_text, f"{sid}: paragraph published: {para[:80]!r}"
    assert shown > 50  # the sentence around a quotation is shown (from sources/ at build time)


def test_without_matching_articles_only_the_quotes_are_shown(tmp_path, files, texts):
    changed = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", changed)
    sid = sorted(texts)[1]
    (changed / f"{sid}.txt").write_text(texts[sid] + "\nedited\n", encoding="utf-8")  # sha256 no longer matches
    ev = westminster_casefile.load("evidence")
    text = texts[sid]
    # a quoted statement with at least a few words of its sentence just before the quote
    row = next(r for r in ev[(ev.source_id == sid) & (ev.record_table == "statements")].itertuples()
               if "." not in text[r.start - 25:r.start] and "\n" not in text[r.start - 25:r.start])
    before = re.sub(r"\s+", " ", text[row.start - 20:row.start]).strip()
    page = f"statement/{row.record_id}.html"
    assert before in _text(files[page])  # matching article: the sentence around the quote
    edited = render_site(sources_dir=changed)
    assert row.quote in _text(edited[page])
    assert before not in _text(edited[page])  # changed article: the quoted words alone
    quotes_only = render_site(sources_dir=ROOT / "sources", context=False)
    assert row.quote in _text(quotes_only[page]) and before not in _text(quotes_only[page])


def test_about_case_filter_appears_only_with_the_column(files):
    t = westminster_casefile.load_all()
    has = "about_case" in t["events"].columns
    assert ('id="about-only"' in files["timeline.html"].decode()) == has
    t2 = dict(t)
    ev = t["events"].copy()
    ev["about_case"] = ev.event_id.str.contains("cash|berry|cps")
    t2["events"] = ev
    page = render_site(tables=t2)["timeline.html"].decode()
    assert 'id="about-only"' in page
    assert page.count('data-about-case="true"') == int(ev.about_case.sum())
    assert page.count('data-about-case="false"') == int((~ev.about_case).sum())


def test_statement_kinds_are_shown_honestly(files):
    st = westminster_casefile.load("statements")
    para = st[st.kind == "paraphrase"].iloc[0]
    quote = st[st.kind == "full_quote"].iloc[0]
    p = files[f"statement/{para.statement_id}.html"].decode()
    assert "A paraphrase" in p and "<blockquote class=\"statement\">" not in p
    q = files[f"statement/{quote.statement_id}.html"].decode()
    assert "<blockquote class=\"statement\">" in q


def test_ages_nationalities_and_attributed_roles_are_shown_as_the_table_gives_them(files):
    people = westminster_casefile.load("people").set_index("person_id")
    aff = westminster_casefile.load("affiliations")
    for pid in people.index[people.nationality.notna()]:
        page = _text(files[f"person/{pid}.html"])
        assert f"Nationality, as the articles word it: {people.nationality[pid]}." in page
        if people.age[pid]:
            assert f"Age {people.age[pid]}, as of" in page
    attributed = aff[aff.role_basis == "attributed"]
    assert len(attributed)
    for a in attributed.itertuples():
        page = _text(files[f"person/{a.person_id}.html"])
        row = page.split(f"affiliations:{a.affiliation_id}")[0].rsplit("Evidence for this role", 1)[-1]
        assert "given only in someone's words" in row, a.affiliation_id
    stated = aff[aff.role_basis == "stated"].iloc[0]
    page = _text(files[f"person/{stated.person_id}.html"])
    row = page.split(f"affiliations:{stated.affiliation_id}")[0].rsplit("Evidence for this role", 1)[-1]
    assert "given only in someone's words" not in row


def test_wordings_side_by_side_for_a_statement_printed_by_several_sources(files):
    st = westminster_casefile.load("statements")
    ev = westminster_casefile.load("evidence")
    multi = st[st.source_count > 1].iloc[0]
    page = files[f"statement/{multi.statement_id}.html"].decode()
    block = page.split('id="wordings-h"')[1].split("</section>")[0]
    quotes = ev[(ev.record_table == "statements") & (ev.record_id == multi.statement_id)]
    assert block.count('class="wording"') >= len(set(quotes.source_id)) >= 2
    for q in quotes.quote:
        assert html.escape(q, quote=False) in block or q in html.unescape(block)


def test_written_atomically_and_never_over_a_foreign_folder(tmp_path):
    out = tmp_path / "site"
    build_site(out)
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
    digest = hashlib.sha256((out / "timeline.html").read_bytes()).hexdigest()
    build_site(out)  # a site it wrote is replaced
    assert hashlib.sha256((out / "timeline.html").read_bytes()).hexdigest() == digest  # deterministic
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no temporary folders left

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SiteError, match="did not write"):
        build_site(foreign)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    a_file = tmp_path / "file.html"
    a_file.write_text("x")
    with pytest.raises(SiteError, match="not a folder"):
        build_site(a_file)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (build_site(empty) / "index.html").is_file()


def test_a_failed_render_leaves_the_old_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    from westminster_casefile.site import output

    def boom(path, data):
        raise OSError("disk full")

    monkeypatch.setattr(output.Path, "write_bytes", boom)
    with pytest.raises(OSError):
        build_site(out)
    monkeypatch.undo()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "site"]


def test_cli_site(tmp_path):
    from typer.testing import CliRunner

    from westminster_casefile.cli import app

    r = CliRunner().invoke(app, ["site", "--out", str(tmp_path / "s")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s" / "index.html").is_file()
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a").write_text("a")
    r = CliRunner().invoke(app, ["site", "--out", str(tmp_path / "x")])
    assert r.exit_code == 1 and "refusing" in r.output and "Traceback" not in r.output


def test_wording_variants_and_joint_utterances_when_the_tables_carry_them():
    """statements.wording_variants as "<source_id>: <wording>" and statements.utterance_id (the
    contract's shapes) show up on the statement pages."""
    t = dict(westminster_casefile.load_all())
    st = t["statements"].copy()
    src = sorted(westminster_casefile.load("sources").source_id)
    one = st[st.source_count == 1].iloc[0]
    other_source = next(s for s in src if s not in list(one.source_ids))
    st["wording_variants"] = [[f"{other_source}: a different wording"] if sid == one.statement_id else []
                              for sid in st.statement_id]
    a, b = st[st.speaker_person_id.notna()].statement_id.iloc[:2]
    st["utterance_id"] = [a if sid in (a, b) else sid for sid in st.statement_id]
    t["statements"] = st
    files = render_site(tables=t, context=False)
    page = _text(files[f"statement/{one.statement_id}.html"])
    assert "Wordings side by side" in page and "a different wording" in page
    label = westminster_casefile.load("sources").set_index("source_id").loc[other_source]
    assert (label.publisher if isinstance(label.publisher, str) else "publisher unknown") in page
    joint = files[f"statement/{b}.html"].decode()
    assert f'href="../statement/{a}.html"' in joint and "said together with" in joint
    single = files[f"statement/{one.statement_id}.html"].decode()
    assert "said together with" not in single
