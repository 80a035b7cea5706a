#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace pqxx {
class connection_base;
}

namespace art32 {

/** Just-in-time access of a sysadmin to one account's plaintext (DESIGN.md
 * §4.1): a reason and an expiry. */
struct AccessGrant {
  enum class State { Active, Expired, Revoked };

  qint64 id = 0;
  QString admin; ///< the sysadmin's login
  qint64 accountId = 0;
  QString reason;
  QString grantedBy;
  QDateTime grantedAt;
  QDateTime expiresAt;
  QDateTime revokedAt;         ///< invalid unless revoked
  State state = State::Active; ///< by the server's clock
};

namespace grants {

/** A CTO gives a sysadmin time-limited access to one account's plaintext, with
 * a reason (audited). */
Result<qint64> grant(pqxx::connection_base &conn, const QString &sysadmin,
                     qint64 accountId, const QString &reason, int minutes);

} // namespace grants
} // namespace art32
