#pragma once
// How the palette shows a block category: a colour swatch and a sentence saying what
// the category is for.
#include <QColor>
#include <QIcon>
#include <QString>

namespace volnet::ui {

class CategoryStyle {
public:
    static QColor color(const QString &category);
    static QIcon icon(const QString &category);
    static QString description(const QString &category);
};

} // namespace volnet::ui
