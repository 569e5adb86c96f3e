// The graph file format: exact round trips, stable text, strict and helpful rejections,
// robustness against corrupted files, atomic saves, and documentation kept in step with
// the block registry.
#include "graph/analysis.h"
#include "graph/block_registry.h"
#include "graph/graph_json.h"
#include "graph_builder.h"
#include "io/file_io.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <functional>
#include <random>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace volnet;
using namespace volnet::testing;
using Json = nlohmann::json;

namespace {

Graph smallGraph()
{
    GraphBuilder b;
    b.add("Input", {{"shape", tup({8, 64, 64, 1})}, {"first_axis", word("depth")}});
    const auto conv = b.add("Conv3D", {{"filters", int64_t(16)}, {"padding", word("same")}});
    b.add("Dropout", {{"rate", 0.1234567890123}});
    const auto pool = b.add("TemporalPooling", {{"mode", word("max")}});
    const auto frame = b.add("FrameSlice", {}, {conv});
    b.add("Concatenate", {}, {pool, frame});
    b.add("BatchNormalization", {{"momentum", 1.0 / 3.0}});
    b.add("Flatten");
    b.add("Dense", {{"units", int64_t(3)}, {"activation", word("softmax")}});
    b.graph.setPosition("conv3d_1", 240, -17.5);
    b.graph.setMeta({"small \"test\" graph", "a paragraph\nwith two lines and unicode: é ✓"});
    return b.graph;
}

QByteArray bytes(const std::string &s)
{
    return QByteArray::fromStdString(s);
}

// The first line where two saved graphs differ, for failure messages.
std::string firstDifference(const Graph &a, const Graph &b)
{
    std::istringstream sa(graphToJson(a));
    std::istringstream sb(graphToJson(b));
    std::string la, lb;
    for (int line = 1; sa || sb; ++line) {
        std::getline(sa, la);
        std::getline(sb, lb);
        if (la != lb)
            return "line " + std::to_string(line) + ": " + la + " | " + lb;
    }
    return "texts equal, graphs differ";
}

#define VERIFY_SAME_GRAPH(a, b) QVERIFY2((a) == (b), firstDifference((a), (b)).c_str())

// ---------------------------------------------------------------------------------------
// Random valid graphs

std::string randomText(std::mt19937 &rng, int maxPieces)
{
    // Pieces that JSON must escape or encode: quotes, backslashes, control characters,
    // and characters of one to four UTF-8 bytes.
    static const std::vector<std::string> pieces = {"a", "Z", "9", "_", "-", " ", "\"", "\\", "/", "\n", "\t",
                                                    "\x01", "\x7f", "é", "✓", "𝄞", "conv", "日本"};
    std::string s;
    const int n = std::uniform_int_distribution<int>(0, maxPieces)(rng);
    for (int i = 0; i < n; ++i)
        s += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    return s;
}

double randomReal(const ParamSpec &p, std::mt19937 &rng)
{
    static const double special[] = {0.0, 0.1, 0.5, 1.0, 0.1234567890123, 1e-7, 5e-324, 2.2250738585072014e-308,
                                     0.99999999999999989};
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
        const double v = special[std::uniform_int_distribution<size_t>(0, std::size(special) - 1)(rng)];
        if (!validateParam(p, v))
            return v;
    }
    return std::uniform_real_distribution<double>(p.minValue, p.maxValue)(rng);
}

ParamValue randomValue(const ParamSpec &p, std::mt19937 &rng)
{
    auto integer = [&](double lo, double hi) {
        return std::uniform_int_distribution<int64_t>(int64_t(lo), int64_t(std::min(hi, 1e12)))(rng);
    };
    switch (p.kind) {
    case ParamKind::Int: return integer(p.minValue, p.maxValue);
    case ParamKind::Float: return randomReal(p, rng);
    case ParamKind::Bool: return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case ParamKind::Choice: return p.choices[std::uniform_int_distribution<size_t>(0, p.choices.size() - 1)(rng)];
    case ParamKind::IntTuple: {
        IntTuple t(size_t(integer(p.minLength, p.maxLength)));
        for (int64_t &v : t)
            v = integer(p.minValue, std::min(p.maxValue, 4096.0));
        if (p.allowInferred && !t.empty() && integer(0, 1))
            t[size_t(integer(0, double(t.size() - 1)))] = -1;
        return t;
    }
    }
    return {};
}

double randomCoordinate(std::mt19937 &rng)
{
    switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0: return std::round(std::uniform_real_distribution<double>(-2000, 2000)(rng));
    case 1: return std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng), int(rng() % 2000) - 1000);
    default: return std::uniform_real_distribution<double>(-5000, 5000)(rng);
    }
}

Node randomNode(std::mt19937 &rng, int index)
{
    const auto &registry = blockRegistry();
    const BlockSpec &spec = registry[std::uniform_int_distribution<size_t>(0, registry.size() - 1)(rng)];
    Node n;
    n.type = spec.type;
    n.id = randomText(rng, 3) + "_" + std::to_string(index); // the suffix keeps ids unique
    n.x = randomCoordinate(rng);
    n.y = randomCoordinate(rng);
    for (const ParamSpec &p : spec.params)
        if (std::uniform_int_distribution<int>(0, 4)(rng) > 0) // the rest take their defaults
            n.params[p.name] = randomValue(p, rng);
    return n;
}

void addRandomWires(Graph &g, std::mt19937 &rng)
{
    const auto &nodes = g.nodes();
    if (nodes.size() < 2)
        return;
    std::uniform_int_distribution<size_t> pick(0, nodes.size() - 1);
    for (size_t attempt = 0; attempt < nodes.size() * 2; ++attempt) {
        const std::string from = nodes[pick(rng)].id;
        const std::string to = nodes[pick(rng)].id;
        const BlockSpec &spec = *findBlock(g.node(to)->type);
        if (from == to || spec.maxInputs == 0)
            continue;
        const int ports = spec.variadic() ? 5 : spec.maxInputs;
        QVERIFY(g.connect(from, to, std::uniform_int_distribution<int>(0, ports - 1)(rng)));
    }
}

Graph randomGraph(std::mt19937 &rng)
{
    Graph g;
    g.setMeta({randomText(rng, 6), randomText(rng, 30)});
    const int count = std::uniform_int_distribution<int>(0, 14)(rng);
    for (int i = 0; i < count; ++i) {
        std::string error;
        if (!g.insertNode(randomNode(rng, i), &error))
            qFatal("random node refused: %s", error.c_str());
    }
    addRandomWires(g, rng);
    return g;
}

// ---------------------------------------------------------------------------------------
// Corrupted files

template <typename T>
const T &pickFrom(const std::vector<T> &items, std::mt19937 &rng)
{
    return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng)];
}

Json junkValue(std::mt19937 &rng)
{
    static const std::vector<Json> values = {
        "3", 3, -1, 2.5, 0, 1e308, -1e308, true, false, nullptr, Json::array(), Json::object(),
        Json::parse("[[[1]]]"), Json::parse("[1, 2.5, 3]"), Json::parse("[1, \"2\"]"), Json::parse("{\"a\": 1}"),
        "é✓𝄞", std::string(5000, 'x'), uint64_t(18446744073709551615ull), INT64_MIN, 9007199254740993.0,
        std::numeric_limits<double>::quiet_NaN(), Json::parse("[0, 0]"), "Conv3D", "input_1", 4096, 1024};
    return pickFrom(values, rng);
}

// Some value or field inside a parsed file, chosen at random: the document itself, a
// node or edge, one of their fields, a parameter.
Json &randomPlace(Json &doc, std::mt19937 &rng)
{
    Json *at = &doc;
    for (int depth = std::uniform_int_distribution<int>(0, 4)(rng); depth > 0 && at->is_structured() && !at->empty();
         --depth) {
        auto it = at->begin();
        std::advance(it, std::uniform_int_distribution<size_t>(0, at->size() - 1)(rng));
        at = &*it;
    }
    return *at;
}

std::string replaceValue(const std::string &text, std::mt19937 &rng)
{
    Json doc = Json::parse(text);
    Json &place = randomPlace(doc, rng);
    if (place.is_object() && !place.empty() && rng() % 2) {
        auto it = place.begin();
        std::advance(it, std::uniform_int_distribution<size_t>(0, place.size() - 1)(rng));
        place.erase(it); // a missing field
    } else {
        place = junkValue(rng);
    }
    return doc.dump(rng() % 2 ? 2 : -1);
}

std::string replaceNumber(std::string text, std::mt19937 &rng)
{
    static const std::vector<std::string> numbers = {
        "1e400", "-1e400", "1e-400", "18446744073709551616", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999", "1.5", "-0", "0.0", "1E3", "-", "0x10", "Infinity", "NaN", "1.", ".5"};
    const size_t at = text.find_first_of("0123456789", std::uniform_int_distribution<size_t>(0, text.size())(rng));
    if (at == std::string::npos)
        return text;
    const size_t end = text.find_first_not_of("0123456789.eE+-", at);
    return text.replace(at, end - at, pickFrom(numbers, rng));
}

std::string nestDeeply(std::string text, std::mt19937 &rng)
{
    // Now and then deep enough that any recursion over the document would overflow the
    // stack; rarely, as each such case takes a good part of a second under ASan.
    const size_t depth = rng() % 50 == 0 ? 100000 : std::uniform_int_distribution<size_t>(1, 2000)(rng);
    const bool closed = rng() % 2;
    const std::string opening = rng() % 2 ? std::string(depth, '[') : [&] {
        std::string s;
        for (size_t i = 0; i < depth; ++i)
            s += "{\"a\":";
        return s;
    }();
    const std::string closing = !closed ? "" : opening[0] == '[' ? std::string(depth, ']') : std::string(depth, '}');
    const size_t colon = text.find(": ", std::uniform_int_distribution<size_t>(0, text.size())(rng));
    const std::string nested = opening + "1" + closing;
    if (colon == std::string::npos)
        return nested;
    const size_t valueEnd = text.find_first_of(",\n", colon);
    return text.replace(colon + 2, valueEnd - colon - 2, nested);
}

std::string editBytes(std::string text, std::mt19937 &rng, int kind)
{
    static const std::vector<std::string> junk = {"{", "}", "[", "]", "\"", ",", ":", "0", "-", "e", ".", "\\",
                                                  "\\u", "\\ud800", "\\u0000", "null", "é", "\xff", "\xc3",
                                                  "\xed\xa0\x80", std::string(1, '\0'), "\n", "𝄞"};
    auto position = [&] { return std::uniform_int_distribution<size_t>(0, text.size())(rng); };
    switch (kind) {
    case 0: // flip a bit
        if (!text.empty())
            text[std::min(position(), text.size() - 1)] ^= char(1 << (rng() % 8));
        return text;
    case 1: { // delete a run
        const size_t at = position();
        return text.erase(at, std::uniform_int_distribution<size_t>(1, 40)(rng));
    }
    case 2: // insert junk
        return text.insert(position(), pickFrom(junk, rng));
    default: // truncate
        return text.substr(0, position());
    }
}

std::string corrupt(const std::string &text, std::mt19937 &rng)
{
    const int kind = std::uniform_int_distribution<int>(0, 7)(rng);
    switch (kind) {
    case 4: return replaceValue(text, rng);
    case 5: return replaceNumber(text, rng);
    case 6: return nestDeeply(text, rng);
    case 7: return editBytes(editBytes(text, rng, int(rng() % 3)), rng, int(rng() % 3));
    default: return editBytes(text, rng, kind);
    }
}

// ---------------------------------------------------------------------------------------
// A small valid file, edited by the rejection tests.

Json baseDocument()
{
    return Json::parse(R"({
      "format": "volnet-graph", "version": 1, "name": "base", "description": "",
      "nodes": [
        {"id": "input_1", "type": "Input", "position": [0, 0], "params": {"shape": [4, 16, 16, 1]}},
        {"id": "conv3d_1", "type": "Conv3D", "position": [200, 0], "params": {"filters": 8, "padding": "same"}},
        {"id": "concat_1", "type": "Concatenate", "position": [400, 0]},
        {"id": "dense_1", "type": "Dense", "position": [600, 0], "params": {"units": 2}}
      ],
      "edges": [
        {"from": "input_1", "to": "conv3d_1", "port": 0},
        {"from": "conv3d_1", "to": "concat_1", "port": 0},
        {"from": "input_1", "to": "concat_1", "port": 1},
        {"from": "concat_1", "to": "dense_1", "port": 0}
      ]})");
}

Graph loadEdited(const std::function<void(Json &)> &edit)
{
    Json doc = baseDocument();
    edit(doc);
    GraphLoadResult r = graphFromJson(doc.dump());
    if (!r.ok)
        qFatal("expected to load: %s", r.error.c_str());
    return r.graph;
}

bool hasDiagnostic(const Analysis &a, const std::string &node, const std::string &field)
{
    return std::any_of(a.diagnostics.begin(), a.diagnostics.end(), [&](const Diagnostic &d) {
        return d.severity == Severity::Error && d.node == node && d.field == field;
    });
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(VOLNET_SOURCE_DIR "/") + relative;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

// The text of a Markdown section: from the heading `### title` to the next heading.
QString section(const QString &markdown, const QString &title)
{
    const QString heading = "\n### " + title + "\n";
    const qsizetype start = markdown.indexOf(heading);
    if (start < 0)
        return {};
    const qsizetype end = markdown.indexOf(QRegularExpression("\n#{1,3} "), start + heading.size());
    return markdown.mid(start, end < 0 ? -1 : end - start);
}

} // namespace

class TestGraphJson : public QObject {
    Q_OBJECT
private slots:
    void smallGraphRoundTrips();
    void textIsStable();
    void textFollowsTheFormat();
    void randomGraphsRoundTrip();
    void corruptedFilesNeverCrash();
    void rejections_data();
    void rejections();
    void parseErrorNamesLineAndColumn();
    void lenientWhereTheFormatAllows();
    void outOfRangeValuesLoadAndAnalysisReportsThem();
    void cyclesLoad();
    void saveReplacesExistingFile();
    void saveKeepsPermissionsAndLinks();
    void failedSaveLeavesNothingBehind();
    void staleTemporariesOfKilledWritersGo();
    void loadNamesPathAndReason();
    void templatesLoad();
    void docsDescribeEveryBlockAndParameter();
};

void TestGraphJson::smallGraphRoundTrips()
{
    const Graph g = smallGraph();
    const GraphLoadResult r = graphFromJson(graphToJson(g));
    QVERIFY2(r.ok, r.error.c_str());
    VERIFY_SAME_GRAPH(r.graph, g);
    QCOMPARE(r.graph.edges().size(), size_t(9));
}

void TestGraphJson::textIsStable()
{
    const std::string once = graphToJson(smallGraph());
    const std::string twice = graphToJson(graphFromJson(once).graph);
    QCOMPARE(bytes(twice), bytes(once));
}

void TestGraphJson::textFollowsTheFormat()
{
    Graph g;
    g.addNode("Dropout", "drop", 12, 3.5);
    g.setParam("drop", "rate", 1.0);
    g.addNode("Conv3D", "conv");
    const std::string text = graphToJson(g);
    QVERIFY(text.starts_with("{\n  \"format\": \"volnet-graph\",\n  \"version\": 1,\n"));
    QVERIFY(text.ends_with("}\n"));
    QVERIFY(text.find("\"rate\": 1.0") != std::string::npos); // a Float stays a float
    QVERIFY(text.find("\"filters\": 32,") != std::string::npos); // an Int stays an integer
    QVERIFY(text.find("12.0,") != std::string::npos);
    // Parameters in schema order, every default written.
    QCOMPARE(Json::parse(text)["nodes"][1]["params"].size(), findBlock("Conv3D")->params.size());
    const size_t filters = text.find("\"filters\""), kernel = text.find("\"kernel_size\"");
    const size_t padding = text.find("\"padding\""), bias = text.find("\"use_bias\"");
    QVERIFY(filters < kernel && kernel < padding && padding < bias);
}

void TestGraphJson::randomGraphsRoundTrip()
{
    std::mt19937 rng(20240611);
    for (int i = 0; i < 250; ++i) {
        const Graph g = randomGraph(rng);
        const std::string text = graphToJson(g);
        const GraphLoadResult r = graphFromJson(text);
        QVERIFY2(r.ok, (std::to_string(i) + ": " + r.error).c_str());
        VERIFY_SAME_GRAPH(r.graph, g);
        QCOMPARE(bytes(graphToJson(r.graph)), bytes(text));
    }
}

void TestGraphJson::corruptedFilesNeverCrash()
{
    std::mt19937 rng(7);
    std::vector<std::string> originals{graphToJson(smallGraph()), baseDocument().dump(2)};
    while (originals.size() < 12)
        originals.push_back(graphToJson(randomGraph(rng)));
    int loaded = 0, refused = 0;
    for (int i = 0; i < 2400; ++i) {
        const std::string text = corrupt(pickFrom(originals, rng), rng);
        GraphLoadResult r;
        try {
            r = graphFromJson(text);
        } catch (...) {
            QFAIL(("graphFromJson threw on case " + std::to_string(i)).c_str());
        }
        if (!r.ok) {
            QVERIFY2(!r.error.empty(), std::to_string(i).c_str());
            ++refused;
            continue;
        }
        // Whatever loads must save and load back the same.
        const GraphLoadResult again = graphFromJson(graphToJson(r.graph));
        QVERIFY2(again.ok, again.error.c_str());
        VERIFY_SAME_GRAPH(again.graph, r.graph);
        ++loaded;
    }
    QVERIFY(loaded > 100 && refused > 1000); // both paths really exercised
}

void TestGraphJson::rejections_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");
    auto row = [](const char *name, const std::function<void(Json &)> &edit, const QStringList &expected) {
        Json doc = baseDocument();
        edit(doc);
        QTest::newRow(name) << bytes(doc.dump(2)) << expected;
    };
    auto nodes = [](Json &d) -> Json & { return d["nodes"]; };
    auto conv = [](Json &d) -> Json & { return d["nodes"][1]; };
    auto edge = [](Json &d, int i) -> Json & { return d["edges"][size_t(i)]; };

    QTest::newRow("empty") << QByteArray(" \n") << QStringList{"empty"};
    QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringList{"top level", "found a list"};
    row("format missing", [](Json &d) { d.erase("format"); }, {"missing field \"format\""});
    row("format wrong", [](Json &d) { d["format"] = "keras"; }, {"format: expected \"volnet-graph\"", "\"keras\""});
    row("version missing", [](Json &d) { d.erase("version"); }, {"missing field \"version\""});
    row("version newer", [](Json &d) { d["version"] = 2; }, {"version: ", "newer VolNet Studio", "update"});
    row("version text", [](Json &d) { d["version"] = "1"; }, {"version: expected an integer, found \"1\""});
    row("version zero", [](Json &d) { d["version"] = 0; }, {"version: ", "no version 0"});
    row("unknown top field", [](Json &d) { d["node"] = 1; }, {"unknown field \"node\"", "did you mean \"nodes\""});
    row("name not text", [](Json &d) { d["name"] = 3; }, {"name: expected a string, found 3"});
    row("nodes missing", [](Json &d) { d.erase("nodes"); }, {"missing field \"nodes\""});
    row("nodes not list", [](Json &d) { d["nodes"] = Json::object(); }, {"nodes: expected a list, found an object"});
    row("node not object", [&](Json &d) { nodes(d)[1] = 5; }, {"nodes[1]: expected an object, found 5"});
    row("id missing", [&](Json &d) { conv(d).erase("id"); }, {"nodes[1]: missing field \"id\""});
    row("id not text", [&](Json &d) { conv(d)["id"] = 7; }, {"nodes[1].id: expected a string, found 7"});
    row("id empty", [&](Json &d) { conv(d)["id"] = ""; }, {"nodes[1].id: must not be empty"});
    row("id duplicate", [&](Json &d) { nodes(d)[3]["id"] = "conv3d_1"; },
        {"nodes[3].id: \"conv3d_1\" is already the id of nodes[1]"});
    row("type missing", [&](Json &d) { conv(d).erase("type"); }, {"nodes[1] (\"conv3d_1\"): missing field \"type\""});
    row("type close", [&](Json &d) { conv(d)["type"] = "Conv3d"; },
        {"nodes[1] (\"conv3d_1\").type: unknown block type \"Conv3d\"", "did you mean \"Conv3D\"?"});
    row("type far", [&](Json &d) { conv(d)["type"] = "Transformer"; },
        {"nodes[1] (\"conv3d_1\").type", "\"Transformer\"", "docs/graph-format.md"});
    row("unknown node field", [&](Json &d) { conv(d)["param"] = Json::object(); },
        {"nodes[1] (\"conv3d_1\"): unknown field \"param\"", "did you mean \"params\"?"});
    row("position text", [&](Json &d) { conv(d)["position"] = Json::parse(R"(["a", 1])"); },
        {"nodes[1] (\"conv3d_1\").position: expected [x, y]"});
    row("position short", [&](Json &d) { conv(d)["position"] = Json::parse("[1]"); },
        {"nodes[1] (\"conv3d_1\").position: expected [x, y]", "found [1]"});
    row("params not object", [&](Json &d) { conv(d)["params"] = Json::array(); },
        {"nodes[1] (\"conv3d_1\").params: expected an object"});
    row("unknown param", [&](Json &d) { conv(d)["params"]["filter"] = 3; },
        {"nodes[1] (\"conv3d_1\").params: Conv3D has no parameter \"filter\"", "did you mean \"filters\"?",
         "\"kernel_size\""});
    row("param of a parameterless block", [&](Json &d) { nodes(d)[2]["type"] = "Add"; nodes(d)[2]["params"]["axis"] = 1; },
        {"nodes[2] (\"concat_1\").params: Add has no parameter \"axis\"", "no parameters"});
    row("tuple as text", [&](Json &d) { conv(d)["params"]["kernel_size"] = "3"; },
        {"nodes[1] (\"conv3d_1\").params.kernel_size: expected a list of 3 integers, found \"3\""});
    row("tuple with a float", [&](Json &d) { conv(d)["params"]["kernel_size"] = Json::parse("[3, 2.5, 3]"); },
        {"params.kernel_size: expected a list of 3 integers, found [3,2.5,3]"});
    row("tuple range of lengths", [&](Json &d) { nodes(d)[0]["params"]["shape"] = 4; },
        {"nodes[0] (\"input_1\").params.shape: expected a list of 1 to 4 integers, found 4"});
    row("int with fraction", [&](Json &d) { conv(d)["params"]["filters"] = 2.5; },
        {"nodes[1] (\"conv3d_1\").params.filters: expected an integer, found 2.5"});
    row("int too large", [&](Json &d) { conv(d)["params"]["filters"] = 1e30; },
        {"params.filters: expected an integer, found 1e+30"});
    row("int beyond int64", [&](Json &d) { conv(d)["params"]["filters"] = uint64_t(1) << 63; },
        {"params.filters: expected an integer, found 9223372036854775808"});
    row("int as bool", [&](Json &d) { conv(d)["params"]["filters"] = true; },
        {"params.filters: expected an integer, found true"});
    row("bool as text", [&](Json &d) { conv(d)["params"]["use_bias"] = "yes"; },
        {"params.use_bias: expected true or false, found \"yes\""});
    row("choice as number", [&](Json &d) { conv(d)["params"]["padding"] = 1; },
        {"params.padding: expected a string (\"valid\" or \"same\"), found 1"});
    row("float as text", [&](Json &d) { nodes(d)[3]["type"] = "Dropout"; nodes(d)[3]["params"] = {{"rate", "0.5"}}; },
        {"nodes[3] (\"dense_1\").params.rate: expected a number, found \"0.5\""});
    row("edges missing", [](Json &d) { d.erase("edges"); }, {"missing field \"edges\""});
    row("edge not object", [&](Json &d) { edge(d, 2) = "x"; }, {"edges[2]: expected an object, found \"x\""});
    row("edge unknown field", [&](Json &d) { edge(d, 2)["input"] = 1; }, {"edges[2]: unknown field \"input\""});
    row("edge from unknown", [&](Json &d) { edge(d, 1)["from"] = "nope"; },
        {"edges[1].from: no node has the id \"nope\""});
    row("edge to unknown", [&](Json &d) { edge(d, 1)["to"] = "nope"; }, {"edges[1].to: no node has the id \"nope\""});
    row("edge to missing", [&](Json &d) { edge(d, 1).erase("to"); }, {"edges[1]: missing field \"to\""});
    row("port missing", [&](Json &d) { edge(d, 1).erase("port"); }, {"edges[1]: missing field \"port\""});
    row("port negative", [&](Json &d) { edge(d, 1)["port"] = -1; }, {"edges[1].port: expected a port number", "-1"});
    row("port text", [&](Json &d) { edge(d, 1)["port"] = "0"; }, {"edges[1].port: expected a port number", "\"0\""});
    row("port the block lacks", [&](Json &d) { edge(d, 3)["port"] = 1; },
        {"edges[3].port: \"dense_1\" (Dense) has one input port (0), no port 1"});
    row("port into Input", [&](Json &d) { edge(d, 0)["to"] = "input_1"; edge(d, 0)["from"] = "dense_1"; },
        {"edges[0].port: \"input_1\" (Input) has no input ports"});
    row("port beyond variadic limit", [&](Json &d) { edge(d, 2)["port"] = 5000; },
        {"edges[2].port: \"concat_1\" (Concatenate) takes at most", "not port 5000"});
    row("two wires into a port", [&](Json &d) { edge(d, 2)["port"] = 0; },
        {"edges[2]: port 0 of \"concat_1\" already has a wire (edges[1])"});
    row("wire into itself", [&](Json &d) { edge(d, 1)["from"] = "concat_1"; },
        {"edges[1]: \"concat_1\" is wired into itself"});
}

void TestGraphJson::rejections()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    const GraphLoadResult r = graphFromJson(text.toStdString());
    QVERIFY(!r.ok);
    const QString error = QString::fromStdString(r.error);
    for (const QString &fragment : expected)
        QVERIFY2(error.contains(fragment), qPrintable("'" + fragment + "' not in: " + error));
}

void TestGraphJson::parseErrorNamesLineAndColumn()
{
    const GraphLoadResult r = graphFromJson("{\n  \"format\": \"volnet-graph\",\n  \"version\": 1,\n  oops\n}\n");
    QVERIFY(!r.ok);
    QVERIFY2(r.error.starts_with("not valid JSON: line 4, column 3: "), r.error.c_str());
    const GraphLoadResult overflow = graphFromJson(R"({"format": "volnet-graph", "version": 1e400})");
    QVERIFY2(overflow.error.find("too large") != std::string::npos, overflow.error.c_str());
}

void TestGraphJson::lenientWhereTheFormatAllows()
{
    const Graph g = loadEdited([](Json &d) {
        d.erase("name");
        d.erase("description");
        d["nodes"][1].erase("position");
        d["nodes"][3]["params"] = {{"units", 4.0}}; // a float without a fraction for an Int
        d["nodes"].push_back({{"id", "drop"}, {"type", "Dropout"}, {"params", {{"rate", 0}}}}); // an integer for a Float
        d["edges"][2]["port"] = 6; // Concatenate takes any port; the gap is analysis's business
    });
    QCOMPARE(g.meta(), GraphMeta{});
    QCOMPARE(g.node("conv3d_1")->x, 0.0);
    QCOMPARE(g.node("conv3d_1")->params.at("kernel_size"), ParamValue(IntTuple{3, 3, 3})); // a default
    QCOMPARE(g.node("dense_1")->params.at("units"), ParamValue(int64_t(4)));
    QCOMPARE(g.node("drop")->params.at("rate"), ParamValue(0.0));
    QVERIFY(graphToJson(g).find("\"rate\": 0.0") != std::string::npos);
    QCOMPARE(g.inputsOf("concat_1").size(), size_t(8));
    QVERIFY(hasDiagnostic(analyze(g), "concat_1", ""));
}

void TestGraphJson::outOfRangeValuesLoadAndAnalysisReportsThem()
{
    const Graph g = loadEdited([](Json &d) {
        d["nodes"][1]["params"]["filters"] = 0;
        d["nodes"][1]["params"]["padding"] = "full";
        d["nodes"][1]["params"]["kernel_size"] = Json::parse("[3, 3]");
        d["nodes"][3]["params"]["activation"] = "gelu";
    });
    const Analysis a = analyze(g);
    QVERIFY(hasDiagnostic(a, "conv3d_1", "filters"));
    QVERIFY(hasDiagnostic(a, "conv3d_1", "padding"));
    QVERIFY(hasDiagnostic(a, "conv3d_1", "kernel_size"));
    QVERIFY(hasDiagnostic(a, "dense_1", "activation"));
}

void TestGraphJson::cyclesLoad()
{
    const Graph g = loadEdited([](Json &d) { d["edges"][0]["from"] = "dense_1"; });
    const Analysis a = analyze(g);
    QVERIFY(std::any_of(a.diagnostics.begin(), a.diagnostics.end(), [](const Diagnostic &d) { return d.code == "cycle"; }));
}

void TestGraphJson::saveReplacesExistingFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("design.json").toStdString();
    std::string error;
    QVERIFY2(saveGraphFile(Graph{}, path, &error), error.c_str());
    const Graph g = smallGraph();
    QVERIFY2(saveGraphFile(g, path, &error), error.c_str());
    const GraphLoadResult r = loadGraphFile(path);
    QVERIFY2(r.ok, r.error.c_str());
    VERIFY_SAME_GRAPH(r.graph, g);
    QCOMPARE(filesIn(dir.path()), QStringList{"design.json"}); // no temporary file left
}

void TestGraphJson::saveKeepsPermissionsAndLinks()
{
    QTemporaryDir dir;
    const QString real = dir.filePath("real.json");
    const QString link = dir.filePath("link.json");
    QVERIFY(saveGraphFile(Graph{}, real.toStdString()));
    QVERIFY(::chmod(real.toLocal8Bit().constData(), 0640) == 0);
    QVERIFY(QFile::link(real, link));
    QVERIFY(saveGraphFile(smallGraph(), link.toStdString()));
    QVERIFY(QFileInfo(link).isSymLink());
    VERIFY_SAME_GRAPH(loadGraphFile(real.toStdString()).graph, smallGraph());
    struct stat st;
    QVERIFY(::stat(real.toLocal8Bit().constData(), &st) == 0);
    QCOMPARE(st.st_mode & 0777, 0640u);
}

void TestGraphJson::failedSaveLeavesNothingBehind()
{
    QTemporaryDir dir;
    const std::string missing = dir.filePath("no/such/dir/design.json").toStdString();
    std::string error;
    QVERIFY(!saveGraphFile(smallGraph(), missing, &error));
    QVERIFY2(error.find(missing) != std::string::npos, error.c_str());
    QVERIFY2(error.find(std::strerror(ENOENT)) != std::string::npos, error.c_str());
    QVERIFY(filesIn(dir.path()).isEmpty());
    // A directory in the way: the rename fails after the write, and the temporary goes.
    QVERIFY(QDir(dir.path()).mkdir("taken.json"));
    const std::string taken = dir.filePath("taken.json").toStdString();
    QVERIFY(!saveGraphFile(smallGraph(), taken, &error));
    QVERIFY2(error.find(taken) != std::string::npos, error.c_str());
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestGraphJson::staleTemporariesOfKilledWritersGo()
{
    // A writer killed mid-save leaves ".<name>.tmp-<pid>-<n>": removed once its process is
    // gone, kept while it runs (it may still rename it); other files are never touched.
    QTemporaryDir dir;
    QProcess gone;
    gone.start("true");
    QVERIFY(gone.waitForStarted());
    const qint64 deadPid = gone.processId();
    QVERIFY(deadPid > 0);
    QVERIFY(gone.waitForFinished());
    const QString dead = QString(".metrics.csv.tmp-%1-3").arg(deadPid);
    const QString alive = QString(".weights.safetensors.tmp-%1-0").arg(::getpid());
    for (const QString &name : {dead, alive, QString(".hidden-notes"), QString("design.json.tmp-1-2")}) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QCOMPARE(removeStaleTemporaries(dir.path().toStdString()), 1);
    QVERIFY(!QFile::exists(dir.filePath(dead)));
    for (const QString &kept : {alive, QString(".hidden-notes"), QString("design.json.tmp-1-2")})
        QVERIFY2(QFile::exists(dir.filePath(kept)), qPrintable(kept));
}

void TestGraphJson::loadNamesPathAndReason()
{
    QTemporaryDir dir;
    const std::string missing = dir.filePath("absent.json").toStdString();
    GraphLoadResult r = loadGraphFile(missing);
    QVERIFY(!r.ok);
    QCOMPARE(bytes(r.error), bytes("cannot open " + missing + ": " + std::strerror(ENOENT)));
    r = loadGraphFile(dir.path().toStdString());
    QVERIFY(!r.ok);
    QVERIFY2(r.error.find(std::strerror(EISDIR)) != std::string::npos, r.error.c_str());
    const std::string broken = dir.filePath("broken.json").toStdString();
    QFile file(QString::fromStdString(broken));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"volnet-graph\", \"version\": 9}");
    file.close();
    r = loadGraphFile(broken);
    QVERIFY2(r.error.starts_with(broken + ": version: "), r.error.c_str());
    QVERIFY(file.open(QIODevice::WriteOnly) && file.resize(qint64(65) << 20)); // sparse: no disk used
    file.close();
    r = loadGraphFile(broken);
    QVERIFY2(r.error.find("too large") != std::string::npos, r.error.c_str());
}

void TestGraphJson::templatesLoad()
{
    const QString dir = sourcePath("resources/templates");
    const QStringList templates = QDir(dir).entryList({"*.json"}, QDir::Files);
    if (templates.isEmpty())
        QSKIP("no templates yet");
    for (const QString &name : templates) {
        const GraphLoadResult r = loadGraphFile((dir + "/" + name).toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        QVERIFY2(!r.graph.nodes().empty(), qPrintable(name));
    }
}

void TestGraphJson::docsDescribeEveryBlockAndParameter()
{
    QFile file(sourcePath("docs/graph-format.md"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QString doc = QString::fromUtf8(file.readAll());
    for (const BlockSpec &block : blockRegistry()) {
        const QString text = section(doc, QString::fromStdString(block.type));
        QVERIFY2(!text.isEmpty(), qPrintable("no section '### " + QString::fromStdString(block.type) + "'"));
        for (const ParamSpec &p : block.params) {
            const QString name = "`" + QString::fromStdString(p.name) + "`";
            QVERIFY2(text.contains(name), qPrintable(QString::fromStdString(block.type) + " section lacks " + name));
        }
    }
    // The example at the top is a file that loads.
    const qsizetype start = doc.indexOf("```json\n") + 8;
    const std::string example = doc.mid(start, doc.indexOf("```", start) - start).toStdString();
    const GraphLoadResult r = graphFromJson(example);
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(!analyze(r.graph).hasErrors());
}

QTEST_APPLESS_MAIN(TestGraphJson)
#include "tst_graph_json.moc"
