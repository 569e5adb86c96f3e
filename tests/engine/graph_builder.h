#pragma once
// Builds test graphs through the public Graph API, block after block, the way a user
// wires them in the editor.
#include "graph/graph.h"

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>

namespace volnet::testing {

class GraphBuilder {
public:
    using Params = std::initializer_list<std::pair<const char *, ParamValue>>;

    // Adds a block fed by `inputs` (ids), or by the last block added when none are given.
    std::string add(const std::string &type, Params params = {}, std::initializer_list<std::string> inputs = {})
    {
        const auto id = graph.addNode(type);
        if (!id)
            throw std::runtime_error("unknown block " + type);
        for (const auto &[name, value] : params) {
            std::string error;
            if (!graph.setParam(*id, name, value, &error))
                throw std::runtime_error(error);
        }
        int port = 0;
        if (inputs.size() == 0 && !last.empty() && type != "Input")
            graph.connect(last, *id, port);
        for (const std::string &from : inputs)
            graph.connect(from, *id, port++);
        last = *id;
        return *id;
    }

    Graph graph;
    std::string last;
};

inline IntTuple tup(std::initializer_list<int64_t> v) { return IntTuple(v); }
inline ParamValue word(const char *s) { return std::string(s); }

} // namespace volnet::testing
