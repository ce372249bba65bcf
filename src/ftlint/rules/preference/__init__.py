"""PF: preference data (OpenAI DPO, TRL prompt/chosen/rejected) and reinforcement fine-tuning records."""
