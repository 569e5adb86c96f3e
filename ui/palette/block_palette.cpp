#include "palette/block_palette.h"

#include "graph/block_registry.h"
#include "palette/category_style.h"
#include "palette/palette_tree.h"

#include <QLineEdit>
#include <QVBoxLayout>

namespace volnet::ui {

BlockPalette::BlockPalette(QWidget *parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_tree(new PaletteTree(this))
{
    m_filter->setObjectName(QStringLiteral("paletteFilter"));
    m_filter->setPlaceholderText(tr("Filter blocks…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Type part of a block's name or description; Enter adds the first match"));
    m_tree->setObjectName(QStringLiteral("paletteTree"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);

    populate();
    connect(m_filter, &QLineEdit::textChanged, this, &BlockPalette::setFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &BlockPalette::activateFirstVisible);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString type = item->data(0, PaletteTree::TypeRole).toString();
        if (!type.isEmpty())
            emit blockActivated(type);
    });
}

void BlockPalette::populate()
{
    QTreeWidgetItem *category = nullptr;
    for (const BlockSpec &spec : blockRegistry()) {
        const QString name = QString::fromStdString(spec.category);
        if (!category || category->text(0) != name) {
            category = new QTreeWidgetItem(m_tree, {name});
            category->setFlags(Qt::ItemIsEnabled);
            category->setToolTip(0, CategoryStyle::description(name));
            QFont font = category->font(0);
            font.setBold(true);
            category->setFont(0, font);
            category->setExpanded(true);
        }
        const QString type = QString::fromStdString(spec.type);
        const QString summary = QString::fromStdString(spec.summary);
        auto *item = new QTreeWidgetItem(category, {type});
        item->setData(0, PaletteTree::TypeRole, type);
        item->setIcon(0, CategoryStyle::icon(name));
        item->setToolTip(0, summary);
        item->setStatusTip(0, summary);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
}

QTreeWidgetItem *BlockPalette::itemFor(const QString &type) const
{
    for (int c = 0; c < m_tree->topLevelItemCount(); ++c) {
        QTreeWidgetItem *category = m_tree->topLevelItem(c);
        for (int i = 0; i < category->childCount(); ++i)
            if (category->child(i)->data(0, PaletteTree::TypeRole).toString() == type)
                return category->child(i);
    }
    return nullptr;
}

QMimeData *BlockPalette::mimeDataFor(const QString &type) const
{
    return m_tree->mimeDataFor(itemFor(type));
}

void BlockPalette::setFilter(const QString &text)
{
    const QString needle = text.trimmed();
    for (int c = 0; c < m_tree->topLevelItemCount(); ++c) {
        QTreeWidgetItem *category = m_tree->topLevelItem(c);
        const bool categoryMatches = category->text(0).contains(needle, Qt::CaseInsensitive);
        int visible = 0;
        for (int i = 0; i < category->childCount(); ++i) {
            QTreeWidgetItem *item = category->child(i);
            const bool match = needle.isEmpty() || categoryMatches ||
                               item->text(0).contains(needle, Qt::CaseInsensitive) ||
                               item->toolTip(0).contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            visible += match ? 1 : 0;
        }
        category->setHidden(visible == 0);
        // A filter shows every match, even in a category the user had folded.
        if (!needle.isEmpty() && visible > 0)
            category->setExpanded(true);
    }
}

void BlockPalette::activateFirstVisible()
{
    for (int c = 0; c < m_tree->topLevelItemCount(); ++c) {
        const QTreeWidgetItem *category = m_tree->topLevelItem(c);
        for (int i = 0; !category->isHidden() && i < category->childCount(); ++i)
            if (!category->child(i)->isHidden()) {
                emit blockActivated(category->child(i)->data(0, PaletteTree::TypeRole).toString());
                return;
            }
    }
}

} // namespace volnet::ui
