// A long, seeded, random editing session through GraphDocument's public edits, then
// undone step by step back to the start and redone to the end: the file text must
// match what it was at every step, byte for byte.
#include "document/graph_document.h"
#include "graph/block_registry.h"
#include "graph/graph_json.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

using namespace volnet;
using namespace volnet::ui;

namespace {

class Session {
public:
    Session(GraphDocument &doc, quint32 seed) : m_doc(doc), m_random(seed) {}

    // One user edit of a random kind; returns its kind, for the tally.
    QString edit()
    {
        switch (m_random.bounded(8)) {
        case 0: return add();
        case 1: return remove();
        case 2:
        case 3: return connect();
        case 4: return disconnect();
        case 5: return move();
        case 6: return param();
        default: return paste();
        }
    }

private:
    QStringList ids() const
    {
        QStringList out;
        for (const Node &n : m_doc.graph().nodes())
            out << QString::fromStdString(n.id);
        return out;
    }

    QString pick(const QStringList &from) { return from.at(m_random.bounded(int(from.size()))); }

    QStringList some(int most)
    {
        QStringList chosen;
        const QStringList all = ids();
        for (int i = 1 + m_random.bounded(most); i > 0 && !all.isEmpty(); --i)
            if (const QString id = pick(all); !chosen.contains(id))
                chosen << id;
        return chosen;
    }

    QPointF somewhere() { return QPointF(m_random.bounded(3000), m_random.bounded(1500)); }

    QString add()
    {
        const auto &blocks = blockRegistry();
        m_doc.addNode(QString::fromStdString(blocks[m_random.bounded(int(blocks.size()))].type), somewhere());
        return "add";
    }

    QString remove()
    {
        if (m_doc.graph().nodes().size() < 4)
            return add();
        m_doc.removeNodes(some(3));
        return "remove";
    }

    QString connect()
    {
        if (m_doc.graph().nodes().size() < 2)
            return add();
        const QString from = pick(ids());
        const QString to = pick(ids());
        const int ports = m_doc.graph().portCount(to.toStdString());
        m_doc.connectPorts(from, to, ports > 0 ? m_random.bounded(ports) : 0); // may be refused
        return "connect";
    }

    QString disconnect()
    {
        const auto &edges = m_doc.graph().edges();
        if (edges.empty())
            return connect();
        const Edge e = edges[m_random.bounded(int(edges.size()))];
        m_doc.disconnectPort(QString::fromStdString(e.to), e.port);
        return "disconnect";
    }

    QString move()
    {
        QHash<QString, QPointF> positions;
        for (const QString &id : some(4))
            positions[id] = somewhere();
        m_doc.moveNodes(positions);
        return "move";
    }

    ParamValue randomValue(const ParamSpec &p)
    {
        switch (p.kind) {
        case ParamKind::Int: return int64_t(p.minValue) + m_random.bounded(64);
        case ParamKind::Float: return p.minValue + m_random.generateDouble() * std::min(1.0, p.maxValue - p.minValue);
        case ParamKind::Bool: return m_random.bounded(2) == 1;
        case ParamKind::Choice: return p.choices[m_random.bounded(int(p.choices.size()))];
        case ParamKind::IntTuple: {
            IntTuple t(size_t(p.minLength + m_random.bounded(p.maxLength - p.minLength + 1)));
            for (auto &v : t)
                v = 1 + m_random.bounded(4);
            return t;
        }
        }
        return {};
    }

    QString param()
    {
        if (m_doc.graph().nodes().empty())
            return add();
        const Node node = *m_doc.graph().node(pick(ids()).toStdString());
        const BlockSpec &spec = *findBlock(node.type);
        if (spec.params.empty())
            return move();
        const ParamSpec &p = spec.params[m_random.bounded(int(spec.params.size()))];
        // Sometimes a burst of edits of one field, as typing makes.
        for (int i = 1 + (m_random.bounded(3) == 0 ? m_random.bounded(4) : 0); i > 0; --i)
            m_doc.setParam(QString::fromStdString(node.id), QString::fromStdString(p.name), randomValue(p));
        return "param";
    }

    QString paste()
    {
        if (m_doc.graph().nodes().empty())
            return add();
        m_doc.pasteJson(m_doc.copyJson(some(4)), QPointF(40, 40));
        return "paste";
    }

    GraphDocument &m_doc;
    QRandomGenerator m_random;
};

} // namespace

class TestDocumentHistory : public QObject {
    Q_OBJECT
private slots:
    void randomSessionUndoesAndRedoesExactly_data();
    void randomSessionUndoesAndRedoesExactly();
};

void TestDocumentHistory::randomSessionUndoesAndRedoesExactly_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QString>("start");
    QTest::newRow("pooling, seed 1") << quint32(1) << "pooling";
    QTest::newRow("seed_concat, seed 20240") << quint32(20240) << "seed_concat";
    QTest::newRow("empty, seed 7") << quint32(7) << QString();
}

void TestDocumentHistory::randomSessionUndoesAndRedoesExactly()
{
    QFETCH(quint32, seed);
    QFETCH(QString, start);
    GraphDocument doc;
    if (!start.isEmpty()) {
        QString error;
        QVERIFY2(doc.load(QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/%1.json").arg(start), &error),
                 qPrintable(error));
    }
    QUndoStack *stack = doc.undoStack();
    // The text of the design at each index of the undo stack; merged edits overwrite.
    std::map<int, std::string> atIndex{{0, graphToJson(doc.graph())}};
    std::map<QString, int> tally;
    Session session(doc, seed);
    for (int i = 0; i < 500; ++i) {
        ++tally[session.edit()];
        QCOMPARE(stack->index(), stack->count()); // an edit never leaves a redo branch
        atIndex[stack->index()] = graphToJson(doc.graph());
    }
    const std::string end = graphToJson(doc.graph());
    for (const auto &[kind, count] : tally)
        QVERIFY2(count > 20, qPrintable(QStringLiteral("only %1 edits of kind %2").arg(count).arg(kind)));
    QVERIFY2(stack->count() > 300, qPrintable(QString::number(stack->count())));

    while (stack->canUndo()) {
        stack->undo();
        QVERIFY2(graphToJson(doc.graph()) == atIndex.at(stack->index()),
                 qPrintable(QStringLiteral("undo to step %1 of %2").arg(stack->index()).arg(stack->count())));
    }
    QCOMPARE(graphToJson(doc.graph()), atIndex.at(0));
    QVERIFY(!doc.isModified());
    while (stack->canRedo()) {
        stack->redo();
        QVERIFY2(graphToJson(doc.graph()) == atIndex.at(stack->index()),
                 qPrintable(QStringLiteral("redo to step %1").arg(stack->index())));
    }
    QCOMPARE(graphToJson(doc.graph()), end);
    // The analysis follows the graph through all of it.
    QCOMPARE(doc.analysis().order, analyze(doc.graph()).order);
    QCOMPARE(doc.analysis().diagnostics.size(), analyze(doc.graph()).diagnostics.size());
}

QTEST_GUILESS_MAIN(TestDocumentHistory)
#include "tst_document_history.moc"
