"""Every exported symbol of the library is declared by the bindings, and
every declaration works as declared."""
import ctypes
import re
import shutil
import subprocess

import pytest

from conftest import REPO_ROOT


def map_globals():
    text = re.sub(r'/\*.*?\*/', '', (REPO_ROOT / 'lib' / 'libcontactcore.map').read_text(), flags=re.S)
    names = set()
    for block in re.findall(r'global:(.*?)(?:local:|\})', text, re.S):
        names |= set(re.findall(r'\b(\w+)\s*;', block))
    return names


def test_version_script_equals_functions(native):
    assert map_globals() == set(native.FUNCTIONS)


def test_exported_dynamic_symbols_equal_functions(native, lib_path):
    if shutil.which('nm') is None:
        pytest.skip('nm (binutils) missing')
    out = subprocess.run(['nm', '-D', '--defined-only', str(lib_path)],
                         capture_output=True, text=True, check=True).stdout
    exported = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            exported[parts[2].split('@')[0]] = parts[1]
    names = {n for n in exported if not n.startswith('LIBCONTACTCORE_')}
    assert names == set(native.FUNCTIONS)
    assert {exported[n] for n in names} == {'T'}, 'every export is a function'


def test_every_function_resolves_with_its_signature(native, lib):
    assert len(native.FUNCTIONS) > 300
    for name in native.FUNCTIONS:
        fn = getattr(lib, name)
        restype, argtypes = native.SIGNATURES[name]
        assert fn.argtypes is not None and list(fn.argtypes) == list(argtypes), name
        assert fn.restype is restype, name
        params = native.DECLARATIONS[name].split('(', 1)[1].rsplit(')', 1)[0]
        count = 0 if params.strip() in ('', 'void') else params.count(',') + 1
        assert len(argtypes) == count, name


def test_lib_is_loaded_once(native):
    from contactcore import _loader
    assert native.lib is native.lib is native.load()
    assert native.lib is _loader.load_library()


# --- The type rules, exercised once each ------------------------------------

@pytest.fixture
def ctx(native, lib):
    h = ctypes.c_void_p()
    params = native.lcc_context_params.init()
    assert lib.lcc_context_new(ctypes.byref(h), ctypes.byref(params)) == native.LCC_OK
    yield h
    lib.lcc_context_free(h)


def test_strings_in_and_out(native, lib):
    assert lib.lcc_version() == b'0.1.0'
    assert lib.lcc_version_number() == 100
    assert lib.lcc_status_str(native.LCC_EVALIDATION)
    assert lib.lcc_status_str(native.LCC_OK) != lib.lcc_status_str(native.LCC_EINVAL)


def test_caller_buffer_and_scalar_out_params(native, lib, ctx):
    e164 = ctypes.create_string_buffer(native.LCC_E164_BUFSIZE)
    ext = ctypes.create_string_buffer(native.LCC_EXTENSION_BUFSIZE)
    st = lib.lcc_phone_normalize(e164, len(e164), ext, len(ext), ctx, b'(212) 555-0100', b'US')
    assert st == native.LCC_OK and e164.value == b'+12125550100'
    assert native.SIGNATURES['lcc_phone_normalize'][1][0] is ctypes.POINTER(ctypes.c_char)
    ms = ctypes.c_int64()
    assert lib.lcc_time_parse(ctypes.byref(ms), b'2024-03-10T12:00:00Z') == native.LCC_OK
    buf = ctypes.create_string_buffer(native.LCC_TIME_BUFSIZE)
    assert lib.lcc_time_format(buf, len(buf), ms) == native.LCC_OK
    assert buf.value == b'2024-03-10T12:00:00.000Z'
    y, mo, d, h, mi, s = (ctypes.c_int() for _ in range(6))
    off = ctypes.c_int32()
    st = lib.lcc_tz_utc_to_local(*map(ctypes.byref, (y, mo, d, h, mi, s, off)), ctx,
                                 b'America/New_York', ms)
    assert st == native.LCC_OK and (h.value, off.value) == (8, -4 * 3600)


def test_struct_out_param(native, lib):
    m = native.lcc_text_metrics.init()
    text = 'héllo'.encode()
    assert lib.lcc_text_measure(ctypes.byref(m), native.LCC_CHANNEL_SMS, text, len(text)) \
        == native.LCC_OK, native.DECLARATIONS['lcc_text_measure']
    assert m.segments == 1 and m.units == 5


def test_allocated_out_buffer_is_a_pointer_to_free(native, lib, ctx):
    """`char **out` is POINTER(c_void_p): read with string_at, free with lcc_free."""
    eng = ctypes.c_void_p()
    assert lib.lcc_engine_new(ctypes.byref(eng), ctx, None) == native.LCC_OK
    status, body, length = ctypes.c_int(), ctypes.c_void_p(), ctypes.c_size_t()
    st = lib.lcc_engine_handle(ctypes.byref(status), ctypes.byref(body), ctypes.byref(length),
                               eng, b'GET', b'/api/v2/no/such/route', None, None, 0)
    assert st == native.LCC_OK and status.value in (401, 404)
    assert body.value and length.value > 0
    doc = ctypes.string_at(body.value, length.value)
    lib.lcc_free(body)
    assert doc.startswith(b'{')


def test_callbacks(native, lib):
    lines = []
    log = native.LOG_FN(lambda level, msg, ud: lines.append((level, msg)))
    clock = native.CLOCK_FN(lambda ud: 1_700_000_000_000)
    p = native.lcc_context_params.init(log=log, now_ms=clock, log_level=native.LCC_LOG_DEBUG)
    h = ctypes.c_void_p()
    assert lib.lcc_context_new(ctypes.byref(h), ctypes.byref(p)) == native.LCC_OK
    try:
        assert lib.lcc_context_now_ms(h) == 1_700_000_000_000
    finally:
        lib.lcc_context_free(h)
