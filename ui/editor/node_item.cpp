#include "editor/node_item.h"

#include "document/graph_document.h"
#include "editor/edge_item.h"
#include "editor/graph_scene.h"
#include "editor/port_item.h"
#include "panels/number_format.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include <algorithm>

namespace volnet::ui {

namespace {

using namespace canvas;

constexpr qreal kRowsTop = kHeaderHeight + 4;
constexpr qreal kBarHeight = 4;
// Header, four rows of text, the share bar and a margin under it.
constexpr qreal kMinHeight = kRowsTop + 4 * kRowHeight + 3 + kBarHeight + 9;
constexpr qreal kTextWidth = kCardWidth - 2 * kPadding;
constexpr qreal kBadgeRadius = 7;

QString fit(const QString &text, const QFont &font, qreal width)
{
    return QFontMetricsF(font).elidedText(text, Qt::ElideRight, width);
}

// `text` broken at word boundaries into at most two lines of `width`, the second elided.
QString twoLines(const QString &text, const QFont &font, qreal width)
{
    const QFontMetricsF metrics(font);
    const QStringList words = text.split(QLatin1Char(' '));
    QString first;
    int used = 0;
    for (; used < words.size(); ++used) {
        const QString longer = first.isEmpty() ? words[used] : first + QLatin1Char(' ') + words[used];
        if (metrics.horizontalAdvance(longer) > width && !first.isEmpty())
            break;
        first = longer;
    }
    const QString rest = words.mid(used).join(QLatin1Char(' '));
    first = metrics.elidedText(first, Qt::ElideRight, width);
    return rest.isEmpty() ? first : first + QLatin1Char('\n') + metrics.elidedText(rest, Qt::ElideRight, width);
}

// The coloured strip: the card's rounded top, square where it meets the body. Every
// card has the same, and intersecting paths is too slow to do in each paint.
const QPainterPath &headerShape()
{
    static const QPainterPath shape = [] {
        QPainterPath top;
        top.addRoundedRect(QRectF(0, 0, kCardWidth, kHeaderHeight + 2 * kCornerRadius), kCornerRadius, kCornerRadius);
        QPainterPath strip;
        strip.addRect(0, 0, kCardWidth, kHeaderHeight);
        return top.intersected(strip);
    }();
    return shape;
}

QFont overviewFont()
{
    QFont f = bodyFont();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    return f;
}

QString html(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

// The node's part of the model's parameters or FLOPs, 0 to 1.
double shareOf(const NodeAnalysis &info, const Analysis &analysis, ShareMetric metric)
{
    const int64_t part = metric == ShareMetric::Params ? info.params() : info.flops;
    const int64_t whole = metric == ShareMetric::Params ? analysis.totalParams() : analysis.flops;
    return whole > 0 ? double(part) / double(whole) : 0.0;
}

QString percent(double share)
{
    return share >= 0.001 || share == 0 ? QStringLiteral("%1 %").arg(share * 100, 0, 'f', 1)
                                        : QStringLiteral("< 0.1 %");
}

} // namespace

NodeItem::NodeItem(const Node &node, const BlockSpec &spec)
    : m_spec(spec), m_id(QString::fromStdString(node.id)), m_color(categoryColor(QString::fromStdString(spec.category))),
      m_height(kMinHeight), m_output(new PortItem(this, PortItem::Direction::Output, 0))
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    // Cards are redrawn only when their content changes; panning and moving reuse the pixels.
    setCacheMode(DeviceCoordinateCache);
    setZValue(1);
    setPos(node.x, node.y);
    m_typeText = QString::fromStdString(spec.type);
    m_idText = fit(m_id, smallFont(), kTextWidth);
    layoutPorts();
}

NodeItem::~NodeItem()
{
    // Wires go with their nodes; each one unhooks itself from the other end.
    const auto edges = m_edges;
    for (EdgeItem *edge : edges)
        delete edge;
}

void NodeItem::syncNode(const Graph &graph)
{
    const Node *node = graph.node(m_id.toStdString());
    const QString label = m_spec.label ? fit(QString::fromStdString(m_spec.label(*node)), bodyFont(), kTextWidth) : QString();
    if (label != m_label) {
        m_label = label;
        update();
    }
    const auto inputs = graph.inputsOf(node->id);
    setInputCount(int(inputs.size()));
    for (size_t i = 0; i < inputs.size(); ++i)
        m_inputs[i]->setConnected(inputs[i].has_value());
    m_output->setConnected(!graph.consumersOf(node->id).empty());
}

void NodeItem::syncAnalysis(const Analysis &analysis, ShareMetric metric)
{
    const std::string id = m_id.toStdString();
    const auto found = analysis.nodes.find(id);
    const NodeAnalysis *info = found == analysis.nodes.end() ? nullptr : &found->second;
    const TensorInfo *output = info && info->output ? &*info->output : nullptr;
    const std::vector<Diagnostic> diagnostics = analysis.diagnosticsFor(id);

    Content c;
    for (const Diagnostic &d : diagnostics)
        if (d.severity == Severity::Error)
            c.state = State::Error;
        else if (c.state == State::Ok)
            c.state = State::Warning;
    // Fitting text to the card shapes it, which costs more than the rest of this
    // function: only a changed text is fitted again.
    QString problem;
    QString shape;
    if (c.state == State::Error)
        problem = QString::fromStdString(
            std::find_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) {
                return d.severity == Severity::Error;
            })->message);
    else if (output)
        shape = QString::fromStdString(formatWithRoles(*output));
    if (problem != m_problemText) {
        m_problemText = problem;
        m_fittedProblem = twoLines(problem, bodyFont(), kTextWidth);
    }
    if (shape != m_shapeText) {
        m_shapeText = shape;
        m_fittedShape = fit(shape, bodyFont(), kTextWidth);
    }
    c.problem = problem.isEmpty() ? QString() : m_fittedProblem;
    c.shape = shape.isEmpty() ? QString() : m_fittedShape;
    if (c.state != State::Error && output) {
        const double share = shareOf(*info, analysis, metric);
        c.params = QObject::tr("%1 params").arg(withThousands(info->params()));
        c.share = share > 0 ? percent(share) : QString();
        c.shareWidth = qRound(share * kTextWidth);
    }
    if (!(c == m_content)) {
        m_content = c;
        update();
    }
}

QString NodeItem::toolTipText() const
{
    const auto *graphScene = qobject_cast<GraphScene *>(scene());
    if (!graphScene)
        return {};
    const Analysis &analysis = graphScene->document()->analysis();
    const ShareMetric metric = graphScene->shareMetric();
    const std::string id = m_id.toStdString();
    const auto found = analysis.nodes.find(id);
    QString tip = QStringLiteral("<b>%1</b> %2<br>%3").arg(m_typeText, m_id, html(m_spec.summary));
    if (found != analysis.nodes.end() && found->second.output) {
        const NodeAnalysis &info = found->second;
        tip += QObject::tr("<br>Output: %1 &nbsp; %2")
                   .arg(html(formatWithRoles(*info.output)), kerasShape(*info.output).toHtmlEscaped());
        tip += QObject::tr("<br>Parameters: %1 &nbsp; FLOPs: %2 &nbsp; %3 of the model's %4")
                   .arg(withThousands(info.params()), humanCount(info.flops),
                        percent(shareOf(info, analysis, metric)),
                        metric == ShareMetric::Params ? QObject::tr("parameters") : QObject::tr("FLOPs"));
    }
    for (const Diagnostic &d : analysis.diagnosticsFor(id)) {
        const bool error = d.severity == Severity::Error;
        tip += QStringLiteral("<hr><b style=\"color:%1\">%2</b>: %3")
                   .arg((error ? errorColor() : warningColor().darker(130)).name(),
                        error ? QObject::tr("Error") : QObject::tr("Warning"), html(d.message));
        if (!d.fix.empty())
            tip += QStringLiteral("<br><i>%1</i> %2").arg(QObject::tr("Fix:"), html(d.fix));
    }
    return tip;
}

QString NodeItem::portToolTip(const PortItem *port) const
{
    const auto *graphScene = qobject_cast<GraphScene *>(scene());
    if (!graphScene)
        return {};
    const Graph &graph = graphScene->document()->graph();
    const Analysis &analysis = graphScene->document()->analysis();
    const auto shapeOf = [&](const std::string &id) {
        const auto found = analysis.nodes.find(id);
        return found != analysis.nodes.end() && found->second.output
                   ? QString::fromStdString(formatWithRoles(*found->second.output))
                   : QString();
    };
    if (!port->isInput()) {
        const QString shape = shapeOf(m_id.toStdString());
        return shape.isEmpty() ? QObject::tr("Output: drag to an input to wire it")
                               : QObject::tr("Output %1: drag to an input to wire it").arg(shape);
    }
    const auto inputs = graph.inputsOf(m_id.toStdString());
    const size_t i = size_t(port->index());
    if (i >= inputs.size() || !inputs[i])
        return QObject::tr("Input %1: free, drag a wire here").arg(i + 1);
    const QString shape = shapeOf(*inputs[i]);
    return QObject::tr("Input %1 from %2%3: drag to move or remove the wire")
        .arg(i + 1)
        .arg(QString::fromStdString(*inputs[i]), shape.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(shape));
}

PortItem *NodeItem::inputPort(int port) const
{
    return port >= 0 && port < inputCount() ? m_inputs[size_t(port)] : nullptr;
}

void NodeItem::attach(EdgeItem *edge)
{
    m_edges.append(edge);
}

void NodeItem::detach(EdgeItem *edge)
{
    m_edges.removeOne(edge);
}

void NodeItem::setInputCount(int count)
{
    if (count == inputCount())
        return;
    while (inputCount() > count) {
        delete m_inputs.back();
        m_inputs.pop_back();
    }
    while (inputCount() < count)
        m_inputs.push_back(new PortItem(this, PortItem::Direction::Input, inputCount()));
    layoutPorts();
}

void NodeItem::layoutPorts()
{
    const qreal height = qMax(kMinHeight, kHeaderHeight + 12 + inputCount() * kPortSpacing);
    if (height != m_height) {
        prepareGeometryChange();
        m_height = height;
    }
    const qreal middle = kHeaderHeight + (m_height - kHeaderHeight) / 2;
    for (int i = 0; i < inputCount(); ++i)
        m_inputs[size_t(i)]->setPos(0, middle + (i - (inputCount() - 1) / 2.0) * kPortSpacing);
    m_output->setPos(kCardWidth, middle);
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->adjust();
}

QRectF NodeItem::boundingRect() const
{
    // The selection ring and the drop shadow reach outside the card.
    return cardRect().adjusted(-4, -4, 4, 5);
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal detail = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF card = cardRect();
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(15, 23, 42, 24));
    painter->drawRoundedRect(card.translated(0, 2), kCornerRadius, kCornerRadius);
    if (isSelected()) {
        painter->setPen(QPen(selection(), 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-2.5, -2.5, 2.5, 2.5), kCornerRadius + 2, kCornerRadius + 2);
    }

    QPen border(cardBorder(), 1);
    if (m_content.state == State::Error)
        border = QPen(errorColor(), 2);
    else if (m_content.state == State::Warning)
        border = QPen(warningColor(), 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(cardFill());
    painter->drawRoundedRect(card, kCornerRadius, kCornerRadius);

    painter->setBrush(m_color);
    painter->drawPath(headerShape());

    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(card, kCornerRadius, kCornerRadius);

    const bool badge = m_content.state != State::Ok;
    if (badge) {
        // A white disc reads on every category's colour; the mark carries the severity.
        const QColor severity = m_content.state == State::Error ? errorColor() : warningColor().darker(140);
        const QPointF centre(kCardWidth - kPadding - kBadgeRadius + 2, kHeaderHeight / 2);
        painter->setPen(QPen(severity, 1.5));
        painter->setBrush(Qt::white);
        painter->drawEllipse(centre, kBadgeRadius, kBadgeRadius);
        painter->setFont(headerFont());
        painter->setPen(severity);
        painter->drawText(QRectF(centre.x() - kBadgeRadius, centre.y() - kBadgeRadius, 2 * kBadgeRadius,
                                 2 * kBadgeRadius),
                          Qt::AlignCenter, QStringLiteral("!"));
    }
    if (detail < 0.25)
        return; // too small to read: colour and outline are what the eye uses

    // Below 60 % the body text is too small to read: the card shows its type and its
    // shape, larger, which is what a user scanning a whole design reads.
    const bool overview = detail < 0.6;
    QFont headerText = headerFont();
    if (overview)
        headerText.setPointSizeF(headerText.pointSizeF() * 1.25);
    const qreal headerTextWidth = kTextWidth - (badge ? 2 * kBadgeRadius + 4 : 0);
    painter->setFont(headerText);
    painter->setPen(textOn(m_color));
    painter->drawText(QRectF(kPadding, 0, headerTextWidth, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft,
                      fit(m_typeText, headerText, headerTextWidth));

    const QRectF bar(kPadding, kRowsTop + 4 * kRowHeight + 3, kTextWidth, kBarHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xe5, 0xe7, 0xeb));
    painter->drawRoundedRect(bar, 2, 2);
    if (m_content.shareWidth > 0) {
        painter->setBrush(m_color);
        painter->drawRoundedRect(QRectF(bar.topLeft(), QSizeF(qMax(3, m_content.shareWidth), kBarHeight)), 2, 2);
    }

    const auto rows = [](int first, int count) {
        return QRectF(kPadding, kRowsTop + first * kRowHeight, kTextWidth, count * kRowHeight);
    };
    const int flags = Qt::AlignVCenter | Qt::AlignLeft;
    if (overview) {
        const bool problem = !m_content.problem.isEmpty();
        const QString text = problem                   ? QObject::tr("error")
                             : m_content.shape.isEmpty() ? QStringLiteral("—")
                                                         : m_content.shape;
        painter->setFont(overviewFont());
        painter->setPen(problem ? errorColor() : m_content.shape.isEmpty() ? secondaryText() : shapeText());
        painter->drawText(rows(0, 4), Qt::AlignCenter, fit(text, overviewFont(), kTextWidth));
        return;
    }

    painter->setFont(smallFont());
    painter->setPen(secondaryText());
    painter->drawText(rows(0, 1), flags, m_idText);
    painter->setFont(bodyFont());
    painter->setPen(primaryText());
    painter->drawText(rows(1, 1), flags, m_label);
    if (!m_content.problem.isEmpty()) {
        painter->setPen(errorColor());
        painter->drawText(rows(2, 2), flags, m_content.problem);
        return;
    }
    if (m_content.shape.isEmpty()) {
        QFont unknown = bodyFont();
        unknown.setItalic(true);
        painter->setFont(unknown);
        painter->setPen(secondaryText());
        painter->drawText(rows(2, 1), flags, fit(QObject::tr("no shape: fix upstream"), unknown, kTextWidth));
        return;
    }
    painter->setPen(shapeText());
    painter->drawText(rows(2, 1), flags, m_content.shape);
    painter->setFont(smallFont());
    painter->setPen(secondaryText());
    painter->drawText(rows(3, 1), flags, m_content.params);
    painter->drawText(rows(3, 1), Qt::AlignVCenter | Qt::AlignRight, m_content.share);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    switch (change) {
    case ItemPositionChange:
        if (auto *graphScene = qobject_cast<GraphScene *>(scene()); graphScene && graphScene->isDraggingNodes()) {
            const QPointF p = value.toPointF();
            return QPointF(qRound(p.x() / kGrid) * kGrid, qRound(p.y() / kGrid) * kGrid);
        }
        break;
    case ItemPositionHasChanged:
        for (EdgeItem *edge : std::as_const(m_edges))
            edge->adjust();
        break;
    case ItemSelectedHasChanged:
        for (EdgeItem *edge : std::as_const(m_edges))
            edge->update();
        break;
    default:
        break;
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace volnet::ui
