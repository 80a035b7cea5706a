#include "widgets/Icons.h"

#include <QCoreApplication>

namespace art32::ui {

QIcon icon(const QString& name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon levelIcon(Level level)
{
    switch (level) {
    case Level::Ok:
        return icon(QStringLiteral("status-ok"));
    case Level::Warning:
        return icon(QStringLiteral("status-warning"));
    case Level::Error:
        return icon(QStringLiteral("status-error"));
    case Level::Unknown:
        break;
    }
    return icon(QStringLiteral("status-unknown"));
}

QString levelWord(Level level)
{
    switch (level) {
    case Level::Ok:
        return QCoreApplication::translate("art32::ui::Status", "OK");
    case Level::Warning:
        return QCoreApplication::translate("art32::ui::Status", "Attention");
    case Level::Error:
        return QCoreApplication::translate("art32::ui::Status", "Problem");
    case Level::Unknown:
        break;
    }
    return QCoreApplication::translate("art32::ui::Status", "Unknown");
}

} // namespace art32::ui
