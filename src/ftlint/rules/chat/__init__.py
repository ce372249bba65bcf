"""CH: chat rules (roles, turns, content and weights of `messages`)."""
