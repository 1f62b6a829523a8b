"""Read a .nir file with the NIR Python reference and print its nodes as JSON (type, fields, shapes, values).

Usage: describe_file.py FILE.nir
"""
import json
import sys

import numpy as np
import nir

g = nir.read(sys.argv[1])
out = {"version": nir.serialization.read_version(sys.argv[1]), "edges": sorted(f"{a} -> {b}" for a, b in g.edges), "nodes": {}}
skip = {"input_type", "output_type", "metadata"}
for name, node in g.nodes.items():
    fields = {}
    for k, v in node.to_dict().items():
        if k in skip or k == "type":
            continue
        a = np.asarray(v, dtype=np.float64)
        fields[k] = {"shape": list(a.shape), "data": a.ravel().tolist()}
    out["nodes"][name] = {"type": type(node).__name__, "fields": fields}
print(json.dumps(out))
