"""DQ013's first look (a first-person word) must let through every answer its claim pattern reports."""

from __future__ import annotations

import pytest

from ftlint.rules.quality.foreign_identity import MAKERS, NAMES, _speaks_of_itself, claim_pattern

CLAIMS = [
    "I am ChatGPT.", "I\tam ChatGPT", "I\u2019m Claude, made by Anthropic", "My name is Gemini.", "my name is Grok",
    "As ChatGPT, I cannot.", "As Qwen, I\nthink", "I was trained by OpenAI", "I've been built by Google",
    "I\u2019ve been developed by Meta", "I have been created by Microsoft", "I'm based on GPT-4o",
    "I am a large language model developed by OpenAI", "I'm MyBot, an AI assistant trained by Google",
    "As an AI model trained by Google, I can't", "As a chatbot made by Baidu, my answers are short",
    "My creators are the team at DeepSeek", "my developer is Cohere",
]


@pytest.mark.parametrize("text", CLAIMS)
def test_a_claim_is_found_and_passes_the_first_look(text: str) -> None:
    assert claim_pattern(NAMES, MAKERS).search(text) is not None
    assert _speaks_of_itself(text)


@pytest.mark.parametrize("text", ["As a chatbot developed by OpenAI, ChatGPT answers.", "I am not ChatGPT.",
                                  "I am using ChatGPT.", "I'm ChatGPT's fan.", "I am Claude Monet."])
def test_no_claim(text: str) -> None:
    assert claim_pattern(NAMES, MAKERS).search(text) is None
