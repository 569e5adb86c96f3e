#pragma once
// The Qt face of one open design: the engine's Graph, its analysis, its undo stack
// and its file. Every edit the user makes goes through a method here and becomes one
// undoable step; views (canvas, inspector, summary, problems) observe the signals.
#include "graph/analysis.h"
#include "graph/graph.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QUndoStack>

namespace volnet::ui {

class GraphDocument : public QObject {
    Q_OBJECT
public:
    explicit GraphDocument(QObject *parent = nullptr);
    ~GraphDocument() override;

    const Graph &graph() const { return m_graph; }
    // Recomputed after every change, before analysisChanged() is emitted.
    const Analysis &analysis() const { return m_analysis; }
    QUndoStack *undoStack() { return &m_undo; }

    // Edits: each is one undo step.
    QString addNode(const QString &type, QPointF position);
    void removeNodes(const QStringList &ids); // with every wire touching them
    // Refuses (returning false and why) what Graph::connect refuses; a wire whose shapes
    // do not fit is made and shown as an error, see canConnect() for the editor's check.
    bool connectPorts(const QString &from, const QString &to, int port, QString *why = nullptr);
    void disconnectPort(const QString &to, int port);
    // Consecutive edits of the same field of the same node merge into one step (typing).
    void setParam(const QString &id, const QString &name, const ParamValue &value);
    void moveNodes(const QHash<QString, QPointF> &positions); // one step: a drag's release
    // Lays the graph out left to right in layers (one undo step).
    void autoLayout();

    // Whether wiring `from` into `to`'s `port` gives valid shapes, and if not why:
    // the editor lights valid targets and explains invalid ones while dragging.
    bool canConnect(const QString &from, const QString &to, int port, QString *why = nullptr) const;

    // Clipboard: the selected nodes and the wires among them, as graph JSON.
    QString copyJson(const QStringList &ids) const;
    // Adds the nodes of `json` with fresh ids, moved by `offset`; returns the new ids.
    QStringList pasteJson(const QString &json, QPointF offset, QString *error = nullptr);

    // Files. load/newFrom clear the undo history; save is atomic (QSaveFile).
    bool load(const QString &path, QString *error);
    bool save(const QString &path, QString *error);
    void newFrom(const Graph &graph); // a template or an empty design, without a file
    QString filePath() const { return m_filePath; }
    bool isModified() const { return !m_undo.isClean(); }

signals:
    void graphChanged(const volnet::GraphEvent &event);
    void analysisChanged();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    friend class GraphCommand;
    Graph &mutableGraph() { return m_graph; }
    // Commands run their graph edits between these; the analysis runs once at the end.
    void beginBatch();
    void endBatch();
    void onGraphEvent(const GraphEvent &event);
    void reanalyze();
    void setFilePath(const QString &path);

    Graph m_graph;
    Analysis m_analysis;
    QUndoStack m_undo;
    QString m_filePath;
    int m_listener = 0;
    int m_batchDepth = 0;
    bool m_analysisStale = false;
};

} // namespace volnet::ui
