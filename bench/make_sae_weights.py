#!/usr/bin/env python3
"""Writes a generated sparsify-layout SAE for bench/similarity-bench.sh: OUT/<hookpoint>/cfg.json
and sae.safetensors with encoder.weight and W_dec [width x d] (F32, standard normal rows; a few
duplicated rows make exact ties). Written without the safetensors package (header + raw bytes)."""
import argparse, json, os
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--hookpoint", default="layers.6")
ap.add_argument("--width", type=int, default=65536)
ap.add_argument("--d", type=int, default=2048)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
folder = os.path.join(a.out, a.hookpoint)
os.makedirs(folder, exist_ok=True)
rng = np.random.default_rng(a.seed)
nbytes = a.width * a.d * 4
names = ["W_dec", "encoder.weight"]  # safetensors' own order for one dtype: by name
header = {}
for i, n in enumerate(names):
    header[n] = {"dtype": "F32", "shape": [a.width, a.d], "data_offsets": [i * nbytes, (i + 1) * nbytes]}
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * (-len(h) % 8)
tmp = os.path.join(folder, "sae.safetensors.tmp")
with open(tmp, "wb") as f:
    f.write(len(h).to_bytes(8, "little"))
    f.write(h)
    for n in names:
        for r0 in range(0, a.width, 4096):  # a block at a time: 32 MiB of memory at d 2048
            block = rng.standard_normal((min(4096, a.width - r0), a.d), dtype=np.float32)
            if r0 == 0:
                block[1] = block[0]  # an exact tie for every other latent
            f.write(block.astype("<f4").tobytes())
os.replace(tmp, os.path.join(folder, "sae.safetensors"))
with open(os.path.join(folder, "cfg.json"), "w") as f:
    json.dump({"d_in": a.d, "num_latents": a.width, "k": 32, "expansion_factor": 32}, f)
print(f"wrote {folder}: {a.width} x {a.d}, {2 * nbytes / 2**20:.0f} MiB")
