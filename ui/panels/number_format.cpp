#include "panels/number_format.h"

#include <QStringList>

namespace volnet::ui {

QString withThousands(int64_t n)
{
    // Keras groups with commas whatever the locale, and users compare with its output.
    QString digits = QString::number(n < 0 ? -n : n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return n < 0 ? QLatin1Char('-') + digits : digits;
}

QString humanCount(int64_t n)
{
    static const char *units[] = {"", " K", " M", " G", " T", " P"};
    double v = double(n);
    int u = 0;
    while (v >= 1000 && u < 5) {
        v /= 1000;
        ++u;
    }
    return QString::number(v, 'f', u == 0 ? 0 : 2) + QLatin1String(units[u]);
}

QString humanBytes(int64_t bytes)
{
    static const char *units[] = {" B", " KiB", " MiB", " GiB", " TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return QString::number(v, 'f', u == 0 ? 0 : 2) + QLatin1String(units[u]);
}

QString kerasShape(const TensorInfo &t)
{
    QStringList parts{QStringLiteral("None")};
    for (int64_t d : t.dims)
        parts << QString::number(d);
    return QLatin1Char('(') + parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

QString axisRoles(const TensorInfo &t)
{
    QStringList parts;
    for (const std::string &r : t.roles)
        parts << QString::fromStdString(r);
    return parts.join(QLatin1Char(' '));
}

QString countOf(int64_t n, const QString &singular, const QString &plural)
{
    return withThousands(n) + QLatin1Char(' ') + (n == 1 ? singular : plural);
}

QString problemCounts(const Analysis &analysis)
{
    int errors = 0;
    int warnings = 0;
    for (const Diagnostic &d : analysis.diagnostics)
        (d.severity == Severity::Error ? errors : warnings) += 1;
    if (errors + warnings == 0)
        return QStringLiteral("No problems");
    QStringList parts;
    if (errors)
        parts << countOf(errors, QStringLiteral("error"), QStringLiteral("errors"));
    if (warnings)
        parts << countOf(warnings, QStringLiteral("warning"), QStringLiteral("warnings"));
    return parts.join(QLatin1String(", "));
}

} // namespace volnet::ui
