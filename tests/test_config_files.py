"""Reading config files (issue 13): only UTF-8 TOML of a sane size is read, and a profile is either the
name of one of ftlint's profiles or an explicit path to a `.toml` file; anything else is exit 2."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from ftlint.config.loader import find_config, profile_names, read_settings, resolve
from ftlint.config.model import ConfigError, Settings
from tests.conftest import FIXTURES, FTLINT, run_cli

VALID = FIXTURES / "datasets" / "valid" / "example.jsonl"
CONFIG = 'select = ["FL"]\n[rules.TK001]\nmax-tokens = 100\n'


@pytest.mark.parametrize(("content", "said"), [
    (b"\xff\xfe" + CONFIG.encode("utf-16-le"), "UTF-16"),
    (b"\xfe\xff" + CONFIG.encode("utf-16-be"), "UTF-16"),
    (CONFIG.encode("utf-16-le"), "UTF-16"),  # no byte order mark: every other byte is 0
    (CONFIG.encode("utf-16-be"), "UTF-16"),
    (b"\xff\xfe\x00\x00" + CONFIG.encode("utf-32-le"), "UTF-32"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "not UTF-8"),
    ('select = ["FL"]  # caf\xe9\n'.encode("latin-1"), "not UTF-8"),
])
@pytest.mark.parametrize("name", ["ftlint.toml", "pyproject.toml"])
def test_a_config_that_is_not_utf8_is_a_clear_error(tmp_path: Path, name: str, content: bytes, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path) if name == "pyproject.toml" else read_settings(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and said in message and "UTF-8 TOML" in message, message


def test_the_cli_says_a_utf16_config_must_be_utf8(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_bytes(b"\xff\xfe" + CONFIG.encode("utf-16-le"))
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    run = run_cli("check", "d.jsonl", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert "ftlint.toml" in run.stderr and "UTF-8 TOML" in run.stderr, run.stderr


def test_a_utf8_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    """Windows editors write one; the text is UTF-8 all the same."""
    path = tmp_path / "ftlint.toml"
    path.write_bytes(b"\xef\xbb\xbf" + CONFIG.encode())
    assert read_settings(path).select == ["FL"]


def test_a_config_larger_than_a_mebibyte_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "ftlint.toml"
    path.write_bytes(b"# padding\n" * 200_000)  # 2 MB of valid TOML
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    assert str(caught.value).startswith(f"{path}: ") and "larger than 1 MiB" in str(caught.value)


def test_a_deeply_nested_config_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ftlint.toml"
    path.write_text("select = " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    assert "nested too deeply" in str(caught.value)


def _limit_memory() -> None:
    limit = 800 << 20  # far more than a check needs, far less than reading /dev/zero to the end would take
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("config", ["/dev/zero", "/dev/urandom"])
def test_an_endless_config_is_read_only_up_to_the_bound(tmp_path: Path, config: str) -> None:
    done = subprocess.run([str(FTLINT), "check", "--config", config, str(VALID)], capture_output=True, timeout=60,
                          preexec_fn=_limit_memory, env=os.environ.copy())
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert f"{config}: " in stderr and "larger than 1 MiB" in stderr, stderr


def test_a_fifo_config_is_read_up_to_the_bound(tmp_path: Path) -> None:
    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)
    # 4 MiB of comments, then the end: enough to see the bound, and a finite test if the bound is missing.
    writer = subprocess.Popen(["sh", "-c", f"yes '# long' | head -c 4194304 > '{fifo}'"], stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(ConfigError) as caught:
            read_settings(fifo)
        assert "larger than 1 MiB" in str(caught.value)
    finally:
        writer.kill()
        writer.wait()


# --- profiles: names from the profile folder, or explicit paths to .toml files ---


@pytest.mark.parametrize("profile", ["../../../../etc/passwd", "/etc/passwd", "../profiles/openai", "no-such",
                                     "openai/"])
def test_a_profile_is_a_known_name_or_a_toml_path(tmp_path: Path, profile: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(Settings(), tmp_path, profile)
    message = str(caught.value)
    assert "invalid TOML" not in message and "cannot be read" not in message, message
    assert f"`{profile}`" in message and ", ".join(profile_names()) in message, message
    assert ".toml" in message, message  # says how to name a file


def test_the_cli_refuses_a_profile_that_is_no_name_and_no_toml_path(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    run = run_cli("check", "d.jsonl", "--profile", "../../../../etc/passwd", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    assert "root:" not in run.stderr and "invalid TOML" not in run.stderr, run.stderr
    assert "known profiles" in run.stderr and "openai" in run.stderr, run.stderr
    rules = run_cli("rules", "--profile", "../../../../etc/passwd", cwd=tmp_path)
    assert rules.code == 2 and "known profiles" in rules.stderr, rules.stderr


@pytest.mark.parametrize("key", ["extends", "profile"])
def test_a_config_extends_only_a_name_or_a_toml_path(tmp_path: Path, key: str) -> None:
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    (tmp_path / "ftlint.toml").write_text(f'{key} = "../../../../../../etc/passwd"\n', encoding="utf-8")
    run = run_cli("check", "d.jsonl", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    assert "known profiles" in run.stderr and "invalid TOML" not in run.stderr, run.stderr


def test_a_missing_toml_path_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(Settings(), tmp_path, "team.toml")
    assert f"no such file {tmp_path / 'team.toml'}" in str(caught.value)
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ConfigError, match="no such file"):
        resolve(Settings(), tmp_path, "folder.toml")


def test_a_profile_file_without_a_toml_suffix_is_refused_even_when_it_exists(tmp_path: Path) -> None:
    (tmp_path / "team").write_text('ignore = ["TK002"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="known profiles"):
        resolve(Settings(), tmp_path, "./team")


def test_a_profile_path_in_a_config_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "team.toml").write_text('extends = "openai-legacy"\nignore = ["TK002"]\n')
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "ftlint.toml").write_text('extends = "../shared/team.toml"\n')
    (tmp_path / "project" / "data").mkdir()
    (tmp_path / "project" / "data" / "pc.jsonl").write_text('{"prompt": "a ->", "completion": " b"}\n')
    run = run_cli("check", "pc.jsonl", cwd=tmp_path / "project" / "data")
    assert run.code == 0, run.stdout + run.stderr


def test_a_profile_path_on_the_command_line_is_relative_to_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('ignore = ["DQ"]\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "team.toml").write_text('extends = "openai-legacy"\nignore = ["TK002"]\n')
    (tmp_path / "sub" / "pc.jsonl").write_text('{"prompt": "a ->", "completion": " b"}\n')
    run = run_cli("check", "pc.jsonl", "--profile", "team.toml", cwd=tmp_path / "sub")
    assert run.code == 0, run.stdout + run.stderr


@pytest.mark.parametrize("text", ['tool = "ftlint"\n', "[tool]\nftlint = 5\n", 'tool = ["ftlint"]\n'])
def test_a_pyproject_whose_tool_ftlint_is_no_table_is_a_clear_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    if text.startswith("[tool]"):
        with pytest.raises(ConfigError, match="must be a table"):
            find_config(tmp_path)
    else:  # a `tool` that is not a table holds no ftlint settings: this is not a config file
        assert find_config(tmp_path) != tmp_path / "pyproject.toml"
