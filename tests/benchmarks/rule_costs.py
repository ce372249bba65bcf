"""What single rules cost: the default check timed next to the same check with one rule switched.

For a rule the default profile runs, the variant is `--ignore CODE` and the rule's cost is
default - variant; for an opt-in rule it is `--extend-select CODE` and the cost is variant - default.
Either way the share is that cost over the default check's time, so "DQ008 costs <= 5 % of the default
check" reads the same before and after a rule is turned on by default.  All variants run interleaved
with the default check in the same rounds (runner.measure), since a few per cent is within the noise of
this shared machine between rounds; best-of-N keeps the least disturbed run of each.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import runner


def opt_in_by_code(ftlint: str) -> dict[str, bool]:
    """`ftlint rules --output-format json`: which rules the default profile leaves off."""
    cp = subprocess.run(
        [ftlint, "rules", "--output-format", "json"], capture_output=True, text=True, env=runner.ENV, check=False
    )
    if cp.returncode != 0:
        raise RuntimeError(f"`ftlint rules --output-format json` failed (exit {cp.returncode}): {cp.stderr[-500:]}")
    return {rule["code"]: bool(rule.get("opt_in")) for rule in orjson.loads(cp.stdout)}


def parse_codes(text: str) -> list[str]:
    return [code.strip().upper() for code in text.split(",") if code.strip()]


def measure(ftlint: str, codes: list[str], path: Path, repeats: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Time the default check and one variant per code on `path`; the result goes into results.json."""
    known = opt_in_by_code(ftlint)
    base = [ftlint, "check", "--output-format", "json"]
    progs = [runner.Program("default", "default check", lambda p: [*base, str(p)], runner.judge_ftlint)]
    rules: dict[str, Any] = {}
    for code in codes:
        if code not in known:
            rules[code] = {"error": f"ftlint has no rule {code}"}
            log(f"  !! {code}: ftlint has no such rule, skipped")
            continue
        flag = "--extend-select" if known[code] else "--ignore"
        rules[code] = {"opt_in": known[code], "variant": f"{flag} {code}"}
        progs.append(
            runner.Program(code, f"{flag} {code}", lambda p, f=flag, c=code: [*base, str(p), f, c], runner.judge_ftlint)
        )
    results = runner.measure(progs, path, repeats, log)
    for code, res in results.items():
        entry = {"times": [round(t, 4) for t in res.times], "best": res.best, "ok": res.ok, "error": res.error}
        if code == "default":
            default = entry
        else:
            rules[code].update(entry, findings=res.detail.get("findings_per_rule", {}))
    return {"dataset": path.stem, "repeats": repeats, "default": default, "rules": rules}


def share(costs: dict[str, Any], code: str) -> float | None:
    """The rule's cost as a fraction of the default check (negative: within the noise)."""
    default, rule = costs["default"].get("best"), costs["rules"][code]
    if not default or rule.get("best") is None:
        return None
    cost = rule["best"] - default if rule["opt_in"] else default - rule["best"]
    return cost / default
