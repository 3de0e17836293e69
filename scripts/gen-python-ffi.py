#!/usr/bin/python3
"""Generates bindings/python/contactcore/_native.py from the public headers.

Reads every include/contactcore/*.h, takes each `LCC_API` declaration, the
`typedef enum` / `typedef struct` blocks, the function-pointer typedefs and
the integer and string macros, and writes the ctypes layer of the Python
bindings.  C types map to ctypes by fixed rules (see `Types.map`); a type the
rules do not know stops the generator with exit status 1 and the declaration
it came from, so new API cannot reach the bindings unmapped.

    usage: scripts/gen-python-ffi.py [--output PATH|-] [--check] [--headers DIR]

--check compares with the checked-in file instead of writing it (exit 1 when
they differ).  The output only depends on the headers (no dates, sorted).
"""
import argparse
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEADERS = ROOT / 'include' / 'contactcore'
OUTPUT = ROOT / 'bindings' / 'python' / 'contactcore' / '_native.py'


class GenError(Exception):
    pass


# Scalars by value.  Enums map to c_int (added from the headers).
SCALARS = {
    'int': 'c_int', 'signed': 'c_int', 'signed int': 'c_int',
    'unsigned': 'c_uint', 'unsigned int': 'c_uint',
    'long': 'c_long', 'long int': 'c_long',
    'unsigned long': 'c_ulong', 'unsigned long int': 'c_ulong',
    'short': 'c_short', 'unsigned short': 'c_ushort',
    'char': 'c_char', 'double': 'c_double', 'float': 'c_float',
    'size_t': 'c_size_t',
    'int8_t': 'c_int8', 'uint8_t': 'c_uint8', 'int16_t': 'c_int16',
    'uint16_t': 'c_uint16', 'int32_t': 'c_int32', 'uint32_t': 'c_uint32',
    'int64_t': 'c_int64', 'uint64_t': 'c_uint64',
}

# Names the integer macros may use besides their own and enum values.
MACRO_NAMES = {
    'INT64_MIN': -(1 << 63), 'INT64_MAX': (1 << 63) - 1,
    'INT32_MIN': -(1 << 31), 'INT32_MAX': (1 << 31) - 1,
    'UINT32_MAX': (1 << 32) - 1, 'UINT64_MAX': (1 << 64) - 1,
    'SIZE_MAX': (1 << 64) - 1,
}


def strip_comments(text):
    """Removes /* */ and // comments, keeping string literals and newlines."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            if j < 0:
                raise GenError('unterminated comment')
            out.append('\n' * text.count('\n', i, j) or ' ')
            i = j + 2
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def squash(text):
    return ' '.join(text.replace('*', ' * ').split()).replace(' * ', ' *').replace('* ', '*')


def pretty(decl):
    """One-line C declaration for comments: `const char *lcc_x(int a)`."""
    s = ' '.join(decl.split())
    s = re.sub(r'\s*\*\s*', ' *', s)
    s = re.sub(r'\(\s+', '(', s)
    s = re.sub(r'\s+\)', ')', s)
    s = re.sub(r'\s*,\s*', ', ', s)
    s = s.replace('* *', '**')
    return s


def eval_int(expr, names):
    """Evaluates a C integer constant expression (literals, + - * / % << >> | & ~, names)."""
    e = expr.strip()
    e = re.sub(r'\b(?:U?INT(?:8|16|32|64)_C|INTMAX_C|UINTMAX_C)\s*\(', '(', e)
    e = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)(?:[uU]?[lL]{0,2}|[lL]{1,2}[uU])\b', r'\1', e)
    try:
        tree = ast.parse(e, mode='eval')
    except SyntaxError:
        return None

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd, ast.Invert)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else (~v if isinstance(node.op, ast.Invert) else v)
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                   ast.LShift: lambda: a << b, ast.RShift: lambda: a >> b,
                   ast.BitOr: lambda: a | b, ast.BitAnd: lambda: a & b, ast.BitXor: lambda: a ^ b,
                   ast.Mod: lambda: a % b, ast.Div: lambda: int(a / b)}
            if type(node.op) in ops:
                return ops[type(node.op)]()
        raise ValueError(ast.dump(node))

    try:
        return ev(tree)
    except (ValueError, ZeroDivisionError):
        return None


def split_params(params):
    """Splits a parameter list at top-level commas."""
    parts, depth, cur = [], 0, ''
    for c in params:
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        if c == ',' and depth == 0:
            parts.append(cur)
            cur = ''
        else:
            cur += c
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def split_decl(decl):
    """`const char *name` -> ('const char *', 'name'); an unnamed type -> (type, None)."""
    decl = decl.strip()
    m = re.match(r'^(.*?[\s*])(\w+)$', decl)
    keywords = ('int', 'char', 'long', 'short', 'double', 'float', 'void', 'unsigned',
                'signed', 'const', 'struct', 'enum')
    if m and m.group(2) not in keywords and re.search(r'\w', m.group(1)) \
            and m.group(1).split()[-1] not in ('struct', 'enum'):
        return m.group(1).strip(), m.group(2)
    return decl, None


class Types:
    """What the headers declare, and the mapping rules."""

    def __init__(self):
        self.opaque = set()      # lcc_context, ... (also reached as `struct lcc_context`)
        self.enums = {}          # name -> [(constant, value)]
        self.structs = {}        # name -> [(field, ctype expression)] after resolution
        self.struct_raw = {}     # name -> [field declaration text]
        self.fn_types = {}       # typedef name -> python name
        self.fn_raw = {}         # python name -> (ret, [params], origin)
        self.struct_origin = {}

    def pyfn_name(self, typedef):
        return re.sub(r'^lcc_', '', typedef).upper()

    def map(self, ctype, where, role):
        """ctypes expression for a C type.

        role: 'arg' / 'ret' (exported functions), 'field' (struct members),
        'cbarg' / 'cbret' (function-pointer signatures).
        """
        toks = re.findall(r'\w+|\*', ctype)
        stars = toks.count('*')
        first_star = toks.index('*') if stars else len(toks)
        base_toks = [t for t in toks[:first_star] if t not in ('const', 'struct', 'enum')]
        base = ' '.join(base_toks)
        base_const = 'const' in toks[:first_star]
        if any(t not in ('*', 'const') for t in toks[first_star:]):
            raise GenError(f'{where}: cannot map type `{ctype}`')

        def fail():
            raise GenError(f'{where}: no mapping rule for type `{ctype}`')

        is_scalar = base in SCALARS
        is_enum = base in self.enums
        is_opaque = base in self.opaque
        is_struct = base in self.struct_raw
        is_fn = base in self.fn_types

        if stars == 0:
            if base == 'void':
                if role in ('ret', 'cbret'):
                    return 'None'
                fail()
            if is_scalar:
                return SCALARS[base]
            if is_enum:
                return 'c_int'
            if is_fn and role in ('arg', 'field', 'cbarg'):
                return self.fn_types[base]
            fail()
        if stars == 1:
            if base == 'char':
                if base_const:
                    return 'c_char_p'
                if role in ('arg', 'cbarg'):
                    return 'POINTER(c_char)'   # a caller-supplied buffer the library writes
                fail()
            if base == 'void':
                return 'c_void_p'
            if is_opaque:
                return 'c_void_p'
            if is_struct:
                return f'POINTER({base})'
            if (is_scalar or is_enum) and role in ('arg', 'cbarg'):
                return f'POINTER({SCALARS[base] if is_scalar else "c_int"})'
            fail()
        if stars == 2 and role in ('arg', 'cbarg'):
            if base == 'char':
                return 'POINTER(c_char_p)' if base_const else 'POINTER(c_void_p)'
            if is_opaque:
                return 'POINTER(c_void_p)'
        fail()


def read_headers(directory=HEADERS):
    files = sorted(pathlib.Path(directory).glob('*.h'))
    if not files:
        raise GenError(f'no headers in {directory}')
    return [(f.name, strip_comments(f.read_text(encoding='utf-8'))) for f in files]


def parse(headers):
    t = Types()
    decls = []        # (name, ret, [(type, pname)], pretty, header)
    macros = []       # (name, raw value, header)
    for hname, text in headers:
        joined = re.sub(r'\\\n', ' ', text)
        for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?[ \t]*(.*)$', joined, re.M):
            if m.group(2) is None:
                macros.append((m.group(1), m.group(3).strip(), hname))
        code = re.sub(r'^[ \t]*#.*$', '', joined, flags=re.M)
        for m in re.finditer(r'typedef\s+struct\s+(\w+)\s+(\w+)\s*;', code):
            if m.group(1) != m.group(2):
                raise GenError(f'{hname}: typedef struct {m.group(1)} {m.group(2)}: names differ')
            t.opaque.add(m.group(1))
        for m in re.finditer(r'(?<!typedef )\bstruct\s+(\w+)\s*;', code):
            t.opaque.add(m.group(1))
        for m in re.finditer(r'typedef\s+enum\s+(\w+)?\s*\{(.*?)\}\s*(\w+)\s*;', code, re.S):
            name, body = m.group(3), m.group(2)
            values, nxt = [], 0
            for item in split_params(body):
                if not item:
                    continue
                im = re.match(r'^(\w+)\s*(?:=\s*(.+))?$', item.strip(), re.S)
                if not im:
                    raise GenError(f'{hname}: enum {name}: cannot read `{item}`')
                if im.group(2) is not None:
                    known = dict(MACRO_NAMES)
                    for vals in t.enums.values():
                        known.update(vals)
                    known.update(values)
                    v = eval_int(im.group(2), known)
                    if v is None:
                        raise GenError(f'{hname}: enum {name}: cannot evaluate `{item}`')
                    nxt = v
                values.append((im.group(1), nxt))
                nxt += 1
            t.enums[name] = values
        for m in re.finditer(r'typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;', code, re.S):
            if m.group(1) != m.group(3):
                raise GenError(f'{hname}: typedef struct {m.group(1)} {{...}} {m.group(3)}: names differ')
            fields = [' '.join(f.split()) for f in m.group(2).split(';') if f.strip()]
            t.struct_raw[m.group(1)] = fields
            t.struct_origin[m.group(1)] = hname
        for m in re.finditer(r'typedef\s+([^;{}()]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^;]*?)\)\s*;', code, re.S):
            py = t.pyfn_name(m.group(2))
            t.fn_types[m.group(2)] = py
            t.fn_raw[py] = (m.group(1).strip(), split_params(m.group(3)), f'{hname}: typedef {m.group(2)}')
        for m in re.finditer(r'\bLCC_API\s+([^;]*?);', code, re.S):
            d = ' '.join(m.group(1).split())
            dm = re.match(r'^(.*?)\b(lcc_\w+)\s*\((.*)\)$', d)
            if not dm:
                raise GenError(f'{hname}: cannot read declaration `{d}`')
            ret, name, params = dm.group(1).strip(), dm.group(2), dm.group(3).strip()
            plist = [] if params in ('', 'void') else [split_decl(p) for p in split_params(params)]
            decls.append((name, ret, plist, pretty(d), hname))
    return t, decls, macros


def resolve_structs(t):
    """Struct fields -> ctypes; inline function-pointer members get their own CFUNCTYPE."""
    for sname, fields in t.struct_raw.items():
        where = f'{t.struct_origin[sname]}: struct {sname}'
        out = []
        for f in fields:
            fm = re.match(r'^(.*?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$', f)
            if fm:
                member = re.sub(r'_fn$', '', fm.group(2))
                py = f'{re.sub(r"^lcc_", "", sname).upper()}_{member.upper()}_FN'
                t.fn_raw[py] = (fm.group(1).strip(), split_params(fm.group(3)), f'{where}.{fm.group(2)}')
                out.append((fm.group(2), py))
                continue
            ftype, fname = split_decl(f)
            if fname is None or '[' in f:
                raise GenError(f'{where}: cannot read field `{f}`')
            out.append((fname, t.map(ftype, f'{where}.{fname}', 'field')))
        t.structs[sname] = out


def fn_signature(t, py):
    ret, params, origin = t.fn_raw[py]
    if params in ([], ['void']):
        args = []
    else:
        args = [t.map(split_decl(p)[0], f'{origin} ({p})', 'cbarg') for p in params]
    r = t.map(ret, f'{origin} (return)', 'cbret')
    if r == 'c_char_p' or r.startswith('POINTER('):
        raise GenError(f'{origin}: a callback returning `{ret}` cannot be kept alive by ctypes')
    return r, args


def struct_defaults(t, macros):
    """Non-zero defaults of each struct from its `{ sizeof(lcc_x), ... }` initialiser macro."""
    names = dict(MACRO_NAMES)
    for vals in t.enums.values():
        names.update(vals)
    out = {}
    for mname, value, hname in macros:
        m = re.match(r'^\{\s*sizeof\s*\(\s*(\w+)\s*\)\s*(.*)\}$', value)
        if not m:
            continue
        sname = m.group(1)
        if sname not in t.structs:
            raise GenError(f'{hname}: {mname}: sizeof({sname}) is not a known struct')
        rest = [v.strip() for v in split_params(m.group(2).lstrip(','))] if m.group(2).strip() else []
        fields = t.structs[sname][1:]
        if len(rest) != len(fields):
            raise GenError(f'{hname}: {mname} has {len(rest)} values after size, '
                           f'struct {sname} has {len(fields)} more fields')
        defaults = {}
        for (fname, ftype), v in zip(fields, rest):
            if v == 'NULL':
                continue
            iv = eval_int(v, names)
            if iv is None:
                raise GenError(f'{hname}: {mname}: cannot evaluate `{v}` for {sname}.{fname}')
            if iv != 0:
                defaults[fname] = iv
        out[sname] = (mname, defaults)
    return out


def constants(t, macros):
    """Integer and string object-like macros; fails on any other value."""
    names = dict(MACRO_NAMES)
    for vals in t.enums.values():
        names.update(vals)
    ints, strs = [], []
    for mname, value, hname in macros:
        if not mname.startswith('LCC_') or value == '' or mname == 'LCC_API' \
                or value.startswith('{') or value.startswith('__attribute__'):
            continue
        sm = re.match(r'^"((?:[^"\\]|\\.)*)"$', value)
        if sm:
            strs.append((mname, sm.group(1), hname))
            continue
        iv = eval_int(value, names)
        if iv is None:
            raise GenError(f'{hname}: #define {mname} {value}: neither an integer nor a string')
        names[mname] = iv
        ints.append((mname, iv, hname))
    return ints, strs


HEAD = '''\
# GENERATED FILE - DO NOT EDIT.
# Generated by scripts/gen-python-ffi.py from include/contactcore/*.h.
# Regenerate after changing a public header:
#     /usr/bin/python3 scripts/gen-python-ffi.py
# (bindings/python/tests/test_generated.py fails when this file is stale).
"""Low-level ctypes layer of libcontactcore: one entry per public C function.

`lib` is the loaded library (found by contactcore._loader, loaded once on
first use) with `restype`/`argtypes` set on every function in FUNCTIONS.
Type rules: opaque handles are c_void_p (ints or None); `lcc_x **out` is
POINTER(c_void_p); `const char *` is c_char_p (bytes in, borrowed bytes out);
`const char **out` is POINTER(c_char_p); `char **out` (a buffer to release
with lcc_free) is POINTER(c_void_p); a `char *buf` the library writes is
POINTER(c_char) (pass ctypes.create_string_buffer(n)); scalar out-params
are POINTER(c_int/c_int64/c_size_t/...), enums c_int; size-versioned
structs are the Structure classes below, passed as POINTER(struct) (make
them with init_struct(cls, **fields) or cls.init(**fields)); function
pointers are the *_FN CFUNCTYPE types (keep a reference while C may call).
"""
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_double,
                    c_float, c_int, c_int8, c_int16, c_int32, c_int64, c_long,
                    c_short, c_size_t, c_uint, c_uint8, c_uint16, c_uint32,
                    c_uint64, c_ulong, c_ushort, c_void_p, sizeof)
import threading as _threading

from ._loader import LibraryNotFoundError, load_library

__all__ = ['lib', 'load', 'FUNCTIONS', 'SIGNATURES', 'DECLARATIONS', 'ENUMS', 'STRUCTS',
           'CALLBACK_TYPES', 'init_struct', 'LibraryNotFoundError']


class _SizedStruct(Structure):
    """Base of the size-versioned structs: `size` first, defaults from the
    header's LCC_*_INIT initialiser."""
    _defaults_ = {}

    @classmethod
    def init(cls, **fields):
        """A new instance as the C initialiser makes it (size = sizeof),
        then `fields` set by name."""
        obj = cls()
        obj.size = sizeof(cls)
        for name, value in cls._defaults_.items():
            setattr(obj, name, value)
        for name, value in fields.items():
            if name not in cls._field_names_:
                raise AttributeError(f'{cls.__name__} has no field {name!r}')
            setattr(obj, name, value)
        return obj


def init_struct(cls, **fields):
    """Same as cls.init(**fields)."""
    return cls.init(**fields)
'''

TAIL = '''

FUNCTIONS = [name for name, _restype, _argtypes in _SIGNATURES]
SIGNATURES = {name: (restype, argtypes) for name, restype, argtypes in _SIGNATURES}

_lib = None
_lock = _threading.Lock()


def load():
    """The library with every signature set; loaded once (thread-safe)."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                handle = load_library()
                missing = [n for n in FUNCTIONS if not hasattr(handle, n)]
                if missing:
                    raise OSError(f'{handle._name}: lacks {len(missing)} function(s) of these '
                                  f'bindings (an older libcontactcore?): {", ".join(missing[:8])}')
                for name, restype, argtypes in _SIGNATURES:
                    fn = getattr(handle, name)
                    fn.restype = restype
                    fn.argtypes = argtypes
                _lib = handle
                globals()['lib'] = handle   # later `lib` lookups skip __getattr__
    return _lib


def __getattr__(name):
    # `lib` is loaded on first access, so the tables above import without it.
    if name == 'lib':
        return load()
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
'''


def generate(headers=HEADERS):
    t, decls, macros = parse(read_headers(headers))
    names = [d[0] for d in decls]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise GenError(f'declared twice: {", ".join(sorted(dup))}')
    resolve_structs(t)
    defaults = struct_defaults(t, macros)
    ints, strs = constants(t, macros)

    out = [HEAD]
    out.append('\n# --- Enumerations (typedef enum blocks): ENUMS[type] = {constant: value} ---\n')
    for ename in sorted(t.enums):
        out.append(f'# {ename}')
        for cname, v in t.enums[ename]:
            out.append(f'{cname} = {v}')
    out.append('\nENUMS = {')
    for ename in sorted(t.enums):
        items = ', '.join(f'{c!r}: {c}' for c, _ in t.enums[ename])
        out.append(f'    {ename!r}: {{{items}}},')
    out.append('}')

    out.append('\n# --- Macros with an integer or string value ---\n')
    for mname, v, hname in sorted(ints):
        out.append(f'{mname} = {v}  # {hname}')
    for mname, v, hname in sorted(strs):
        out.append(f'{mname} = b{chr(34)}{v}{chr(34)}  # {hname}')

    out.append('\n# --- Size-versioned structs (fields as in the headers; _fields_ below) ---\n')
    for sname in sorted(t.structs):
        mname, dflt = defaults.get(sname, (None, {}))
        out.append(f'\nclass {sname}(_SizedStruct):')
        out.append(f'    """struct {sname} ({t.struct_origin[sname]})'
                   + (f'; defaults of {mname}."""' if mname else '."""'))
        out.append(f'    _defaults_ = {dflt!r}')
        out.append(f'    _field_names_ = {tuple(f for f, _ in t.structs[sname])!r}')
    out.append('')
    out.append('\nSTRUCTS = {')
    for sname in sorted(t.structs):
        out.append(f'    {sname!r}: {sname},')
    out.append('}')

    out.append('\n# --- Function-pointer types (typedefs and struct members) ---\n')
    for py in sorted(t.fn_raw):
        r, args = fn_signature(t, py)
        ret, params, origin = t.fn_raw[py]
        out.append(f'# {origin}: {pretty(ret)} (*)({pretty(", ".join(params))})')
        out.append(f'{py} = CFUNCTYPE({", ".join([r] + args)})')
    out.append('\nCALLBACK_TYPES = {')
    for typedef in sorted(t.fn_types):
        out.append(f'    {typedef!r}: {t.fn_types[typedef]},')
    for py in sorted(t.fn_raw):
        if py not in t.fn_types.values():
            out.append(f'    {py!r}: {py},')
    out.append('}')

    out.append('')
    for sname in sorted(t.structs):
        out.append(f'{sname}._fields_ = [')
        for fname, ft in t.structs[sname]:
            out.append(f'    ({fname!r}, {ft}),')
        out.append(']')

    out.append('\n# --- Every LCC_API function: (name, restype, argtypes), sorted by name ---\n')
    out.append('_SIGNATURES = (')
    decl_lines = []
    for name, ret, plist, text, hname in sorted(decls):
        where = f'{hname}: {text}'
        r = t.map(ret, f'{where} (return)', 'ret')
        args = [t.map(pt, f'{where} (parameter {pn or pt})', 'arg') for pt, pn in plist]
        out.append(f'    # {text}')
        out.append(f'    ({name!r}, {r}, [{", ".join(args)}]),')
        decl_lines.append(f'    {name!r}: {text!r},')
    out.append(')')
    out.append('\n# The C declaration of each function, as in its header.')
    out.append('DECLARATIONS = {')
    out.extend(decl_lines)
    out.append('}')
    out.append(TAIL)
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--output', default=str(OUTPUT), help="file to write, or '-' for stdout")
    ap.add_argument('--check', action='store_true',
                    help='compare with --output instead of writing it; exit 1 when different')
    ap.add_argument('--headers', default=str(HEADERS), help='directory of the public headers')
    a = ap.parse_args()
    try:
        text = generate(a.headers)
    except GenError as e:
        print(f'gen-python-ffi: {e}', file=sys.stderr)
        return 1
    if a.check:
        try:
            current = pathlib.Path(a.output).read_text(encoding='utf-8')
        except FileNotFoundError:
            current = None
        if current != text:
            print(f'gen-python-ffi: {a.output} is stale; run scripts/gen-python-ffi.py', file=sys.stderr)
            return 1
        return 0
    if a.output == '-':
        sys.stdout.write(text)
    else:
        pathlib.Path(a.output).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(a.output).write_text(text, encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())
