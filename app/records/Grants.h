#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace pqxx {
class connection_base;
}

namespace art32 {

/** Just-in-time access of a sysadmin to one account's plaintext (DESIGN.md §4.1): a reason and an expiry. */
struct AccessGrant
{
    enum class State { Active, Expired, Revoked };

    qint64 id = 0;
    QString admin; ///< the sysadmin's login
    qint64 accountId = 0;
    QString reason;
    QString grantedBy;
    QDateTime grantedAt;
    QDateTime expiresAt;
    QDateTime revokedAt; ///< invalid unless revoked
    State state = State::Active; ///< by the server's clock
};

namespace grants {

/** A CTO gives a sysadmin time-limited access to one account's plaintext, with a reason (audited). */
Result<qint64> grant(pqxx::connection_base& conn, const QString& sysadmin, qint64 accountId, const QString& reason,
                     int minutes);

/**
 * The newest grants first (at most limit), as RLS shows them: every grant to a CTO or an auditor, their own to
 * a sysadmin. activeOnly leaves out expired and revoked ones.
 */
Result<QList<AccessGrant>> list(pqxx::connection_base& conn, bool activeOnly = false, int limit = 500);

/** A CTO ends a grant before it expires (audited); false when it had already ended. */
Result<bool> revoke(pqxx::connection_base& conn, qint64 grantId);

QString stateName(AccessGrant::State state); ///< translated

} // namespace grants
} // namespace art32
