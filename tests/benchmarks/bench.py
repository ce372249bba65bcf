"""End-to-end performance benchmark of `ftlint check` against reference programs (run by hand).

    .venv/bin/python tests/benchmarks/bench.py [--records N] [--big-gb F] [--skip-big]
                                               [--skip-together] [--work DIR] [--shared DIR]
                                               [--rule-costs CODES [--rule-costs-data NAME]]

In one invocation (so the ratios are comparable on a noisy machine) it generates synthetic datasets
(and, from ../shared, one that holds personal data and one of arithmetic), times (a) a parse-only
reference, (b) parse + o200k_base token count, (c) the Together SDK's `check_file`, (d) `ftlint check`,
(e) `ftlint stats` and (f) `ftlint check --ignore PI` on each, measures ftlint's cold start and its
peak memory on a 1 GB file, optionally what single rules cost, prints the tables and target verdicts,
and writes everything to WORK/results.json.
See README.md in this folder for what each figure means.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# gen_data, report and runner are this folder's helper modules: run as a script, the folder is
# sys.path[0], so they import as top-level modules.
import gen_data
import gen_extra
import orjson
import report
import rule_costs
import runner

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def log(msg: str) -> None:
    print(msg, flush=True)


def _result_dict(res: runner.Result, **extra: Any) -> dict[str, Any]:
    return {
        "times": [round(t, 4) for t in res.times],
        "best": res.best,
        "ok": res.ok,
        "error": res.error,
        "detail": res.detail,
        **extra,
    }


# Timed with every program, in this order (tiny and tiny-pii are only for the cold start).
TIMED = ("chat", "chat-clean", "chat-pii", "numeric", "pc", "big")


def make_datasets(
    args: argparse.Namespace, work: Path, skipped: dict[str, str]
) -> dict[str, tuple[Path, gen_data.Stats]]:
    specs = {
        # The main chat set, with duplicates and ~0.5 % defects for ftlint to find.
        "chat": gen_data.Spec(kind="chat", seed=1, records=args.records),
        # Its defect-free twin: Together's check_file stops at the first bad line, so only on a clean
        # file does it do (and get timed for) a whole-file check.
        "chat-clean": gen_data.Spec(kind="chat", seed=1, records=args.records, defect_rate=0.0),
        "pc": gen_data.Spec(kind="pc", seed=2, records=args.records),
        "tiny": gen_data.Spec(kind="chat", seed=4, records=10, defect_rate=0.0, dup_rate=0.0),
    }
    if not args.skip_big:
        specs["big"] = gen_data.Spec(kind="chat", seed=3, target_bytes=int(args.big_gb * 1e9))
    log("Datasets:")
    made = {name: gen_data.ensure_dataset(work, name, spec, log) for name, spec in specs.items()}
    # Made from material beside the repository; a missing source skips its set (reason in `skipped`).
    shared: Path = args.shared.resolve()
    extra = {
        # ~5 % of records hold an e-mail address or a phone number: what the PI rules cost on real data.
        "chat-pii": lambda: gen_extra.chat_pii(work, shared, args.records, log),
        # GSM8K arithmetic: digit runs everywhere, and no personal data.
        "numeric": lambda: gen_extra.numeric(work, shared, args.records, log),
        "tiny-pii": lambda: gen_extra.tiny_pii(work, log),
    }
    for name, make in extra.items():
        try:
            made[name] = make()
        except gen_extra.Unavailable as exc:
            skipped[name] = str(exc)
            log(f"  !! skipping {name}: {exc}")
    return made


def cold_start(python: str, ftlint: str, tiny: Path, tiny_pii: Path | None) -> dict[str, Any]:
    """Best of 5 fresh runs on the 10-line files, with interpreter start-up and import as baselines."""
    cases = {
        "python": ("python -c pass (interpreter start-up)", [python, "-c", "pass"], runner.judge_exit0),
        "import": ("python -c 'import ftlint.cli'", [python, "-c", "import ftlint.cli"], runner.judge_exit0),
        "ftlint": (f"ftlint check {tiny.name}", [ftlint, "check", str(tiny)], runner.judge_ftlint),
    }
    if tiny_pii is not None:
        # A pre-commit run on a file the privacy scan has to look at closely (an e-mail, a phone number).
        cases["ftlint_pii"] = (f"ftlint check {tiny_pii.name}", [ftlint, "check", str(tiny_pii)], runner.judge_ftlint)
    out: dict[str, Any] = {}
    for key, (label, cmd, judge) in cases.items():
        res = runner.Result()
        for _ in range(5):
            if runner.attempt(res, cmd, judge, label, log) is None:
                break
        if res.ok:
            log(f"    {label:<48} best {min(res.times):.3f} s of {[round(t, 3) for t in res.times]}")
        out[key] = _result_dict(res, label=label)
    if tiny_pii is not None and out["ftlint_pii"]["ok"]:
        # One untimed JSON run to show the scan did find both: a cold figure without them proves nothing.
        _, cp = runner.run_once([ftlint, "check", str(tiny_pii), "--output-format", "json"])
        _, detail = runner.judge_ftlint(cp)
        out["ftlint_pii"]["detail"] = detail
        log(f"    {tiny_pii.name}: ftlint reported {detail.get('findings_per_rule', '?')}")
    return out


def peak_memory(python: str, ftlint: str, big: Path, work: Path, command: str = "check") -> dict[str, Any]:
    """One `ftlint check` (or `ftlint convert`) of the big file under memwatch.py (process-tree RSS
    sampled every 50 ms)."""
    runner.warm_cache(big)
    if command == "convert":
        args = ["convert", str(big), "--to", "trl_messages", "-o", str(work / "big.converted.jsonl"),
                "--output-format", "json"]
    else:
        args = ["check", str(big), "--output-format", "json"]
    report = work / f"big.ftlint-{command}.json"
    cmd = [python, str(HERE / "memwatch.py"), "--interval", "0.05", "--stdout", str(report), "--", ftlint, *args]
    cp = subprocess.run(cmd, capture_output=True, text=True, env=runner.ENV, timeout=runner.TIMEOUT, check=False)
    (work / "big.converted.jsonl").unlink(missing_ok=True)
    if cp.returncode != 0:
        return {"ok": False, "error": f"memwatch exit {cp.returncode}: {cp.stderr.strip()[-2000:]}"}
    mem = orjson.loads(cp.stdout.strip().splitlines()[-1])
    if mem["returncode"] not in (0, 1):
        return {"ok": False, "error": f"ftlint exit {mem['returncode']}: {cp.stderr.strip()[-2000:]}", **mem}
    log(
        f"    peak RSS sum {mem['peak_rss_sum_bytes'] / 1e6:.1f} MB, ru_maxrss {mem['ru_maxrss_bytes'] / 1e6:.1f} MB,"
        f" {mem['seconds']:.2f} s"
    )
    return {"ok": True, **mem}


def measure_rule_costs(args: argparse.Namespace, datasets: dict[str, tuple[Path, gen_data.Stats]]) -> dict[str, Any]:
    name = args.rule_costs_data
    if name not in datasets:
        log(f"\n!! no rule costs: data set {name!r} was not made (have: {', '.join(datasets)})")
        return {"dataset": name, "repeats": args.repeats, "error": f"data set {name!r} not made", "rules": {}}
    log(f"\nRule costs on {name} ({args.repeats} run(s) each):")
    try:
        return rule_costs.measure(args.ftlint, args.rule_costs, datasets[name][0], args.repeats, log)
    except RuntimeError as exc:
        log(f"  !! {exc}")
        return {"dataset": name, "repeats": args.repeats, "error": str(exc), "rules": {}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000, help="records in the chat and pc datasets")
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the big chat file in GB (10**9 bytes)")
    ap.add_argument("--skip-big", action="store_true", help="no big file: no 1 GB timings, no memory figure")
    ap.add_argument("--skip-together", action="store_true", help="do not install or time the Together SDK")
    ap.add_argument("--work", type=Path, default=HERE / ".work", help="datasets, venv and results.json")
    ap.add_argument("--repeats", type=int, default=3, help="runs per program on the normal datasets")
    ap.add_argument("--ftlint", default=str(REPO / ".venv" / "bin" / "ftlint"), help="ftlint executable")
    ap.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the folder beside the repository holding bench/gen.py and realdata/ (chat-pii, numeric)",
    )
    ap.add_argument(
        "--rule-costs",
        type=rule_costs.parse_codes,
        default=[],
        metavar="CODES",
        help="comma-separated rule codes: time the default check with each switched off (or on, if opt-in)",
    )
    ap.add_argument("--rule-costs-data", default="chat", help="the data set the rule costs are timed on")
    args = ap.parse_args(argv)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable  # the project venv: has orjson and ftlint's tokenizer files for (a)/(b)
    started = time.time()
    load_before = os.getloadavg()
    runner.use_bytecode_cache(work)

    skipped: dict[str, str] = {}
    datasets = make_datasets(args, work, skipped)

    if args.skip_together:
        together_py, status, note = None, "skipped", "--skip-together"
    else:
        together_py, note = runner.ensure_together(work, log)
        status = "failed" if together_py is None else note
        if together_py is None:
            log(f"  !! Together SDK unavailable, continuing without (c): {note}")
    together = {"status": status, "note": note, "short": note.splitlines()[0] if note else ""}

    progs = runner.programs(python, args.ftlint, together_py)
    data: dict[str, Any] = {
        "datasets": {},
        "timings": {},
        "cold": {},
        "memory": None,
        "together": together,
        "skipped": skipped,
        "rule_costs": None,
    }
    for name in TIMED:
        if name not in datasets:
            continue
        path, stats = datasets[name]
        repeats = 1 if name == "big" else args.repeats
        log(f"\nTiming on {name} ({stats.bytes / 1e6:.1f} MB, {stats.lines} lines, {repeats} run(s) each):")
        results = runner.measure(progs, path, repeats, log)
        data["datasets"][name] = {"path": str(path), "repeats": repeats, **vars(stats)}
        data["timings"][name] = {key: _result_dict(res) for key, res in results.items()}

    log("\nCold start:")
    tiny_pii = datasets["tiny-pii"][0] if "tiny-pii" in datasets else None
    data["cold"] = cold_start(python, args.ftlint, datasets["tiny"][0], tiny_pii)
    if args.rule_costs:
        data["rule_costs"] = measure_rule_costs(args, datasets)
    if "big" in datasets:
        log("\nPeak memory of ftlint check on the big file:")
        data["memory"] = peak_memory(python, args.ftlint, datasets["big"][0], work)
        log("\nPeak memory of ftlint convert on the big file:")
        data["memory_convert"] = peak_memory(python, args.ftlint, datasets["big"][0], work, "convert")

    data["targets"] = report.targets(data)
    data["meta"] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
        "elapsed_s": round(time.time() - started, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        # Other work on the machine skews timings; the load averages tell a reader whether it did.
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "machine": platform.platform(),
        "ftlint": args.ftlint,
        "together_version": runner.TOGETHER_VERSION,
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    print(report.render(data))
    (work / "results.json").write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    log(f"\nFigures written to {work / 'results.json'} (total {data['meta']['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
