#pragma once
// Numbers and shapes as the panels print them, in step with `volnet summary`:
// parameter counts as Keras prints them, FLOPs and bytes in readable units.
#include "graph/analysis.h"
#include "graph/tensor_info.h"

#include <QString>
#include <cstdint>

namespace volnet::ui {

// 1532485 -> "1,532,485", as Keras's model.summary() prints parameter counts.
QString withThousands(int64_t n);
// 2.4e9 -> "2.40 G".
QString humanCount(int64_t n);
// 3.2e6 -> "3.05 MiB".
QString humanBytes(int64_t bytes);
// "(None, 10, 128, 128, 32)": the batched shape as Keras prints it.
QString kerasShape(const TensorInfo &t);
// "T H W C": the role of each axis.
QString axisRoles(const TensorInfo &t);
// "1 block", "3 blocks": English plurals, as the application ships no translations.
QString countOf(int64_t n, const QString &singular, const QString &plural);
// "2 errors, 1 warning", or "No problems".
QString problemCounts(const Analysis &analysis);

} // namespace volnet::ui
