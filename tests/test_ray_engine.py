"""`--engine ray` and `s3://` inputs: the same chunk functions as Ray tasks on a real local Ray cluster,
bound to 127.0.0.1, started once for this module, and objects on a local S3-compatible server (moto's).
The results are the local engine's, byte for byte: findings (duplicates across files included),
statistics, conversions and splits; a chunk that keeps failing stops the run with its file and byte
range."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ftlint.core.engine.executor import InProcess
from tests.conftest import check_paths, run_cli

# Set before Ray is imported: a local cluster binds to the loopback interface only, and reports nothing home.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
ray = pytest.importorskip("ray", reason="--engine ray needs the `ray` extra")


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A local S3-compatible server (moto's, on 127.0.0.1), and the environment that points s3fs at it."""
    pytest.importorskip("s3fs", reason="s3:// paths need the `s3` extra (s3fs)")
    server_module = pytest.importorskip("moto.server", reason="the S3 tests run moto's server (test extra)")
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_EC2_METADATA_DISABLED": "true"}
    try:
        yield env
    finally:
        server.stop()


@pytest.fixture(scope="module")
def cluster(s3: dict[str, str]) -> Iterator[str]:
    """A local Ray cluster on the loopback interface; its address, for the CLI to join. Its workers get the
    S3 server's environment, as a real cluster's nodes have credentials of their own: ftlint never sends
    the caller's."""
    saved = {key: os.environ.get(key) for key in s3}
    os.environ.update(s3)
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level="ERROR",
             log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def chat(i: int) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": f"What is {i} plus {i + 3}?"},
                         {"role": "assistant", "content": f"{i} plus {i + 3} is {2 * i + 3}."}]}


def dataset(folder: Path) -> list[Path]:
    """Three files: duplicates within and across them, a broken line, and one file gzipped (decoded by the
    tasks from the file itself, not from a copy on the driver)."""
    first = [chat(i) for i in range(300)] + [chat(7)]
    second = [chat(i) for i in range(290, 600)]  # 290..299 are in the first file too
    third = [chat(i) for i in range(600, 900)] + [chat(5)]
    paths = []
    for name, rows in (("a.jsonl", first), ("b.jsonl", second)):
        text = "".join(json.dumps(row) + "\n" for row in rows)
        if name == "b.jsonl":
            text = text.replace(json.dumps(rows[40]), '{"messages": [', 1)
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in third)
    paths.append(folder / "c.jsonl.gz")
    return paths


def both(folder: Path, address: str, *args: str) -> tuple[str, str]:
    """The command's stdout on the local engine and on the cluster."""
    local = run_cli(*args, cwd=folder, timeout=300)
    remote = run_cli(*args, "--engine", "ray", "--address", address, cwd=folder, timeout=300)
    assert "Traceback" not in remote.stderr and remote.code == local.code, remote.stderr
    return local.stdout, remote.stdout


def test_check_finds_what_the_local_engine_finds(tmp_path: Path, cluster: str) -> None:
    names = [p.name for p in dataset(tmp_path)]
    local, remote = both(tmp_path, cluster, "check", *names, "--no-cache", "--output-format", "json")
    assert local == remote
    findings = json.loads(remote)["findings"]
    assert any(f["code"] == "DQ001" and f["path"] == "b.jsonl" and "a.jsonl" in f["message"] for f in findings)
    assert any(f["code"] == "DQ001" and f["path"] == "c.jsonl.gz" for f in findings)
    assert any(f["code"] == "FL005" and f["path"] == "b.jsonl" and f["line"] == 41 for f in findings)


def test_stats_convert_and_split_are_the_local_engines(tmp_path: Path, cluster: str) -> None:
    names = [p.name for p in dataset(tmp_path)]
    local, remote = both(tmp_path, cluster, "stats", *names, "--output-format", "json")
    assert json.loads(local) == json.loads(remote)
    for engine in ("local", "ray"):
        extra = ("--engine", "ray", "--address", cluster) if engine == "ray" else ()
        done = run_cli("convert", "a.jsonl", "--profile", "trl", "-o", f"{engine}.trl.jsonl", *extra,
                       cwd=tmp_path, timeout=300)
        assert done.code == 0, done.stderr
        done = run_cli("split", "a.jsonl", "-o", engine, *extra, cwd=tmp_path, timeout=300)
        assert done.code == 0, done.stderr
    assert (tmp_path / "local.trl.jsonl").read_bytes() == (tmp_path / "ray.trl.jsonl").read_bytes()
    for part in sorted(p.name for p in (tmp_path / "local").iterdir()):
        assert (tmp_path / "local" / part).read_bytes() == (tmp_path / "ray" / part).read_bytes(), part


def test_many_chunks_come_back_in_order_with_their_line_numbers(tmp_path: Path, cluster: str) -> None:
    from ftlint.core.engine.ray_executor import RayExecutor

    paths = dataset(tmp_path)
    here = check_paths(paths, profile="trl", chunk_bytes=4096, executor=InProcess())
    there = check_paths(paths, profile="trl", chunk_bytes=4096, executor=RayExecutor())
    assert [(f.path, f.line, f.code, f.message) for f in here.findings] == \
        [(f.path, f.line, f.code, f.message) for f in there.findings]
    # b.jsonl's copies of a.jsonl's records sit in several chunks; each is named at its own line.
    assert len({f.line for f in there.findings if Path(f.path).name == "b.jsonl"}) >= 10


def test_a_chunk_that_keeps_failing_stops_the_run_with_its_file_and_range(tmp_path: Path, cluster: str) -> None:
    from ftlint.core.engine.ray_executor import ChunkFailed, RayExecutor
    from ftlint.core.engine.worker import check_chunk
    from ftlint.core.sources import resolve_inputs
    from tests.conftest import session_for

    session = session_for("trl", executor=RayExecutor())
    for path, failing in ((tmp_path / "a.jsonl", r"a\.jsonl: the chunk of bytes [\d,]+-[\d,]+ failed 3 times"),
                          (tmp_path / "c.jsonl.gz", r"c\.jsonl\.gz: the file \(one task decodes it whole\) failed 3")):
        dataset(tmp_path)
        prepared = session.prepare(resolve_inputs([str(path)], tmp_path / "spool"), tmp_path / f"prep-{path.name}")
        tasks = session.chunk_tasks(prepared, chunk_bytes=8192)
        path.unlink()  # each task reads its range from the file itself: every try fails
        with pytest.raises(ChunkFailed, match=failing + ".*FileNotFound"):
            list(session.map_chunks(check_chunk, session.pack, tasks))


def test_address_without_the_ray_engine_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(chat(1)) + "\n")
    done = run_cli("check", "a.jsonl", "--address", "127.0.0.1:6379", cwd=tmp_path)
    assert done.code == 2 and "--engine ray" in done.stderr


def test_without_ray_installed_it_says_how_to_get_it(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(chat(1)) + "\n")
    probe = ("import sys\nsys.modules['ray'] = None\nfrom ftlint.launch import main\n"
             "sys.argv = ['ftlint', 'check', 'a.jsonl', '--engine', 'ray']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "pip install 'ftlint[ray]'" in done.stderr


def upload(env: dict[str, str], bucket: str, files: list[Path]) -> None:
    import boto3

    client = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=bucket)
    for path in files:
        client.upload_file(str(path), bucket, f"data/{path.name}")


def test_objects_in_s3_are_read_where_they_are(tmp_path: Path, cluster: str, s3: dict[str, str]) -> None:
    (tmp_path / "here").mkdir()
    paths = dataset(tmp_path / "here")
    upload(s3, "datasets", paths)
    url = "s3://datasets/data/"
    local = run_cli("check", url, "--output-format", "json", cwd=tmp_path, env=s3, timeout=300)
    remote = run_cli("check", url, "--output-format", "json", "--engine", "ray", "--address", cluster,
                     cwd=tmp_path, env=s3, timeout=300)
    assert local.code == remote.code == 1, local.stderr + remote.stderr
    assert local.stdout == remote.stdout
    # The same findings as the local files', by object name.
    on_disk = run_cli("check", *(str(p) for p in paths), "--output-format", "json", "--no-cache", cwd=tmp_path)

    def keyed(out: str) -> list[tuple[str, int, str, str]]:
        return [(Path(f["path"]).name, f["line"], f["code"], f["message"].replace("s3://datasets/data/", "")
                 .replace(str(tmp_path / "here") + "/", "")) for f in json.loads(out)["findings"]]
    assert keyed(local.stdout) == keyed(on_disk.stdout)
    assert "s3://datasets/data/b.jsonl" in local.stdout
    stats = run_cli("stats", "s3://datasets/data/*.jsonl", "--output-format", "json", cwd=tmp_path, env=s3)
    here = run_cli("stats", *(str(p) for p in paths if p.suffix == ".jsonl"), "--output-format", "json", cwd=tmp_path)
    assert stats.code == 0, stats.stderr
    assert json.loads(stats.stdout)["tokens"] == json.loads(here.stdout)["tokens"]
    assert json.loads(stats.stdout)["records"] == json.loads(here.stdout)["records"] == 610


def test_a_missing_object_or_bucket_is_a_clear_error(tmp_path: Path, s3: dict[str, str]) -> None:
    done = run_cli("check", "s3://no-such-bucket/data.jsonl", cwd=tmp_path, env=s3)
    assert done.code == 2 and "s3://no-such-bucket/data.jsonl" in done.stderr and "Traceback" not in done.stderr
