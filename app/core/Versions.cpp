#include "core/Versions.h"

#include <QCoreApplication>
#include <QtGlobal>
#include <liboath/oath.h>
#include <libpq-fe.h>
#include <pqxx/version>
#include <sodium.h>

namespace art32 {

QString applicationVersion()
{
    return QStringLiteral(ART32_VERSION);
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Art32"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("art32.nl"));
    QCoreApplication::setApplicationName(QStringLiteral("art32"));
    QCoreApplication::setApplicationVersion(applicationVersion());
}

QList<ComponentVersion> libraryVersions()
{
    const int pq = PQlibVersion();
    return {
        { QStringLiteral("Qt"), QString::fromLatin1(qVersion()) },
        { QStringLiteral("libsodium"), QString::fromLatin1(sodium_version_string()) },
        { QStringLiteral("liboath"), QString::fromLatin1(oath_check_version(nullptr)) },
        { QStringLiteral("libpqxx"), QStringLiteral(PQXX_VERSION) },
        { QStringLiteral("libpq"), QStringLiteral("%1.%2").arg(pq / 10000).arg(pq % 10000) },
    };
}

} // namespace art32
