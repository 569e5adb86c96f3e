#include "mainwindow/template_gallery.h"

#include "graph/analysis.h"
#include "mainwindow/graph_thumbnail.h"
#include "panels/number_format.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace volnet::ui {

namespace {

const QSize kPictureSize(600, 360);
const QSize kIconSize(176, 100);

} // namespace

TemplateGallery::TemplateGallery(QWidget *parent)
    : QDialog(parent), m_templates(TemplateLibrary::all()), m_list(new QListWidget(this)), m_picture(new QLabel(this)),
      m_title(new QLabel(this)), m_description(new QLabel(this)), m_facts(new QLabel(this))
{
    setWindowTitle(tr("Open Template"));
    setObjectName(QStringLiteral("templateGallery"));

    m_list->setObjectName(QStringLiteral("templateList"));
    m_list->setIconSize(kIconSize);
    m_list->setSpacing(3);
    m_list->setMinimumWidth(kIconSize.width() + 170);
    for (const DesignTemplate &t : std::as_const(m_templates)) {
        m_pictures << GraphThumbnail::render(t.graph, kPictureSize);
        auto *item = new QListWidgetItem(
            QIcon(m_pictures.last().scaled(kIconSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)), t.name, m_list);
        item->setData(Qt::UserRole, t.name);
        item->setToolTip(t.description);
    }

    m_picture->setObjectName(QStringLiteral("templatePicture"));
    m_picture->setFixedSize(kPictureSize);
    m_picture->setFrameShape(QFrame::StyledPanel);
    m_picture->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_description->setObjectName(QStringLiteral("templateDescription"));
    m_description->setWordWrap(true);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_description->setMaximumWidth(kPictureSize.width());
    m_facts->setObjectName(QStringLiteral("templateFacts"));

    auto *details = new QVBoxLayout;
    details->addWidget(m_picture);
    details->addWidget(m_title);
    details->addWidget(m_facts);
    details->addWidget(m_description, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list);
    columns->addLayout(details, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &TemplateGallery::showCurrent);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    m_list->setCurrentRow(0);
}

QString TemplateGallery::selectedName() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void TemplateGallery::select(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row)
        if (m_list->item(row)->data(Qt::UserRole).toString() == name)
            m_list->setCurrentRow(row);
}

void TemplateGallery::showCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_templates.size())
        return;
    const DesignTemplate &t = m_templates[row];
    m_picture->setPixmap(m_pictures[row]);
    m_title->setText(t.name);
    m_description->setText(t.description);
    const Analysis analysis = analyze(t.graph);
    m_facts->setText(countOf(int64_t(t.graph.nodes().size()), tr("block"), tr("blocks")) + QStringLiteral("  ·  ") +
                     tr("%1 params").arg(withThousands(analysis.totalParams())) + QStringLiteral("  ·  ") +
                     problemCounts(analysis));
}

} // namespace volnet::ui
