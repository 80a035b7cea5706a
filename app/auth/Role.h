#pragma once

#include <QString>
#include <QStringView>

namespace art32 {

/** An admin's group (DESIGN.md §4.1): the PostgreSQL group `art32_<key>` the login is a member of. */
enum class Role { None, Cto, Sysadmin, Auditor };

/** What a role may do, as the console shows it. The server enforces the same rules on its own. */
struct Capabilities
{
    bool holdsKeys = false; ///< keys are sealed to it (KEK, index key)
    bool canReveal = false; ///< may ask to read plaintext at all
    bool revealNeedsGrant = false; ///< only accounts with an active access grant
    bool canSearchByIndex = false; ///< exact search by e-mail or phone (needs the index key)
    bool canScan = false; ///< integrity scan
    bool canExportSubject = false; ///< Art. 15/20 export
    bool canErase = false;
    bool canGrant = false; ///< grants and revokes access to accounts
    bool canManageAdmins = false;
    bool canRotateKeys = false;
    bool canSeeAccess = false; ///< the Access view: admins and grants
    bool canRunBackups = false;
    bool canEditIncidents = false; ///< incidents (issue 14): open, edit, note, close; auditors read
    bool canDecideNotify = false; ///< incidents: whether the authority is notified (a CTO only)

    static Capabilities of(Role role);
};

/** The group key the server uses ("cto", "sysadmin", "auditor"); Role::None for anything else. */
Role roleFromKey(QStringView key);
QString roleKey(Role role);
/** Translated display name. */
QString roleName(Role role);

} // namespace art32
