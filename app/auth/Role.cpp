#include "auth/Role.h"

#include <QCoreApplication>

namespace art32 {

Capabilities Capabilities::of(Role role)
{
    Capabilities c;
    switch (role) {
    case Role::Cto:
        c.holdsKeys = c.canReveal = c.canSearchByIndex = c.canScan = c.canExportSubject = true;
        c.canErase = c.canGrant = c.canManageAdmins = c.canRotateKeys = c.canSeeAccess = c.canRunBackups = true;
        c.canEditIncidents = c.canDecideNotify = true;
        break;
    case Role::Sysadmin:
        c.holdsKeys = c.canReveal = c.revealNeedsGrant = c.canSearchByIndex = c.canScan = c.canExportSubject = true;
        c.canRunBackups = true;
        c.canEditIncidents = true;
        break;
    case Role::Auditor:
        c.canSeeAccess = true; // reads who may do what; never personal data
        break;
    case Role::None:
        break;
    }
    return c;
}

Role roleFromKey(QStringView key)
{
    if (key == QLatin1String("cto"))
        return Role::Cto;
    if (key == QLatin1String("sysadmin"))
        return Role::Sysadmin;
    if (key == QLatin1String("auditor"))
        return Role::Auditor;
    return Role::None;
}

QString roleKey(Role role)
{
    switch (role) {
    case Role::Cto:
        return QStringLiteral("cto");
    case Role::Sysadmin:
        return QStringLiteral("sysadmin");
    case Role::Auditor:
        return QStringLiteral("auditor");
    case Role::None:
        break;
    }
    return {};
}

QString roleName(Role role)
{
    switch (role) {
    case Role::Cto:
        return QCoreApplication::translate("art32::Unlock", "CTO");
    case Role::Sysadmin:
        return QCoreApplication::translate("art32::Unlock", "System administrator");
    case Role::Auditor:
        return QCoreApplication::translate("art32::Unlock", "Auditor");
    case Role::None:
        break;
    }
    return QCoreApplication::translate("art32::Unlock", "unknown");
}

} // namespace art32
