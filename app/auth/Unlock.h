#pragma once

#include "auth/Role.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace pqxx {
class connection_base;
}

namespace art32 {

/** The caller's own admin record, readable before unlock (art32.whoami). */
struct WhoAmI
{
    QString login;
    QString displayName;
    Role role = Role::None; ///< None when the login is no admin
    bool enrolled = false;
    bool disabled = false;
    QByteArray publicKey;

    bool isAdmin() const { return role != Role::None; }
};

struct UnlockOutcome
{
    enum class Status { Ok, Wrong, Replayed, Locked, Disabled, NotEnrolled };
    Status status = Status::Wrong;
    QDateTime lockedUntil; ///< set when locked (also when this wrong code caused the lock)
    QDateTime expiresAt; ///< idle expiry of the unlocked session
    int triesLeft = -1; ///< after a refused code: wrong codes left before the lock (-1: not known)
    int lockMinutes = 0; ///< how long that lock lasts

    bool ok() const { return status == Status::Ok; }
    /** Translated, for people: distinct for wrong, replayed and locked (with until when). */
    QString message() const;
};

/** The server-side unlock protocol (DESIGN.md §4.2); every call is one committed transaction. */
namespace unlock {

Result<WhoAmI> whoami(pqxx::connection_base& conn);
Result<UnlockOutcome> unlockSession(pqxx::connection_base& conn, const QString& code);
Result<bool> isUnlocked(pqxx::connection_base& conn);
Result<void> lockSession(pqxx::connection_base& conn);
/** Extends the idle expiry; an invalid QDateTime means the session is locked (expired or locked elsewhere). */
Result<QDateTime> keepAlive(pqxx::connection_base& conn);

/** The caller's own budget of wrong codes (art32.unlock_tries_left, migration 0011). */
struct TriesLeft
{
    int tries = -1; ///< -1: nothing to say (locked, not enrolled, disabled)
    QDateTime lockedUntil; ///< set while locked
    int lockMinutes = 0;
};
Result<TriesLeft> triesLeft(pqxx::connection_base& conn);
/** How many admins wrong codes lock out now (CTO and auditor only). */
Result<int> adminsLockedOut(pqxx::connection_base& conn);

} // namespace unlock
} // namespace art32
