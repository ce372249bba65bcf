"""The job's `method` parameter: hyperparameters go inside it (`{"type": "dpo", "dpo": {"hyperparameters":
{...}}}`); top-level `hyperparameters` is deprecated (openai-python `types/fine_tuning/job_create_params.py`)."""

from __future__ import annotations

from typing import Any

from ftlint.backends.base import HYPERPARAMETER_FLAGS, METHODS, BackendError

# Which hyperparameters each method takes (the SDK's *_hyperparameters_param.py).
ALLOWED = {
    "supervised": ("n_epochs", "batch_size", "learning_rate_multiplier"),
    "dpo": ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"),
    "reinforcement": ("n_epochs", "batch_size", "learning_rate_multiplier"),
}


def method_param(method: str, hyperparameters: dict[str, int | float], grader: dict[str, Any] | None) -> dict[str, Any]:
    if method not in METHODS:
        raise BackendError(f"unknown method `{method}`; OpenAI's are {', '.join(METHODS)}", exit_code=2)
    wrong = [HYPERPARAMETER_FLAGS[name] for name in hyperparameters if name not in ALLOWED[method]]
    if wrong:
        raise BackendError(f"{', '.join(wrong)} does not apply to --backend openai --method {method}", exit_code=2)
    body: dict[str, Any] = {}
    if hyperparameters:
        body["hyperparameters"] = dict(hyperparameters)
    if method == "reinforcement":
        if grader is None:
            raise BackendError("--method reinforcement needs a grader: --grader FILE.json (OpenAI's grader object)",
                               exit_code=2)
        body["grader"] = grader
    elif grader is not None:
        raise BackendError(f"--grader goes with --method reinforcement, not {method}", exit_code=2)
    return {"type": method, method: body}
