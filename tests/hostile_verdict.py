#!/usr/bin/env python3
"""The reference side of tests/hostile_test.ts: what NumPy (and a strict reading of the
safetensors format) makes of each hostile file.

  python3 tests/hostile_verdict.py DIR    reads DIR/manifest.json (a list of file names in DIR)
                                          and prints JSON {name: verdict}: {"ok": false} when the
                                          file is refused, else {"ok": true, "arrays": {key:
                                          [dtype, shape, hex of the C-order little-endian bytes]}}
                                          (a .npy file's one array under the key "").

.npy and .npz: np.load(allow_pickle=False), every member read. .safetensors: the format as its
specification states it (8-byte little-endian header size, a JSON object without duplicate keys,
optional "__metadata__" of strings, each tensor's dtype, non-negative integer shape and
data_offsets [begin, end] inside the data, end - begin = the shape's byte size, the tensors
covering the data without gaps or overlaps).
"""

import json
import os
import struct
import sys

import numpy as np

ST_DTYPES = {"BOOL": "bool", "U8": "uint8", "I8": "int8", "I16": "int16", "I32": "int32",
             "I64": "int64", "U16": "uint16", "U32": "uint32", "U64": "uint64", "F16": "float16",
             "F32": "float32", "F64": "float64"}


def describe(a):
    a = np.ascontiguousarray(a)
    le = a.astype(a.dtype.newbyteorder("<")) if a.dtype.byteorder == ">" else a
    return [a.dtype.name, list(a.shape), le.tobytes().hex()]


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def safetensors(path):
    data = open(path, "rb").read()
    if len(data) < 8:
        raise ValueError("short")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("header past the file")
    header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=no_duplicates)
    if not isinstance(header, dict):
        raise ValueError("not an object")
    body = data[8 + n:]
    spans = []
    arrays = {}
    for key, info in header.items():
        if key == "__metadata__":
            if not isinstance(info, dict) or not all(isinstance(v, str) for v in info.values()):
                raise ValueError("metadata")
            continue
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise ValueError("entry")
        dt = ST_DTYPES[info["dtype"]]
        shape = info["shape"]
        begin, end = info["data_offsets"]
        if not all(type(d) is int and d >= 0 for d in shape + [begin, end]):
            raise ValueError("ints")
        size = int(np.prod(shape, dtype=object)) * np.dtype(dt).itemsize
        if end - begin != size or end > len(body) or begin > end:
            raise ValueError("offsets")
        spans.append((begin, end))
        arrays[key] = describe(np.frombuffer(body[begin:end], dtype=dt).reshape(shape))
    at = 0
    for begin, end in sorted(spans):
        if begin != at:
            raise ValueError("gap or overlap")
        at = end
    if at != len(body):
        raise ValueError("trailing data")
    return arrays


def verdict(path):
    try:
        if path.endswith(".safetensors"):
            return {"ok": True, "arrays": safetensors(path)}
        got = np.load(path, allow_pickle=False)
        if isinstance(got, np.ndarray):
            return {"ok": True, "arrays": {"": describe(got)}}
        with got:
            return {"ok": True, "arrays": {k[:-4] if k.endswith(".npy") else k: describe(got[k])
                                           for k in got.files}}
    except Exception:  # every refusal counts the same: the test checks ours by its type
        return {"ok": False}


def main():
    d = sys.argv[1]
    names = json.load(open(os.path.join(d, "manifest.json")))
    json.dump({n: verdict(os.path.join(d, n)) for n in names}, sys.stdout)


if __name__ == "__main__":
    main()
