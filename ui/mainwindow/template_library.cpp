#include "mainwindow/template_library.h"

#include "graph/graph_json.h"

#include <QDir>
#include <QFile>

#include <algorithm>

// The resources live in the static volnet_ui library: nothing would pull their
// initialiser into an executable unless it is named. Q_INIT_RESOURCE must be used
// outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace volnet::ui {

namespace {

const QString kTemplateDir = QStringLiteral(":/templates");

void ensureResources()
{
    static const bool done = (initResources(), true);
    Q_UNUSED(done);
}

// dce_demo first, then the corrected strategies, then the seed document's originals.
int rank(const QString &name)
{
    if (name == TemplateLibrary::defaultName())
        return 0;
    return name.startsWith(QLatin1String("seed_")) ? 2 : 1;
}

} // namespace

bool TemplateLibrary::load(const QString &name, DesignTemplate *out, QString *error)
{
    ensureResources();
    QFile file(kTemplateDir + QLatin1Char('/') + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QObject::tr("There is no template named \"%1\".").arg(name);
        return false;
    }
    const QByteArray text = file.readAll();
    GraphLoadResult loaded = graphFromJson(std::string_view(text.constData(), size_t(text.size())));
    if (!loaded.ok) {
        *error = QString::fromStdString(loaded.error);
        return false;
    }
    out->name = name;
    out->description = QString::fromStdString(loaded.graph.meta().description);
    out->graph = std::move(loaded.graph);
    return true;
}

QList<DesignTemplate> TemplateLibrary::all()
{
    ensureResources();
    QStringList names;
    for (const QString &file : QDir(kTemplateDir).entryList({QStringLiteral("*.json")}, QDir::Files))
        names << file.chopped(5);
    std::stable_sort(names.begin(), names.end(),
                     [](const QString &a, const QString &b) { return rank(a) != rank(b) ? rank(a) < rank(b) : a < b; });
    QList<DesignTemplate> result;
    for (const QString &name : names) {
        DesignTemplate t;
        QString error;
        // A template that does not load is a packaging bug that tst_templates reports.
        if (load(name, &t, &error))
            result << std::move(t);
    }
    return result;
}

} // namespace volnet::ui
