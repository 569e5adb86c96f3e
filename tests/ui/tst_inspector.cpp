// The inspector: an editor per parameter made from the registry's schema, edits that
// go through the document as undo steps (typing merges into one), problems shown at
// their field, and the inspector following the document when it changes underneath.
#include "document/graph_document.h"
#include "graph/graph_json.h"
#include "inspector/inspector.h"
#include "inspector/param_field.h"
#include "inspector/scalar_editors.h"
#include "inspector/tuple_editors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest>

using namespace volnet;
using namespace volnet::ui;

namespace {

Graph templateGraph(const char *name)
{
    const GraphLoadResult r = loadGraphFile(std::string(VOLNET_SOURCE_DIR) + "/resources/templates/" + name + ".json");
    if (!r.ok)
        qFatal("%s: %s", name, r.error.c_str());
    return r.graph;
}

const ParamValue &param(const GraphDocument &doc, const char *node, const char *name)
{
    return doc.graph().node(node)->params.at(name);
}

// Replaces a line edit's text by typing, as a user does: select all, then the keys.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Backspace);
    else
        QTest::keyClicks(edit, text);
}

void retype(QSpinBox *spin, const QString &text)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_doc = new GraphDocument;
        m_doc->newFrom(templateGraph("seed_pooling"));
        m_inspector = new Inspector(m_doc);
        m_inspector->resize(340, 800);
        m_inspector->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_inspector));
    }

    void cleanup()
    {
        delete m_inspector;
        delete m_doc;
    }

    void describesTheDesignWhenNothingIsSelected()
    {
        QCOMPARE(m_inspector->nodeId(), QString());
        const auto *title = m_inspector->findChild<QLabel *>(QStringLiteral("inspectorTitle"));
        QVERIFY(title);
        QCOMPARE(title->text(), QStringLiteral("seed_pooling"));
        const auto *totals = m_inspector->findChild<QLabel *>(QStringLiteral("designTotals"));
        QVERIFY(totals->text().contains(QStringLiteral("1,532,485 parameters")));
        QVERIFY(totals->text().contains(QStringLiteral("warning")));
    }

    void makesAnEditorForEachKindOfParameter()
    {
        m_inspector->showNodes({QStringLiteral("conv3d_1")});
        QCOMPARE(m_inspector->nodeId(), QStringLiteral("conv3d_1"));
        for (const char *name :
             {"filters", "kernel_size", "strides", "padding", "dilation_rate", "activation", "use_bias"})
            QVERIFY2(m_inspector->field(QString::fromLatin1(name)), name);
        auto *filters = qobject_cast<IntEditor *>(m_inspector->field(QStringLiteral("filters"))->editor());
        QVERIFY(filters);
        QCOMPARE(filters->spinBox()->value(), 32);
        QCOMPARE(filters->spinBox()->minimum(), 1);
        auto *kernel = qobject_cast<TupleSpinEditor *>(m_inspector->field(QStringLiteral("kernel_size"))->editor());
        QVERIFY(kernel);
        QCOMPARE(kernel->spinBoxes().size(), 3);
        auto *padding = qobject_cast<ChoiceEditor *>(m_inspector->field(QStringLiteral("padding"))->editor());
        QVERIFY(padding);
        QCOMPARE(padding->comboBox()->currentText(), QStringLiteral("same"));
        auto *bias = qobject_cast<BoolEditor *>(m_inspector->field(QStringLiteral("use_bias"))->editor());
        QVERIFY(bias);
        QVERIFY(bias->checkBox()->isChecked());

        const auto *shape = m_inspector->findChild<QLabel *>(QStringLiteral("outputShape"));
        QVERIFY2(shape->text().contains(QStringLiteral("T10 H128 W128 C32")), qPrintable(shape->text()));
        QVERIFY(shape->text().contains(QStringLiteral("(None, 10, 128, 128, 32)")));
        const auto *cost = m_inspector->findChild<QLabel *>(QStringLiteral("outputCost"));
        QVERIFY2(cost->text().contains(QStringLiteral("896 params")), qPrintable(cost->text()));

        m_inspector->showNodes({QStringLiteral("reshape_1")});
        QVERIFY(qobject_cast<TupleTextEditor *>(m_inspector->field(QStringLiteral("target_shape"))->editor()));
        m_inspector->showNodes({QStringLiteral("max_pooling3d_1")});
        auto *strides = qobject_cast<TupleTextEditor *>(m_inspector->field(QStringLiteral("strides"))->editor());
        QVERIFY(strides);
        QCOMPARE(strides->lineEdit()->text(), QString());
        QCOMPARE(strides->lineEdit()->placeholderText(), QStringLiteral("None"));
        QVERIFY(qobject_cast<TupleSpinEditor *>(m_inspector->field(QStringLiteral("pool_size"))->editor()));
    }

    void typingIntoASpinBoxIsOneUndoStep()
    {
        m_inspector->showNodes({QStringLiteral("conv3d_1")});
        auto *filters = qobject_cast<IntEditor *>(m_inspector->field(QStringLiteral("filters"))->editor());
        const int steps = m_doc->undoStack()->count();
        retype(filters->spinBox(), QStringLiteral("128"));
        QCOMPARE(std::get<int64_t>(param(*m_doc, "conv3d_1", "filters")), 128);
        QCOMPARE(m_doc->undoStack()->count(), steps + 1);
        // The next block's input grew: the analysis followed, and the inspector with it.
        const auto *cost = m_inspector->findChild<QLabel *>(QStringLiteral("outputCost"));
        QVERIFY2(cost->text().contains(QStringLiteral("3,584 params")), qPrintable(cost->text()));

        m_doc->undoStack()->undo();
        QCOMPARE(std::get<int64_t>(param(*m_doc, "conv3d_1", "filters")), 32);
        QCOMPARE(filters->spinBox()->value(), 32);
        m_doc->undoStack()->redo();
        QCOMPARE(filters->spinBox()->value(), 128);
    }

    void editsTupleSpinBoxesAxisByAxis()
    {
        m_inspector->showNodes({QStringLiteral("max_pooling3d_1")});
        auto *pool = qobject_cast<TupleSpinEditor *>(m_inspector->field(QStringLiteral("pool_size"))->editor());
        retype(pool->spinBoxes()[0], QStringLiteral("1"));
        QCOMPARE(std::get<IntTuple>(param(*m_doc, "max_pooling3d_1", "pool_size")), (IntTuple{1, 2, 2}));
        const auto *shape = m_inspector->findChild<QLabel *>(QStringLiteral("outputShape"));
        QVERIFY2(shape->text().contains(QStringLiteral("T10 H64 W64 C32")), qPrintable(shape->text()));
    }

    void choosesFromAComboBoxByTyping()
    {
        m_inspector->showNodes({QStringLiteral("max_pooling3d_1")});
        auto *padding = qobject_cast<ChoiceEditor *>(m_inspector->field(QStringLiteral("padding"))->editor());
        padding->comboBox()->setFocus();
        QTest::keyClicks(padding->comboBox(), QStringLiteral("same"));
        QCOMPARE(std::get<std::string>(param(*m_doc, "max_pooling3d_1", "padding")), std::string("same"));
        m_doc->undoStack()->undo();
        QCOMPARE(padding->comboBox()->currentText(), QStringLiteral("valid"));
    }

    void optionalTupleEmptyMeansNone()
    {
        m_inspector->showNodes({QStringLiteral("max_pooling3d_3")});
        auto *strides = qobject_cast<TupleTextEditor *>(m_inspector->field(QStringLiteral("strides"))->editor());
        retype(strides->lineEdit(), QStringLiteral("1, 2, 2"));
        QCOMPARE(std::get<IntTuple>(param(*m_doc, "max_pooling3d_3", "strides")), (IntTuple{1, 2, 2}));
        retype(strides->lineEdit(), QString());
        QCOMPARE(std::get<IntTuple>(param(*m_doc, "max_pooling3d_3", "strides")), IntTuple{});
    }

    void showsAnInvalidValueAtItsField()
    {
        m_inspector->showNodes({QStringLiteral("reshape_1")});
        ParamField *field = m_inspector->field(QStringLiteral("target_shape"));
        auto *target = qobject_cast<TupleTextEditor *>(field->editor());
        QCOMPARE(target->lineEdit()->text(), QStringLiteral("2, 16, 1024"));
        QVERIFY(!field->hasError());
        QCOMPARE(field->message(), QString());

        retype(target->lineEdit(), QStringLiteral("2, 16, 1000"));
        QCOMPARE(std::get<IntTuple>(param(*m_doc, "reshape_1", "target_shape")), (IntTuple{2, 16, 1000}));
        QVERIFY(field->hasError());
        QVERIFY2(field->message().contains(QStringLiteral("elements")), qPrintable(field->message()));
        saveShot(QStringLiteral("inspector_error.png"));

        retype(target->lineEdit(), QStringLiteral("32, -1"));
        QVERIFY(!field->hasError());
        const auto *shape = m_inspector->findChild<QLabel *>(QStringLiteral("outputShape"));
        QVERIFY2(shape->text().contains(QStringLiteral("(None, 32, 1024)")), qPrintable(shape->text()));
    }

    void showsProblemsWithoutAFieldUnderTheParameters()
    {
        // The seed's Reshape makes the 2 frames the image height of this Conv2D.
        m_inspector->showNodes({QStringLiteral("conv2d_1")});
        const auto *problems = m_inspector->findChild<QLabel *>(QStringLiteral("nodeProblems"));
        QVERIFY(problems->isVisible());
        QVERIFY2(problems->text().contains(QStringLiteral("image height is the time axis")),
                 qPrintable(problems->text()));
        m_inspector->showNodes({QStringLiteral("conv2d_2")});
        QVERIFY(m_inspector->findChild<QLabel *>(QStringLiteral("nodeProblems"))->isHidden());
    }

    void textItCannotReadIsExplainedAndNotCommitted()
    {
        m_inspector->showNodes({QStringLiteral("reshape_1")});
        ParamField *field = m_inspector->field(QStringLiteral("target_shape"));
        auto *target = qobject_cast<TupleTextEditor *>(field->editor());
        const int steps = m_doc->undoStack()->count();
        retype(target->lineEdit(), QStringLiteral("2, x"));
        QVERIFY(field->hasError());
        QVERIFY2(field->message().contains(QStringLiteral("not a whole number")), qPrintable(field->message()));
        QCOMPARE(std::get<IntTuple>(param(*m_doc, "reshape_1", "target_shape")), (IntTuple{2}));
        QCOMPARE(m_doc->undoStack()->count(), steps + 1);
    }

    void checksFloatsAgainstTheSchema()
    {
        const QString id = m_doc->addNode(QStringLiteral("Dropout"), {});
        m_inspector->showNodes({id});
        ParamField *field = m_inspector->field(QStringLiteral("rate"));
        auto *rate = qobject_cast<FloatEditor *>(field->editor());
        QVERIFY(rate);
        QCOMPARE(rate->lineEdit()->text(), QStringLiteral("0.5"));
        retype(rate->lineEdit(), QStringLiteral("1.5"));
        QVERIFY(field->hasError());
        QVERIFY2(field->message().contains(QStringLiteral("less than 1")), qPrintable(field->message()));
        retype(rate->lineEdit(), QStringLiteral("0.25"));
        QVERIFY(!field->hasError());
        QCOMPARE(std::get<double>(m_doc->graph().node(id.toStdString())->params.at("rate")), 0.25);
    }

    void followsTheDocument()
    {
        m_inspector->showNodes({QStringLiteral("dense_1")});
        auto *units = qobject_cast<IntEditor *>(m_inspector->field(QStringLiteral("units"))->editor());
        m_doc->setParam(QStringLiteral("dense_1"), QStringLiteral("units"), ParamValue(int64_t(10)));
        QCOMPARE(units->spinBox()->value(), 10);

        m_doc->removeNodes({QStringLiteral("dense_1")});
        QCOMPARE(m_inspector->nodeId(), QString());
        m_doc->undoStack()->undo();
        m_inspector->showNodes({QStringLiteral("dense_1"), QStringLiteral("conv2d_1")});
        QCOMPARE(m_inspector->nodeId(), QString());
        QVERIFY(
            m_inspector->findChild<QLabel *>(QStringLiteral("inspectorTitle"))->text().contains(QStringLiteral("2")));

        m_inspector->showNodes({QStringLiteral("conv2d_1")});
        m_doc->newFrom(templateGraph("dce_demo"));
        QCOMPARE(m_inspector->nodeId(), QStringLiteral("conv2d_1"));
        QVERIFY(m_inspector->field(QStringLiteral("filters")));
        saveShot(QStringLiteral("inspector_conv2d.png"));
    }

private:
    void saveShot(const QString &name)
    {
        const QString dir = QStringLiteral(VOLNET_BINARY_DIR "/screenshots");
        QDir().mkpath(dir);
        m_inspector->grab().save(dir + QLatin1Char('/') + name);
    }

    GraphDocument *m_doc = nullptr;
    Inspector *m_inspector = nullptr;
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
