#include "graph/graph.h"

#include "graph/block_registry.h"

#include <algorithm>
#include <tuple>

namespace volnet {

namespace {

void setError(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
}

} // namespace

Graph &Graph::operator=(const Graph &other)
{
    if (this != &other) {
        m_meta = other.m_meta;
        reset(other.m_nodes, other.m_edges);
    }
    return *this;
}

Node *Graph::mutableNode(const std::string &id)
{
    auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; });
    return it == m_nodes.end() ? nullptr : &*it;
}

const Node *Graph::node(const std::string &id) const
{
    return const_cast<Graph *>(this)->mutableNode(id);
}

std::optional<std::string> Graph::addNode(const std::string &type, const std::string &wantedId, double x,
                                          double y)
{
    const BlockSpec *spec = findBlock(type);
    if (!spec)
        return std::nullopt;
    Node n;
    n.type = type;
    n.x = x;
    n.y = y;
    if (!wantedId.empty() && !node(wantedId)) {
        n.id = wantedId;
    } else {
        for (int i = 1; n.id.empty(); ++i) {
            std::string candidate = spec->idPrefix + "_" + std::to_string(i);
            if (!node(candidate))
                n.id = candidate;
        }
    }
    for (const ParamSpec &p : spec->params)
        n.params[p.name] = p.defaultValue;
    m_nodes.push_back(n);
    notify({GraphEvent::NodeAdded, n.id});
    return n.id;
}

bool Graph::insertNode(const Node &n, std::string *error, int index)
{
    const BlockSpec *spec = findBlock(n.type);
    if (!spec)
        return setError(error, "unknown block type '" + n.type + "'"), false;
    if (n.id.empty())
        return setError(error, "a node needs an id"), false;
    if (node(n.id))
        return setError(error, "a node with id '" + n.id + "' already exists"), false;
    Node complete = n;
    for (const auto &[name, value] : n.params) {
        const ParamSpec *p = spec->param(name);
        if (!p)
            return setError(error, n.type + " has no parameter '" + name + "'"), false;
        if (kindOf(value) != p->kind)
            return setError(error, "parameter '" + name + "' of " + n.type + " has the wrong kind of value"),
                   false;
    }
    for (const ParamSpec &p : spec->params)
        complete.params.try_emplace(p.name, p.defaultValue);
    const auto at = index < 0 || index > int(m_nodes.size()) ? m_nodes.end() : m_nodes.begin() + index;
    m_nodes.insert(at, std::move(complete));
    notify({GraphEvent::NodeAdded, n.id});
    return true;
}

bool Graph::removeNode(const std::string &id)
{
    auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; });
    if (it == m_nodes.end())
        return false;
    // Wires first, so that observers see each wire go while both ends still exist.
    std::vector<Edge> touching;
    for (const Edge &e : m_edges)
        if (e.from == id || e.to == id)
            touching.push_back(e);
    for (const Edge &e : touching)
        disconnect(e.to, e.port);
    it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; });
    m_nodes.erase(it);
    notify({GraphEvent::NodeRemoved, id});
    return true;
}

bool Graph::connect(const std::string &from, const std::string &to, int port, std::string *error)
{
    const Node *src = node(from);
    const Node *dst = node(to);
    if (!src || !dst)
        return setError(error, "no node named '" + (src ? to : from) + "'"), false;
    if (from == to)
        return setError(error, "a block cannot feed itself"), false;
    const BlockSpec *spec = findBlock(dst->type);
    if (port < 0 || (!spec->variadic() && port >= spec->maxInputs)) {
        const std::string count = std::to_string(spec->maxInputs);
        return setError(error, to + " (" + dst->type + ") has " + count + " input port" +
                                   (spec->maxInputs == 1 ? "" : "s") + ", no port " + std::to_string(port)),
               false;
    }
    if (inputsOf(to).size() > size_t(port) && inputsOf(to)[size_t(port)] == from)
        return true;
    disconnect(to, port);
    const Edge edge{from, to, port};
    const auto at = std::lower_bound(m_edges.begin(), m_edges.end(), edge, [](const Edge &a, const Edge &b) {
        return std::tie(a.to, a.port) < std::tie(b.to, b.port);
    });
    m_edges.insert(at, edge);
    notify({GraphEvent::EdgeAdded, to, port});
    return true;
}

bool Graph::disconnect(const std::string &to, int port)
{
    auto it = std::find_if(m_edges.begin(), m_edges.end(),
                           [&](const Edge &e) { return e.to == to && e.port == port; });
    if (it == m_edges.end())
        return false;
    m_edges.erase(it);
    notify({GraphEvent::EdgeRemoved, to, port});
    return true;
}

bool Graph::setParam(const std::string &id, const std::string &name, const ParamValue &value,
                     std::string *error)
{
    Node *n = mutableNode(id);
    if (!n)
        return setError(error, "no node named '" + id + "'"), false;
    const ParamSpec *p = findBlock(n->type)->param(name);
    if (!p)
        return setError(error, n->type + " has no parameter '" + name + "'"), false;
    if (kindOf(value) != p->kind)
        return setError(error, "parameter '" + name + "' of " + n->type + " has the wrong kind of value"), false;
    if (n->params[name] == value)
        return true;
    n->params[name] = value;
    GraphEvent event{GraphEvent::ParamChanged, id};
    event.param = name;
    notify(event);
    return true;
}

bool Graph::setPosition(const std::string &id, double x, double y)
{
    Node *n = mutableNode(id);
    if (!n)
        return false;
    n->x = x;
    n->y = y;
    notify({GraphEvent::NodeMoved, id});
    return true;
}

int Graph::indexOf(const std::string &id) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].id == id)
            return int(i);
    return -1;
}

void Graph::reset(std::vector<Node> nodes, std::vector<Edge> edges)
{
    m_nodes = std::move(nodes);
    std::sort(edges.begin(), edges.end(),
              [](const Edge &a, const Edge &b) { return std::tie(a.to, a.port) < std::tie(b.to, b.port); });
    m_edges = std::move(edges);
    notify({GraphEvent::Reset, {}});
}

std::vector<std::optional<std::string>> Graph::inputsOf(const std::string &id) const
{
    std::vector<std::optional<std::string>> inputs(size_t(std::max(0, portCount(id))));
    for (const Edge &e : m_edges)
        if (e.to == id && e.port >= 0) {
            if (size_t(e.port) >= inputs.size())
                inputs.resize(size_t(e.port) + 1);
            inputs[size_t(e.port)] = e.from;
        }
    return inputs;
}

int Graph::portCount(const std::string &id) const
{
    const Node *n = node(id);
    if (!n)
        return 0;
    const BlockSpec *spec = findBlock(n->type);
    if (!spec->variadic())
        return spec->maxInputs;
    int highest = -1;
    for (const Edge &e : m_edges)
        if (e.to == id)
            highest = std::max(highest, e.port);
    return std::max(spec->minInputs, highest + 2);
}

std::vector<Edge> Graph::consumersOf(const std::string &id) const
{
    std::vector<Edge> out;
    for (const Edge &e : m_edges)
        if (e.from == id)
            out.push_back(e);
    return out;
}

int Graph::addListener(Listener listener)
{
    m_listeners[m_nextListener] = std::move(listener);
    return m_nextListener++;
}

void Graph::removeListener(int handle)
{
    m_listeners.erase(handle);
}

void Graph::notify(const GraphEvent &event)
{
    // Copy: a listener may add or remove listeners while being told.
    auto listeners = m_listeners;
    for (auto &[handle, listener] : listeners)
        listener(event);
}

} // namespace volnet
