#!/usr/bin/env python3
"""Generate tests/fixtures/api_names.json: every public name that the API contract lists, for
tests/api_coverage_test.ts (CI has only this repository, not the contract, so the list is kept
beside the test).

Source: the workspace's shared/API.md (/work/shared/API.md; from the repository root that is
../shared/API.md). Run from the repository root:

    python3 tests/gen_api_names.py [path/to/API.md]

Names are dotted paths below the `tf` namespace (mod.ts: "add", "nn.relu", "linalg.inv",
"random.normal", "keras.layers.Dense", "keras.optimizers.Adam") or the `np` namespace
(numpy.ts: "array", "NDArray"). What is collected:
  - every `tf.X.Y` and `np.X` written anywhere in the file (code included);
  - in "## Ops", the items of the backticked lists of each bullet (call arguments dropped,
    aliases in parentheses kept), under `nn.` in the `nn` bullet;
  - in "## Variables, optimizers, Keras", the class names listed after `tf.keras.optimizers`,
    `tf.keras.layers` and `tf.keras.losses` (optimizers also under `optimizers.`);
  - in "## NumPy interop", the backticked lists of function names, and `NDArray`.
Methods and options (`a.add(b)`, `applyGradients`, `fit`) are not names of a namespace.
"""

import json
import os
import re
import sys

IDENT = re.compile(r"[A-Za-z_][\w.]*")


def sections(text):
    """{heading: body} for the "## " sections."""
    out = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:].strip()
            out[name] = []
        elif name:
            out[name].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def bullets(body):
    """The "- " bullets of a section, each joined into one line."""
    items = []
    for line in body.splitlines():
        if line.startswith("- "):
            items.append(line[2:])
        elif items and line.startswith("  "):
            items[-1] += " " + line.strip()
    return items


def spans(text):
    return re.findall(r"`([^`]*)`", text)


def drop_args(span):
    """`fill(shape, value, dtype?)` -> `fill`: removes call arguments (nested ones too)."""
    prev = None
    while prev != span:
        prev = span
        span = re.sub(r"(\w)\([^()]*\)", r"\1", span)
    return span


def list_names(span):
    """The names of a backticked list: `add, subtract (sub), fill(shape)` -> add, subtract, sub,
    fill."""
    names = []
    for item in drop_args(span).split(","):
        names += IDENT.findall(item)
    return names


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "API.md")
    text = open(src, encoding="utf-8").read()
    tf, np = set(), set()
    for m in re.finditer(r"\btf\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)", text):
        tf.add(m.group(1))
    for m in re.finditer(r"\bnp\.([A-Za-z_]\w*)", text):
        np.add(m.group(1))
    secs = sections(text)
    ops = next(v for k, v in secs.items() if k.startswith("Ops"))
    for b in bullets(ops):
        prefix = "nn." if b.startswith("`nn`") else ""
        for s in spans(b):
            if s.startswith("(") or s == "nn":
                continue
            tf.update(prefix + n for n in list_names(s))
    keras = next(v for k, v in secs.items() if k.startswith("Variables"))
    for b in bullets(keras):
        parts = spans(b)
        for i, s in enumerate(parts):
            m = re.fullmatch(r"tf\.keras\.(optimizers|layers|losses)", s)
            if not m:
                continue
            prefixes = ["keras." + m.group(1)] + (["optimizers"] if m.group(1) == "optimizers"
                                                  else [])
            for later in parts[i + 1:]:
                if later.startswith("tf."):
                    if later != "tf.optimizers":
                        break
                    continue
                for n in list_names(later):
                    if n[0].isupper():
                        tf.update(f"{p}.{n}" for p in prefixes)
    numpy = next(v for k, v in secs.items() if k.startswith("NumPy"))
    for s in spans(numpy):
        if "," in s and re.fullmatch(r"[\w\s,]+", s):
            np.update(list_names(s))
    if re.search(r"`NDArray`", numpy):
        np.add("NDArray")
    out = {
        "source": "shared/API.md of the workspace (/work/shared/API.md), by tests/gen_api_names.py",
        "tf": sorted(tf),
        "np": sorted(np),
    }
    path = os.path.join(here, "fixtures", "api_names.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {len(tf)} tf names, {len(np)} np names")


if __name__ == "__main__":
    main()
