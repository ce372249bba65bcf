"""TL: tools and function calling (`tools`, `tool_calls`, tool messages, the deprecated `functions`)."""
