"""A local stand-in for the subset of the OpenAI API that `ftlint train|upload|jobs` use.

It keeps state (files, uploads, jobs), checks the bearer key, answers errors in OpenAI's body shape, and
moves each job one step (validating_files -> running -> succeeded) every time it is looked up. It can be
told to refuse a model, to fail jobs with a given suffix, and to quote the key it was given in full.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

KEY = "sk-test-0123456789abcdefSECRET"
REFUSED_MODEL = "gpt-3.5-turbo-0613"
FAILING_SUFFIX = "fail-me"
FAILED_MESSAGE = ("The job failed due to an invalid training file. Invalid file format. Example 2 contains an "
                  'extra "tools".')
RESULT_CSV = ("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
              "1,2.5,0.40,2.6,0.38\n2,1.5,0.55,,\n3,0.75,0.80,0.9,0.78\n")
STEPS = ("validating_files", "queued", "running", "succeeded")


@dataclass
class State:
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path) of every request
    job_bodies: list[dict[str, Any]] = field(default_factory=list)  # what each job creation asked
    quote_key: bool = False  # a careless server: quote the whole key in its 401 message
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self.ids):04d}"

    @property
    def file_uploads(self) -> int:
        return sum(1 for method, path in self.requests if method == "POST" and path in ("/v1/files", "/v1/uploads"))


def _error(message: str, kind: str = "invalid_request_error", code: str | None = None,
           param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _first_bad_line(content: bytes) -> str | None:
    """OpenAI's message for a training file that is not JSONL of objects (features.md §3)."""
    for number, line in enumerate(content.splitlines(), 1):
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            start = line[:3].decode("utf-8", "replace")
            return (f"Expected file to have JSONL format, where every line is a JSON dictionary. Line {number} is "
                    f'not a dictionary (HINT: line starts with: "{start}...").')
    return None


def _multipart(headers: Any, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    head = f"Content-Type: {headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        fields[name] = (part.get_filename(), part.get_payload(decode=True))
    return fields


class Handler(BaseHTTPRequestHandler):
    state: State  # set on the class made for each server

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, payload: Any, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _authorised(self) -> bool:
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if given == KEY:
            return True
        shown = given if self.state.quote_key else f"{given[:3]}***{given[-4:]}"
        self._send(401, _error(f"Incorrect API key provided: {shown}. You can find your API key at "
                               "https://platform.openai.com/account/api-keys.", code="invalid_api_key"))
        return False

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlparse(self.path)
        body = self._body() if method == "POST" else b""
        self.state.requests.append((method, url.path))
        if not self._authorised():
            return
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        for pattern, handler in ROUTES:
            if (match := re.fullmatch(pattern, f"{method} {url.path}")) is not None:
                handler(self, body, query, *match.groups())
                return
        self._send(404, _error(f"Invalid URL ({method} {url.path})"))


def _file_object(state: State, name: str, content: bytes, purpose: str = "fine-tune") -> dict[str, Any]:
    file_id = state.new_id("file")
    state.files[file_id] = {"id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
                            "filename": name, "purpose": purpose, "status": "processed"}
    state.contents[file_id] = content
    return state.files[file_id]


def create_file(h: Handler, body: bytes, query: dict[str, str]) -> None:
    fields = _multipart(h.headers, body)
    name, content = fields["file"]
    if (problem := _first_bad_line(content)) is not None:
        h._send(400, _error(problem, param="file"))
        return
    h._send(200, _file_object(h.state, name or "upload.jsonl", content, fields["purpose"][1].decode()))


def list_files(h: Handler, body: bytes, query: dict[str, str]) -> None:
    data = [f for f in h.state.files.values() if f["purpose"] == query.get("purpose", f["purpose"])]
    h._send(200, {"object": "list", "data": data, "has_more": False})


def get_file(h: Handler, body: bytes, query: dict[str, str], file_id: str) -> None:
    if file_id not in h.state.files:
        h._send(404, _error(f"No such File object: {file_id}", param="id"))
        return
    h._send(200, h.state.files[file_id])


def file_content(h: Handler, body: bytes, query: dict[str, str], file_id: str) -> None:
    if file_id not in h.state.contents:
        h._send(404, _error(f"No such File object: {file_id}", param="id"))
        return
    h._send(200, None, raw=h.state.contents[file_id])


def create_upload(h: Handler, body: bytes, query: dict[str, str]) -> None:
    params = json.loads(body)
    upload_id = h.state.new_id("upload")
    h.state.uploads[upload_id] = {"id": upload_id, "object": "upload", "bytes": params["bytes"],
                                  "filename": params["filename"], "purpose": params["purpose"], "status": "pending",
                                  "created_at": int(time.time()), "expires_at": int(time.time()) + 3600, "file": None,
                                  "mime_type": params["mime_type"]}
    h._send(200, h.state.uploads[upload_id])


def add_part(h: Handler, body: bytes, query: dict[str, str], upload_id: str) -> None:
    part_id = h.state.new_id("part")
    h.state.parts[part_id] = _multipart(h.headers, body)["data"][1]
    h._send(200, {"id": part_id, "object": "upload.part", "created_at": int(time.time()), "upload_id": upload_id})


def complete_upload(h: Handler, body: bytes, query: dict[str, str], upload_id: str) -> None:
    upload = h.state.uploads[upload_id]
    content = b"".join(h.state.parts[part] for part in json.loads(body)["part_ids"])
    if len(content) != upload["bytes"]:
        h._send(400, _error(f"The parts add up to {len(content)} bytes, not the {upload['bytes']} announced"))
        return
    upload.update(status="completed", file=_file_object(h.state, upload["filename"], content))
    h._send(200, upload)


def _event(state: State, job_id: str, message: str, level: str = "info") -> None:
    state.events[job_id].append({"id": state.new_id("ftevent"), "object": "fine_tuning.job.event",
                                 "created_at": int(time.time()), "level": level, "message": message,
                                 "type": "message"})


def create_job(h: Handler, body: bytes, query: dict[str, str]) -> None:
    params = json.loads(body)
    h.state.job_bodies.append(params)
    if params["model"] == REFUSED_MODEL:
        h._send(400, _error(f"Model {params['model']} is not available for fine-tuning or does not exist.",
                            code="model_not_available", param="model"))
        return
    for key in ("training_file", "validation_file"):
        if params.get(key) and params[key] not in h.state.files:
            h._send(400, _error(f"invalid {key}: {params[key]}", param=key))
            return
    job_id = h.state.new_id("ftjob")
    h.state.jobs[job_id] = {"id": job_id, "object": "fine_tuning.job", "model": params["model"],
                            "created_at": int(time.time()), "status": "validating_files", "fine_tuned_model": None,
                            "training_file": params["training_file"],
                            "validation_file": params.get("validation_file"), "result_files": [],
                            "trained_tokens": None, "error": None, "organization_id": "org-test", "seed": 1,
                            "hyperparameters": {}, "method": params.get("method"), "finished_at": None,
                            "suffix": params.get("suffix")}
    h.state.events[job_id] = []
    _event(h.state, job_id, f"Validating training file: {params['training_file']}")
    h._send(200, h.state.jobs[job_id])


def _advance(state: State, job: dict[str, Any]) -> None:
    if job["status"] in ("succeeded", "failed", "cancelled"):
        return
    if job.get("suffix") == FAILING_SUFFIX:
        job.update(status="failed", error={"code": "invalid_training_file", "message": FAILED_MESSAGE,
                                           "param": "training_file"})
        _event(state, job["id"], FAILED_MESSAGE, "error")
        return
    job["status"] = STEPS[STEPS.index(job["status"]) + 1]
    if job["status"] == "running":
        _event(state, job["id"], "Fine-tuning job started")
        _event(state, job["id"], "Step 1/3: training loss=2.50")
    if job["status"] == "succeeded":
        result = _file_object(state, "step_metrics.csv", base64.b64encode(RESULT_CSV.encode()), "fine-tune-results")
        job.update(fine_tuned_model=f"ft:{job['model']}:org-test:{job.get('suffix') or ''}:abc123",
                   result_files=[result["id"]], trained_tokens=1234, finished_at=int(time.time()))
        _event(state, job["id"], "The job has successfully completed")


def get_job(h: Handler, body: bytes, query: dict[str, str], job_id: str) -> None:
    if job_id not in h.state.jobs:
        h._send(404, _error(f"Could not find fine-tune: {job_id}", param="fine_tune_id"))
        return
    _advance(h.state, h.state.jobs[job_id])
    h._send(200, h.state.jobs[job_id])


def list_jobs(h: Handler, body: bytes, query: dict[str, str]) -> None:
    data = sorted(h.state.jobs.values(), key=lambda job: job["id"], reverse=True)[:int(query.get("limit", 20))]
    h._send(200, {"object": "list", "data": data, "has_more": False})


def job_events(h: Handler, body: bytes, query: dict[str, str], job_id: str) -> None:
    data = list(reversed(h.state.events.get(job_id, [])))[:int(query.get("limit", 20))]
    h._send(200, {"object": "list", "data": data, "has_more": False})


def cancel_job(h: Handler, body: bytes, query: dict[str, str], job_id: str) -> None:
    job = h.state.jobs[job_id]
    if job["status"] in ("succeeded", "failed", "cancelled"):
        h._send(400, _error(f"Job {job_id} has already {job['status']}.", code="invalid_state"))
        return
    job["status"] = "cancelled"
    _event(h.state, job_id, "Job cancelled by user")
    h._send(200, job)


ROUTES = [
    (r"POST /v1/files", create_file),
    (r"GET /v1/files", list_files),
    (r"GET /v1/files/([\w-]+)", get_file),
    (r"GET /v1/files/([\w-]+)/content", file_content),
    (r"POST /v1/uploads", create_upload),
    (r"POST /v1/uploads/([\w-]+)/parts", add_part),
    (r"POST /v1/uploads/([\w-]+)/complete", complete_upload),
    (r"POST /v1/fine_tuning/jobs", create_job),
    (r"GET /v1/fine_tuning/jobs", list_jobs),
    (r"GET /v1/fine_tuning/jobs/([\w-]+)", get_job),
    (r"GET /v1/fine_tuning/jobs/([\w-]+)/events", job_events),
    (r"POST /v1/fine_tuning/jobs/([\w-]+)/cancel", cancel_job),
]


class FakeOpenAI:
    """The server in a thread on 127.0.0.1 (a free port); `url` is the base URL to give the SDK."""

    def __init__(self) -> None:
        self.state = State()
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
