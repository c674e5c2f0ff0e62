"""The persistent cache: an unchanged base is not parsed again, a changed
file is parsed alone, a bad entry is a miss (never an error or a wrong
answer), concurrent runs share one folder safely, ``--no-cache`` and
``$CLAIMCHECK_CACHE_DIR`` are honoured, the folder is bounded, and the
diagnostics are the same with and without the cache."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import cache as base_cache
from claimcheck.base import check_root, open_base
from claimcheck.cli import app
from claimcheck.load import cache as store_module
from claimcheck.load import read as read_module
from claimcheck.load.cache import Store, default_folder, open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMCHECK_TODAY": "2026-01-01", "CLAIMCHECK_ROOT": ""}


def _key(d):
    return (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.severity, d.message, d.related)


def _model(base):
    return ([(c.rel, c.index, c.id, c.statement, c.claimant, c.topic, c.status, c.about, c.figure_text, c.figure,
              c.as_of, c.reported_by, c.supersedes, c.tags, c.notes) for c in base.claim_records],
            [(t.id, t.title, t.unit, t.cumulative, t.notes, t.rel) for t, _ in base.topic_decls],
            list(base.sources.values()), list(base.stances.values()), base.publisher)


@pytest.fixture()
def store(tmp_path) -> Store:
    folder = tmp_path / "cache"
    s, why = open_store({"CLAIMCHECK_CACHE_DIR": str(folder)})
    assert why is None
    return s


@pytest.fixture()
def gen(tmp_path, monkeypatch) -> Path:
    """A generated base with errors in every file and CC505 warnings, read serially."""
    monkeypatch.setenv("CLAIMCHECK_JOBS", "1")
    monkeypatch.setenv("CLAIMCHECK_TODAY", "2026-01-01")
    root = tmp_path / "gen"
    generate(root, 900, 3, None, 0.1, 0.03, seed=20, warnings=0.08)
    return root


@pytest.fixture()
def parses(monkeypatch) -> list[str]:
    """The files parsed (not read back from the cache), by relative name."""
    seen: list[str] = []
    real = read_module._parse

    def counting(path, rel, raw, reader, *in_memory):
        seen.append(rel)
        return real(path, rel, raw, reader, *in_memory)

    monkeypatch.setattr(read_module, "_parse", counting)
    return seen


def test_a_second_open_parses_no_file_and_runs_no_check(gen, store, parses, monkeypatch):
    first = open_base(gen, store=store)
    assert len(parses) == 4  # sources.yaml and three claim files
    want = [_key(d) for d in first.diagnostics]
    assert any(d.code == "CC505" for d in first.diagnostics) and first.errors > 0
    parses.clear()
    import claimcheck.base as base_module

    monkeypatch.setattr(base_module, "check_base", lambda base: pytest.fail("checks run on an unchanged base"))
    second = open_base(gen, store=store)
    assert parses == []
    assert [_key(d) for d in second.diagnostics] == want
    assert _model(second) == _model(first)
    assert second.errors == first.errors


def test_validate_answers_an_unchanged_base_from_one_entry(gen, store, parses, monkeypatch):
    first = check_root(gen, store)
    kinds: list[str] = []
    real = Store.get

    def get(self, kind, key):
        kinds.append(kind)
        return real(self, kind, key)

    monkeypatch.setattr(Store, "get", get)
    parses.clear()
    second = check_root(gen, store)
    assert parses == [] and kinds == ["base"]
    assert [_key(d) for d in second.diagnostics] == [_key(d) for d in first.diagnostics]
    plain = check_root(gen, None)
    assert (second.files, second.claims, second.sources) == (first.files, first.claims, first.sources) \
        == (plain.files, plain.claims, plain.sources)


def test_an_edited_file_alone_is_parsed_again_and_its_new_problem_reported(gen, store, parses):
    check_root(gen, store)
    f = gen / "claims" / "gen-0001.yaml"
    text = f.read_text("utf-8")
    at = text.index("    claimant: ") + len("    claimant: ")
    f.write_text(text[:at] + "nobody-at-all" + text[text.index("\n", at):], "utf-8")
    parses.clear()
    after = check_root(gen, store)
    assert parses == ["claims/gen-0001.yaml"]
    fresh = check_root(gen, None)
    assert [_key(d) for d in after.diagnostics] == [_key(d) for d in fresh.diagnostics]
    assert any(d.code == "CC303" and "nobody-at-all" in d.message and d.path == "claims/gen-0001.yaml"
               for d in after.diagnostics)


def test_positions_of_unchanged_files_come_from_the_last_run(gen, store, monkeypatch):
    """After one file changed, the files read back from the cache are not
    read again for their positions: the last run's are used."""
    check_root(gen, store)
    f = gen / "claims" / "gen-0002.yaml"
    f.write_text(f.read_text("utf-8") + "\n# an edit\n", "utf-8")
    open_base(gen, store=store)  # a query in between: it places nothing, and keeps the last positions
    from claimcheck.load import entry

    real = entry.CachedFile._file

    def read_again(self):
        assert self.rel == "claims/gen-0002.yaml", f"{self.rel} read again for positions"
        return real(self)

    monkeypatch.setattr(entry.CachedFile, "_file", read_again)
    after = check_root(gen, store)
    assert [_key(d) for d in after.diagnostics] == [_key(d) for d in check_root(gen, None).diagnostics]


def test_today_is_part_of_a_checked_base(gen, store, monkeypatch):
    """CC504 (a date in the future) depends on today: a base checked on
    another day is checked again."""
    monkeypatch.setenv("CLAIMCHECK_TODAY", "2015-01-01")
    early = check_root(gen, store)
    monkeypatch.setenv("CLAIMCHECK_TODAY", "2026-01-01")
    late = check_root(gen, store)
    assert sum(d.code == "CC504" for d in early.diagnostics) > 0
    assert [_key(d) for d in late.diagnostics] == [_key(d) for d in check_root(gen, None).diagnostics]
    assert not any(d.code == "CC504" for d in late.diagnostics)


# --- bad entries are misses ----------------------------------------------------


def _entries(store: Store) -> list[Path]:
    return sorted(p for p in store.root.rglob("*.json"))


def _rewrap(path: Path, payload: str, *, kind: str | None = None, key: str | None = None, fmt: int | None = None):
    """Rewrite an entry with ``payload`` under a header that checks out
    (its length and SHA-256 right), changing kind, key or format if given."""
    head = json.loads(path.read_bytes().split(b"\n", 1)[0])
    body = payload.encode()
    head.update(length=len(body), sha256=hashlib.sha256(body).hexdigest())
    if kind is not None:
        head["kind"] = kind
    if key is not None:
        head["key"] = key
    if fmt is not None:
        head["claimcheck-cache"] = fmt
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)


def _payload(path: Path):
    return json.loads(path.read_bytes().split(b"\n", 1)[1])


def _wrong_shape(path: Path) -> None:
    v = _payload(path)
    if "claims" in v and v["claims"]["id"]:  # a claim's figure of the wrong type
        v["claims"]["figure"][0] = "three"
    elif "findings" in v:
        v["findings"] = [["x", 1, 1, 1, 1, "CC999", "m", "error", [], None, "value"]]
    elif "file" in v:
        v["file"]["problems"] = [[["sources", 0], "value", "CC201", 7, "", None]]
    else:
        v = {"parsed": True}
    _rewrap(path, json.dumps(v))


CORRUPTIONS = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "garbage": lambda p: p.write_bytes(os.urandom(2000)),
    "empty": lambda p: p.write_bytes(b""),
    "header only": lambda p: p.write_bytes(p.read_bytes().split(b"\n", 1)[0] + b"\n"),
    "body changed": lambda p: p.write_bytes(p.read_bytes().replace(b'"', b"'", 3)),
    "json of the wrong shape": _wrong_shape,
    "a list for an object": lambda p: _rewrap(p, "[1, 2, 3]"),
    "deep nesting": lambda p: _rewrap(p, "[" * 100000 + "]" * 100000),
    "another format": lambda p: _rewrap(p, p.read_bytes().split(b"\n", 1)[1].decode(), fmt=0),
    "another kind": lambda p: _rewrap(p, p.read_bytes().split(b"\n", 1)[1].decode(), kind="other"),
    "another key": lambda p: _rewrap(p, p.read_bytes().split(b"\n", 1)[1].decode(), key="0" * 64),
    "a folder": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_a_bad_entry_is_a_miss_never_an_error(how, gen, store, parses):
    want = [_key(d) for d in check_root(gen, None).diagnostics]
    check_root(gen, store)
    model = _model(open_base(gen, store=store))
    entries = _entries(store)
    assert len(entries) >= 6  # sources, 3 files, the base, the last run
    for p in entries:
        CORRUPTIONS[how](p)
    parses.clear()
    assert [_key(d) for d in check_root(gen, store).diagnostics] == want
    assert len(parses) == 4
    assert _model(open_base(gen, store=store)) == model
    parses.clear()
    assert [_key(d) for d in check_root(gen, store).diagnostics] == want
    assert parses == ([] if how != "a folder" else parses)  # written again (not over a folder: a miss each time)


def test_an_entry_another_user_could_write_is_never_read(tmp_path):
    folder = tmp_path / "open-to-all"
    folder.mkdir()
    folder.chmod(0o777)
    store, why = open_store({"CLAIMCHECK_CACHE_DIR": str(folder)})
    assert store is None and "writable by other users" in why
    folder.chmod(0o700)
    store, why = open_store({"CLAIMCHECK_CACHE_DIR": str(folder)})
    assert store is not None and why is None


def test_a_cache_folder_that_cannot_be_used_is_said_once_and_the_command_answers(tmp_path):
    base = REPO
    folder = tmp_path / "open-to-all"
    folder.mkdir()
    folder.chmod(0o777)
    r = CliRunner().invoke(app, ["--root", str(base), "validate"], env=dict(ENV, CLAIMCHECK_CACHE_DIR=str(folder)))
    ok = CliRunner().invoke(app, ["--root", str(base), "--no-cache", "validate"], env=ENV)
    assert r.exit_code == ok.exit_code
    assert r.stdout == ok.stdout
    assert r.stderr.count("writable by other users: not used") == 1
    assert list(folder.iterdir()) == []


# --- concurrent runs -----------------------------------------------------------


def _cli(root: Path, *args: str, cache: Path | None, jobs: str = "2") -> subprocess.Popen:
    env = dict(os.environ, **ENV, CLAIMCHECK_JOBS=jobs, PYTHONPATH=str(REPO))
    env.pop("CLAIMCHECK_CACHE_DIR", None)
    cmd = [sys.executable, "-m", "claimcheck", "--root", str(root)]
    if cache is None:
        cmd.append("--no-cache")
    else:
        env["CLAIMCHECK_CACHE_DIR"] = str(cache)
    return subprocess.Popen([*cmd, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers")
def test_two_runs_at_once_on_one_cache_agree_and_leave_it_whole(tmp_path):
    root = tmp_path / "gen"
    generate(root, 2500, 6, None, 0.1, 0.02, seed=21, warnings=0.08)
    want = _cli(root, "validate", "--format", "json", cache=None).communicate()[0]
    cache = tmp_path / "cache"
    for _ in range(3):  # each time: two runs start together on the same (empty, then full) folder
        runs = [_cli(root, "validate", "--format", "json", cache=cache),
                _cli(root, "conflicts", "--format", "json", cache=cache)]
        outs = [r.communicate() for r in runs]
        assert outs[0][0] == want, outs[0][1]
        assert all(r.returncode in (0, 1) for r in runs)
        assert b"Traceback" not in outs[0][1] + outs[1][1]
    assert not [p for p in cache.rglob(".tmp-*")]
    store, _ = open_store({"CLAIMCHECK_CACHE_DIR": str(cache)})
    for p in _entries(store):  # every entry complete: its header checks out
        head = json.loads(p.read_bytes().split(b"\n", 1)[0])
        assert store.get(head["kind"], p.stem, text=head.get("text", False)) is not None, p


def _writer(folder: str, payload: str, n: int) -> None:
    store = Store(Path(folder), 1 << 30)
    for _ in range(n):
        store.put("file", "ab" * 32, payload)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")
def test_a_reader_never_sees_half_an_entry_while_others_write_it(tmp_path):
    import multiprocessing

    folder = tmp_path / "c"
    a = json.dumps({"who": "a", "fill": "x" * 400_000})
    b = json.dumps({"who": "b", "fill": "y" * 900_000})
    ctx = multiprocessing.get_context("fork")
    writers = [ctx.Process(target=_writer, args=(str(folder), p, 60)) for p in (a, b)]
    for w in writers:
        w.start()
    store = Store(folder, 1 << 30)
    seen = set()
    deadline = time.time() + 60
    while any(w.is_alive() for w in writers) and time.time() < deadline:
        got = store.get("file", "ab" * 32)
        if got is not None:
            assert got in (json.loads(a), json.loads(b))
            seen.add(got["who"])
    for w in writers:
        w.join()
    assert store.get("file", "ab" * 32)["who"] in ("a", "b")
    assert seen  # the reader did read whole entries while they were being replaced


# --- --no-cache, the folder, the bound -----------------------------------------


def test_no_cache_neither_reads_nor_writes(tmp_path):
    root = tmp_path / "gen"
    generate(root, 300, 2, None, 0.1, 0.02, seed=3, warnings=0.08)
    cache = tmp_path / "cache"
    env = dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache))
    plain = CliRunner().invoke(app, ["--root", str(root), "--no-cache", "validate", "--format", "json"], env=env)
    assert not cache.exists() or not any(cache.rglob("*.json"))
    # Fill the cache, then plant an answer in it: --no-cache must not read it.
    cached = CliRunner().invoke(app, ["--root", str(root), "validate", "--format", "json"], env=env)
    assert cached.stdout == plain.stdout
    store, _ = open_store({"CLAIMCHECK_CACHE_DIR": str(cache)})
    base_entries = [p for p in _entries(store) if json.loads(p.read_bytes().split(b"\n", 1)[0])["kind"] == "base"]
    assert len(base_entries) == 1
    v = _payload(base_entries[0])
    v["findings"] = []
    _rewrap(base_entries[0], json.dumps(v))
    planted = CliRunner().invoke(app, ["--root", str(root), "validate", "--format", "json"], env=env)
    assert json.loads(planted.stdout)["diagnostics"] == []  # the cache was read...
    again = CliRunner().invoke(app, ["--root", str(root), "--no-cache", "validate", "--format", "json"], env=env)
    assert again.stdout == plain.stdout  # ...and --no-cache did not read it


def test_the_cache_goes_where_claimcheck_cache_dir_says(tmp_path):
    """(The repository gets nothing: REPO is only looked at.)"""
    cache = tmp_path / "somewhere" / "else"
    env = dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache))

    def kinds():
        return {json.loads(p.read_bytes().split(b"\n", 1)[0])["kind"] for p in cache.rglob("*.json")}

    root = tmp_path / "gen"
    generate(root, 300, 2, None, 0.1, 0.0, seed=3, warnings=0.1)
    assert CliRunner().invoke(app, ["--root", str(root), "sources"], env=env).exit_code == 0
    assert kinds() == {"sources", "file", "base"}
    assert CliRunner().invoke(app, ["--root", str(root), "validate"], env=env).exit_code == 0
    assert kinds() == {"sources", "file", "base", "last"}  # the positions validate found, for the next run
    assert (cache.stat().st_mode & 0o777) == 0o700
    assert not list(REPO.rglob("v1"))  # nothing in the repository


def test_the_default_folder_is_the_users_cache_never_the_base():
    home = Path.home()
    assert default_folder({}) == home / ".cache" / "claimcheck"
    assert default_folder({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/claimcheck")
    assert default_folder({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "claimcheck"
    assert default_folder({"CLAIMCHECK_CACHE_DIR": "/y", "XDG_CACHE_HOME": "/x"}) == Path("/y")


def test_the_bound_drops_the_least_recently_used_entries(tmp_path):
    store = Store(tmp_path / "c", 100_000)
    now = time.time()
    for n in range(12):
        key = f"{n:02d}" * 32
        store.put("file", key, json.dumps({"n": n, "fill": "z" * 20_000}))
        os.utime(store._path(key), (now - 1000 + n, now - 1000 + n))
    # reading entry 0 marks it used
    assert store.get("file", "00" * 32)["n"] == 0
    store.trim()
    left = sorted(json.loads(p.read_bytes().split(b"\n", 1)[1])["n"] for p in _entries(store))
    total = sum(p.stat().st_size for p in _entries(store))
    assert total <= 80_000
    assert left == [0, 10, 11]  # the most recently used, within 80% of the bound


def test_trimming_removes_other_formats_and_stale_temporary_files(tmp_path):
    store = Store(tmp_path / "c", 1 << 30)
    store.put("file", "ab" * 32, "{}")
    old = tmp_path / "c" / "v0" / "ab"
    old.mkdir(parents=True)
    (old.parent / store_module.MARKER).write_text("")
    (old / ("cd" * 32 + ".json")).write_text("{}")
    theirs = tmp_path / "c" / "v7"  # a folder named like ours, without our marker: never touched
    theirs.mkdir()
    (theirs / "notes.json").write_text("mine")
    tmp = store.root / "ab" / ".tmp-1-dead"
    tmp.write_text("half")
    os.utime(tmp, (time.time() - 7200, time.time() - 7200))
    store.trim()
    assert not (tmp_path / "c" / "v0").exists() and not tmp.exists()
    assert store.get("file", "ab" * 32) == {}
    assert (theirs / "notes.json").read_text() == "mine"


def test_a_folder_of_the_users_is_never_trimmed(tmp_path):
    """Pointed at a folder that holds other things, the cache deletes only its own entries."""
    home = tmp_path / "home"
    (home / "v1" / "ab").mkdir(parents=True)
    mine = home / "v1" / "ab" / ("ab" * 32 + ".json")
    mine.write_text("x" * 5000)  # looks like an entry, but the folder has no marker
    store = Store(home, 10)
    store.trim()
    assert mine.exists()
    store2, _ = open_store({"CLAIMCHECK_CACHE_DIR": str(tmp_path / "fresh")})
    assert (tmp_path / "fresh" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    open_store({"CLAIMCHECK_CACHE_DIR": str(home)})
    assert not (home / "CACHEDIR.TAG").exists()  # a folder that was there is not tagged


def test_a_run_keeps_the_folder_within_its_bound(tmp_path):
    root = tmp_path / "gen"
    generate(root, 3000, 6, None, 0.1, 0.0, seed=4)
    cache = tmp_path / "cache"
    env = dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache), CLAIMCHECK_CACHE_MAX_MB="0.5")
    for cmd in (["validate"], ["conflicts"], ["sources"]):
        r = CliRunner().invoke(app, ["--root", str(root), *cmd], env=env)
        assert r.exit_code in (0, 1)
        assert sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) <= 0.5 * 1024 * 1024


# --- the same diagnostics ------------------------------------------------------


def _bases(tmp_path: Path) -> dict[str, Path]:
    broken = tmp_path / "broken"
    generate(broken, 1500, 4, None, 0.2, 0.05, seed=5, warnings=0.05)
    warned = tmp_path / "warned"
    generate(warned, 2000, 4, None, 0.1, 0.0, seed=6, warnings=0.08)
    return {"bundled": REPO, "broken": broken, "warned": warned}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_diagnostics_are_the_same_with_and_without_the_cache_and_lazy_positions(tmp_path, jobs, monkeypatch):
    """Codes, lines, columns and messages: found lazily (the default), found
    by parsing every file strictly (CLAIMCHECK_PARSER=strict: every position
    known at once), from an empty cache, from a full one (after validate, and
    after a command that placed nothing), and after one file changed."""
    monkeypatch.setenv("CLAIMCHECK_JOBS", jobs)
    for name, root in _bases(tmp_path).items():
        def run(*args, cache=None, env=None):
            e = dict(ENV, CLAIMCHECK_JOBS=jobs, **(env or {}))
            pre = ["--no-cache"] if cache is None else []
            if cache is not None:
                e["CLAIMCHECK_CACHE_DIR"] = str(cache)
            r = CliRunner().invoke(app, ["--root", str(root), *pre, *args], env=e)
            assert r.exit_code in (0, 1), r.output
            return r.stdout

        want = run("validate", "--format", "json")
        assert json.loads(want)["diagnostics"] or name == "bundled"
        assert run("validate", "--format", "json", env={"CLAIMCHECK_PARSER": "strict"}) == want, name
        cold = tmp_path / f"{name}-cold"
        assert run("validate", "--format", "json", cache=cold) == want, name
        assert run("validate", "--format", "json", cache=cold) == want, name
        queried = tmp_path / f"{name}-queried"
        run("conflicts", "--format", "json", cache=queried)  # the base's entry, positions not found
        assert run("validate", "--format", "json", cache=queried) == want, name
        assert run("validate", cache=queried) == run("validate"), name
    # one file changed since the cache was filled
    root = _bases(tmp_path / "again")["broken"]
    cache = tmp_path / "changed"
    CliRunner().invoke(app, ["--root", str(root), "validate"], env=dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache)))
    f = root / "claims" / "gen-0002.yaml"
    f.write_text(f.read_text("utf-8").replace("status: unverified", "status: sure", 3), "utf-8")
    e = dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache))
    after = CliRunner().invoke(app, ["--root", str(root), "validate", "--format", "json"], env=e).stdout
    fresh = CliRunner().invoke(app, ["--root", str(root), "--no-cache", "validate", "--format", "json"], env=ENV).stdout
    assert after == fresh
    assert sum("'sure'" in d["message"] for d in json.loads(after)["diagnostics"]) == 3


def test_a_query_after_validate_answers_the_same_from_the_cache(tmp_path):
    root = _bases(tmp_path)["broken"]
    cache = tmp_path / "cache"
    e = dict(ENV, CLAIMCHECK_CACHE_DIR=str(cache))
    for args in (["conflicts", "--format", "json"], ["claims", "--format", "json"], ["sources", "--format", "json"],
                 ["bias", "--format", "json"]):
        plain = CliRunner().invoke(app, ["--root", str(root), "--no-cache", *args], env=ENV)
        first = CliRunner().invoke(app, ["--root", str(root), *args], env=e)
        second = CliRunner().invoke(app, ["--root", str(root), *args], env=e)
        assert plain.stdout == first.stdout == second.stdout, args
        assert plain.stderr == first.stderr == second.stderr, args


def test_store_salt_changes_with_claimcheck_itself(monkeypatch):
    """An edited claimcheck (a module's text) never reads another's entries."""
    salt = store_module.version_salt()
    monkeypatch.setattr(store_module, "_SALT", None)
    monkeypatch.setattr(store_module, "__version__", "9.9.9")
    assert store_module.version_salt() != salt
    monkeypatch.setattr(store_module, "_SALT", None)


def test_base_entry_of_another_base_is_never_used(gen, store, tmp_path):
    other = tmp_path / "other"
    generate(other, 900, 3, None, 0.1, 0.0, seed=21, warnings=0.0)
    a = check_root(gen, store)
    b = check_root(other, store)
    assert [_key(d) for d in b.diagnostics] == [_key(d) for d in check_root(other, None).diagnostics]
    assert [_key(d) for d in check_root(gen, store).diagnostics] == [_key(d) for d in a.diagnostics]
    assert base_cache.load(store, "0" * 64) is None
