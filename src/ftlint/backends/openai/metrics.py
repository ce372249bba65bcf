"""A finished OpenAI job's metrics: its first result file, downloaded and read."""

from __future__ import annotations

from typing import Any

from ftlint.backends.base import BackendError, Job
from ftlint.backends.metrics import Metrics, parse_metrics
from ftlint.backends.openai.client import provider_errors


def fetch_metrics(client: Any, job: Job) -> Metrics:
    if not job.result_files:
        raise BackendError(f"{job.id} has no result file yet (status {job.status}); metrics come when it has run",
                           exit_code=1)
    with provider_errors(client, f"downloading the result file of {job.id}"):
        content = client.files.content(job.result_files[0]).read()
    return parse_metrics(content)
