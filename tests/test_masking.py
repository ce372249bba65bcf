"""Personal data is masked in every report, whatever rules are selected (issue 13).

Masking is a property of the report, not of the PI rules: every string from the data that reaches
an output (a finding's message, pointer and fix title, a line of `fix --diff`, a class label in
`stats`) passes one masking function, unless `--show-pii`. These tests put personal data in every
field a rule can quote and look for it in every output.
"""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ftlint.cli import cli
from ftlint.core.findings import Applicability, Finding, Fix, Location, Severity
from ftlint.output import FORMATS
from ftlint.privacy import detect, masking
from ftlint.privacy.detect import personal_spans
from ftlint.privacy.masking import mask_finding, mask_labels, mask_line, mask_pointer, mask_text
from tests.conftest import FIXTURES, Run

EMAIL, PHONE, CARD, IBAN = "zed.quinn@leakmail.net", "(415) 736-2671", "4539 1488 0343 6467", "DE89370400440532013000"
VALUES = [EMAIL, PHONE, CARD, IBAN]
SELECTIONS = [[], ["--ignore", "PI"], ["--select", "FL,DQ"]]


def ftlint(*args: str) -> Run:
    """The command line, in this process (fast: no interpreter start-up, the analyzers loaded once)."""
    done = CliRunner().invoke(cli, [*args, "--jobs", "1"], catch_exceptions=False)
    return Run(done.exit_code, done.stdout, done.stderr)


# --- personal data, generated -------------------------------------------------------------------

def _luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


@st.composite
def emails(draw: Any) -> str:
    local = draw(st.from_regex(r"[a-z]{3,8}(\.[a-z]{3,8})?", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z]{4,10}(-[a-z]{3,6})?", fullmatch=True).filter(
        lambda d: "example" not in d and d not in ("test", "invalid", "localhost")))
    return f"{local}@{domain}.{draw(st.sampled_from(['com', 'net', 'org', 'io', 'de']))}"


@st.composite
def phones(draw: Any) -> str:
    """North American numbers as people write them (555 is the fictional exchange: allowed)."""
    area = draw(st.sampled_from([212, 213, 303, 312, 404, 415, 617, 646, 702, 713]))
    exchange = draw(st.integers(200, 999).filter(lambda n: n != 555 and n % 100 != 11))
    line = draw(st.integers(0, 9999))
    form = draw(st.sampled_from(["({a}) {e}-{n:04d}", "{a}-{e}-{n:04d}", "+1 {a} {e} {n:04d}", "{a}.{e}.{n:04d}"]))
    return form.format(a=area, e=exchange, n=line)


@st.composite
def cards(draw: Any) -> str:
    """Luhn-valid Visa and Mastercard numbers, in groups of four (how cards are written)."""
    prefix = draw(st.sampled_from(["4", "51", "53", "55"]))
    body = prefix + draw(st.from_regex(rf"[0-9]{{{15 - len(prefix)}}}", fullmatch=True))
    number = body + _luhn_digit(body)
    separator = draw(st.sampled_from([" ", "-"]))
    return separator.join(number[i:i + 4] for i in range(0, 16, 4))


@st.composite
def ibans(draw: Any) -> str:
    """German IBANs with a valid checksum, compact or in groups of four."""
    bban = draw(st.from_regex(r"[1-9][0-9]{17}", fullmatch=True))
    check = 98 - int(bban + "131400") % 97  # D=13, E=14, then 00
    iban = f"DE{check:02d}{bban}"
    return draw(st.sampled_from([iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))]))


def write_dataset(folder: Path, values: list[str]) -> list[Path]:
    """Files that make rules quote each value from every field a rule can quote."""
    def lines(records: list[Any]) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    email = next(v for v in values if "@" in v)
    chat: list[Any] = []
    broken: list[str] = []
    for value in values:
        image = {"type": "image_url", "image_url": {"url": f"/home/{value}/scan.png", "detail": value}}
        chat += [
            {"messages": [{"role": value, "content": "hi"}, {"role": "assistant", "content": "hello"}]},  # CH001
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is shown?"}, image,  # IM006 IM002
                                                       {"type": value, "text": "x"}]},  # CH007
                          {"role": "assistant", "content": "A scan."}]},
            {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": value}],
             value: "x", "metadata": {value: f"write to {email}"}},  # SC003; a PI finding's pointer
            {"messages": [{"role": "user", "content": "Weather?"},
                          {"role": "assistant", "content": None, "tool_calls": [  # TL002, TL005
                              {"id": "call_1", "type": "function", "function": {"name": value, "arguments": "{}"}}]},
                          {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
                          {"role": value, "content": "18 C.", "weight": 1}],  # CH006 quotes the role
             "tools": [{"type": "function", "function": {"name": f"{value} lookup",  # TL001
                                                         "parameters": {"type": "object", "properties": {}}}}]},
        ]
        broken.append('{"messages": [{"role": "user", "content": "from ' + value + '"\n')  # FL005
    (folder / "chat.jsonl").write_text(lines(chat) + "".join(broken), encoding="utf-8")
    preference = [{"input": {"messages": [{"role": "user", "content": "Capital?"},
                                          {"role": value, "content": "Paris"}]},
                   "preferred_output": [{"role": value, "content": "Paris."}],  # PF001, PF002
                   "non_preferred_output": [{"role": "assistant", "content": "Lyon."}]} for value in values]
    (folder / "preference.jsonl").write_text(lines(preference), encoding="utf-8")
    for index, value in enumerate(values):  # PC006 reads the first 64 characters: one value a file
        prompts = [{"prompt": f"From {value}: question {n}\n\n###\n\n", "completion": f" answer {n}\n"}
                   for n in range(12)]
        (folder / f"prompts-{index}.jsonl").write_text(lines(prompts), encoding="utf-8")  # PC006
    labels = [value for value in values for _ in range(2)] + [" billing"] * 8
    classes = [{"messages": [{"role": "user", "content": f"ticket {n}"}, {"role": "assistant", "content": label}]}
               for n, label in enumerate(labels)]
    (folder / "classes.jsonl").write_text(lines(classes), encoding="utf-8")  # CL001-CL004, stats classes
    return sorted(folder.glob("*.jsonl"))


def every_report(folder: Path, selection: list[str], show_pii: bool = False) -> dict[str, str]:
    """Every output of check, fix --diff and stats on the files in `folder`, by name."""
    paths = [str(p) for p in sorted(folder.glob("*.jsonl"))]
    flags = [*selection, *(["--show-pii"] if show_pii else [])]
    shown: dict[str, str] = {}
    runs = {f"check {fmt}": ("check", *paths, "--output-format", fmt) for fmt in FORMATS}
    runs["check --statistics"] = ("check", *paths, "--statistics")
    runs["fix --diff"] = ("fix", *paths, "--diff", "--unsafe-fixes")
    runs["stats"] = ("stats", *paths)
    html = folder / "report.html"
    runs["stats json"] = ("stats", *paths, "--output-format", "json", "--html", str(html))
    for name, args in runs.items():
        run = ftlint(*args, *flags)
        assert run.code in (0, 1) and "internal error" not in run.stderr, (name, run.stderr)
        shown[name] = run.stdout + run.stderr
    shown["stats --html"] = html.read_text(encoding="utf-8")
    return shown


def leaks(shown: str, values: list[str]) -> list[str]:
    """The values found in `shown`: as written, or their digits in a row (any separators between)."""
    found = [value for value in values if value in shown]
    for value in values:
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 7 and re.search(r"[^0-9]{0,3}".join(digits), shown):
            found.append(f"the digits of {value}")
    return found


# --- the property: nothing leaks, in any output, under any selection ----------------------------

@pytest.mark.parametrize("selection", SELECTIONS, ids=["default", "ignore-PI", "select-FL-DQ"])
@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(email=emails(), phone=phones(), card=cards(), iban=ibans())
def test_no_report_shows_personal_data(selection: list[str], email: str, phone: str, card: str, iban: str) -> None:
    values = [email, phone, card, iban]
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(Path(tmp), values)
        for name, shown in every_report(Path(tmp), selection).items():
            assert not leaks(shown, values), (name, leaks(shown, values))


def test_with_show_pii_every_report_shows_the_values(tmp_path: Path) -> None:
    write_dataset(tmp_path, VALUES)
    shown = every_report(tmp_path, [], show_pii=True)
    for name in ["check text", "check json", "check github", "check sarif", "check junit", "fix --diff", "stats",
                 "stats json", "stats --html"]:
        assert leaks(shown[name], VALUES), name
    paths = [str(p) for p in sorted(tmp_path.glob("*.jsonl"))]
    assert "z***@l***.net" in ftlint("check", *paths).stdout
    assert "**** **** **** 6467" in ftlint("stats", *paths).stdout


# --- each leak path of the issue ------------------------------------------------------------------

@pytest.fixture(scope="module")
def findings() -> Iterator[list[dict[str, Any]]]:
    """The findings of `check --ignore PI` (and of the PI rules alone) on the dataset, as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(p) for p in write_dataset(Path(tmp), VALUES)]
        without = json.loads(ftlint("check", *paths, "--ignore", "PI", "--output-format", "json").stdout)
        only = json.loads(ftlint("check", *paths, "--select", "PI", "--output-format", "json").stdout)
        yield without["findings"] + only["findings"]


@pytest.mark.parametrize("code", ["CH001", "CH006", "CH007", "PF001", "PF002", "SC003", "IM002", "IM006", "TL001",
                                  "TL002", "TL005", "CL001", "CL003", "CL004", "PC006", "PI001"])
def test_each_rule_quotes_values_masked(findings: list[dict[str, Any]], code: str) -> None:
    mine = [f for f in findings if f["code"] == code]
    assert mine, f"the dataset makes {code} report"
    shown = json.dumps(mine, ensure_ascii=False)
    assert not leaks(shown, VALUES), leaks(shown, VALUES)
    assert re.search(r"z\*\*\*@l\*\*\*\.net|\(\*\*\*\) \*\*\*-\*\*71|\*\*\*\* \*\*\*\* \*\*\*\* 6467|DE\*+00", shown)


def test_a_pi_findings_pointer_is_masked(findings: list[dict[str, Any]]) -> None:
    pointers = {f["pointer"] for f in findings if f["code"] == "PI001"}
    assert "/metadata/(***) ***-**71" in pointers and "/metadata/z***@l***.net" in pointers


def test_class_imbalance_quotes_labels_masked(tmp_path: Path) -> None:
    path = tmp_path / "classes.jsonl"
    labels = [EMAIL] * 21 + [" no"] * 2
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": f"t {n}"},
                                                     {"role": "assistant", "content": label}]}) + "\n"
                            for n, label in enumerate(labels)), encoding="utf-8")
    run = ftlint("check", str(path), "--select", "CL002")
    assert "CL002" in run.stdout and '"z***@l***.net" has 21 examples' in run.stdout and EMAIL not in run.stdout


def test_a_numeric_weight_is_not_quoted_when_it_could_be_a_number_of_someone(tmp_path: Path) -> None:
    path = tmp_path / "weights.jsonl"
    record = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a",
                                                                 "weight": 4539148803436467}]}
    path.write_text(json.dumps(record) + "\n" + json.dumps({**record, "messages": [
        record["messages"][0], {"role": "assistant", "content": "a", "weight": 0.5}]}) + "\n", encoding="utf-8")
    run = ftlint("check", str(path), "--select", "CH006")
    assert "`weight` is a 16-digit number; it must be 0 (skip) or 1 (train)" in run.stdout
    assert "`weight` is 0.5;" in run.stdout and "4539148803436467" not in run.stdout


@pytest.mark.parametrize("selection", SELECTIONS, ids=["default", "ignore-PI", "select-FL-DQ"])
def test_fix_diff_masks_every_line(tmp_path: Path, selection: list[str]) -> None:
    path = tmp_path / "data.jsonl"
    good = json.dumps({"messages": [{"role": "user", "content": f"I am {EMAIL}, call {PHONE}"},
                                    {"role": "assistant", "content": "Noted."}]})
    broken = '{"messages": [{"role": "user", "content": "card ' + CARD + ', iban ' + IBAN + '"'
    path.write_text(f"{good}\n{broken}\nnot json at all: {EMAIL}\n", encoding="utf-8")
    run = ftlint("fix", str(path), "--diff", "--unsafe-fixes", *selection)
    assert run.code == 1 and not leaks(run.stdout + run.stderr, VALUES), run.stdout
    # The dropped lines are shown, each as it was but for the values masked, byte for byte.
    assert '-{"messages": [{"role": "user", "content": "card **** **** **** 6467, iban DE******************00"\n' \
        in run.stdout
    assert "-not json at all: z***@l***.net\n" in run.stdout
    shown = ftlint("fix", str(path), "--diff", "--unsafe-fixes", "--show-pii", *selection)
    assert f"-{broken}\n" in shown.stdout


def test_fix_diff_keeps_the_bytes_around_a_masked_value(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    # Compact separators, an escaped character and escaped non-ASCII: none of it is rewritten.
    kept = '{"messages":[{"role":"user","content":"Caf\\u00e9 \\"x\\", mail %s"},{"role":"assistant","content":"ok"}]}'
    path.write_text(kept % EMAIL + "\n{broken\n", encoding="utf-8")
    run = ftlint("fix", str(path), "--diff", "--unsafe-fixes", "--ignore", "PI")
    assert " " + kept % "z***@l***.net" + "\n" in run.stdout  # unchanged, so shown as context
    assert EMAIL not in run.stdout


def test_stats_masks_class_labels(tmp_path: Path) -> None:
    paths = [str(p) for p in write_dataset(tmp_path, VALUES)]
    html = tmp_path / "stats.html"
    text = ftlint("stats", *paths, "--html", str(html))
    as_json = ftlint("stats", *paths, "--output-format", "json")
    labels = next(f["classes"] for f in json.loads(as_json.stdout)["files"] if f["classes"])
    assert set(labels) == {"z***@l***.net", "(***) ***-**71", "**** **** **** 6467", "DE******************00",
                           " billing"}
    for shown in (text.stdout, as_json.stdout, html.read_text(encoding="utf-8")):
        assert not leaks(shown, VALUES)
    assert "z***@l***.net" in text.stdout and "z***@l***.net" in html.read_text(encoding="utf-8")


def test_xml_and_sarif_stay_valid_when_masked(tmp_path: Path) -> None:
    paths = [str(p) for p in write_dataset(tmp_path, VALUES)]
    ET.fromstring(ftlint("check", *paths, "--output-format", "junit").stdout)
    sarif = json.loads(ftlint("check", *paths, "--output-format", "sarif").stdout)
    assert sarif["runs"][0]["results"]


# --- the masking function: precise, and cheap when there is nothing to mask -----------------------

def test_masking_keeps_ftlints_own_words() -> None:
    message = f"unknown role `{EMAIL}`; expected one of system, developer, user, assistant, tool, function"
    assert mask_text(message) == message.replace(EMAIL, "z***@l***.net")
    assert mask_text(f"label \"{CARD}\" is 11 tokens") == 'label "**** **** **** 6467" is 11 tokens'
    path = f"image is a local path (/home/{EMAIL}/a.png)"
    assert mask_text(path) == "image is a local path (/home/z***@l***.net/a.png)"


@pytest.mark.parametrize("text", [
    "12 * 3456 = 41472", "same as line 1234567", "invalid JSON at line 3, column 17 (byte 4521337): unexpected end",
    "example has 70,123 tokens, over the limit of 65,536", "1.634722222", "the war lasted from 1618 - 1648",
    "file has 4 examples: OpenAI refuses files with fewer than 10 examples",
    "label \" billing\" is 2 tokens in o200k_base",
    "calls `get_weather_2127361234`, which `tools` does not define", "4212883012996 is the product",
    "jane@example.com", "(425) 555-0123", "4111 1111 1111 1111", "192.168.1.10", "version 1.2.3.4567",
])
def test_masking_leaves_what_is_not_personal_data(text: str) -> None:
    assert mask_text(text) == text


def test_masking_leaves_every_rule_message_of_the_fixtures_as_it_is() -> None:
    messages = {expected["message"] for path in sorted((FIXTURES / "rules").glob("*.yaml"))
                for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
                for expected in case.get("expect") or [] if "message" in expected}
    changed = {m: mask_text(m) for m in messages if mask_text(m) != m}
    assert len(messages) > 300 and not changed, changed


def test_pointers_are_masked_token_by_token() -> None:
    assert mask_pointer(f"/metadata/{EMAIL}") == "/metadata/z***@l***.net"
    assert mask_pointer(f"/a~1b/{PHONE}/3") == "/a~1b/(***) ***-**71/3"
    assert mask_pointer("/messages/1234567/content") == "/messages/1234567/content"


def test_a_line_keeps_its_bytes_but_the_values() -> None:
    line = '{"a":"Caf\\u00e9 %s","b":[1,2],"c":"%s"}\n'
    assert mask_line(line % (EMAIL, CARD)) == line % ("z***@l***.net", "**** **** **** 6467")
    assert mask_line(f"plain text from {PHONE}\n") == "plain text from (***) ***-**71\n"
    assert mask_line('{"k": "v"}\n') == '{"k": "v"}\n'


def test_a_finding_is_masked_in_every_part_it_quotes() -> None:
    finding = Finding("d.jsonl", 3, f"/meta/{EMAIL}", "SC003", "unknown-key", Severity.WARNING,
                      f"unknown key `{EMAIL}`", fix=Fix(f"drop the key `{EMAIL}`", Applicability.UNSAFE),
                      related=(Location("d.jsonl", 1, f"/meta/{EMAIL}"),))
    masked = mask_finding(finding)
    assert (masked.pointer, masked.message) == ("/meta/z***@l***.net", "unknown key `z***@l***.net`")
    assert masked.fix is not None and masked.fix.title == "drop the key `z***@l***.net`"
    assert masked.related == (Location("d.jsonl", 1, "/meta/z***@l***.net"),)
    clean = Finding("d.jsonl", 3, "/meta/source", "SC003", "unknown-key", Severity.WARNING, "unknown key `source`")
    assert mask_finding(clean) is clean


def test_two_labels_that_mask_alike_stay_two_classes() -> None:
    counts = {"zed@leakmail.net": 3, "zoe@lostmail.net": 2, " billing": 1}
    assert mask_labels(counts) == {"z***@l***.net": 3, "z***@l***.net (2)": 2, " billing": 1}


def test_bare_numbers_never_reach_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = detect.find
    monkeypatch.setattr(detect, "find", lambda text, *a, **k: calls.append(text) or real(text, *a, **k))
    masking.clear_cache()
    for n in range(2000):
        mask_text(f"same as line {1_000_000 + n * 7} (byte {200_000_000 + n * 1234})")
    assert calls == []
    assert mask_text(f"call me: {PHONE}") != f"call me: {PHONE}" and len(calls) == 1


# The look that spares presidio most strings must never hide what presidio and the PI rules' own
# checks would find: compared on numbers in every neighbourhood that matters.
_GLUE = [" ", "-", ".", "(", ")", "+", "+1 ", ", ", ": ", " x ", " ext ", "/", "~", "#", "`", "'", "\n", "=",
         "phone ", "call me on ", "card ", "ssn ", "IBAN ", "DE", "GB82 ", "line ", "byte ", " (2 copies in all)",
         "number ", " tokens", "bc1", "@", "::", "((", ")(", "[", "]", "\uff08", "\uff09", ") (",
         "zed", ".quinn", "@leakmail", ".net", "z***@l***.net", "postgres://a", ":s3cret@db.io", "a***:***@db.io"]


@settings(max_examples=300, deadline=None, derandomize=True)
@example(pieces=["143460", ")", "48583", " tokens"])  # libphonenumber takes a `)` it never opened
@example(pieces=["line ", "1234567", " (2 copies in all)"])  # ... but not a `(` it never closes
@example(pieces=["(", "0211", ") ", "12345"])
@example(pieces=["+", "1234567"])
@example(pieces=["030755", " ext ", "7540"])  # an extension joins its digits to the number's
@example(pieces=["call me on ", "2127361234"])
@given(pieces=st.lists(st.one_of(st.from_regex(r"[0-9]{1,13}", fullmatch=True), st.sampled_from(_GLUE)),
                       min_size=1, max_size=7))
def test_the_shortcut_agrees_with_the_full_analysis(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert personal_spans(text) == detect.analysed_spans(text)
