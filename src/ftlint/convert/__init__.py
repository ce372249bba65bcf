"""Record conversion: one parsed record of a known format in, one record of another format out.

    convert(record, to, source=None, options=Options()) -> Converted(record, notes) | Rejected(reason)

Each input format has a reader into one canonical model (`model.Example`: turns with text and
image parts, tool calls and results, tool definitions, and a preference pair or label), and each
output format a writer from it. Anything the output cannot hold is a `Rejected` with a reason that
says what and where; a lossy change the output allows (a dropped `weight`, generated tool-call ids)
is a note on the `Converted`. Pure functions: no I/O, no state; reading files, parallelism and the
command are the caller's.

Input formats (ftlint's format names, `ftlint.core.formats`): chat (OpenAI SFT and Together's
multimodal chat; LLaMA-Factory's `images` + `<image>` rows too), rft, preference (OpenAI DPO),
preference_trl, kto, prompt_completion (OpenAI legacy, TRL, Together), prompt_only, text, alpaca,
sharegpt (and LLaMA-Factory's chosen/rejected variant), preference_lf.

Output formats (`to`), with the ftlint format each is checked as and its profile:

| name | record | for |
|---|---|---|
| chat | `{"messages", "tools"?}`, arguments as JSON strings, every call with an id | OpenAI SFT (`openai`) |
| preference | `{"input": {"messages", "tools"?}, "preferred_output", "non_preferred_output"}` | OpenAI DPO |
| prompt_completion | `{"prompt": p + separator, "completion": " " + c + stop}` | OpenAI legacy (`openai-legacy`) |
| trl_messages | `{"messages", "tools"?}`, arguments as objects | TRL language modelling, conversational |
| text | `{"text"}`, from text records only | TRL language modelling, standard |
| trl_prompt_completion | `{"prompt": [msgs], "completion": [msgs]}` | TRL, conversational |
| trl_prompt_completion_text | `{"prompt": str, "completion": str}` | TRL, standard |
| trl_preference | `{"prompt": [msgs], "chosen": [msgs], "rejected": [msgs]}` | TRL DPO, conversational |
| trl_preference_text | the same with strings | TRL DPO, standard |
| trl_kto | `{"prompt": [msgs], "completion": [msgs], "label": bool}` | TRL KTO/BCO, conversational |
| trl_kto_text | the same with strings | TRL KTO/BCO, standard |
| alpaca | `{"instruction", "input": "", "output", "system"?, "history"?}` | LLaMA-Factory (`llamafactory`) |
| sharegpt | `{"conversations": [{"from", "value"}], "system"?, "tools"?, "images"?}` | LLaMA-Factory |

ShareGPT preference pairs are written as LLaMA-Factory's chosen/rejected variant.

Options (`options.Options`): `system` (added where a record has none), `separator`, `stop` and
`leading_space` (the legacy prompt/completion conventions, written by `prompt_completion` and taken
off when one is read), `columns` (output key -> input key or JSON pointer, applied first),
`keep_preferred` (a preference pair may become a one-answer record) and `label` (for supervised
examples written as KTO).
"""

from ftlint.convert.api import INPUT_FORMATS, OUTPUT_FORMATS, convert, read_example, write_example
from ftlint.convert.model import Example, Image, Text, ToolCall, Turn
from ftlint.convert.options import LEGACY_SEPARATOR, LEGACY_STOP, Options
from ftlint.convert.result import Converted, Notes, Rejected
from ftlint.convert.writers import OUTPUTS, OutputFormat

__all__ = [
    "INPUT_FORMATS", "LEGACY_SEPARATOR", "LEGACY_STOP", "OUTPUTS", "OUTPUT_FORMATS", "Converted", "Example", "Image",
    "Notes", "Options", "OutputFormat", "Rejected", "Text", "ToolCall", "Turn", "convert", "read_example",
    "write_example",
]
