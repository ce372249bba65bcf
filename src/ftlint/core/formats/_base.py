"""Shared pydantic configuration for the typed views of every record format."""

from __future__ import annotations

from pydantic import ConfigDict

# Strict: JSON has exact types, and `"weight": "1"` or `"content": 5` must be reported, not coerced.
# Forbid: an unknown key is a finding (SC003), not something to drop silently.
# Finite: a NaN or Infinity literal in a typed number field is invalid JSON, not a float.
STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
