#include "graph/blocks/block_helpers.h"

namespace volnet::blocks {

ParamSpec intParam(std::string name, int64_t def, int64_t lo, int64_t hi, std::string help)
{
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Int;
    p.defaultValue = def;
    p.minValue = double(lo);
    p.maxValue = double(hi);
    p.help = std::move(help);
    return p;
}

ParamSpec floatParam(std::string name, double def, double lo, double hi, std::string help, bool exclusiveMin,
                     bool exclusiveMax)
{
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Float;
    p.defaultValue = def;
    p.minValue = lo;
    p.maxValue = hi;
    p.exclusiveMin = exclusiveMin;
    p.exclusiveMax = exclusiveMax;
    p.help = std::move(help);
    return p;
}

ParamSpec boolParam(std::string name, bool def, std::string help)
{
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Bool;
    p.defaultValue = def;
    p.help = std::move(help);
    return p;
}

ParamSpec choiceParam(std::string name, std::string def, std::vector<std::string> choices, std::string help)
{
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::Choice;
    p.defaultValue = std::move(def);
    p.choices = std::move(choices);
    p.help = std::move(help);
    return p;
}

ParamSpec tupleParam(std::string name, IntTuple def, int minLength, int maxLength, int64_t lo, int64_t hi,
                     std::string help)
{
    ParamSpec p;
    p.name = std::move(name);
    p.kind = ParamKind::IntTuple;
    p.defaultValue = std::move(def);
    p.minLength = minLength;
    p.maxLength = maxLength;
    p.minValue = double(lo);
    p.maxValue = double(hi);
    p.help = std::move(help);
    return p;
}

ParamSpec activationParam(std::string def)
{
    return choiceParam("activation", std::move(def), {"linear", "relu", "sigmoid", "tanh", "softmax"},
                       "applied to the output; 'linear' is none (Keras's None)");
}

ParamSpec paddingParam()
{
    return choiceParam("padding", "valid", {"valid", "same"},
                       "'valid': no padding; 'same': pad so that output = ceil(input / stride), "
                       "the odd extra pad at the end");
}

int64_t convOutputLength(int64_t n, int64_t kernel, const std::string &padding, int64_t stride,
                         int64_t dilation)
{
    const int64_t dilatedKernel = (kernel - 1) * dilation + 1;
    const int64_t length = padding == "same" ? n : n - dilatedKernel + 1;
    if (length <= 0)
        return length;
    return (length + stride - 1) / stride;
}

bool requireRank(ShapeContext &ctx, int rank, const std::string &axesHint, const std::string &fix)
{
    const TensorInfo &in = ctx.input();
    if (in.rank() == rank)
        return true;
    ctx.error("input-rank",
              ctx.node().type + " needs an input with " + std::to_string(rank) + " axes " + axesHint +
                  ", but gets " + formatTuple(in.dims) + " (" + std::to_string(in.rank()) + " axes: " +
                  formatWithRoles(in) + ").",
              fix);
    return false;
}

std::string crossTuple(const IntTuple &t)
{
    return formatCross(t);
}

void warnTimeInImage(ShapeContext &ctx, const TensorInfo &in, const std::string &what)
{
    if (in.rank() != 3)
        return;
    const std::string &rows = in.roles[0];
    const std::string &cols = in.roles[1];
    const std::string &chans = in.roles[2];
    std::string problem;
    if (roleHas(rows, "T") || roleHas(cols, "T")) {
        const bool asRows = roleHas(rows, "T");
        problem = "its image " + std::string(asRows ? "height" : "width") + " is the time axis (" +
                  (asRows ? rows : cols) + std::to_string(asRows ? in.dims[0] : in.dims[1]) + "), so the " + what +
                  " treats neighbouring frames as neighbouring pixel " + (asRows ? "rows" : "columns");
    }
    if (roleHas(chans, "W") || roleHas(chans, "H")) {
        problem += (problem.empty() ? "its" : "; and its") + std::string(" channels are image ") +
                   (roleHas(chans, "W") ? "columns" : "rows") + " merged with channels (" + chans +
                   std::to_string(in.dims[2]) + "), so space is mixed like features";
    }
    if (problem.empty())
        return;
    ctx.warning("time-as-space",
                ctx.node().type + " sees " + formatWithRoles(in) + ": " + problem + ".",
                "Collapse time before the 2D part (TemporalPooling, or FoldTime to put frames in "
                "channels), or keep the 3D layout and use Conv3D.");
}

} // namespace volnet::blocks
