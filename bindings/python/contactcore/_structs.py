"""The size-versioned structs of the C API, by their C names.

They are generated into contactcore._native (from the headers); this module
only re-exports them: ``_structs.lcc_context_params.init(log_level=3)``, or
``init_struct(_structs.lcc_engine_params, store_path=b'x.db')``.  ``init``
sets ``size = sizeof(struct)`` and the defaults of the header's
``LCC_*_INIT`` initialiser; a bare ``lcc_x()`` is all zeros.
"""
from ._native import STRUCTS, init_struct

globals().update(STRUCTS)

__all__ = sorted(STRUCTS) + ['STRUCTS', 'init_struct']
