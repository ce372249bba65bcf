"""PF: preference data (OpenAI DPO; TRL chosen/rejected, prompt explicit or implicit) and RFT records."""
