#pragma once
// The selected block's identity, shapes and cost, and an editor for each of its
// parameters made from the registry's schema. Every edit goes through the document
// (one undo step per field being typed in); the inspector follows the document when
// it changes underneath (undo, redo, a load). With nothing selected it describes the
// design as a whole.
#include <QHash>
#include <QStringList>
#include <QWidget>

class QLabel;
class QScrollArea;
class QVBoxLayout;

namespace volnet {
struct GraphEvent;
}

namespace volnet::ui {

class GraphDocument;
class ParamField;

class Inspector : public QWidget {
    Q_OBJECT
public:
    explicit Inspector(GraphDocument *document, QWidget *parent = nullptr);

    // The node shown, or empty when none or several are selected.
    QString nodeId() const { return m_nodeId; }
    // The field of parameter `name` of the node shown, or null.
    ParamField *field(const QString &name) const { return m_fields.value(name); }

public slots:
    void showNodes(const QStringList &ids);

private:
    void rebuild();
    void buildDesignPage(QVBoxLayout *page);
    void buildSelectionPage(QVBoxLayout *page);
    void buildNodePage(QVBoxLayout *page);
    void refreshAnalysis();
    void onGraphChanged(const volnet::GraphEvent &event);

    GraphDocument *m_document;
    QScrollArea *m_scroll;
    QStringList m_selection;
    QString m_nodeId;
    QHash<QString, ParamField *> m_fields;
    // Filled by the page in view, refreshed when the analysis changes.
    QLabel *m_designTotals = nullptr;
    QLabel *m_outputShape = nullptr;
    QLabel *m_cost = nullptr;
    QLabel *m_problems = nullptr;
};

} // namespace volnet::ui
