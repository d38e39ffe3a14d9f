"""Compiled page templates, kept beside the templates as Python keeps bytecode beside modules.

Compiling the thirteen templates is ~0.05 s of every build: a fifth of the builder's time in a
100-source `mkdocs build`. Jinja's own `FileSystemBytecodeCache` is not used, because
- its default folder is shared by every Jinja program of the user, and it keys an entry by the template's
  text alone: code compiled by another environment, without our escaping `finalize`, would be run as ours;
- it unpickles what it reads, and a damaged entry fails the build.

Here an entry lives in the templates' own `__pycache__`, is named by the template and by a fingerprint of
everything the compiled code depends on (this package's environment settings, Jinja, Python), carries the
checksum of the template's text, and holds nothing but marshalled code. Anything unexpected in it is a
miss: the template is compiled again. Like Python, nothing is written when `sys.dont_write_bytecode` is
set (PYTHONDONTWRITEBYTECODE); `python -m builder.render.compiled`, run by `make install`, writes the
entries all the same.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

SUFFIX = ".j2c"


def fingerprint(*settings: Path) -> str:
    """What compiled code depends on besides the template: the files that set up the environment and hold
    what Jinja may run while compiling (it folds constants, escaping and filtering them), Jinja's version and
    the Python that compiled it."""
    digest = hashlib.sha256(f"{jinja2.__version__}|{sys.version}|{sys.implementation.cache_tag}".encode())
    for path in settings:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self, folder: Path, fingerprint: str, write: bool | None = None) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.write = not sys.dont_write_bytecode if write is None else write

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.{self.fingerprint}{SUFFIX}"

    def _header(self, bucket: Bucket, body: bytes) -> bytes:
        """What an entry starts with: whose it is, the template text it was compiled from, and a digest of
        the code after it (marshal is not made to read damaged data: it may even crash the interpreter)."""
        digest = hashlib.sha256(body).hexdigest()
        return f"dossier-builder template {self.fingerprint} {bucket.checksum} {digest}\n".encode()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        header, newline, body = data.partition(b"\n")
        if not newline or header + newline != self._header(bucket, body):
            return  # another template text, or damaged: compiled again, and the entry replaced
        try:
            code = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.write or bucket.code is None:
            return
        path = self._path(bucket)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        body = marshal.dumps(bucket.code)
        try:
            self.folder.mkdir(exist_ok=True)
            for old in self.folder.glob(f"{bucket.key}.*{SUFFIX}"):  # other settings' entries for this template
                if old != path:
                    old.unlink(missing_ok=True)
            # Created as any file is (the umask decides who may read it, as for Python's own bytecode), and
            # renamed into place whole, for a build running beside this one.
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(self._header(bucket, body) + body)
                os.replace(temporary, path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only install: templates are compiled on each build, as without a cache


def main() -> None:
    """Compile every template and keep the result, whatever PYTHONDONTWRITEBYTECODE says (for `make install`)."""
    from builder.render import compiled  # this module by its own name: run with -m, it is __main__
    from builder.render.env import environment

    env = environment()
    assert isinstance(env.bytecode_cache, compiled.CompiledTemplates)
    env.bytecode_cache.write = True
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


if __name__ == "__main__":
    main()
