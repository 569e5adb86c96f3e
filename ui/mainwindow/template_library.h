#pragma once
// The example designs shipped in the application's resources (resources/templates,
// under :/templates/): the default design, the corrected strategies and the seed
// document's originals.
#include "graph/graph.h"

#include <QList>
#include <QString>

namespace volnet::ui {

struct DesignTemplate {
    QString name; // file name without .json: "dce_demo"
    QString description;
    Graph graph;
};

class TemplateLibrary {
public:
    static QString defaultName() { return QStringLiteral("dce_demo"); }
    // Every template, the default first, the seed document's originals last.
    static QList<DesignTemplate> all();
    // False (and why) when there is no such template or it cannot be read.
    static bool load(const QString &name, DesignTemplate *out, QString *error);
};

} // namespace volnet::ui
