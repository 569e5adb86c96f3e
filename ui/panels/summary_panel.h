#pragma once
// The `volnet summary` table, live: one row per block with its output shape and axis
// roles, parameters, FLOPs and activation memory, then the totals as Keras prints them.
#include <QStringList>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace volnet::ui {

class GraphDocument;

class SummaryPanel : public QWidget {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        TypeColumn,
        ShapeColumn,
        AxesColumn,
        ParamsColumn,
        FlopsColumn,
        MemoryColumn,
        InputsColumn,
        ColumnCount
    };

    explicit SummaryPanel(GraphDocument *document, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    // "Total params: 1,532,485 · Trainable params: … · Non-trainable params: …"
    QString totalsText() const;

public slots:
    // Follows the canvas: highlights the rows of the selected blocks.
    void showSelection(const QStringList &ids);

signals:
    void nodeClicked(const QString &id);

private:
    void rebuild();
    void addTotalsRow();
    void emitCurrent();

    GraphDocument *m_document;
    QTableWidget *m_table;
    QLabel *m_totals;
    QStringList m_selection;
    bool m_updating = false;
};

} // namespace volnet::ui
