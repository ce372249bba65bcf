"""The checked files as the local trainer takes them: TRL's dataset records, in memory.

Each file goes through `ftlint convert --profile trl` (the same reading, conversion and rejects as
the command) into a scratch folder, and its records are read back. Data in TRL's standard form
(strings) stays standard and conversational data (messages) stays conversational, as TRL would
read each: an OpenAI chat file becomes `{"messages"}`, a prompt/completion file with string values
stays strings (no chat template applied, completion-only loss), a preference file becomes
`{"prompt", "chosen", "rejected"}`.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from typing import Any

import orjson

from ftlint.backends.base import BackendError, TrainingData, TrainingFile
from ftlint.commands.convert import ConvertRequest, run_convert
from ftlint.commands.settings import Flags
from ftlint.core.engine.chunks import prepare_inputs
from ftlint.core.sources import resolve_inputs
from ftlint.core.textsafe import escape_controls

# The TRL record each input format is trained as: (conversational, standard).
_OUTPUTS = {
    "chat": ("trl_messages", None), "alpaca": ("trl_messages", None), "sharegpt": ("trl_messages", None),
    "prompt_completion": ("trl_prompt_completion", "trl_prompt_completion_text"), "text": (None, "text"),
    "preference": ("trl_preference", None), "preference_lf": ("trl_preference", None),
    "preference_trl": ("trl_preference", "trl_preference_text"),
}
TRAINABLE_FORMATS = frozenset(_OUTPUTS)
_METHOD = {"trl_preference": "dpo", "trl_preference_text": "dpo"}


def training_data(paths: list[tuple[Path, str | None]], config: str | None, force: bool) -> TrainingData:
    """The records of each `(path, detected format)` (training file first) as TRL records.

    Records that cannot be converted refuse the run, unless `force`: then they are left out, and said.
    """
    files = []
    for path, file_format in paths:
        to = _output_for(path, file_format)
        files.append(_converted(path, to, config, force))
    return TrainingData(files[0], files[1] if len(files) > 1 else None)


def method_of(data: TrainingData) -> str:
    return _METHOD.get(data.train.trained_as, "supervised")


def _output_for(path: Path, file_format: str | None) -> str:
    conversational, standard = _OUTPUTS.get(file_format or "", (None, None))
    if conversational is None and standard is None:
        what = f"{file_format} records" if file_format else "records of no known format"
        raise BackendError(f"{escape_controls(str(path))}: {what} are not trained locally; the local trainer takes "
                           "chat, prompt/completion, text and preference data (`ftlint convert --help`)", exit_code=2)
    first = _first_record(path)
    if "chosen" in first and "rejected" in first:  # pairs, whatever the file's dialect (ShareGPT's too)
        conversational, standard = "trl_preference", "trl_preference_text"
    if conversational is None or standard is None:
        return conversational or standard  # type: ignore[return-value]
    key = "prompt" if isinstance(first.get("prompt"), str | list) else "chosen"
    return standard if isinstance(first.get(key), str) else conversational


def _first_record(path: Path) -> dict[str, Any]:
    """The file's first record, read as the check reads it (any container it knows)."""
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        prepared = prepare_inputs(resolve_inputs([str(path)], Path(tmp)), Path(tmp) / "prepared", None)[0]
        if prepared.documents is not None:
            values = [line.value for line in prepared.documents if isinstance(line.value, dict)]
            return values[0] if values else {}
        with open(prepared.data_path, "rb") as handle:
            handle.seek(prepared.start)
            for raw in handle:
                if raw.strip():
                    value = orjson.loads(raw)
                    return value if isinstance(value, dict) else {}
    return {}


def _converted(path: Path, to: str, config: str | None, force: bool) -> TrainingFile:
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        output, rejects = Path(tmp) / "out.jsonl", Path(tmp) / "rejects.jsonl"
        summary = io.StringIO()
        request = ConvertRequest([str(path)], Flags(config=config, profile="trl"), to=to, output=str(output),
                                 rejects=str(rejects), json=True, quiet=True)
        run_convert(request, stdout=summary, stderr=io.StringIO())
        report = orjson.loads(summary.getvalue())["files"][0]
        rows = [orjson.loads(line) for line in output.read_bytes().splitlines() if line.strip()]
    shown = escape_controls(str(path))
    pictured = sum(1 for row in rows if _has_image(row))
    if pictured:
        raise BackendError(f"{shown}: {pictured:,} record(s) hold images; the local trainer trains text models only "
                           "(vision fine-tuning is not built here), and never fetches an image", exit_code=2)
    if report["rejected"] and not force:
        reasons = "; ".join(f"{escape_controls(reason)} ({times:,})" for reason, times in report["reasons"].items())
        raise BackendError(f"{shown}: {report['rejected']:,} record(s) cannot be trained on as {to}: {reasons}. "
                           "Nothing was trained; fix them, or pass --force to train without them")
    if not rows:
        raise BackendError(f"{shown}: no record to train on", exit_code=1)
    notes = tuple(f"{note} ({times:,} records)" for note, times in report["notes"].items())
    if report["rejected"]:
        notes += (f"{report['rejected']:,} record(s) left out (--force): they cannot be trained on as {to}",)
    return TrainingFile(path, _sha256(path), to, rows, report["rejected"], notes)


def _has_image(row: dict[str, Any]) -> bool:
    """Whether a TRL record has an image part in any of its conversations (or an `images` column)."""
    if row.get("images"):
        return True
    for key in ("messages", "prompt", "completion", "chosen", "rejected"):
        turns = row.get(key)
        for turn in turns if isinstance(turns, list) else ():
            content = turn.get("content") if isinstance(turn, dict) else None
            if isinstance(content, list) and any(isinstance(part, dict) and part.get("type") in ("image", "image_url")
                                                 for part in content):
                return True
    return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
