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
    qint64 requestId = 0; ///< the request it approved; 0: granted without request (a CTO's direct grant)
};

/** A sysadmin's request for access to one account (art32.access_requests), as RLS shows it. */
struct AccessRequest
{
    enum class State { Pending, Approved, Refused, Expired, Revoked, Withdrawn };

    qint64 id = 0;
    QString admin; ///< who asked
    qint64 accountId = 0;
    QString reason;
    int minutes = 0;
    QDateTime requestedAt;
    State state = State::Pending; ///< by the server's clock: an approved request whose grant ran out is Expired
    QString decidedBy;
    QDateTime decidedAt;
    QString comment;
    qint64 grantId = 0;
    QDateTime expiresAt; ///< of its grant, when approved
};

/** For one account: may the caller read it now (until when), or is a request of theirs pending. */
struct AccessStatus
{
    qint64 accountId = 0;
    bool mayRead = false;
    QDateTime until; ///< invalid for a CTO (always) or when they may not read
    qint64 secondsLeft = 0; ///< until then, by the server's clock
    qint64 pendingRequest = 0;
    int requestedMinutes = 0;
};

/** Which grants a history page holds: keyset-paged, newest first. */
struct GrantFilter
{
    bool activeOnly = false;
    qint64 accountId = 0; ///< 0: every account
    QString admin; ///< the sysadmin's login; empty: everyone
    qint64 beforeId = 0; ///< the last id of the previous page; 0: the first page
    int limit = 100;
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

// The request workflow (migration 0013); the server decides who may, and audits every step.
constexpr int kDefaultRequestMinutes = 4 * 60;
constexpr int kMaxRequestMinutes = 24 * 60;
constexpr int kMinReason = 5; ///< characters; the server refuses shorter reasons and refusal comments

/** A sysadmin asks for access to one account for minutes (at most 24 h). The request's id. */
Result<qint64> request(pqxx::connection_base& conn, qint64 accountId, const QString& reason, int minutes);
/** A CTO approves a pending request (another admin's): the grant's id. */
Result<qint64> approve(pqxx::connection_base& conn, qint64 requestId, const QString& comment);
/** A CTO refuses a pending request with a comment (at least kMinReason characters). */
Result<void> refuse(pqxx::connection_base& conn, qint64 requestId, const QString& comment);
/** The requester takes a pending request back; false when it was decided meanwhile. */
Result<bool> withdraw(pqxx::connection_base& conn, qint64 requestId);
/** Requests newest first as RLS shows them (a sysadmin: their own); pendingOnly: oldest first, pending only. */
Result<QList<AccessRequest>> requests(pqxx::connection_base& conn, bool pendingOnly, int limit = 500);
/** For a page of accounts (at most 1000), what the caller may do with each; sorted by account. */
Result<QList<AccessStatus>> status(pqxx::connection_base& conn, const QList<qint64>& accountIds);
/** Audits the grants that ran out since the last sweep (access.expired); how many. CTO or sysadmin. */
Result<int> noteExpired(pqxx::connection_base& conn);
/** One page of the grants' history, filtered. */
Result<QList<AccessGrant>> history(pqxx::connection_base& conn, const GrantFilter& filter);

QString requestStateName(AccessRequest::State state); ///< translated

} // namespace grants
} // namespace art32
