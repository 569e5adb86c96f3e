#include "graph/graph_json.h"

#include "graph/block_registry.h"
#include "io/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>


namespace volnet {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char *kFormatName = "volnet-graph";
// Concatenate and Add take any number of inputs, but a port number is also a size the
// graph allocates (one slot per port up to it), so a file may not name an absurd one.
constexpr int64_t kMaxVariadicPorts = 1024;
// Integers above 2^53 do not survive a trip through a double; a float naming one is refused.
constexpr double kMaxExactInteger = 9007199254740992.0;
// A design is kilobytes; a file far beyond that is something else opened by mistake,
// and is refused before it is read into memory.
constexpr int64_t kMaxFileBytes = int64_t(64) << 20;

// ---------------------------------------------------------------------------------------
// Writing

OrderedJson paramToJson(const ParamValue &value)
{
    return std::visit([](const auto &v) { return OrderedJson(v); }, value);
}

OrderedJson nodeToJson(const Node &node)
{
    OrderedJson params = OrderedJson::object();
    // Schema order, so that a file reads like the inspector and diffs stay small.
    if (const BlockSpec *spec = findBlock(node.type)) {
        for (const ParamSpec &p : spec->params) {
            const auto it = node.params.find(p.name);
            params[p.name] = paramToJson(it == node.params.end() ? p.defaultValue : it->second);
        }
    }
    OrderedJson j;
    j["id"] = node.id;
    j["type"] = node.type;
    j["position"] = {node.x, node.y};
    j["params"] = std::move(params);
    return j;
}

OrderedJson edgeToJson(const Edge &edge)
{
    OrderedJson j;
    j["from"] = edge.from;
    j["to"] = edge.to;
    j["port"] = edge.port;
    return j;
}

// ---------------------------------------------------------------------------------------
// Reading: each check throws a Rejection naming the place; graphFromJson catches it.

struct Rejection {
    std::string message;
};

[[noreturn]] void reject(const std::string &place, const std::string &what)
{
    throw Rejection{place.empty() ? what : place + ": " + what};
}

// Cuts `s` to at most `maxBytes` without splitting a UTF-8 sequence.
std::string clip(std::string s, size_t maxBytes)
{
    if (s.size() <= maxBytes)
        return s;
    size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    s.resize(cut);
    return s + "...";
}

// A JSON value as a message shows it: short values verbatim, the rest by what they are.
// Never recurses more than one level, whatever the nesting of the file.
std::string describe(const Json &j)
{
    constexpr size_t kMax = 60;
    if (j.is_object())
        return j.empty() ? "{}" : "an object";
    if (j.is_array()) {
        const bool flat = std::none_of(j.begin(), j.end(), [](const Json &e) { return e.is_structured(); });
        if (!flat || j.size() > 8)
            return "a list of " + std::to_string(j.size()) + (j.size() == 1 ? " value" : " values");
    }
    return clip(j.dump(-1, ' ', false, Json::error_handler_t::replace), kMax);
}

std::string quote(const std::string &s)
{
    return describe(Json(s));
}

std::string typeNameOf(const Json &j)
{
    if (j.is_array())
        return "a list";
    if (j.is_object())
        return "an object";
    return describe(j);
}

size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The known names closest to `word`: those a typo or two away, or that `word` begins
// ("MaxPooling" for "MaxPooling3D"); a difference of case alone beats everything else.
std::vector<std::string> closeNames(const std::string &word, const std::vector<std::string> &known)
{
    if (word.size() > 64)
        return {};
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return s;
    };
    const std::string w = lower(word);
    std::vector<std::pair<size_t, std::string>> scored;
    for (const std::string &name : known) {
        const size_t distance = editDistance(word, name);
        const bool prefix = w.size() >= 3 && lower(name).starts_with(w);
        if (distance <= std::max<size_t>(1, name.size() / 4) || prefix)
            scored.emplace_back(distance, name);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const size_t keep = std::min<size_t>(!scored.empty() && scored[0].first == 0 ? 1 : 3, scored.size());
    std::vector<std::string> out;
    for (size_t i = 0; i < keep; ++i)
        out.push_back(scored[i].second);
    return out;
}

std::string joinQuoted(const std::vector<std::string> &words, const std::string &lastSeparator)
{
    std::string s;
    for (size_t i = 0; i < words.size(); ++i)
        s += (i == 0 ? "" : i + 1 == words.size() ? lastSeparator : ", ") + quote(words[i]);
    return s;
}

std::string didYouMean(const std::string &word, const std::vector<std::string> &known)
{
    const auto close = closeNames(word, known);
    return close.empty() ? std::string() : "; did you mean " + joinQuoted(close, " or ") + "?";
}

void rejectUnknownFields(const Json &object, const std::string &place, const std::vector<std::string> &fields)
{
    for (const auto &[key, value] : object.items())
        if (std::find(fields.begin(), fields.end(), key) == fields.end())
            reject(place, "unknown field " + quote(key) + didYouMean(key, fields) + " (the fields are " +
                              joinQuoted(fields, " and ") + ")");
}

const Json *optionalField(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const Json &requiredField(const Json &object, const std::string &place, const char *key)
{
    if (const Json *j = optionalField(object, key))
        return *j;
    reject(place, "missing field \"" + std::string(key) + "\"");
}

std::string fieldPlace(const std::string &place, const char *key)
{
    return place.empty() ? std::string(key) : place + "." + key;
}

std::string readString(const Json &j, const std::string &place)
{
    if (!j.is_string())
        reject(place, "expected a string, found " + describe(j));
    return j.get<std::string>();
}

// A whole number from an integer literal, or from a float literal without a fraction.
std::optional<int64_t> toInteger(const Json &j)
{
    if (j.is_number_unsigned()) {
        const uint64_t u = j.get<uint64_t>();
        return u <= uint64_t(INT64_MAX) ? std::optional<int64_t>(int64_t(u)) : std::nullopt;
    }
    if (j.is_number_integer())
        return j.get<int64_t>();
    if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && d == std::trunc(d) && std::abs(d) <= kMaxExactInteger)
            return int64_t(d);
    }
    return std::nullopt;
}

std::optional<double> toFinite(const Json &j)
{
    if (!j.is_number())
        return std::nullopt;
    const double d = j.get<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

std::string tupleLengthText(const ParamSpec &p)
{
    if (p.minLength == p.maxLength)
        return std::to_string(p.minLength);
    if (p.minLength == 0)
        return "up to " + std::to_string(p.maxLength);
    return std::to_string(p.minLength) + " to " + std::to_string(p.maxLength);
}

std::string expectedText(const ParamSpec &p)
{
    switch (p.kind) {
    case ParamKind::Int: return "an integer";
    case ParamKind::Float: return "a number";
    case ParamKind::Bool: return "true or false";
    case ParamKind::Choice: return "a string (" + joinQuoted(p.choices, " or ") + ")";
    case ParamKind::IntTuple:
        return "a list of " + tupleLengthText(p) + " integer" + (p.maxLength == 1 ? "" : "s");
    }
    return {};
}

// The value in `j` if it is of the spec's kind. Range, choice and tuple length are not
// checked here: a graph with such values loads, and analysis shows them at the field.
std::optional<ParamValue> toParamValue(const ParamSpec &p, const Json &j)
{
    switch (p.kind) {
    case ParamKind::Int:
        if (auto i = toInteger(j))
            return *i;
        return std::nullopt;
    case ParamKind::Float:
        if (auto d = toFinite(j))
            return *d;
        return std::nullopt;
    case ParamKind::Bool:
        return j.is_boolean() ? std::optional<ParamValue>(j.get<bool>()) : std::nullopt;
    case ParamKind::Choice:
        return j.is_string() ? std::optional<ParamValue>(j.get<std::string>()) : std::nullopt;
    case ParamKind::IntTuple: {
        if (!j.is_array())
            return std::nullopt;
        IntTuple t;
        for (const Json &e : j) {
            const auto i = toInteger(e);
            if (!i)
                return std::nullopt;
            t.push_back(*i);
        }
        return t;
    }
    }
    return std::nullopt;
}

std::vector<std::string> paramNames(const BlockSpec &spec)
{
    std::vector<std::string> names;
    for (const ParamSpec &p : spec.params)
        names.push_back(p.name);
    return names;
}

std::map<std::string, ParamValue> readParams(const Json &j, const BlockSpec &spec, const std::string &place)
{
    if (!j.is_object())
        reject(place, "expected an object of parameters, found " + typeNameOf(j));
    std::map<std::string, ParamValue> params;
    for (const auto &[name, value] : j.items()) {
        const ParamSpec *p = spec.param(name);
        if (!p) {
            const auto names = paramNames(spec);
            reject(place, spec.type + " has no parameter " + quote(name) + didYouMean(name, names) +
                              (names.empty() ? " (it has no parameters)"
                                             : " (its parameters are " + joinQuoted(names, " and ") + ")"));
        }
        auto converted = toParamValue(*p, value);
        if (!converted)
            reject(place + "." + name, "expected " + expectedText(*p) + ", found " + describe(value));
        params.emplace(name, std::move(*converted));
    }
    return params;
}

std::vector<std::string> registeredTypes()
{
    std::vector<std::string> types;
    for (const BlockSpec &b : blockRegistry())
        types.push_back(b.type);
    return types;
}

const BlockSpec &readType(const Json &node, const std::string &place)
{
    const std::string type = readString(requiredField(node, place, "type"), place + ".type");
    if (const BlockSpec *spec = findBlock(type))
        return *spec;
    const std::string hint = didYouMean(type, registeredTypes());
    reject(place + ".type", "unknown block type " + quote(type) +
                                (hint.empty() ? "; docs/graph-format.md lists the block types" : hint));
}

void readPosition(const Json *j, Node &node, const std::string &place)
{
    if (!j)
        return;
    const auto x = j->is_array() && j->size() == 2 ? toFinite((*j)[0]) : std::nullopt;
    const auto y = j->is_array() && j->size() == 2 ? toFinite((*j)[1]) : std::nullopt;
    if (!x || !y)
        reject(place, "expected [x, y], two numbers, found " + describe(*j));
    node.x = *x;
    node.y = *y;
}

Node readNode(const Json &j, size_t index)
{
    std::string place = "nodes[" + std::to_string(index) + "]";
    if (!j.is_object())
        reject(place, "expected an object, found " + typeNameOf(j));
    Node node;
    node.id = readString(requiredField(j, place, "id"), place + ".id");
    if (node.id.empty())
        reject(place + ".id", "must not be empty");
    place += " (" + quote(node.id) + ")";
    rejectUnknownFields(j, place, {"id", "type", "position", "params"});
    const BlockSpec &spec = readType(j, place);
    node.type = spec.type;
    readPosition(optionalField(j, "position"), node, place + ".position");
    if (const Json *params = optionalField(j, "params"))
        node.params = readParams(*params, spec, place + ".params");
    return node;
}

const Json &readArray(const Json &root, const char *key)
{
    const Json &j = requiredField(root, {}, key);
    if (!j.is_array())
        reject(key, "expected a list, found " + typeNameOf(j));
    return j;
}

void readNodes(const Json &root, Graph &graph)
{
    std::map<std::string, size_t> firstIndex;
    const Json &nodes = readArray(root, "nodes");
    for (size_t i = 0; i < nodes.size(); ++i) {
        const Node node = readNode(nodes[i], i);
        const auto [it, fresh] = firstIndex.emplace(node.id, i);
        if (!fresh)
            reject("nodes[" + std::to_string(i) + "].id",
                   quote(node.id) + " is already the id of nodes[" + std::to_string(it->second) + "]");
        std::string error;
        if (!graph.insertNode(node, &error))
            reject("nodes[" + std::to_string(i) + "]", error);
    }
}

const Node &readEndpoint(const Json &edge, const Graph &graph, const std::string &place, const char *key)
{
    const std::string id = readString(requiredField(edge, place, key), fieldPlace(place, key));
    const Node *node = graph.node(id);
    if (!node) {
        std::vector<std::string> ids;
        for (const Node &n : graph.nodes())
            ids.push_back(n.id);
        reject(fieldPlace(place, key), "no node has the id " + quote(id) + didYouMean(id, ids));
    }
    return *node;
}

int readPort(const Json &edge, const Node &to, const std::string &place)
{
    const Json &j = requiredField(edge, place, "port");
    const auto port = toInteger(j);
    if (!port || *port < 0)
        reject(place + ".port", "expected a port number (an integer, 0 or more), found " + describe(j));
    const BlockSpec &spec = *findBlock(to.type);
    const std::string target = quote(to.id) + " (" + to.type + ")";
    if (spec.variadic() && *port >= kMaxVariadicPorts)
        reject(place + ".port", target + " takes at most " + std::to_string(kMaxVariadicPorts) +
                                    " inputs (ports 0 to " + std::to_string(kMaxVariadicPorts - 1) + "), not port " +
                                    std::to_string(*port));
    if (!spec.variadic() && *port >= spec.maxInputs) {
        const std::string ports = spec.maxInputs == 0   ? "no input ports"
                                  : spec.maxInputs == 1 ? "one input port (0)"
                                                        : std::to_string(spec.maxInputs) + " input ports (0 to " +
                                                              std::to_string(spec.maxInputs - 1) + ")";
        reject(place + ".port", target + " has " + ports + ", no port " + std::to_string(*port));
    }
    return int(*port);
}

void readEdges(const Json &root, Graph &graph)
{
    std::map<std::pair<std::string, int>, size_t> wired; // (to, port) -> edge index
    const Json &edges = readArray(root, "edges");
    for (size_t i = 0; i < edges.size(); ++i) {
        const std::string place = "edges[" + std::to_string(i) + "]";
        const Json &j = edges[i];
        if (!j.is_object())
            reject(place, "expected an object, found " + typeNameOf(j));
        rejectUnknownFields(j, place, {"from", "to", "port"});
        const std::string from = readEndpoint(j, graph, place, "from").id;
        const Node &to = readEndpoint(j, graph, place, "to");
        const int port = readPort(j, to, place);
        if (from == to.id)
            reject(place, quote(from) + " is wired into itself; a block cannot feed itself");
        const auto [it, fresh] = wired.emplace(std::make_pair(to.id, port), i);
        if (!fresh)
            reject(place, "port " + std::to_string(port) + " of " + quote(to.id) + " already has a wire (edges[" +
                              std::to_string(it->second) + "]); an input port takes one wire");
        std::string error;
        if (!graph.connect(from, to.id, port, &error))
            reject(place, error);
    }
}

void readHeader(const Json &root)
{
    const Json *format = optionalField(root, "format");
    if (!format)
        reject({}, "missing field \"format\"; a VolNet graph file begins with \"format\": \"volnet-graph\"");
    if (!format->is_string() || format->get<std::string>() != kFormatName)
        reject("format", "expected \"" + std::string(kFormatName) + "\", found " + describe(*format) +
                             ": this is not a VolNet graph file");
    const Json &versionJson = requiredField(root, {}, "version");
    const auto version = toInteger(versionJson);
    if (!version)
        reject("version", "expected an integer, found " + describe(versionJson));
    if (*version > kGraphFormatVersion)
        reject("version", "the file is version " + std::to_string(*version) +
                              ", made by a newer VolNet Studio (this one reads up to version " +
                              std::to_string(kGraphFormatVersion) + "); update VolNet Studio to open it");
    if (*version < 1)
        reject("version", "there is no version " + std::to_string(*version) + "; versions start at 1");
}

GraphMeta readMeta(const Json &root)
{
    GraphMeta meta;
    if (const Json *name = optionalField(root, "name"))
        meta.name = readString(*name, "name");
    if (const Json *description = optionalField(root, "description"))
        meta.description = readString(*description, "description");
    return meta;
}

// nlohmann reports a byte offset; people look for a line and a column.
std::string lineAndColumn(std::string_view text, size_t byte)
{
    const size_t at = std::min(byte > 0 ? byte - 1 : 0, text.size()); // the offending byte, 0-based
    const size_t line = 1 + size_t(std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n'));
    const size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(at - lineStart + 1);
}

// The parser's own words without its "[json.exception...] parse error at ..." prefix,
// with the bytes it quotes from the file made printable.
std::string parserReason(const std::string &what)
{
    const size_t start = what.find("syntax error");
    std::string reason = start == std::string::npos ? what : what.substr(start);
    for (char &c : reason)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80)
            c = '?';
    return clip(reason, 200);
}

Json parseJson(std::string_view text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        reject({}, "the file is empty; a graph file is a JSON object with \"format\": \"volnet-graph\"");
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error &e) {
        reject({}, "not valid JSON: " + lineAndColumn(text, e.byte) + ": " + parserReason(e.what()));
    } catch (const Json::out_of_range &) {
        // The only range error the parser raises: a number beyond a double (1e400).
        reject({}, "not valid JSON: a number is too large to be represented");
    }
}

Graph readGraph(std::string_view text)
{
    const Json root = parseJson(text);
    if (!root.is_object())
        reject({}, "expected a JSON object at the top level, found " + typeNameOf(root));
    // Format and version first: a newer file should say "update", not "unknown field".
    readHeader(root);
    rejectUnknownFields(root, {}, {"format", "version", "name", "description", "nodes", "edges"});
    Graph graph;
    graph.setMeta(readMeta(root));
    readNodes(root, graph);
    readEdges(root, graph);
    return graph;
}

} // namespace

std::string graphToJson(const Graph &graph)
{
    OrderedJson nodes = OrderedJson::array();
    for (const Node &n : graph.nodes())
        nodes.push_back(nodeToJson(n));
    OrderedJson edges = OrderedJson::array();
    for (const Edge &e : graph.edges())
        edges.push_back(edgeToJson(e));
    OrderedJson root;
    root["format"] = kFormatName;
    root["version"] = kGraphFormatVersion;
    root["name"] = graph.meta().name;
    root["description"] = graph.meta().description;
    root["nodes"] = std::move(nodes);
    root["edges"] = std::move(edges);
    // Replace, not throw, should a string set in memory not be UTF-8.
    return root.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

GraphLoadResult graphFromJson(std::string_view text)
{
    GraphLoadResult result;
    try {
        result.graph = readGraph(text);
        result.ok = true;
    } catch (const Rejection &r) {
        result.error = r.message;
    } catch (const std::exception &e) {
        // A gap in the checks above, or memory running out: still an answer, not a crash.
        result.error = std::string("cannot read the graph: ") + e.what();
    }
    return result;
}

GraphLoadResult loadGraphFile(const std::string &path)
{
    GraphLoadResult result;
    std::string text;
    if (std::string failed = readFile(path, &text, kMaxFileBytes); !failed.empty()) {
        result.error = std::move(failed);
        return result;
    }
    result = graphFromJson(text);
    if (!result.ok)
        result.error = path + ": " + result.error;
    return result;
}

bool saveGraphFile(const Graph &graph, const std::string &path, std::string *error)
{
    const std::string failed = writeFileAtomically(path, graphToJson(graph));
    if (!failed.empty() && error)
        *error = failed;
    return failed.empty();
}

} // namespace volnet
