"""Plugins end to end: the example rule pack in tests/plugins is installed for real (pip, no network), and
ftlint, run as a user runs it, finds its rules by their entry point; rule files named in a config are
loaded relative to it; broken plugins are said once and skipped (or stop a strict run); clashes stop it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import ftlint
from ftlint.core.findings import Severity
from ftlint.plugin import RecordRule, Violation
from ftlint.rules.plugins import PluginError, rules_of
from tests.conftest import REPO, Run

SRC = Path(ftlint.__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "plugins" / "ftlint-example-plugin"
ORIGIN = "plugin ftlint-example-plugin 1.2.0: example"

DISCLAIMER = ('{"messages": [{"role": "user", "content": "Can you browse?"}, '
              '{"role": "assistant", "content": "As an AI language model, I cannot browse."}]}\n')
PLAIN = ('{"messages": [{"role": "user", "content": "Capital of France?"}, '
         '{"role": "assistant", "content": "Paris."}]}\n')

LOCAL_RULE = '''
from ftlint.plugin import RecordRule, Severity, Violation


class Shouting(RecordRule):
    """Assistant answer is all capitals.

    ## What it does
    Reports assistant answers written in capitals only.
    """

    code = "LOC001"
    name = "shouting"
    default_severity = Severity.ERROR
    formats = frozenset({"chat"})
    when = "valid"

    def check_record(self, record):
        for index, message in enumerate(record.view["messages"]):
            content = message.get("content")
            if message.get("role") == "assistant" and isinstance(content, str) and content.isupper():
                yield Violation("assistant answer is all capitals", pointer=f"/messages/{index}/content")
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin installed into a folder of its own, once for the module."""
    target = tmp_path_factory.mktemp("plugins") / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(target), str(EXAMPLE)], check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file of ~9 MB: more than two chunks of 4 MiB, so that `--jobs 2` checks it in a process pool."""
    path = tmp_path_factory.mktemp("large") / "large.jsonl"
    filler = "x" * 400
    shouted = PLAIN.replace("Paris.", "PARIS!")
    rows = [(DISCLAIMER if n % 97 == 0 else shouted if n % 101 == 0 else PLAIN)
            .replace("Can you browse?", f"Can you browse? {n} {filler}")
            .replace("Capital of France?", f"Capital of France? {n} {filler}") for n in range(20_000)]
    path.write_text("".join(rows))
    assert path.stat().st_size > 9 << 20
    return path


def ftlint_run(*args: str, cwd: Path, site: Path | None = None, probe: str | None = None) -> Run:
    """`python -m ftlint ARGS` in `cwd`, with the example plugin importable when `site` is given."""
    paths = [str(SRC), *([str(site)] if site else [])]
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join(paths)
    command = [sys.executable, "-c", probe, *args] if probe else [sys.executable, "-m", "ftlint", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def _json_findings(run: Run) -> list[dict[str, object]]:
    return json.loads(run.stdout)["findings"]


def _data(tmp_path: Path, text: str = DISCLAIMER) -> Path:
    path = tmp_path / "chat.jsonl"
    path.write_text(text)
    return path


def test_an_installed_plugin_rule_reports_like_a_builtin_one(site: Path, tmp_path: Path) -> None:
    _data(tmp_path)
    text = ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=site)
    assert text.code == 0, text.stderr  # a warning fails nothing by default
    assert ('chat.jsonl:1: /messages/1/content EX001 warning: assistant answer says "As an AI language model": '
            'the model learns to disclaim instead of answering [as-an-ai-model]') in text.stdout
    assert text.stderr == ""
    found = {f["code"]: f for f in _json_findings(ftlint_run("check", "chat.jsonl", "--output-format", "json",
                                                             cwd=tmp_path, site=site))}
    assert found["EX001"]["url"] == "https://example.org/ftlint-example-plugin/EX001"  # the plugin's own
    assert found["EX001"]["pointer"] == "/messages/1/content" and found["EX001"]["fixable"] is False
    assert found["TK002"]["url"] == "https://ftlint.dev/rules/TK002"
    sarif = json.loads(ftlint_run("check", "chat.jsonl", "--output-format", "sarif", cwd=tmp_path, site=site).stdout)
    assert any(r["ruleId"] == "EX001" for r in sarif["runs"][0]["results"])


def test_a_plugin_rule_is_selected_and_ignored_like_a_builtin_one(site: Path, tmp_path: Path) -> None:
    _data(tmp_path)
    assert "EX001" not in ftlint_run("check", "chat.jsonl", "--ignore", "EX001", cwd=tmp_path, site=site).stdout
    assert "EX001" not in ftlint_run("check", "chat.jsonl", "--ignore", "as-an-ai-model", cwd=tmp_path,
                                     site=site).stdout
    only = ftlint_run("check", "chat.jsonl", "--select", "EX", "--output-format", "json", cwd=tmp_path, site=site)
    assert {f["code"] for f in _json_findings(only)} == {"EX001"}
    (tmp_path / "ftlint.toml").write_text('[per-file-ignores]\n"chat*.jsonl" = ["EX"]\n')
    assert "EX001" not in ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=site).stdout


def test_a_config_sets_a_plugin_rules_severity_and_options(site: Path, tmp_path: Path) -> None:
    _data(tmp_path, DISCLAIMER + PLAIN.replace("Paris.", "I am just a bot, but: Paris."))
    (tmp_path / "ftlint.toml").write_text('[severity]\nEX001 = "error"\n')
    strict = ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=site)
    assert strict.code == 1 and "EX001 error:" in strict.stdout
    (tmp_path / "ftlint.toml").write_text('[rules.as-an-ai-model]\nphrases = ["just a bot"]\n')
    found = _json_findings(ftlint_run("check", "chat.jsonl", "--output-format", "json", cwd=tmp_path, site=site))
    assert [(f["line"], f["message"]) for f in found if f["code"] == "EX001"] == [
        (2, 'assistant answer says "just a bot": the model learns to disclaim instead of answering')]
    for table, named in (('[rules.EX001]\nbogus = 1\n', "bogus"), ('[rules.EX001]\nphrases = []\n', "phrases")):
        (tmp_path / "ftlint.toml").write_text(table)
        bad = ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=site)
        assert bad.code == 2 and "ftlint.toml" in bad.stderr and named in bad.stderr, bad.stderr
        assert "Traceback" not in bad.stderr


def test_a_plugin_rules_fix_is_applied_by_ftlint_fix(site: Path, tmp_path: Path) -> None:
    _data(tmp_path, DISCLAIMER + PLAIN)
    safe = ftlint_run("fix", "chat.jsonl", "--select", "EX001", cwd=tmp_path, site=site)
    assert safe.code == 0 and (tmp_path / "chat.jsonl").read_text() == DISCLAIMER + PLAIN  # its fix is unsafe
    fixed = ftlint_run("fix", "chat.jsonl", "--unsafe-fixes", "--select", "EX001", cwd=tmp_path, site=site)
    assert fixed.code == 0, fixed.stderr
    assert (tmp_path / "chat.jsonl").read_text() == PLAIN
    rejected = json.loads((tmp_path / "chat.rejects.jsonl").read_text())
    assert (rejected["code"], rejected["reason"], rejected["raw"]) == ("EX001", "canned AI disclaimer",
                                                                       DISCLAIMER.rstrip("\n"))


def test_ftlint_rule_and_rules_show_a_plugin_rule_and_where_it_comes_from(site: Path, tmp_path: Path) -> None:
    doc = ftlint_run("rule", "EX001", cwd=tmp_path, site=site)
    assert doc.code == 0 and doc.stdout.startswith("# as-an-ai-model (EX001)\n\nFrom " + ORIGIN + ".\n")
    assert "## Why it matters" in doc.stdout and "By profile: neutral warning" in doc.stdout
    listing = ftlint_run("rules", cwd=tmp_path, site=site).stdout
    line = next(line for line in listing.splitlines() if line.startswith("EX001"))
    assert line.endswith(f"Assistant answer opens with a canned AI disclaimer. ({ORIGIN})")
    assert not any(line.endswith(")") and "plugin" in line for line in listing.splitlines() if line[:2] == "FL")
    records = {r["code"]: r for r in json.loads(ftlint_run("rules", "--output-format", "json", cwd=tmp_path,
                                                           site=site).stdout)}
    assert records["EX002"]["origin"] == ORIGIN and records["EX002"]["url"] == "" and records["EX002"]["family"] == ""
    assert records["FL005"]["origin"] == "ftlint"


def test_without_plugins_every_rule_is_ftlints(tmp_path: Path) -> None:
    records = json.loads(ftlint_run("rules", "--output-format", "json", cwd=tmp_path).stdout)
    assert records and {r["origin"] for r in records} == {"ftlint"}
    assert not any(r["code"].startswith("EX") for r in records)


POOL_PROBE = (
    "import sys\n"
    "from ftlint.core.engine import executor\n"
    "real = executor.LocalPool.map\n"
    "def spy(self, *args, **kwargs):\n"
    "    print('pool of', self.jobs, file=sys.stderr)\n"
    "    return real(self, *args, **kwargs)\n"
    "executor.LocalPool.map = spy\n"
    "from ftlint.launch import main\n"
    "sys.argv = ['ftlint', *sys.argv[1:]]\n"
    "main()\n"
)


def test_plugin_rules_give_the_same_findings_in_a_process_pool(site: Path, large: Path, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "local.py").write_text(LOCAL_RULE)
    (tmp_path / "ftlint.toml").write_text('plugins = ["rules/local.py"]\n[rules.EX002]\nmin-chars = 10\n')
    args = ("check", str(large), "--select", "EX,LOC", "--output-format", "json")
    pooled = ftlint_run(*args, "--jobs", "2", cwd=tmp_path, site=site, probe=POOL_PROBE)
    assert "pool of 2" in pooled.stderr, pooled.stderr
    alone = ftlint_run(*args, "--jobs", "1", cwd=tmp_path, site=site, probe=POOL_PROBE)
    assert "pool" not in alone.stderr
    found = _json_findings(pooled)
    assert found == _json_findings(alone)
    assert sum(f["code"] == "EX001" for f in found) == len(range(0, 20_000, 97))
    assert sum(f["code"] == "LOC001" for f in found) == len([n for n in range(20_000) if n % 101 == 0 and n % 97])
    # The dataset rule read its own feature column, computed in the workers.
    assert [f["message"] for f in found if f["code"] == "EX002"] == [
        f"{20_000 - len(range(0, 20_000, 97))} of 20000 answers are shorter than 10 characters"]


def test_a_rule_file_named_in_a_config_is_loaded_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "local.py").write_text(LOCAL_RULE)
    (tmp_path / "ftlint.toml").write_text('plugins = ["rules/local.py"]\n')
    work = tmp_path / "data"
    work.mkdir()
    _data(work, PLAIN.replace("Paris.", "PARIS!"))
    shouted = ftlint_run("check", "chat.jsonl", cwd=work)
    assert shouted.code == 1, shouted.stderr
    assert ("chat.jsonl:1: /messages/1/content LOC001 error: assistant answer is all capitals [shouting]"
            in shouted.stdout)
    found = _json_findings(ftlint_run("check", "chat.jsonl", "--output-format", "json", cwd=work))
    assert [f["url"] for f in found if f["code"] == "LOC001"] == [""]  # no docs page of ftlint's for it
    assert ftlint_run("check", "chat.jsonl", "--ignore", "LOC", cwd=work).code == 0
    listing = ftlint_run("rules", cwd=work).stdout
    assert "LOC001     shouting" in listing and listing.count("(rules/local.py)") == 1
    assert "Reports assistant answers written in capitals only." in ftlint_run("rule", "shouting", cwd=work).stdout


def test_the_readme_example_rule_runs_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Writing rules (plugins)\n"):]
    (tmp_path / "my_rules.py").write_text(section.split("```python\n", 1)[1].split("```", 1)[0])
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nplugins = ["./my_rules.py"]\n')
    _data(tmp_path)
    run = ftlint_run("check", "chat.jsonl", cwd=tmp_path)
    assert ("chat.jsonl:1: /messages/1/content EX001 warning: assistant answer is a canned AI disclaimer "
            "[as-an-ai-model]") in run.stdout, run.stdout + run.stderr
    assert "(./my_rules.py)" in ftlint_run("rules", cwd=tmp_path).stdout


def test_a_missing_rule_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('plugins = ["./nowhere.py"]\n')
    _data(tmp_path, PLAIN)
    for args in (("check", "chat.jsonl"), ("rules",)):
        run = ftlint_run(*args, cwd=tmp_path)
        assert run.code == 2
        assert run.stderr == (f"ftlint: error: {tmp_path / 'ftlint.toml'}: plugins: `./nowhere.py`: no such file "
                              f"{tmp_path / 'nowhere.py'}\n")


def _broken_distribution(site: Path) -> None:
    """An installed distribution whose `ftlint.rules` entry point fails to import."""
    info = site / "broken_pack-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-pack\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[ftlint.rules]\nbroken = broken_pack\n")
    (site / "broken_pack.py").write_text("import no_such_module_anywhere\n")


def test_a_broken_plugin_is_said_once_and_skipped_unless_strict(tmp_path: Path) -> None:
    broken = tmp_path / "site"
    _broken_distribution(broken)
    _data(tmp_path, PLAIN)
    said = ("ftlint: warning: plugin broken-pack 0.1: broken could not be loaded: ModuleNotFoundError: No module "
            "named 'no_such_module_anywhere'; skipped\n")
    run = ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=broken)
    assert run.code == 0 and run.stderr == said
    assert ftlint_run("rules", cwd=tmp_path, site=broken).stderr == said
    strict = ftlint_run("check", "chat.jsonl", "--strict-plugins", cwd=tmp_path, site=broken)
    assert strict.code == 2 and strict.stderr.startswith("ftlint: error: plugin broken-pack 0.1: broken could not "
                                                         "be loaded: ModuleNotFoundError")
    assert ftlint_run("stats", "chat.jsonl", "--strict-plugins", cwd=tmp_path, site=broken).code == 2
    assert ftlint_run("rule", "FL005", "--strict-plugins", cwd=tmp_path, site=broken).code == 2
    (tmp_path / "ftlint.toml").write_text("strict-plugins = true\n")
    assert ftlint_run("check", "chat.jsonl", cwd=tmp_path, site=broken).code == 2


def test_a_rule_file_that_fails_or_gives_no_usable_rule_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "boom.py").write_text("raise RuntimeError('boom')\n")
    (tmp_path / "bad_code.py").write_text(LOCAL_RULE.replace('"LOC001"', '"loc1"'))
    (tmp_path / "ftlint.toml").write_text('plugins = ["boom.py", "bad_code.py"]\n')
    _data(tmp_path, PLAIN.replace("Paris.", "PARIS!"))
    run = ftlint_run("check", "chat.jsonl", cwd=tmp_path)
    assert run.code == 0, run.stderr  # nothing of LOC001 ran
    lines = run.stderr.splitlines()
    assert lines == [
        f"ftlint: warning: plugin boom.py (named in {tmp_path / 'ftlint.toml'}) could not be loaded: "
        "RuntimeError: boom; skipped",
        f"ftlint: warning: plugin bad_code.py (named in {tmp_path / 'ftlint.toml'}) could not be loaded: "
        f"ValueError: rule {_module_name(tmp_path / 'bad_code.py')}.Shouting: code 'loc1' is not 2 to 5 capital "
        "letters and 3 digits (EX001); skipped",
    ]


def _module_name(path: Path) -> str:
    from hashlib import sha1

    return f"ftlint_plugin_{path.stem}_{sha1(str(path.resolve()).encode()).hexdigest()[:10]}"


@pytest.mark.parametrize(("code", "name", "message"), [
    ("EX001", "other-name", f"rule code EX001 is used by both EX001 (as-an-ai-model) of {ORIGIN} and "
                            "EX001 (other-name) of clash.py"),
    ("FL005", "other-name", "rule code FL005 is used by both ftlint's FL005 (invalid-json) and FL005 (other-name) "
                            "of clash.py"),
    ("FLX001", "other-name", "rule code FLX001 (other-name) of clash.py starts with FL, the prefix of ftlint's own "
                             "family (file and encoding)"),
    ("ZZ001", "invalid-json", "rule name invalid-json is used by both ftlint's FL005 (invalid-json) and ZZ001 "
                              "(invalid-json) of clash.py"),
])
def test_a_code_or_name_two_rules_claim_stops_the_run(site: Path, tmp_path: Path, code: str, name: str,
                                                      message: str) -> None:
    (tmp_path / "clash.py").write_text(LOCAL_RULE.replace('"LOC001"', f'"{code}"').replace('"shouting"', f'"{name}"'))
    (tmp_path / "ftlint.toml").write_text('plugins = ["clash.py"]\n')
    _data(tmp_path, PLAIN)
    for args in (("check", "chat.jsonl"), ("rules",)):
        run = ftlint_run(*args, cwd=tmp_path, site=site)
        assert run.code == 2 and run.stderr.startswith(f"ftlint: error: {message}"), run.stderr


class _Good(RecordRule):
    """A rule."""

    code = "GD001"
    name = "good"
    default_severity = Severity.INFO

    def check_record(self, record: object) -> list[Violation]:
        return []


def _no_check() -> type:
    return type("NoCheck", (RecordRule,), {"code": "GD002", "name": "no-check", "default_severity": Severity.INFO,
                                           "__module__": __name__, "__qualname__": "NoCheck"})


def test_what_a_plugin_may_give() -> None:
    module = types.ModuleType("pack")
    module.Good = _Good  # imported into the module, not defined there: not one of its rules
    with pytest.raises(PluginError, match="gives no rules"):
        rules_of(module, "pack")
    module.RULES = [_Good]
    assert rules_of(module, "pack") == (_Good,)
    assert rules_of(_Good, "pack") == rules_of([_Good], "pack") == rules_of(lambda: (_Good,), "pack") == (_Good,)
    with pytest.raises(PluginError, match="TypeError: gives int"):
        rules_of(lambda: 3, "pack")
    with pytest.raises(PluginError, match="is not a rule class"):
        rules_of([object], "pack")
    with pytest.raises(PluginError, match=r"does not define check_record\(\)"):
        rules_of([_no_check()], "pack")
    with pytest.raises(PluginError, match="RuntimeError: no"):
        rules_of(lambda: (_ for _ in ()).throw(RuntimeError("no")), "pack")
