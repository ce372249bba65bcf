"""`ftlint check` never opens a network connection, in the main process or its workers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

# Installed through sitecustomize in the child process: Python's audit hooks see every socket
# operation (and are inherited by forked workers); any that reaches out (a name look-up, a connect,
# a send, an HTTP request) is recorded and refused. Creating a socket is not reaching out: urllib3,
# which presidio's tldextract imports, probes for IPv6 by binding a socket to ::1 at import.
HOOK = """
import os, sys
LOG = os.environ["FTLINT_SOCKET_LOG"]
OUT = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo", "socket.gethostbyname",
       "socket.gethostbyname_ex", "socket.gethostbyaddr", "urllib.Request", "http.client.connect")
def _hook(event, args):
    if event in OUT or (event == "socket.bind" and args[1][0] not in ("127.0.0.1", "::1")):
        with open(LOG, "a") as log:
            log.write(f"{os.getpid()} {event} {args!r}\\n")
        raise OSError(f"network access attempted: {event}")
sys.addaudithook(_hook)
"""


def test_check_opens_no_socket(tmp_path: Path) -> None:
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "sockets.log"
    data = tmp_path / "data.jsonl"
    long = "lorem ipsum " * 7000  # over a small token limit: the tokenizer is loaded and used
    # An e-mail address in each: presidio (and tldextract, which fetches a suffix list unless told
    # not to) is imported and run in the workers.
    records = [{"messages": [{"role": "user", "content": f"{long}{i}"},
                             {"role": "assistant", "content": f"ok {i}, write to jane.doe{i}@acme-mail.com"}]}
               for i in range(70)]
    # ~6 MB: above the in-process threshold, so a worker pool runs too.
    data.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    config = tmp_path / "ftlint.toml"
    config.write_text('[rules.TK001]\nmax-tokens = 1000\n')
    run = run_cli("check", str(data), "--output-format", "json", cwd=tmp_path,
                  env={"PYTHONPATH": str(hook_dir), "FTLINT_SOCKET_LOG": str(log)})
    assert run.code == 0, run.stderr  # TK001 and PI001 are warnings
    report = json.loads(run.stdout)
    assert report["summary"]["by_code"] == {"TK001": 70, "PI001": 70}
    assert not log.exists(), log.read_text()


def test_the_hook_would_catch_a_connection(tmp_path: Path) -> None:
    """The guard itself works: a real connection attempt under it is logged."""
    import subprocess
    import sys

    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "sockets.log"
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(hook_dir), "FTLINT_SOCKET_LOG": str(log)},
                   check=True)
    assert "socket" in log.read_text()
