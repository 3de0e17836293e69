"""How contactcore._loader finds the library.  Each case runs in a fresh
interpreter (the loaded library is cached per process)."""
import ctypes.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import PYTHON_DIR, REPO_ROOT

PROBE = textwrap.dedent('''
    import json, sys
    out = {}
    try:
        import contactcore._native as n
        out["version"] = n.lib.lcc_version().decode()
        out["path"] = n.lib._name
        from contactcore import _loader
        out["cached"] = n.lib is n.lib and _loader.load_library() is n.lib
    except OSError as e:
        out["error"] = type(e).__module__ + "." + type(e).__name__
        out["message"] = str(e)
        out["tried"] = [list(t) for t in getattr(e, "tried", [])]
    print(json.dumps(out))
''')


def probe(env_updates, package_parent=PYTHON_DIR, cwd=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ('LIBCONTACTCORE', 'LCC_BUILD_DIR', 'PYTHONPATH', 'LD_LIBRARY_PATH')}
    env.update(env_updates)
    env['PYTHONPATH'] = str(package_parent)
    env['PYTHONDONTWRITEBYTECODE'] = '1'
    r = subprocess.run([sys.executable, '-c', PROBE], env=env, capture_output=True, text=True,
                       cwd=cwd or package_parent)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def outside_copy(tmp_path):
    """The package copied out of the source tree (as if installed)."""
    dest = tmp_path / 'site'
    shutil.copytree(PYTHON_DIR / 'contactcore', dest / 'contactcore',
                    ignore=shutil.ignore_patterns('__pycache__'))
    return dest


def test_env_var_path(lib_path):
    out = probe({'LIBCONTACTCORE': str(lib_path)})
    assert out.get('version') == '0.1.0', out
    assert out['path'] == str(lib_path) and out['cached'] is True


def test_env_var_is_the_only_candidate(tmp_path):
    missing = str(tmp_path / 'nowhere' / 'libcontactcore.so.1')
    out = probe({'LIBCONTACTCORE': missing})
    assert out.get('error') == 'contactcore._loader.LibraryNotFoundError', out
    assert missing in out['message'] and 'no such file' in out['message']
    assert [t[0] for t in out['tried']] == [missing]


def test_a_file_that_is_no_library(tmp_path):
    bogus = tmp_path / 'libcontactcore.so.1'
    bogus.write_text('not an ELF file\n')
    out = probe({'LIBCONTACTCORE': str(bogus)})
    assert out.get('error') == 'contactcore._loader.LibraryNotFoundError', out
    assert str(bogus) in out['message'] and 'cannot be loaded' in out['message']


def test_build_dir_env(lib_path, outside_copy):
    build = outside_copy.parent / 'build'
    build.mkdir()
    shutil.copy(lib_path, build / 'libcontactcore.so.1')
    out = probe({'LCC_BUILD_DIR': str(build)}, package_parent=outside_copy)
    assert out.get('path') == str(build / 'libcontactcore.so.1'), out


def test_missing_library_lists_every_path_tried(outside_copy, monkeypatch):
    from contactcore import _loader
    monkeypatch.delenv('LD_LIBRARY_PATH', raising=False)   # meson test points it at the build
    installed = _loader._installed_paths()
    if ctypes.util.find_library('contactcore') or any(os.path.exists(p) for p in installed):
        pytest.skip('libcontactcore is installed on this machine')
    empty = outside_copy.parent / 'empty-build'
    empty.mkdir()
    out = probe({'LCC_BUILD_DIR': str(empty)}, package_parent=outside_copy)
    assert out.get('error') == 'contactcore._loader.LibraryNotFoundError', out
    tried = [t[0] for t in out['tried']]
    assert tried == [str(empty / 'libcontactcore.so.1'), "find_library('contactcore')"] + installed
    for path in tried:
        assert path in out['message']
    assert 'LIBCONTACTCORE' in out['message'] and 'LCC_BUILD_DIR' in out['message']


def test_source_tree_build_dir_is_searched(monkeypatch):
    from contactcore import _loader
    monkeypatch.delenv('LIBCONTACTCORE', raising=False)
    monkeypatch.delenv('LCC_BUILD_DIR', raising=False)
    paths = [p for p, _ in _loader.candidates()]
    assert paths[0] == str(REPO_ROOT / 'build' / 'libcontactcore.so.1')
    assert paths[-2:] == _loader._installed_paths()


def test_package_exports_the_error():
    import contactcore
    from contactcore import _loader
    assert contactcore.LibraryNotFoundError is _loader.LibraryNotFoundError
    assert issubclass(_loader.LibraryNotFoundError, OSError)
