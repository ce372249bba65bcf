"""A tiny model built on the fly for the tests that need a Hugging Face tokenizer, chat template and
weights on disk: a byte-level BPE trained here (320 tokens, ChatML markers) and a random Llama of
about 0.1M parameters. Nothing is downloaded."""

from __future__ import annotations

from pathlib import Path

_TURN = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n"
USER_TURN = "{{ m['content'] }}<|im_end|>"
GENERATION_PROMPT = "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
# The assistant's text and its end-of-turn token are trained on: the mask covers both.
WITH_GENERATION = (_TURN + "{% if m['role'] == 'assistant' %}{% generation %}{{ m['content'] }}<|im_end|>"
                   "{% endgeneration %}{% else %}" + USER_TURN + "{% endif %}\n{% endfor %}" + GENERATION_PROMPT)
# A mask that stops before `<|im_end|>`: the model is never taught to end its turn.
EOT_OUTSIDE = (_TURN + "{% if m['role'] == 'assistant' %}{% generation %}{{ m['content'] }}{% endgeneration %}"
               "<|im_end|>{% else %}" + USER_TURN + "{% endif %}\n{% endfor %}" + GENERATION_PROMPT)
WITHOUT_GENERATION = _TURN + USER_TURN + "\n{% endfor %}" + GENERATION_PROMPT
CORPUS = ["hello world, the quick brown fox jumps over the lazy dog. What is the capital of France? Paris."] * 30


def build_tokenizer(folder: Path, template: str) -> Path:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=320, special_tokens=["<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    core.train_from_iterator(CORPUS, trainer)
    wrapped = PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<|im_start|>", eos_token="<|im_end|>",
                                      model_max_length=2048)
    wrapped.chat_template = template
    wrapped.save_pretrained(folder)
    return folder


def build_model(folder: Path, template: str = WITH_GENERATION) -> Path:
    """The tokenizer and a random two-layer Llama beside it, seeded: the same weights every time."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    build_tokenizer(folder, template)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.eos_token_id, tie_word_embeddings=True)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder
