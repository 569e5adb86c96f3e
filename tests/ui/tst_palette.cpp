// The block palette: every block of the registry under its category in registry
// order, a one-line tooltip each, a filter that works as you type, the drag payload
// the canvas accepts, and double-click (or Enter in the filter) to add a block.
#include "graph/block_registry.h"
#include "palette/block_palette.h"
#include "palette/palette_tree.h"

#include <QDir>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace volnet;
using namespace volnet::ui;

namespace {

QStringList visibleBlocks(const BlockPalette &palette)
{
    QStringList out;
    const QTreeWidget *tree = palette.tree();
    for (int c = 0; c < tree->topLevelItemCount(); ++c) {
        const QTreeWidgetItem *category = tree->topLevelItem(c);
        for (int i = 0; !category->isHidden() && i < category->childCount(); ++i)
            if (!category->child(i)->isHidden())
                out << category->child(i)->text(0);
    }
    return out;
}

// What a user's double-click sends: QTest::mouseDClick sends only the second press.
void doubleClick(QWidget *widget, QPoint at)
{
    QTest::mouseClick(widget, Qt::LeftButton, {}, at);
    QTest::mouseDClick(widget, Qt::LeftButton, {}, at);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, at);
}

} // namespace

class TestPalette : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_palette = std::make_unique<BlockPalette>();
        m_palette->resize(240, 700);
        m_palette->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_palette.get()));
    }

    void cleanup() { m_palette.reset(); }

    void listsEveryBlockByCategoryInRegistryOrder()
    {
        const QTreeWidget *tree = m_palette->tree();
        QStringList categories;
        for (int c = 0; c < tree->topLevelItemCount(); ++c)
            categories << tree->topLevelItem(c)->text(0);
        QCOMPARE(categories, (QStringList{"Input", "3D", "Time", "Shape", "Merge", "Recurrent", "2D", "Head"}));

        QStringList expected;
        for (const BlockSpec &spec : blockRegistry()) {
            expected << QString::fromStdString(spec.type);
            const QTreeWidgetItem *item = m_palette->itemFor(QString::fromStdString(spec.type));
            QVERIFY(item);
            QCOMPARE(item->parent()->text(0), QString::fromStdString(spec.category));
            QCOMPARE(item->toolTip(0), QString::fromStdString(spec.summary));
            QVERIFY(!item->toolTip(0).contains(QLatin1Char('\n')));
        }
        QCOMPARE(visibleBlocks(*m_palette), expected);
        const QString dir = QStringLiteral(VOLNET_BINARY_DIR "/screenshots");
        QDir().mkpath(dir);
        m_palette->grab().save(dir + QStringLiteral("/palette.png"));
    }

    void filtersAsYouTypeByNameAndSummary()
    {
        QTest::keyClicks(m_palette->filterEdit(), QStringLiteral("pool"));
        const QStringList pools = visibleBlocks(*m_palette);
        QVERIFY(pools.contains(QStringLiteral("MaxPooling3D")));
        QVERIFY(pools.contains(QStringLiteral("TemporalPooling")));
        QVERIFY(!pools.contains(QStringLiteral("Conv3D")));
        QVERIFY(!pools.contains(QStringLiteral("Input")));
        QVERIFY(m_palette->tree()->topLevelItem(0)->isHidden()); // Input: nothing matches

        m_palette->filterEdit()->clear();
        QTest::keyClicks(m_palette->filterEdit(), QStringLiteral("strongest")); // only in MaxPooling's summary
        QCOMPARE(visibleBlocks(*m_palette), (QStringList{"MaxPooling3D", "MaxPooling2D"}));

        m_palette->filterEdit()->clear();
        QCOMPARE(visibleBlocks(*m_palette).size(), int(blockRegistry().size()));
    }

    void enterInTheFilterAddsTheFirstMatch()
    {
        QSignalSpy added(m_palette.get(), &BlockPalette::blockActivated);
        QTest::keyClicks(m_palette->filterEdit(), QStringLiteral("lstm"));
        QTest::keyClick(m_palette->filterEdit(), Qt::Key_Return);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), QStringLiteral("LSTM"));
    }

    void doubleClickAddsABlock()
    {
        QSignalSpy added(m_palette.get(), &BlockPalette::blockActivated);
        QTreeWidgetItem *item = m_palette->itemFor(QStringLiteral("Conv2D"));
        m_palette->tree()->scrollToItem(item);
        const QPoint at = m_palette->tree()->visualItemRect(item).center();
        doubleClick(m_palette->tree()->viewport(), at);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), QStringLiteral("Conv2D"));

        // A category is not a block.
        const QPoint header = m_palette->tree()->visualItemRect(item->parent()).center();
        doubleClick(m_palette->tree()->viewport(), header);
        QCOMPARE(added.count(), 1);
    }

    void dragCarriesTheBlockType()
    {
        std::unique_ptr<QMimeData> data(m_palette->mimeDataFor(QStringLiteral("Conv3D")));
        QVERIFY(data);
        QVERIFY(data->hasFormat(QStringLiteral("application/x-volnet-block")));
        QCOMPARE(QString::fromUtf8(data->data(QStringLiteral("application/x-volnet-block"))), QStringLiteral("Conv3D"));
        QVERIFY(!m_palette->tree()->mimeDataFor(m_palette->tree()->topLevelItem(0)));
        QVERIFY(m_palette->itemFor(QStringLiteral("Conv3D"))->flags() & Qt::ItemIsDragEnabled);
        QVERIFY(!(m_palette->tree()->topLevelItem(0)->flags() & Qt::ItemIsDragEnabled));
    }

private:
    std::unique_ptr<BlockPalette> m_palette;
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
