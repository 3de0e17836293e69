"""Shared pytest setup of the Python bindings' tests.

- `bindings/python` goes first on sys.path, so `import contactcore` is the
  source tree's package (not an installed copy).
- Fixtures:
  * `native`: the contactcore._native module with its library loaded.
  * `lib`: `native.lib`, the ctypes.CDLL with every signature set.
  * `lib_path`: the file of the library loaded (LIBCONTACTCORE under
    `meson test`).
  * `repo_root`: the repository root (pathlib.Path).
The library is found as contactcore._loader documents (LIBCONTACTCORE,
LCC_BUILD_DIR, the tree's build/, the installed library).
"""
import pathlib
import sys

import pytest

PYTHON_DIR = pathlib.Path(__file__).resolve().parent.parent
REPO_ROOT = PYTHON_DIR.parent.parent
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))


@pytest.fixture(scope='session')
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope='session')
def native():
    from contactcore import _native
    _native.load()
    return _native


@pytest.fixture(scope='session')
def lib(native):
    return native.lib


@pytest.fixture(scope='session')
def lib_path(lib):
    return pathlib.Path(lib._name).resolve()
