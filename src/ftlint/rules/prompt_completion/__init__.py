"""PC: the prompt/completion conventions of OpenAI's legacy completion models (separator, leading space, stop)."""
