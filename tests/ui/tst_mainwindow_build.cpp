// The editor's acceptance: a user builds the seed document's Strategy 1 from an empty
// canvas with palette drops, wires drawn port to port with the mouse and parameters
// typed into the inspector, and gets the template exactly, with Keras's parameter
// count in the summary; then opens Strategy 2, sees why its Concatenate fails, and
// fixes it in the inspector.
#include "document/graph_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/node_item.h"
#include "editor/port_item.h"
#include "graph/graph_json.h"
#include "inspector/inspector.h"
#include "inspector/param_field.h"
#include "inspector/scalar_editors.h"
#include "inspector/tuple_editors.h"
#include "mainwindow/dialog_service.h"
#include "mainwindow/document_files.h"
#include "mainwindow/main_window.h"
#include "palette/block_palette.h"
#include "panels/problems_panel.h"
#include "panels/summary_panel.h"

#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace volnet;
using namespace volnet::ui;

namespace {

// No dialog may appear in these scenarios; each one that does is a failure.
class NoDialogs : public DialogService {
public:
    void showError(QWidget *, const QString &, const QString &text) override { unexpected << text; }
    SaveChoice askToSave(QWidget *, const QString &name) override
    {
        unexpected << name;
        return SaveChoice::Discard;
    }
    bool ask(QWidget *, const QString &, const QString &text, const QString &) override
    {
        unexpected << text;
        return false;
    }
    QString openFileName(QWidget *, const QString &, const QString &) override { return openAnswer; }
    QString saveFileName(QWidget *, const QString &, const QString &) override { return {}; }
    int exec(QDialog *) override { return QDialog::Rejected; }

    QStringList unexpected;
    QString openAnswer;
};

QString templatePath(const char *name)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/resources/templates/") + QLatin1String(name) + QStringLiteral(".json");
}

// Positions mean nothing to the model: compare what the design computes.
std::vector<Node> withoutPositions(std::vector<Node> nodes)
{
    for (Node &n : nodes)
        n.x = n.y = 0;
    return nodes;
}

void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(VOLNET_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    QCoreApplication::processEvents(); // pending layouts, as a user's screen has them
    widget->grab().save(dir + QLatin1Char('/') + name);
}

} // namespace

class TestMainWindowBuild : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("VolNetTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow_build"));
    }

    void init()
    {
        m_dialogs = std::make_unique<NoDialogs>();
        m_window = std::make_unique<MainWindow>(m_dialogs.get());
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->resetLayout();
        QCoreApplication::processEvents();
    }

    void cleanup()
    {
        QVERIFY2(m_dialogs->unexpected.isEmpty(), qPrintable(m_dialogs->unexpected.join(QLatin1Char('\n'))));
        m_window.reset();
        m_dialogs.reset();
    }

    void buildsSeedPoolingFromAnEmptyCanvas()
    {
        QTest::keySequence(m_window.get(), QKeySequence::New);
        QVERIFY(m_window->document()->graph().nodes().empty());
        const QSize area = m_window->view()->viewport()->size();
        QVERIFY2(area.width() > 4 * 190 && area.height() > 3 * 140, "the canvas is too small for a 4 × 3 grid");

        // A snake of 4 columns and 3 rows, each block dropped where its card goes.
        const auto spot = [&](int i) {
            return QPoint(area.width() * (1 + 2 * (i % 4)) / 8, area.height() * (1 + 2 * (i / 4)) / 6);
        };
        QString previous;
        int index = 0;
        const auto place = [&](const char *type, auto &&edit) {
            const QString id = drop(QString::fromLatin1(type), spot(index++));
            QVERIFY2(!id.isEmpty(), type);
            QCOMPARE(m_window->inspector()->nodeId(), id);
            // Parameters first: the canvas refuses a wire whose shapes the block cannot
            // take, such as the 2-frame Reshape into a Conv2D with 'valid' padding.
            edit();
            if (!previous.isEmpty())
                wire(previous, id);
            previous = id;
        };
        const auto none = [] {};
        const auto conv = [&](const char *filters) {
            return [this, filters] {
                retype(intEditor("filters"), QString::fromLatin1(filters));
                choose("padding", QStringLiteral("same"));
                choose("activation", QStringLiteral("relu"));
            };
        };

        place("Input", none);
        place("Conv3D", conv("32"));
        place("MaxPooling3D", none);
        place("Conv3D", conv("64"));
        place("MaxPooling3D", none);
        place("MaxPooling3D", [this] { retype(tupleSpins("pool_size")[0], QStringLiteral("1")); });
        place("Reshape", [this] { retype(tupleText("target_shape"), QStringLiteral("2, 16, 1024")); });
        place("Conv2D", conv("128"));
        place("MaxPooling2D", none);
        place("Conv2D", conv("256"));
        place("GlobalAveragePooling2D", none);
        place("Dense", [this] {
            retype(intEditor("units"), QStringLiteral("5"));
            choose("activation", QStringLiteral("softmax"));
        });
        saveShot(m_window.get(), QStringLiteral("built_seed_pooling.png"));

        const GraphLoadResult expected = loadGraphFile(templatePath("seed_pooling").toStdString());
        QVERIFY(expected.ok);
        const Graph &built = m_window->document()->graph();
        QCOMPARE(withoutPositions(built.nodes()), withoutPositions(expected.graph.nodes()));
        QCOMPARE(built.edges(), expected.graph.edges());
        QVERIFY2(m_window->summaryPanel()->totalsText().startsWith(QStringLiteral("Total params: 1,532,485")),
                 qPrintable(m_window->summaryPanel()->totalsText()));
        QVERIFY(m_window->summaryPanel()->totalsText().contains(QStringLiteral("Trainable params: 1,532,485")));
        QVERIFY(m_window->summaryPanel()->totalsText().contains(QStringLiteral("Non-trainable params: 0")));
        QVERIFY(m_window->isWindowModified());
    }

    void fixesSeedConcatInTheInspector()
    {
        m_dialogs->openAnswer = templatePath("seed_concat");
        QTest::keySequence(m_window.get(), QKeySequence::Open);
        QCOMPARE(m_window->document()->filePath(), templatePath("seed_concat"));
        GraphScene *scene = m_window->view()->graphScene();
        QCOMPARE(scene->nodeItem(QStringLiteral("concatenate_1"))->state(), NodeItem::State::Error);

        // The problems panel says what is wrong, with the shapes.
        m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"))->raise();
        QTableWidget *problems = m_window->problemsPanel()->table();
        QCOMPARE(problems->item(0, ProblemsPanel::NodeColumn)->text(), QStringLiteral("concatenate_1"));
        QTableWidgetItem *error = problems->item(0, ProblemsPanel::MessageColumn);
        const QString message = error->text();
        QVERIFY2(message.contains(QStringLiteral("(2, 16, 1024)")) && message.contains(QStringLiteral("(32, 32, 128)")),
                 qPrintable(message));
        QTest::mouseClick(problems->viewport(), Qt::LeftButton, {}, problems->visualItemRect(error).center());
        QCOMPARE(m_window->inspector()->nodeId(), QStringLiteral("concatenate_1"));
        QVERIFY(m_window->summaryPanel()->totalsText().startsWith(QStringLiteral("Total params: 130,752")));
        saveShot(m_window.get(), QStringLiteral("seed_concat_error.png"));

        // Reshape the 3D branch to the 2D branch's 32 × 32 grid: 2·16·16·64 = 32·32·32.
        m_window->view()->selectNode(QStringLiteral("reshape_1"), true);
        QCOMPARE(m_window->inspector()->nodeId(), QStringLiteral("reshape_1"));
        retype(tupleText("target_shape"), QStringLiteral("32, 32, 32"));

        QVERIFY(!m_window->document()->analysis().hasErrors());
        QVERIFY(scene->nodeItem(QStringLiteral("concatenate_1"))->state() != NodeItem::State::Error);
        for (int row = 0; row < problems->rowCount(); ++row)
            if (const QTableWidgetItem *where = problems->item(row, ProblemsPanel::NodeColumn))
                QVERIFY(!where->toolTip().startsWith(QStringLiteral("error")));
        QVERIFY2(m_window->summaryPanel()->totalsText().startsWith(QStringLiteral("Total params: 500,933")),
                 qPrintable(m_window->summaryPanel()->totalsText()));
        QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("statusParams"))->text(),
                 QStringLiteral("500,933 params"));
        QVERIFY(!m_window->findChild<QToolButton *>(QStringLiteral("statusProblems"))
                     ->text()
                     .contains(QStringLiteral("error")));
        saveShot(m_window.get(), QStringLiteral("seed_concat_fixed.png"));

        // One undo step brings the error back.
        QTest::keySequence(m_window.get(), QKeySequence::Undo);
        QVERIFY(m_window->document()->analysis().hasErrors());
        QCOMPARE(tupleText("target_shape")->text(), QStringLiteral("2, 16, 1024"));
    }

private:
    // Drags a block from the palette onto the canvas at `at` (viewport coordinates).
    // QDrag::exec cannot be driven offscreen, so the canvas gets the events it would.
    QString drop(const QString &type, QPoint at)
    {
        GraphView *view = m_window->view();
        const size_t before = m_window->document()->graph().nodes().size();
        std::unique_ptr<QMimeData> data(m_window->blockPalette()->mimeDataFor(type));
        QDragEnterEvent enter(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        if (!enter.isAccepted())
            return {};
        QDragMoveEvent move(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QDropEvent drop(QPointF(at), Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
        if (m_window->document()->graph().nodes().size() != before + 1)
            return {};
        const QStringList selected = view->selectedNodeIds();
        return selected.size() == 1 ? selected.first() : QString();
    }

    // Drags a wire from `from`'s output port to `to`'s first input port.
    void wire(const QString &from, const QString &to)
    {
        GraphView *view = m_window->view();
        const size_t before = m_window->document()->graph().edges().size();
        const QPoint start = view->mapFromScene(view->graphScene()->nodeItem(from)->outputPort()->anchor());
        const QPoint end = view->mapFromScene(view->graphScene()->nodeItem(to)->inputPort(0)->anchor());
        QVERIFY(view->viewport()->rect().contains(start) && view->viewport()->rect().contains(end));
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, start);
        for (int step = 1; step <= 8; ++step)
            QTest::mouseMove(view->viewport(), start + (end - start) * step / 8);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, end);
        QCOMPARE(m_window->document()->graph().edges().size(), before + 1);
        const auto inputs = m_window->document()->graph().inputsOf(to.toStdString());
        QCOMPARE(QString::fromStdString(inputs.at(0).value_or("")), from);
    }

    ParamEditor *editor(const char *name) const
    {
        ParamField *field = m_window->inspector()->field(QString::fromLatin1(name));
        return field ? field->editor() : nullptr;
    }
    QSpinBox *intEditor(const char *name) const { return qobject_cast<IntEditor *>(editor(name))->spinBox(); }
    QList<QSpinBox *> tupleSpins(const char *name) const
    {
        return qobject_cast<TupleSpinEditor *>(editor(name))->spinBoxes();
    }
    QLineEdit *tupleText(const char *name) const { return qobject_cast<TupleTextEditor *>(editor(name))->lineEdit(); }

    // Types a word into a combo box, as a user picks from it with the keyboard.
    void choose(const char *name, const QString &word)
    {
        QComboBox *combo = qobject_cast<ChoiceEditor *>(editor(name))->comboBox();
        combo->setFocus();
        QTest::keyClicks(combo, word);
        QCOMPARE(combo->currentText(), word);
    }

    static void retype(QSpinBox *spin, const QString &text)
    {
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
        QCOMPARE(spin->text(), text);
    }

    static void retype(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
        QCOMPARE(edit->text(), text);
    }

    std::unique_ptr<NoDialogs> m_dialogs;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestMainWindowBuild)
#include "tst_mainwindow_build.moc"
