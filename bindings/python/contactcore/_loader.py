"""Finds and loads the libcontactcore shared library (once per process).

Search order:

1. ``LIBCONTACTCORE``: the path of the library file.  When it is set, it is
   the only candidate (an explicit choice is never replaced silently by
   another copy); unset it to search the places below.
2. A Meson build directory: ``$LCC_BUILD_DIR/libcontactcore.so.1``, then
   ``build/libcontactcore.so.1`` at the root of the source tree this package
   lives in (only when it lives in one: ``bindings/python/contactcore``).
3. The installed library: ``ctypes.util.find_library('contactcore')`` (the
   dynamic linker's cache), then ``/usr/local/lib/<multiarch>/`` and
   ``/usr/local/lib/``.

When no candidate loads, LibraryNotFoundError lists every path tried and why
each failed.
"""
import ctypes
import ctypes.util
import os
import pathlib
import sysconfig
import threading

__all__ = ['LibraryNotFoundError', 'SONAME', 'candidates', 'load_library']

#: File name of the library (its SONAME: libtool current - age = 1).
SONAME = 'libcontactcore.so.1'

_PACKAGE_DIR = pathlib.Path(__file__).resolve().parent


class LibraryNotFoundError(OSError):
    """libcontactcore could not be found or loaded.

    ``tried`` holds (path, reason) for every candidate, in search order.
    """

    def __init__(self, tried):
        self.tried = list(tried)
        lines = ['libcontactcore not found; tried:']
        lines += [f'  {path}: {reason}' for path, reason in self.tried]
        lines.append('Set LIBCONTACTCORE to the library file, LCC_BUILD_DIR to a Meson build '
                     'directory, or install the library (meson install).')
        super().__init__('\n'.join(lines))


def _source_root():
    """The source tree holding this package, or None when it is installed."""
    root = _PACKAGE_DIR.parent.parent.parent
    if (_PACKAGE_DIR.parent.name == 'python' and _PACKAGE_DIR.parent.parent.name == 'bindings'
            and (root / 'lib' / 'libcontactcore.map').is_file()):
        return root
    return None


def _installed_paths():
    multiarch = sysconfig.get_config_var('MULTIARCH') or 'x86_64-linux-gnu'
    return [f'/usr/local/lib/{multiarch}/{SONAME}', f'/usr/local/lib/{SONAME}']


def candidates():
    """The paths (or linker names) to try, in order, as (path, origin) pairs."""
    explicit = os.environ.get('LIBCONTACTCORE')
    if explicit:
        return [(explicit, 'LIBCONTACTCORE')]
    out = []
    build_dir = os.environ.get('LCC_BUILD_DIR')
    if build_dir:
        out.append((os.path.join(build_dir, SONAME), 'LCC_BUILD_DIR'))
    root = _source_root()
    if root is not None:
        out.append((str(root / 'build' / SONAME), 'source tree build directory'))
    found = ctypes.util.find_library('contactcore')
    out.append((found or "find_library('contactcore')", 'dynamic linker cache' if found else None))
    out += [(p, 'installed') for p in _installed_paths()]
    return out


def _load_first(cands):
    tried = []
    for path, origin in cands:
        if origin is None:
            tried.append((path, 'not in the dynamic linker cache'))
            continue
        is_file_path = '/' in path
        if is_file_path and not os.path.exists(path):
            tried.append((path, f'no such file ({origin})'))
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append((path, f'cannot be loaded ({origin}): {e}'))
    raise LibraryNotFoundError(tried)


_lib = None
_lock = threading.Lock()


def load_library():
    """The loaded ctypes.CDLL; searched and loaded on the first call only."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib = _load_first(candidates())
    return _lib
