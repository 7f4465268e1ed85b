#!/usr/bin/env python3
"""The NumPy side of tests/npy_test.ts, tests/npz_test.ts and tests/checkpoint_test.ts.

  python3 tests/npy_interop.py write DIR    NumPy writes .npy/.npz files of every dtype, order,
                                            byte order, shape kind and .npz mode into DIR, and
                                            DIR/manifest.json: for each, the dtype, shape and the
                                            hex of the C-order little-endian bytes.
  python3 tests/npy_interop.py check DIR    NumPy reads the files that denotensor wrote into DIR
                                            (described by DIR/manifest.json the same way), and
                                            prints a JSON list of problems ([] when all match).
  python3 tests/npy_interop.py zip64 DIR    DIR/many.npz: 65600 members, so ZIP64 end records.
  python3 tests/npy_interop.py st-write DIR writes DIR/py.safetensors by hand (json + struct) and
                                            DIR/py_safetensors.json describing it.
  python3 tests/npy_interop.py st-check FILE EXPECTED_JSON
                                            parses a safetensors file by hand and checks it against
                                            the tensors described in EXPECTED_JSON; prints problems.

Only NumPy, json and struct: no safetensors package.
"""

import io
import json
import os
import struct
import sys
import zipfile

import numpy as np

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]
SHAPES = {"0d": (), "empty": (0, 3), "1d": (5,), "3d": (2, 3, 4)}


def values(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    if dtype == "bool":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if dtype.startswith("float"):
        x = (rng.standard_normal(n) * 1000).astype(dtype)
        specials = np.array([np.nan, np.inf, -np.inf, -0.0, np.finfo(dtype).tiny / 4,
                             np.finfo(dtype).max], dtype=dtype)
        x[: min(n, len(specials))] = specials[: min(n, len(specials))]
        return x.reshape(shape)
    info = np.iinfo(dtype)
    x = rng.integers(int(info.min), int(info.max), n, dtype=dtype, endpoint=True)
    if n >= 2:
        x[0], x[1] = info.min, info.max
    return x.reshape(shape)


def le_hex(a):
    return np.ascontiguousarray(a.astype(a.dtype.newbyteorder("<"))).tobytes().hex()


def describe(a, fortran=False):
    return {"dtype": a.dtype.name, "shape": list(a.shape), "hex": le_hex(a), "fortran": fortran}


def write(d):
    manifest = {"npy": {}, "npz": {}}
    seed = 0
    for dt in DTYPES:
        for kind, shape in SHAPES.items():
            for order in ["C", "F"]:
                if order == "F" and len(shape) < 2:
                    continue
                for bo in ["<", ">"] if np.dtype(dt).itemsize > 1 else ["|"]:
                    seed += 1
                    a = values(dt, shape, seed)
                    stored = a.astype(a.dtype.newbyteorder(bo)) if a.dtype.itemsize > 1 else a
                    stored = np.asfortranarray(stored) if order == "F" else stored
                    name = f"{dt}_{kind}_{order}_{ {'<': 'le', '>': 'be', '|': 'na'}[bo] }.npy"
                    np.save(os.path.join(d, name), stored)
                    fortran = bool(stored.flags.f_contiguous and not stored.flags.c_contiguous)
                    manifest["npy"][name] = describe(a, fortran)
    # Format versions 2.0 and 3.0, and a '|' byte order on a multi-byte dtype.
    for version in [(2, 0), (3, 0)]:
        a = values("float32", (3, 2), 99)
        name = f"version_{version[0]}.npy"
        with open(os.path.join(d, name), "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        manifest["npy"][name] = describe(a)
    # npz: stored and compressed, several members of several dtypes (one 3-d Fortran, one 0-d).
    for mode, fn in [("stored", np.savez), ("compressed", np.savez_compressed)]:
        members = {dt: values(dt, (2, 3), 1000 + i) for i, dt in enumerate(DTYPES)}
        members["fortran"] = np.asfortranarray(values("float64", (2, 3, 4), 7))
        members["scalar"] = values("int64", (), 8)
        members["empty"] = values("float32", (0,), 9)
        fn(os.path.join(d, f"{mode}.npz"), **members)
        manifest["npz"][f"{mode}.npz"] = {k: describe(v, k == "fortran") for k, v in members.items()}
    positional = [values("uint8", (4,), 11), values("int32", (2, 2), 12)]
    np.savez(os.path.join(d, "positional.npz"), *positional)
    manifest["npz"]["positional.npz"] = {f"arr_{i}": describe(v) for i, v in enumerate(positional)}
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def zip64(d):
    """An archive with more members than a plain ZIP can count: Python writes ZIP64 records."""
    buf = io.BytesIO()
    np.save(buf, np.arange(3, dtype=np.int16))
    with zipfile.ZipFile(os.path.join(d, "many.npz"), "w") as z:
        for i in range(65600):
            z.writestr(f"a{i}.npy", buf.getvalue())


def check(d):
    with open(os.path.join(d, "manifest.json")) as f:
        manifest = json.load(f)
    problems = []

    def compare(where, a, want):
        if a.dtype.name != want["dtype"]:
            problems.append(f"{where}: dtype {a.dtype.name}, expected {want['dtype']}")
        elif list(a.shape) != want["shape"]:
            problems.append(f"{where}: shape {a.shape}, expected {want['shape']}")
        elif le_hex(a) != want["hex"]:
            problems.append(f"{where}: values differ")
        elif want.get("fortran") and not a.flags.f_contiguous:
            problems.append(f"{where}: not read as Fortran order")
        # Our .npy bytes must be exactly what np.save writes for the same array and order.
        if want.get("npy_bytes"):
            buf = io.BytesIO()
            np.save(buf, a.copy(order="F" if want.get("fortran") else "C"))
            with open(os.path.join(d, where), "rb") as f:
                if f.read() != buf.getvalue():
                    problems.append(f"{where}: bytes differ from np.save's")

    for name, want in manifest.get("npy", {}).items():
        try:
            compare(name, np.load(os.path.join(d, name)), want)
        except Exception as e:
            problems.append(f"{name}: {type(e).__name__}: {e}")
    for name, members in manifest.get("npz", {}).items():
        path = os.path.join(d, name)
        try:
            with zipfile.ZipFile(path) as z:  # the archive itself must pass zipfile's checks
                bad = z.testzip()
                if bad is not None:
                    problems.append(f"{name}: zipfile.testzip reports {bad}")
                want_method = zipfile.ZIP_DEFLATED if members.get("__compressed__") else zipfile.ZIP_STORED
                for info in z.infolist():
                    if info.compress_type != want_method:
                        problems.append(f"{name}: member {info.filename} has method {info.compress_type}")
            with np.load(path) as npz:
                keys = sorted(k for k in members if not k.startswith("__"))
                if sorted(npz.files) != keys:
                    problems.append(f"{name}: keys {sorted(npz.files)}, expected {keys}")
                for k in keys:
                    if k in npz.files:
                        compare(f"{name}:{k}", npz[k], members[k])
        except Exception as e:
            problems.append(f"{name}: {type(e).__name__}: {e}")
    print(json.dumps(problems))


ST_DTYPES = {"F64": ("<f8", 8), "F32": ("<f4", 4), "F16": ("<f2", 2), "BF16": (None, 2),
             "I64": ("<i8", 8), "I32": ("<i4", 4), "I16": ("<i2", 2), "I8": ("|i1", 1),
             "U64": ("<u8", 8), "U32": ("<u4", 4), "U16": ("<u2", 2), "U8": ("|u1", 1),
             "BOOL": ("|b1", 1)}


def st_parse(data):
    """A safetensors file parsed and validated with json and struct only (HF's rules)."""
    (n,) = struct.unpack("<Q", data[:8])
    assert n <= 100_000_000, "header too large"
    assert 8 + n <= len(data), "header runs past the end"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    assert data[8:9] == b"{", "header does not start with {"
    meta = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()), "bad metadata"
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    at = 0
    out = {}
    for name, info in entries:
        b, e = info["data_offsets"]
        assert b == at and e >= b, f"{name}: offsets not contiguous"
        dt, size = ST_DTYPES[info["dtype"]]
        count = int(np.prod(info["shape"]))
        assert (e - b) == count * size, f"{name}: size mismatch"
        raw = data[8 + n + b: 8 + n + e]
        if info["dtype"] == "BF16":
            bits = np.frombuffer(raw, "<u2").astype(np.uint32) << 16
            arr = bits.view(np.float32)
        else:
            arr = np.frombuffer(raw, dt)
        out[name] = (info["dtype"], arr.reshape(info["shape"]))
        at = e
    assert at == len(data) - 8 - n, "data not fully covered"
    if 8 + n < len(data) or n > 0:
        assert (8 + n) % 8 == 0, "header not padded to 8 bytes"
    return out, meta


def st_write(d):
    rng = np.random.default_rng(5)
    tensors = {
        "f32": rng.standard_normal((3, 4)).astype(np.float32),
        "f64": rng.standard_normal((2,)),
        "f16": rng.standard_normal((5,)).astype(np.float16),
        "i64": rng.integers(-2**63, 2**63 - 1, (2, 2), dtype=np.int64, endpoint=True),
        "i32": rng.integers(-2**31, 2**31 - 1, (3,), dtype=np.int32),
        "u8": rng.integers(0, 255, (4,), dtype=np.uint8),
        "bool": rng.integers(0, 2, (2, 3)).astype(bool),
        "scalar": np.array(1.5, np.float32),
        "empty": np.zeros((0, 2), np.float32),
    }
    bf16_src = rng.standard_normal((2, 3)).astype(np.float32)
    bf16_bits = (bf16_src.view(np.uint32) >> 16).astype("<u2")  # truncated to bfloat16
    names = {"f32": "F32", "f64": "F64", "f16": "F16", "i64": "I64", "i32": "I32", "u8": "U8",
             "bool": "BOOL", "scalar": "F32", "empty": "F32"}
    header, blobs, at = {"__metadata__": {"framework": "numpy", "note": "written by hand"}}, [], 0
    # Deliberately not sorted by alignment: readers must handle any order of offsets.
    items = list(tensors.items()) + [("bf16", bf16_bits)]
    for name, arr in items:
        raw = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names.get(name, "BF16"), "shape": list(arr.shape),
                        "data_offsets": [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(d, "py.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    expected = {k: describe(v) for k, v in tensors.items()}
    bf16 = (bf16_bits.astype(np.uint32) << 16).view(np.float32)
    expected["bf16"] = describe(bf16)
    with open(os.path.join(d, "py_safetensors.json"), "w") as f:
        json.dump({"tensors": expected, "metadata": header["__metadata__"]}, f)


def st_check(path, expected_path):
    with open(expected_path) as f:
        expected = json.load(f)
    problems = []
    try:
        with open(path, "rb") as f:
            tensors, meta = st_parse(f.read())
        if meta != expected.get("metadata", {}):
            problems.append(f"metadata {meta}, expected {expected.get('metadata', {})}")
        if sorted(tensors) != sorted(expected["tensors"]):
            problems.append(f"names {sorted(tensors)}, expected {sorted(expected['tensors'])}")
        for name, want in expected["tensors"].items():
            if name not in tensors:
                continue
            st, arr = tensors[name]
            if st != want["st"]:
                problems.append(f"{name}: dtype {st}, expected {want['st']}")
            elif list(arr.shape) != want["shape"] or le_hex(arr) != want["hex"]:
                problems.append(f"{name}: values or shape differ")
    except Exception as e:
        problems.append(f"{type(e).__name__}: {e}")
    print(json.dumps(problems))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "write":
        write(sys.argv[2])
    elif cmd == "zip64":
        zip64(sys.argv[2])
    elif cmd == "check":
        check(sys.argv[2])
    elif cmd == "st-write":
        st_write(sys.argv[2])
    elif cmd == "st-check":
        st_check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {cmd}")
