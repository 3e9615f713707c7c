#!/usr/bin/env python3
"""Check ONNX files with the ONNX project's own checker (Debian's python3-onnx, 1.12): the file's rules (IR version,
opset, names, initializers), full shape and type inference in strict mode, and that the inferred output shape is the
declared one. Prints one line per file; exits 1 on the first problem.

    apt-get install -y python3-onnx
    /usr/bin/python3 tools/reference/onnx_check.py model.onnx [more.onnx ...]
"""
import sys

import onnx
from onnx import checker, shape_inference


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def check(path):
    model = onnx.load(path)
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    declared = {o.name: dims(o) for o in model.graph.output}
    for value in list(inferred.graph.value_info) + list(inferred.graph.output):
        if value.name in declared and dims(value) != declared[value.name]:
            raise ValueError(f"output {value.name}: inferred {dims(value)}, declared {declared[value.name]}")
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    inputs = ", ".join(f"{i.name} {dims(i)}" for i in model.graph.input)
    outputs = ", ".join(f"{o.name} {dims(o)}" for o in model.graph.output)
    print(f"{path}: ok ir={model.ir_version} opset={opsets} inputs: {inputs} outputs: {outputs} "
          f"nodes: {' '.join(n.op_type for n in model.graph.node)}")


if __name__ == "__main__":
    try:
        for path in sys.argv[1:]:
            check(path)
    except Exception as e:  # one line, naming the file
        print(f"{path}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", file=sys.stderr)
        sys.exit(1)
