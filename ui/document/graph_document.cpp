#include "document/graph_document.h"

#include "document/add_node_command.h"
#include "document/connect_command.h"
#include "document/connection_check.h"
#include "document/disconnect_command.h"
#include "document/graph_layout.h"
#include "document/move_nodes_command.h"
#include "document/paste_command.h"
#include "document/remove_nodes_command.h"
#include "document/set_param_command.h"
#include "graph/block_registry.h"
#include "graph/graph_json.h"

#include <QSaveFile>

#include <set>

namespace volnet::ui {

namespace {

void setText(QString *out, const std::string &text)
{
    if (out)
        *out = QString::fromStdString(text);
}

std::vector<std::string> toStd(const QStringList &ids)
{
    std::vector<std::string> out;
    for (const QString &id : ids)
        out.push_back(id.toStdString());
    return out;
}

} // namespace

GraphDocument::GraphDocument(QObject *parent) : QObject(parent)
{
    m_listener = m_graph.addListener([this](const GraphEvent &event) { onGraphEvent(event); });
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
    m_analysis = analyze(m_graph);
}

GraphDocument::~GraphDocument()
{
    disconnect(&m_undo, nullptr, this, nullptr);
    m_graph.removeListener(m_listener);
}

QString GraphDocument::addNode(const QString &type, QPointF position)
{
    if (!findBlock(type.toStdString()))
        return {};
    auto *command = new AddNodeCommand(this, type.toStdString(), position.x(), position.y());
    m_undo.push(command);
    return QString::fromStdString(command->nodeId());
}

void GraphDocument::removeNodes(const QStringList &ids)
{
    auto *command = new RemoveNodesCommand(this, toStd(ids));
    if (command->isEmpty()) {
        delete command;
        return;
    }
    m_undo.push(command);
}

bool GraphDocument::connectPorts(const QString &from, const QString &to, int port, QString *why)
{
    const Edge edge{from.toStdString(), to.toStdString(), port};
    // Graph::connect's own checks, on a graph of just the two ends: the refusal and its
    // words are the model's, and nothing is touched when it refuses.
    std::vector<Node> ends;
    for (const std::string &id : {edge.from, edge.to})
        if (const Node *n = m_graph.node(id); n && (ends.empty() || ends.front().id != id))
            ends.push_back(*n);
    Graph probe;
    probe.reset(std::move(ends), {});
    std::string refusal;
    if (!probe.connect(edge.from, edge.to, edge.port, &refusal)) {
        setText(why, refusal);
        return false;
    }
    const auto inputs = m_graph.inputsOf(edge.to);
    if (size_t(port) < inputs.size() && inputs[size_t(port)] == edge.from)
        return true; // already wired so: no step to undo
    m_undo.push(new ConnectCommand(this, edge));
    return true;
}

void GraphDocument::disconnectPort(const QString &to, int port)
{
    const auto inputs = m_graph.inputsOf(to.toStdString());
    if (port < 0 || size_t(port) >= inputs.size() || !inputs[size_t(port)])
        return;
    m_undo.push(new DisconnectCommand(this, {*inputs[size_t(port)], to.toStdString(), port}));
}

void GraphDocument::setParam(const QString &id, const QString &name, const ParamValue &value)
{
    const Node *n = m_graph.node(id.toStdString());
    if (!n)
        return;
    const ParamSpec *spec = findBlock(n->type)->param(name.toStdString());
    if (!spec || kindOf(value) != spec->kind || n->params.at(spec->name) == value)
        return;
    m_undo.push(new SetParamCommand(this, n->id, spec->name, value));
}

void GraphDocument::moveNodes(const QHash<QString, QPointF> &positions)
{
    std::map<std::string, MoveNodesCommand::Position> targets;
    for (auto it = positions.begin(); it != positions.end(); ++it)
        targets[it.key().toStdString()] = {it.value().x(), it.value().y()};
    const QString text = positions.size() == 1 ? QStringLiteral("Move %1").arg(positions.begin().key())
                                               : QStringLiteral("Move %1 blocks").arg(positions.size());
    auto *command = new MoveNodesCommand(this, targets, text);
    if (command->isEmpty()) {
        delete command;
        return;
    }
    m_undo.push(command);
}

void GraphDocument::autoLayout()
{
    std::map<std::string, MoveNodesCommand::Position> targets;
    for (const auto &[id, at] : layeredLayout(m_graph))
        targets[id] = {at.x(), at.y()};
    auto *command = new MoveNodesCommand(this, targets, tr("Auto layout"));
    if (command->isEmpty()) {
        delete command;
        return;
    }
    m_undo.push(command);
}

bool GraphDocument::canConnect(const QString &from, const QString &to, int port, QString *why) const
{
    const auto problem = connectionProblem(m_graph, from.toStdString(), to.toStdString(), port);
    if (problem)
        setText(why, *problem);
    return !problem;
}

QString GraphDocument::copyJson(const QStringList &ids) const
{
    const std::vector<std::string> wanted = toStd(ids);
    const std::set<std::string> chosen(wanted.begin(), wanted.end());
    std::vector<Node> nodes;
    for (const Node &n : m_graph.nodes())
        if (chosen.count(n.id))
            nodes.push_back(n);
    std::vector<Edge> edges;
    for (const Edge &e : m_graph.edges())
        if (chosen.count(e.from) && chosen.count(e.to))
            edges.push_back(e);
    Graph clip;
    clip.reset(std::move(nodes), std::move(edges));
    return QString::fromStdString(graphToJson(clip));
}

QStringList GraphDocument::pasteJson(const QString &json, QPointF offset, QString *error)
{
    const GraphLoadResult loaded = graphFromJson(json.toStdString());
    if (!loaded.ok) {
        setText(error, loaded.error);
        return {};
    }
    std::set<std::string> taken;
    for (const Node &n : m_graph.nodes())
        taken.insert(n.id);
    std::map<std::string, std::string> renamed;
    std::vector<Node> nodes;
    QStringList ids;
    for (Node n : loaded.graph.nodes()) {
        const std::string prefix = findBlock(n.type)->idPrefix + "_";
        std::string fresh;
        for (int i = 1; fresh.empty() || taken.count(fresh); ++i)
            fresh = prefix + std::to_string(i);
        taken.insert(fresh);
        renamed[n.id] = fresh;
        n.id = fresh;
        n.x += offset.x();
        n.y += offset.y();
        nodes.push_back(std::move(n));
        ids << QString::fromStdString(fresh);
    }
    if (nodes.empty())
        return {};
    std::vector<Edge> edges;
    for (const Edge &e : loaded.graph.edges())
        if (renamed.count(e.from) && renamed.count(e.to))
            edges.push_back({renamed[e.from], renamed[e.to], e.port});
    m_undo.push(new PasteCommand(this, std::move(nodes), std::move(edges)));
    return ids;
}

bool GraphDocument::load(const QString &path, QString *error)
{
    GraphLoadResult loaded = loadGraphFile(path.toStdString());
    if (!loaded.ok) {
        setText(error, loaded.error);
        return false;
    }
    m_graph = loaded.graph;
    m_undo.clear();
    setFilePath(path);
    return true;
}

bool GraphDocument::save(const QString &path, QString *error)
{
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(graphToJson(m_graph));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        if (error)
            *error = tr("Could not save %1: %2").arg(path, file.errorString());
        return false;
    }
    m_undo.setClean();
    setFilePath(path);
    return true;
}

void GraphDocument::newFrom(const Graph &graph)
{
    m_graph = graph;
    m_undo.clear();
    setFilePath({});
}

void GraphDocument::beginBatch()
{
    ++m_batchDepth;
}

void GraphDocument::endBatch()
{
    if (--m_batchDepth == 0 && m_analysisStale)
        reanalyze();
}

void GraphDocument::onGraphEvent(const GraphEvent &event)
{
    emit graphChanged(event);
    if (event.kind == GraphEvent::NodeMoved)
        return; // positions mean nothing to the analysis
    m_analysisStale = true;
    if (m_batchDepth == 0)
        reanalyze();
}

void GraphDocument::reanalyze()
{
    m_analysis = analyze(m_graph);
    m_analysisStale = false;
    emit analysisChanged();
}

void GraphDocument::setFilePath(const QString &path)
{
    if (path == m_filePath)
        return;
    m_filePath = path;
    emit filePathChanged(path);
}

} // namespace volnet::ui
