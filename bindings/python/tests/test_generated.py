"""The generated ctypes layer is up to date and matches the C compiler."""
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from conftest import PYTHON_DIR, REPO_ROOT

GEN = REPO_ROOT / 'scripts' / 'gen-python-ffi.py'
NATIVE = PYTHON_DIR / 'contactcore' / '_native.py'
HEADERS = REPO_ROOT / 'include' / 'contactcore'


def run_gen(*args):
    return subprocess.run([sys.executable, str(GEN), *args], capture_output=True, text=True)


def test_regenerating_gives_the_checked_in_file(tmp_path):
    out = tmp_path / '_native.py'
    r = run_gen('--output', str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text() == NATIVE.read_text(), \
        'bindings/python/contactcore/_native.py is stale: run scripts/gen-python-ffi.py'
    assert run_gen('--check').returncode == 0


def test_check_reports_a_stale_file(tmp_path):
    stale = tmp_path / '_native.py'
    stale.write_text(NATIVE.read_text() + '# edited by hand\n')
    r = run_gen('--check', '--output', str(stale))
    assert r.returncode == 1 and 'stale' in r.stderr


@pytest.mark.parametrize('decl', [
    'LCC_API lcc_status lcc_zz_new_api(struct lcc_widget *w);',
    'LCC_API lcc_status lcc_zz_new_api(float **values);',
    'LCC_API lcc_status lcc_zz_new_api(lcc_context_params params);',
    'LCC_API char *lcc_zz_new_api(void);',
])
def test_unknown_type_fails_naming_the_declaration(tmp_path, decl):
    headers = tmp_path / 'contactcore'
    shutil.copytree(HEADERS, headers)
    with open(headers / 'tz.h', 'a') as f:
        f.write('\n/** New API. */\n' + decl.replace('(', '(\n    ') + '\n')
    r = run_gen('--headers', str(headers), '--output', str(tmp_path / 'out.py'))
    assert r.returncode == 1
    assert 'lcc_zz_new_api' in r.stderr and 'tz.h' in r.stderr
    assert not (tmp_path / 'out.py').exists()


def test_every_declaration_is_bound(native):
    text = ''
    for h in sorted(HEADERS.glob('*.h')):
        text += re.sub(r'/\*.*?\*/', '', h.read_text(), flags=re.S)
    declared = set(re.findall(r'\bLCC_API\b[^;(]*?\b(lcc_\w+)\s*\(', text))
    assert declared == set(native.FUNCTIONS)
    assert native.FUNCTIONS == sorted(native.FUNCTIONS)
    assert set(native.SIGNATURES) == set(native.DECLARATIONS) == declared


def test_pyproject_version_is_the_library_version(native):
    meson = (REPO_ROOT / 'meson.build').read_text()
    version = re.search(r"project\('libcontactcore',.*?version:\s*'([^']+)'", meson, re.S).group(1)
    pyproject = (PYTHON_DIR / 'pyproject.toml').read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == version


def test_structs_and_constants_match_the_compiler(native, tmp_path):
    """sizeof/offsetof of every struct field, every enum constant and every
    integer macro, as gcc sees the headers, equal the generated values."""
    cc = shutil.which('cc') or shutil.which('gcc')
    if cc is None:
        pytest.skip('no C compiler')
    import ctypes
    lines = ['#include <stdio.h>', '#include <stddef.h>']
    lines += [f'#include "contactcore/{h.name}"' for h in sorted(HEADERS.glob('*.h'))
              if h.name != 'contactcore.h']
    lines.append('int main(void) {')
    expected = []
    for sname, cls in sorted(native.STRUCTS.items()):
        lines.append(f'printf("{sname} %zu\\n", sizeof({sname}));')
        expected.append(f'{sname} {ctypes.sizeof(cls)}')
        for fname, _ in cls._fields_:
            lines.append(f'printf("{sname}.{fname} %zu\\n", offsetof({sname}, {fname}));')
            expected.append(f'{sname}.{fname} {getattr(cls, fname).offset}')
    ints = sorted({c for e in native.ENUMS.values() for c in e} |
                  {n for n in dir(native) if n.startswith('LCC_')
                   and isinstance(getattr(native, n), int)})
    for c in ints:
        lines.append(f'printf("{c} %lld\\n", (long long)({c}));')
        expected.append(f'{c} {getattr(native, c)}')
    for n in dir(native):
        if n.startswith('LCC_') and isinstance(getattr(native, n), bytes):
            lines.append(f'printf("{n} %s\\n", {n});')
            expected.append(f'{n} {getattr(native, n).decode()}')
    lines += ['return 0;', '}']
    src = tmp_path / 'layout.c'
    src.write_text('\n'.join(lines) + '\n')
    exe = tmp_path / 'layout'
    subprocess.run([cc, '-std=c11', '-I', str(REPO_ROOT / 'include'), str(src), '-o', str(exe)],
                   check=True)
    got = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split('\n')
    assert got[:-1] == expected


def test_struct_init_applies_the_header_defaults(native):
    import ctypes
    p = native.lcc_context_params.init(tzdir=b'/zones')
    assert p.size == ctypes.sizeof(native.lcc_context_params)
    assert p.log_level == native.LCC_LOG_WARNING and p.tzdir == b'/zones'
    f = native.init_struct(native.lcc_engine_filter, limit=5)
    assert (f.from_ms, f.to_ms, f.state, f.limit) == (-2**63, 2**63 - 1, -1, 5)
    assert native.lcc_engine_params.init().alert_timeout_ms == 30000
    with pytest.raises(AttributeError):
        native.lcc_engine_params.init(no_such_field=1)
    from contactcore import _structs
    assert _structs.lcc_transport is native.lcc_transport
