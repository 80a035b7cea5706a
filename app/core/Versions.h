#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace art32 {

/** Versions of the libraries this build runs with (run time where the library tells, else build time). */
struct ComponentVersion
{
    QString component;
    QString version;
};

QString applicationVersion();
/** Organisation and application names: the same for the GUI and the CLI, so they share settings. */
void setApplicationIdentity();
QList<ComponentVersion> libraryVersions();

} // namespace art32
