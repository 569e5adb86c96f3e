#include "panels/problems_panel.h"

#include "document/graph_document.h"
#include "panels/severity_icon.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace volnet::ui {

namespace {

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
    return item;
}

} // namespace

ProblemsPanel::ProblemsPanel(GraphDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("problemsTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Block"), tr("Field"), tr("Problem"), tr("Fix")});
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(NodeColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FieldColumn, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);

    const auto activate = [this](int row) {
        const QTableWidgetItem *item = m_table->item(row, NodeColumn);
        const QString id = item ? item->data(Qt::UserRole).toString() : QString();
        if (!id.isEmpty())
            emit nodeClicked(id);
    };
    connect(m_table, &QTableWidget::cellClicked, this, activate);
    connect(m_table, &QTableWidget::cellActivated, this, activate);
    // Wrapped messages need taller rows when their column narrows.
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, m_table, &QTableWidget::resizeRowsToContents);
    connect(m_document, &GraphDocument::analysisChanged, this, &ProblemsPanel::rebuild);
    rebuild();
}

void ProblemsPanel::rebuild()
{
    std::vector<Diagnostic> findings = m_document->analysis().diagnostics;
    std::stable_sort(findings.begin(), findings.end(), [](const Diagnostic &a, const Diagnostic &b) {
        return a.severity == Severity::Error && b.severity != Severity::Error;
    });
    m_table->clearContents();
    m_table->setRowCount(int(std::max<size_t>(findings.size(), 1)));
    if (findings.empty()) {
        auto *none = cell(tr("No problems: every block's shapes fit."));
        none->setFlags(Qt::NoItemFlags);
        m_table->setItem(0, MessageColumn, none);
    }
    int row = 0;
    for (const Diagnostic &d : findings) {
        const QString node = QString::fromStdString(d.node);
        auto *where = cell(node.isEmpty() ? tr("(design)") : node);
        where->setIcon(severityIcon(d.severity));
        where->setData(Qt::UserRole, node);
        where->setToolTip(QString::fromLatin1(severityName(d.severity)) + QLatin1String(": ") +
                          QString::fromStdString(d.code));
        m_table->setItem(row, NodeColumn, where);
        m_table->setItem(row, FieldColumn, cell(QString::fromStdString(d.field)));
        m_table->setItem(row, MessageColumn, cell(QString::fromStdString(d.message)));
        m_table->setItem(row, FixColumn, cell(QString::fromStdString(d.fix)));
        ++row;
    }
    fitColumns();
}

void ProblemsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

void ProblemsPanel::fitColumns()
{
    // The message and the fix share what the block and field columns leave, so that
    // long messages wrap instead of running off to the right.
    const QHeaderView *header = m_table->horizontalHeader();
    const int rest = m_table->viewport()->width() - header->sectionSize(NodeColumn) - header->sectionSize(FieldColumn);
    m_table->setColumnWidth(MessageColumn, std::max(200, rest * 3 / 5));
    m_table->resizeRowsToContents();
}

} // namespace volnet::ui
