// Op tests for src/nn/ops_shape.cpp: each op against a plain-loop reference.
#include "nn/ops/op_case.hpp"
