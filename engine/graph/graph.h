#pragma once
// The network as the user wires it: nodes (blocks with parameters), and wires from a
// node's single output to another node's numbered input port. The editor, its undo
// stack, the file format and the compiler all work through this class. No Qt.
#include "graph/param.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace volnet {

struct Node {
    std::string id;   // stable, unique in the graph: "conv3d_1"
    std::string type; // registry key: "Conv3D"
    std::map<std::string, ParamValue> params; // every parameter of the block, defaults included
    double x = 0, y = 0; // position on the canvas; no meaning to the engine

    bool operator==(const Node &) const = default;
};

struct Edge {
    std::string from; // producing node id
    std::string to;   // consuming node id
    int port = 0;     // input port of `to`, 0-based

    bool operator==(const Edge &) const = default;
};

struct GraphEvent {
    enum Kind { NodeAdded, NodeRemoved, EdgeAdded, EdgeRemoved, ParamChanged, NodeMoved, Reset };
    Kind kind;
    std::string node; // the node concerned (for edges: the consumer)
    int port = -1;    // edges
    std::string param; // ParamChanged
};

// What a file says about the design as a whole.
struct GraphMeta {
    std::string name;
    std::string description; // a paragraph: what the design does and why
    bool operator==(const GraphMeta &) const = default;
};

class Graph {
public:
    using Listener = std::function<void(const GraphEvent &)>;

    Graph() = default;
    // Copies the design, not the listeners: a copy is a snapshot nobody observes yet.
    Graph(const Graph &other) : m_meta(other.m_meta), m_nodes(other.m_nodes), m_edges(other.m_edges) {}
    Graph &operator=(const Graph &other);

    const GraphMeta &meta() const { return m_meta; }
    void setMeta(GraphMeta meta) { m_meta = std::move(meta); }

    // Adds a block of a registered type with its default parameters. Returns its id:
    // `wantedId` when given and free, else the type's prefix and the next free number
    // ("conv3d_2"). Returns nothing for an unknown type.
    std::optional<std::string> addNode(const std::string &type, const std::string &wantedId = {},
                                       double x = 0, double y = 0);
    // Inserts a complete node (undo of a removal, paste, file load) at `index` in the
    // node order (-1: at the end). Fails when the id is taken or the type unknown;
    // parameters the block does not have are refused too; missing ones get defaults.
    bool insertNode(const Node &node, std::string *error = nullptr, int index = -1);
    int indexOf(const std::string &id) const;
    // Removes the node and every wire touching it.
    bool removeNode(const std::string &id);

    // Wires `from`'s output into `to`'s input `port`, replacing the wire already there.
    // Refuses unknown nodes, a wire from a node to itself and a port the block lacks.
    // Shapes are not checked here: a wire the shapes reject still exists and is shown
    // as an error, so the user can fix either end.
    bool connect(const std::string &from, const std::string &to, int port, std::string *error = nullptr);
    bool disconnect(const std::string &to, int port);

    // Sets a parameter the block declares; the value must be of the declared kind.
    // Out-of-range values are stored and reported by analysis at the field.
    bool setParam(const std::string &id, const std::string &name, const ParamValue &value,
                  std::string *error = nullptr);
    bool setPosition(const std::string &id, double x, double y);

    // Replaces everything (file load, new document).
    void reset(std::vector<Node> nodes, std::vector<Edge> edges);
    void clear() { reset({}, {}); }

    const std::vector<Node> &nodes() const { return m_nodes; }
    const std::vector<Edge> &edges() const { return m_edges; }
    const Node *node(const std::string &id) const;
    // The producer wired into each input port of `id` (nullopt for an open port).
    std::vector<std::optional<std::string>> inputsOf(const std::string &id) const;
    // Number of input ports the node shows: fixed blocks their count, variadic blocks
    // (Concatenate, Add) one free port after the last wired one.
    int portCount(const std::string &id) const;
    std::vector<Edge> consumersOf(const std::string &id) const;

    int addListener(Listener listener);
    void removeListener(int handle);

    bool operator==(const Graph &other) const
    {
        return m_meta == other.m_meta && m_nodes == other.m_nodes && m_edges == other.m_edges;
    }

private:
    void notify(const GraphEvent &event);
    Node *mutableNode(const std::string &id);

    GraphMeta m_meta;
    std::vector<Node> m_nodes; // in insertion order, which files preserve
    std::vector<Edge> m_edges; // sorted by (to, port): one order however they were made
    std::map<int, Listener> m_listeners;
    int m_nextListener = 1;
};

} // namespace volnet
