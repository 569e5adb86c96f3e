#include "inspector/inspector.h"

#include "document/graph_document.h"
#include "graph/block_registry.h"
#include "inspector/param_editor.h"
#include "inspector/param_field.h"
#include "palette/category_style.h"
#include "panels/number_format.h"
#include "panels/severity_icon.h"

#include <QFormLayout>
#include <QFrame>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace volnet::ui {

namespace {

QLabel *wrapped(const QString &text, QWidget *parent, const QString &objectName = {})
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setObjectName(objectName);
    return label;
}

QLabel *title(const QString &text, QWidget *parent)
{
    QLabel *label = wrapped(text, parent, QStringLiteral("inspectorTitle"));
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.35);
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel *muted(const QString &text, QWidget *parent)
{
    QLabel *label = wrapped(text, parent);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
    return label;
}

void addSection(QVBoxLayout *page, const QString &text)
{
    auto *label = new QLabel(text.toUpper(), page->parentWidget());
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setLetterSpacing(QFont::PercentageSpacing, 108);
    label->setFont(font);
    auto *rule = new QFrame(page->parentWidget());
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Sunken);
    page->addSpacing(8);
    page->addWidget(label);
    page->addWidget(rule);
}

QFormLayout *addForm(QVBoxLayout *page)
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setVerticalSpacing(6);
    page->addLayout(form);
    return form;
}

QString problemHtml(const Diagnostic &d)
{
    const QString mark = d.severity == Severity::Error ? QStringLiteral("●") : QStringLiteral("▲");
    QString html = QStringLiteral("<p style='margin:0'><span style='color:%1'>%2</span> %3")
                       .arg(severityColor(d.severity).name(), mark, QString::fromStdString(d.message).toHtmlEscaped());
    if (!d.fix.empty())
        html += QStringLiteral("<br/><i>%1</i>").arg(QString::fromStdString(d.fix).toHtmlEscaped());
    return html + QStringLiteral("</p>");
}

} // namespace

Inspector::Inspector(GraphDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_scroll(new QScrollArea(this))
{
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    connect(m_document, &GraphDocument::graphChanged, this, &Inspector::onGraphChanged);
    connect(m_document, &GraphDocument::analysisChanged, this, &Inspector::refreshAnalysis);
    rebuild();
}

void Inspector::showNodes(const QStringList &ids)
{
    if (ids == m_selection)
        return;
    m_selection = ids;
    rebuild();
}

void Inspector::onGraphChanged(const GraphEvent &event)
{
    const QString node = QString::fromStdString(event.node);
    switch (event.kind) {
    case GraphEvent::ParamChanged:
        if (node == m_nodeId) {
            const QString name = QString::fromStdString(event.param);
            if (ParamField *f = m_fields.value(name))
                f->editor()->setValue(m_document->graph().node(event.node)->params.at(event.param));
        }
        break;
    case GraphEvent::NodeRemoved:
        if (m_selection.removeAll(node) > 0)
            rebuild();
        break;
    case GraphEvent::Reset: {
        QStringList kept;
        for (const QString &id : std::as_const(m_selection))
            if (m_document->graph().node(id.toStdString()))
                kept << id;
        m_selection = kept;
        rebuild();
        break;
    }
    default:
        break;
    }
}

void Inspector::rebuild()
{
    m_fields.clear();
    m_designTotals = m_outputShape = m_cost = m_problems = nullptr;
    m_nodeId = m_selection.size() == 1 ? m_selection.first() : QString();

    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("inspectorPage"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(4);
    if (!m_nodeId.isEmpty())
        buildNodePage(layout);
    else if (m_selection.size() > 1)
        buildSelectionPage(layout);
    else
        buildDesignPage(layout);
    layout->addStretch(1);

    // The old page may hold the widget whose signal led here: delete it later.
    if (QWidget *old = m_scroll->takeWidget())
        old->deleteLater();
    m_scroll->setWidget(page);
    refreshAnalysis();
}

void Inspector::buildDesignPage(QVBoxLayout *page)
{
    QWidget *parent = page->parentWidget();
    const GraphMeta &meta = m_document->graph().meta();
    page->addWidget(title(meta.name.empty() ? tr("Untitled design") : QString::fromStdString(meta.name), parent));
    if (!meta.description.empty())
        page->addWidget(wrapped(QString::fromStdString(meta.description), parent));
    addSection(page, tr("Design"));
    m_designTotals = wrapped(QString(), parent, QStringLiteral("designTotals"));
    page->addWidget(m_designTotals);
    addSection(page, tr("Editing"));
    page->addWidget(muted(tr("Select a block to see its shapes and edit its parameters.\n\n"
                             "Drag blocks from the palette onto the canvas, or double-click them. "
                             "Drag from a block's output port (right) to another block's input port (left) "
                             "to wire them."),
                          parent));
}

void Inspector::buildSelectionPage(QVBoxLayout *page)
{
    QWidget *parent = page->parentWidget();
    page->addWidget(title(tr("%1 blocks selected").arg(m_selection.size()), parent));
    QStringList lines;
    for (const QString &id : std::as_const(m_selection))
        if (const Node *n = m_document->graph().node(id.toStdString()))
            lines << QStringLiteral("%1 <span style='color:gray'>(%2)</span>")
                         .arg(id.toHtmlEscaped(), QString::fromStdString(n->type));
    page->addWidget(wrapped(lines.join(QStringLiteral("<br/>")), parent));
    m_designTotals = wrapped(QString(), parent, QStringLiteral("designTotals"));
    addSection(page, tr("Together"));
    page->addWidget(m_designTotals);
}

void Inspector::buildNodePage(QVBoxLayout *page)
{
    QWidget *parent = page->parentWidget();
    const Node *node = m_document->graph().node(m_nodeId.toStdString());
    const BlockSpec *spec = node ? findBlock(node->type) : nullptr;
    if (!spec)
        return;
    const QString category = QString::fromStdString(spec->category);

    page->addWidget(title(m_nodeId, parent));
    auto *kind =
        new QLabel(QStringLiteral("<span style='color:%1'>■</span> %2 · %3")
                       .arg(CategoryStyle::color(category).name(), QString::fromStdString(spec->type), category),
                   parent);
    kind->setObjectName(QStringLiteral("inspectorType"));
    page->addWidget(kind);
    page->addSpacing(4);
    page->addWidget(wrapped(QString::fromStdString(spec->summary), parent, QStringLiteral("inspectorSummary")));
    QLabel *shapes = muted(QString::fromStdString(spec->shapes), parent);
    shapes->setFont(QFont(QStringLiteral("monospace"), shapes->font().pointSize()));
    shapes->setToolTip(tr("The block's input and output shapes, without the batch axis"));
    page->addWidget(shapes);
    // Findings that no single field explains (wiring, shapes from upstream) come
    // first: they are why the user is looking at this block.
    m_problems = wrapped(QString(), parent, QStringLiteral("nodeProblems"));
    m_problems->setTextFormat(Qt::RichText);
    m_problems->setMargin(6);
    page->addSpacing(4);
    page->addWidget(m_problems);

    addSection(page, tr("Output"));
    QFormLayout *output = addForm(page);
    m_outputShape = wrapped(QString(), parent, QStringLiteral("outputShape"));
    m_cost = wrapped(QString(), parent, QStringLiteral("outputCost"));
    output->addRow(tr("Shape"), m_outputShape);
    output->addRow(tr("Cost"), m_cost);

    if (!spec->params.empty()) {
        addSection(page, tr("Parameters"));
        QFormLayout *form = addForm(page);
        for (const ParamSpec &p : spec->params) {
            ParamEditor *editor = ParamEditor::create(p);
            editor->setValue(node->params.at(p.name));
            auto *field = new ParamField(editor, parent);
            const QString name = QString::fromStdString(p.name);
            auto *label = new QLabel(name, parent);
            label->setToolTip(QString::fromStdString(p.help));
            label->setBuddy(editor);
            label->setContentsMargins(0, 5, 0, 0);
            form->addRow(label, field);
            m_fields.insert(name, field);
            connect(editor, &ParamEditor::edited, this,
                    [this, name](const ParamValue &value) { m_document->setParam(m_nodeId, name, value); });
        }
    }
}

void Inspector::refreshAnalysis()
{
    const Analysis &analysis = m_document->analysis();
    if (m_designTotals) {
        int64_t params = 0;
        int64_t flops = 0;
        int blocks = 0;
        for (const auto &[id, info] : analysis.nodes)
            if (m_selection.isEmpty() || m_selection.contains(QString::fromStdString(id))) {
                params += info.params();
                flops += info.flops;
                ++blocks;
            }
        QString text = countOf(blocks, tr("block"), tr("blocks")) + QLatin1Char('\n') +
                       tr("%1 parameters").arg(withThousands(params)) + QLatin1Char('\n') +
                       tr("%1 FLOPs per sample").arg(humanCount(flops));
        if (m_selection.isEmpty())
            text += QLatin1Char('\n') + problemCounts(analysis);
        m_designTotals->setText(text);
    }
    if (m_nodeId.isEmpty() || !m_outputShape)
        return;

    const std::string id = m_nodeId.toStdString();
    const auto it = analysis.nodes.find(id);
    const NodeAnalysis *info = it == analysis.nodes.end() ? nullptr : &it->second;
    if (info && info->output) {
        m_outputShape->setText(
            QStringLiteral("<b>%1</b><br/><span style='color:gray'>%2</span>")
                .arg(QString::fromStdString(formatWithRoles(*info->output)), kerasShape(*info->output)));
        QString cost = tr("%1 params").arg(withThousands(info->params()));
        if (info->nonTrainableParams > 0)
            cost += tr(" (%1 non-trainable)").arg(withThousands(info->nonTrainableParams));
        cost += QStringLiteral("<br/>") +
                tr("%1 FLOPs · %2 activations").arg(humanCount(info->flops), humanBytes(info->activationBytes));
        m_cost->setText(cost);
    } else {
        m_outputShape->setText(tr("<i>unknown: the inputs do not fit (see below)</i>"));
        m_cost->setText(QStringLiteral("–"));
    }

    QHash<QString, QStringList> atField;
    QHash<QString, Severity> fieldSeverity;
    QString elsewhere;
    bool elsewhereError = false;
    for (const Diagnostic &d : analysis.diagnosticsFor(id)) {
        const QString field = QString::fromStdString(d.field);
        if (!m_fields.contains(field)) {
            elsewhere += problemHtml(d);
            elsewhereError = elsewhereError || d.severity == Severity::Error;
            continue;
        }
        QString text = QString::fromStdString(d.message);
        if (!d.fix.empty())
            text += QLatin1Char(' ') + QString::fromStdString(d.fix);
        atField[field] << text;
        if (!fieldSeverity.contains(field) || d.severity == Severity::Error)
            fieldSeverity[field] = d.severity;
    }
    for (auto f = m_fields.begin(); f != m_fields.end(); ++f)
        f.value()->setProblem(fieldSeverity.value(f.key(), Severity::Error),
                              atField.value(f.key()).join(QLatin1Char('\n')));
    const QColor tint = severityColor(elsewhereError ? Severity::Error : Severity::Warning);
    m_problems->setStyleSheet(QStringLiteral("QLabel { background: %1; border: 1px solid %2; border-radius: 4px; }")
                                  .arg(tint.lighter(elsewhereError ? 185 : 175).name(), tint.name()));
    m_problems->setText(elsewhere);
    m_problems->setVisible(!elsewhere.isEmpty());
}

} // namespace volnet::ui
