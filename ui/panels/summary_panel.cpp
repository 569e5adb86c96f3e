#include "panels/summary_panel.h"

#include "document/graph_document.h"
#include "panels/number_format.h"
#include "panels/severity_icon.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace volnet::ui {

namespace {

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SummaryPanel::SummaryPanel(GraphDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_table(new QTableWidget(this)), m_totals(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("summaryTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Layer"), tr("Type"), tr("Output shape"), tr("Axes"), tr("Param #"),
                                        tr("FLOPs"), tr("Activations"), tr("Connected to")});
    m_table->horizontalHeaderItem(ParamsColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->horizontalHeaderItem(FlopsColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->horizontalHeaderItem(MemoryColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->horizontalHeaderItem(AxesColumn)
        ->setToolTip(
            tr("The role of each axis: T time, D depth, H and W image rows and columns, C channels, F features; "
               "a merged axis joins roles with ·"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setMinimumSectionSize(fontMetrics().height() + 4);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);

    m_totals->setObjectName(QStringLiteral("summaryTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setContentsMargins(6, 2, 6, 4);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_table);
    layout->addWidget(m_totals);

    connect(m_table, &QTableWidget::cellClicked, this, [this] { emitCurrent(); });
    connect(m_table, &QTableWidget::currentCellChanged, this, [this] {
        if (!m_updating)
            emitCurrent();
    });
    connect(m_document, &GraphDocument::analysisChanged, this, &SummaryPanel::rebuild);
    rebuild();
}

QString SummaryPanel::totalsText() const
{
    return m_totals->text();
}

void SummaryPanel::rebuild()
{
    const Graph &graph = m_document->graph();
    const Analysis &analysis = m_document->analysis();
    m_updating = true;
    m_table->setRowCount(0);
    m_table->setRowCount(int(graph.nodes().size()));
    int row = 0;
    for (const Node &node : graph.nodes()) {
        const auto it = analysis.nodes.find(node.id);
        const NodeAnalysis *info = it == analysis.nodes.end() ? nullptr : &it->second;
        const bool known = info && info->output;
        const QString id = QString::fromStdString(node.id);

        auto *layer = cell(id);
        layer->setData(Qt::UserRole, id);
        const auto findings = analysis.diagnosticsFor(node.id);
        if (!findings.empty()) {
            const bool error = std::any_of(findings.begin(), findings.end(),
                                           [](const Diagnostic &d) { return d.severity == Severity::Error; });
            layer->setIcon(severityIcon(error ? Severity::Error : Severity::Warning));
            layer->setToolTip(QString::fromStdString(findings.front().message));
        }
        QStringList inputs;
        for (const auto &producer : graph.inputsOf(node.id))
            if (producer)
                inputs << QString::fromStdString(*producer);

        m_table->setItem(row, LayerColumn, layer);
        m_table->setItem(row, TypeColumn, cell(QString::fromStdString(node.type)));
        m_table->setItem(row, ShapeColumn, cell(known ? kerasShape(*info->output) : QStringLiteral("?")));
        m_table->setItem(row, AxesColumn, cell(known ? axisRoles(*info->output) : QString()));
        m_table->setItem(row, ParamsColumn, cell(known ? withThousands(info->params()) : QStringLiteral("?"), true));
        m_table->setItem(row, FlopsColumn, cell(known ? humanCount(info->flops) : QStringLiteral("?"), true));
        m_table->setItem(row, MemoryColumn,
                         cell(known ? humanBytes(info->activationBytes) : QStringLiteral("?"), true));
        m_table->setItem(row, InputsColumn, cell(inputs.join(QLatin1String(", "))));
        ++row;
    }
    addTotalsRow();
    m_totals->setText(tr("Total params: %1  ·  Trainable params: %2  ·  Non-trainable params: %3")
                          .arg(withThousands(analysis.totalParams()), withThousands(analysis.trainableParams),
                               withThousands(analysis.nonTrainableParams)));
    m_updating = false;
    showSelection(m_selection);
}

void SummaryPanel::addTotalsRow()
{
    const Analysis &analysis = m_document->analysis();
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QString cells[ColumnCount] = {tr("Total"),
                                        QString(),
                                        QString(),
                                        QString(),
                                        withThousands(analysis.totalParams()),
                                        humanCount(analysis.flops),
                                        humanBytes(analysis.activationBytes),
                                        QString()};
    for (int c = 0; c < ColumnCount; ++c) {
        auto *item = cell(cells[c], c == ParamsColumn || c == FlopsColumn || c == MemoryColumn);
        // The totals are a footer, not a block: they cannot be selected.
        item->setFlags(Qt::ItemIsEnabled);
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
        m_table->setItem(row, c, item);
    }
}

void SummaryPanel::showSelection(const QStringList &ids)
{
    m_selection = ids;
    const bool wasUpdating = m_updating;
    m_updating = true;
    m_table->clearSelection();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *item = m_table->item(row, LayerColumn);
        if (!ids.contains(item->data(Qt::UserRole).toString()))
            continue;
        m_table->selectionModel()->select(m_table->model()->index(row, LayerColumn),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
        m_table->scrollToItem(item);
    }
    m_updating = wasUpdating;
}

void SummaryPanel::emitCurrent()
{
    const QTableWidgetItem *item = m_table->item(m_table->currentRow(), LayerColumn);
    const QString id = item ? item->data(Qt::UserRole).toString() : QString();
    if (!id.isEmpty())
        emit nodeClicked(id);
}

} // namespace volnet::ui
