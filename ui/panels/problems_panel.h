#pragma once
// Every finding of the analysis, errors first: where (block, field), what and what to
// do about it. Clicking one takes the canvas to its block.
#include <QWidget>

class QTableWidget;

namespace volnet::ui {

class GraphDocument;

class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { NodeColumn, FieldColumn, MessageColumn, FixColumn, ColumnCount };

    explicit ProblemsPanel(GraphDocument *document, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

signals:
    void nodeClicked(const QString &id);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void fitColumns();

    GraphDocument *m_document;
    QTableWidget *m_table;
};

} // namespace volnet::ui
