"""`pip install bindings/python` into a venv works offline, and the
installed package finds the library through LIBCONTACTCORE."""
import os
import shutil
import subprocess
import sys

from conftest import PYTHON_DIR

PYTHON = '/usr/bin/python3'


def test_pip_install_into_a_venv(tmp_path, lib_path):
    src = tmp_path / 'src'   # a copy: building writes build/ and *.egg-info next to the sources
    shutil.copytree(PYTHON_DIR, src, ignore=shutil.ignore_patterns(
        '__pycache__', 'build', '*.egg-info', 'tests'))
    venv = tmp_path / 'venv'
    subprocess.run([PYTHON, '-m', 'venv', '--system-site-packages', str(venv)], check=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ('PYTHONPATH', 'LIBCONTACTCORE', 'LCC_BUILD_DIR')}
    env.update(PIP_NO_INDEX='1', PIP_DISABLE_PIP_VERSION_CHECK='1', PIP_NO_CACHE_DIR='1',
               PIP_NO_INPUT='1', PYTHONDONTWRITEBYTECODE='1',
               http_proxy='http://127.0.0.1:9', https_proxy='http://127.0.0.1:9')
    py = str(venv / 'bin' / 'python')
    r = subprocess.run([py, '-m', 'pip', 'install', '--no-index', '--no-build-isolation', str(src)],
                       env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr

    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    env['LIBCONTACTCORE'] = str(lib_path)
    code = ('import contactcore, contactcore._native as n; '
            'print(n.__file__); print(n.lib.lcc_version().decode())')
    r = subprocess.run([py, '-c', code], env=env, capture_output=True, text=True, cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    where, version = r.stdout.split()
    assert where.startswith(str(venv)) and version == '0.1.0'
    r = subprocess.run([py, '-m', 'pip', 'show', 'contactcore'], env=env, capture_output=True,
                       text=True)
    assert 'Version: 0.1.0' in r.stdout
    assert sys.version_info >= (3, 11)
